//! Keeping the API token out of every sentence the package hands back: errors, issues, reports.
//!
//! Two rules. Whatever cuts text short for display (a 40-character echo of input, the API's error
//! text cut at 300) redacts first, with the secret [`hide`] set while the client reads a call or
//! an answer ([`before_cut`]); and [`scrub`], run over every sentence at the end, takes out not
//! only the whole token but any piece of it of [`MIN_PIECE`] characters, so a token the API
//! itself cut short, or half of one pasted into a field, goes too.

use std::borrow::Cow;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// The shortest piece of a secret redacted on its own: long enough that no ordinary word of a
/// message is taken for one (tokens are random), short enough that a cut-off prefix or suffix of
/// 8 characters or more never shows.
pub const MIN_PIECE: usize = 8;

/// Replaces every piece of `secret` of [`MIN_PIECE`] characters or more (every occurrence of a
/// shorter secret; none for an empty one) in `text`. Most texts hold none, so they are not copied.
pub fn scrub(text: &mut String, secret: &str) {
    Secret::new(secret).scrub(text);
}

/// A secret made ready to be found: its windows of [`MIN_PIECE`] bytes behind a 4096-bit filter,
/// so that a report of megabytes is scanned in milliseconds (few windows of a text pass the filter,
/// and only those are looked up). Make one for many texts.
pub struct Secret {
    width: usize,
    pieces: Vec<u64>,
    filter: [u64; 64],
}

fn key(window: &[u8]) -> u64 {
    window.iter().fold(0u64, |k, &b| k << 8 | u64::from(b))
}

/// The filter's bit for a key: its word and mask.
fn bit(key: u64) -> (usize, u64) {
    let slot = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52;
    ((slot / 64) as usize, 1 << (slot % 64))
}

// Not inlined, here and below: one copy each rather than one at every place that redacts.
impl Secret {
    #[inline(never)]
    pub fn new(text: &str) -> Secret {
        let width = text.len().min(MIN_PIECE);
        let mut secret = Secret { width, pieces: Vec::new(), filter: [0; 64] };
        for window in text.as_bytes().windows(width.max(1)) {
            let (word, mask) = bit(key(window));
            secret.filter[word] |= mask;
            secret.pieces.push(key(window));
        }
        secret
    }

    /// [`scrub`] with this secret.
    #[inline(never)]
    pub fn scrub(&self, text: &mut String) {
        if let Some(clean) = self.scrubbed(text) {
            *text = clean;
        }
    }

    /// `text` with the secret's pieces redacted, or `None` when it holds none. Overlapping and
    /// adjacent pieces make one span, one `[redacted]`; a piece must start and end on character
    /// boundaries of `text` (a secret's bytes could otherwise match inside a character).
    #[cfg_attr(size_opt, optimize(size))]
    fn scrubbed(&self, text: &str) -> Option<String> {
        let (mut out, mut found) = (String::new(), false);
        // `from`: the first byte not yet copied or redacted, the end of the last span.
        let mut from = 0;
        for (at, window) in text.as_bytes().windows(self.width.max(1)).enumerate() {
            let (word, mask) = bit(key(window));
            let end = at + self.width;
            if self.filter[word] & mask == 0
                || !self.pieces.contains(&key(window))
                || !text.is_char_boundary(at)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            if !found || at > from {
                out.push_str(&text[from..at]);
                out.push_str(REDACTED);
                found = true;
            }
            from = end;
        }
        found.then(|| out + &text[from..])
    }
}

#[cfg(feature = "client")]
thread_local! {
    /// The tokens of the client calls being read or answered, innermost last, for [`before_cut`].
    static HIDDEN: std::cell::RefCell<Vec<Secret>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// While alive, [`before_cut`] redacts the secret [`hide`] was given; dropping it brings back what
/// was hidden before. Held only across code that does not wait, so calls of two clients never see
/// each other's. Holds nothing itself, so each place that hides costs two calls.
#[cfg(feature = "client")]
pub struct Hidden(());

/// Hides `secret` from every text cut for display until the guard is dropped.
#[cfg(feature = "client")]
#[inline(never)]
pub fn hide(secret: &str) -> Hidden {
    HIDDEN.with(|hidden| hidden.borrow_mut().push(Secret::new(secret)));
    Hidden(())
}

#[cfg(feature = "client")]
impl Drop for Hidden {
    #[inline(never)]
    fn drop(&mut self) {
        HIDDEN.with(|hidden| hidden.borrow_mut().pop());
    }
}

/// `text` with the hidden secret (see [`hide`]) redacted, before it is cut for display: the cut
/// then never leaves a piece of the token shorter than [`scrub`] finds. The whole text is looked
/// at (redactions shorten it, so what shows after them lies further in): one pass of the filter.
#[inline(never)]
pub fn before_cut(text: &str) -> Cow<'_, str> {
    #[cfg(feature = "client")]
    if let Some(clean) = HIDDEN.with(|hidden| hidden.borrow().last().and_then(|secret| secret.scrubbed(text))) {
        return Cow::Owned(clean);
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub_of(text: &str, secret: &str) -> String {
        let mut text = text.to_owned();
        scrub(&mut text, secret);
        text
    }

    #[test]
    fn every_occurrence_goes_and_an_empty_secret_changes_nothing() {
        assert_eq!(scrub_of("sk_1 and sk_1", "sk_1"), "[redacted] and [redacted]");
        assert_eq!(scrub_of("[redacted] and [redacted]", ""), "[redacted] and [redacted]");
        assert_eq!(scrub_of("no secret here", "sk_live_0123456789"), "no secret here");
    }

    #[test]
    fn pieces_of_eight_or_more_go_shorter_ones_stay() {
        let token = "sk_live_0123456789abcdefghij";
        // A prefix cut at a message's end, a suffix at its start, a middle piece.
        assert_eq!(scrub_of("Bad token sk_live_0123…", token), "Bad token [redacted]…");
        assert_eq!(scrub_of("…bcdefghij was refused.", token), "…[redacted] was refused.");
        assert_eq!(scrub_of("x 3456789abc y", token), "x [redacted] y");
        assert_eq!(scrub_of("sk_live_0 is short", token), "[redacted] is short");
        assert_eq!(scrub_of("sk_live is seven", token), "sk_live is seven");
        // Two tokens side by side, and overlapping windows, make one span each run.
        assert_eq!(scrub_of(&format!("{token}{token}."), token), "[redacted].");
        assert_eq!(scrub_of(&format!("é{token}é {token}"), token), "é[redacted]é [redacted]");
        // An 8-character token has one piece: itself.
        assert_eq!(scrub_of("a 12345678 b 1234567", "12345678"), "a [redacted] b 1234567");
        assert_eq!(scrub_of("tök tök", "tök"), "[redacted] [redacted]");
    }

    #[test]
    fn before_cut_redacts_what_a_cut_would_split() {
        let token = "sk_live_0123456789abcdefghijklmnopqrstuvwxyz";
        let value = format!("{}{token}", "x".repeat(35));
        assert_eq!(before_cut(&value), value, "nothing hidden: unchanged");
        {
            let _hidden = hide(token);
            assert_eq!(before_cut(&value), format!("{}[redacted]", "x".repeat(35)));
            let _inner = hide("another-token-123");
            assert_eq!(before_cut(&value), value);
        }
        assert_eq!(before_cut(&value), value, "the guard restores what was hidden before");
    }
}
