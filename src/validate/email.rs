//! Email syntax: the WHATWG HTML "valid email address", what browsers' `type=email` accept.

/// True when `s` is a valid email address per the WHATWG HTML standard. One pass over the bytes:
/// this runs for every email of every row.
pub fn is_valid_email(s: &str) -> bool {
    whatwg(s).0
}

/// True when `s` passes both email checks, the WHATWG rule and the API's pattern
/// ([`super::patterns::is_api_email`]), as nearly every email does: one pass instead of two. The
/// WHATWG bytes are all in the API's domain class and its local bytes are `atext` and dots, so
/// the API's pattern then holds exactly when the local part is a dot-atom (no dot at either end,
/// no two in a row).
pub fn passes_both(s: &str) -> bool {
    whatwg(s) == (true, true)
}

/// Whether `s` is a WHATWG email address, and whether its local part is a dot-atom.
#[inline]
fn whatwg(s: &str) -> (bool, bool) {
    // Bytes, not chars: every byte allowed is ASCII, so a multi-byte character fails as it should.
    // '@' is not a local byte, so the first byte that is not one must be the first '@'. A dot
    // right after a dot (or at the start, `prev` starts as one) sets `doubled`.
    let bytes = s.as_bytes();
    let (mut local, mut prev, mut doubled) = (0, DOT, 0);
    for &b in bytes {
        let class = CLASSES[usize::from(b)];
        if class & LOCAL == 0 {
            break;
        }
        doubled |= class & prev;
        prev = class & DOT;
        local += 1;
    }
    match bytes.get(local..) {
        Some([b'@', domain @ ..]) if local > 0 => (is_domain(domain), (doubled | prev) == 0),
        _ => (false, false),
    }
}

/// Labels of 1–63 letters, digits and hyphens, not starting or ending with a hyphen, joined by dots.
fn is_domain(domain: &[u8]) -> bool {
    // Per byte only the class: the label's length and ends are checked where it ends.
    let label =
        |label: &[u8]| (1..=63).contains(&label.len()) && label.first() != Some(&b'-') && label.last() != Some(&b'-');
    let mut start = 0;
    for (i, &b) in domain.iter().enumerate() {
        if is(b, LABEL) {
            continue;
        }
        if b != b'.' || !domain.get(start..i).is_some_and(label) {
            return false;
        }
        start = i + 1;
    }
    domain.get(start..).is_some_and(label)
}

/// A byte allowed before the `@`.
const LOCAL: u8 = 1;
/// A byte allowed in a domain label.
const LABEL: u8 = 2;
/// The dot (a local byte too).
const DOT: u8 = 4;

/// What each byte may be, as a table.
const CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = LOCAL | LABEL;
        }
        b += 1;
    }
    let extra = b"!#$%&'*+/=?^_`{|}~.-";
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] |= LOCAL;
        i += 1;
    }
    table[b'-' as usize] |= LABEL;
    table[b'.' as usize] |= DOT;
    table
};

fn is(b: u8, class: u8) -> bool {
    CLASSES[usize::from(b)] & class != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_browsers_accept() {
        for ok in [
            "hello-world@foobar.com",
            "jsmith@example.com",
            "a@b",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x@localhost",
            "user@123.123.123.123",
            "__@a-b.c",
            ".dot@example.com", // WHATWG deliberately allows what RFC 5322 would not
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
    }

    /// The rule as the standard words it: split at the first '@', then the domain at each dot.
    fn by_the_words(s: &str) -> bool {
        let Some((local, domain)) = s.split_once('@') else { return false };
        let label = |l: &str| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        !local.is_empty()
            && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
            && domain.split('.').all(label)
    }

    #[test]
    fn one_pass_agrees_with_the_words_of_the_rule() {
        let mut rng = crate::test_rng::Rng(21);
        let pieces = ["a", "Z", "0", "-", ".", "@", "_", "+", " ", "é", "x"];
        for round in 0..50_000 {
            let len = (rng.next() % 12) as usize;
            let mut s: String = (0..len).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect();
            if round % 100 == 0 {
                s = format!("a@{}.io", "b".repeat(60 + (rng.next() % 6) as usize));
            }
            assert_eq!(is_valid_email(&s), by_the_words(&s), "{s:?}");
        }
    }

    /// The rule as it read before [`passes_both`]: a byte at a time, the label's length counted.
    fn old_is_valid_email(s: &str) -> bool {
        let bytes = s.as_bytes();
        let local = bytes.iter().take_while(|&&b| is(b, LOCAL)).count();
        let is_domain = |domain: &[u8]| {
            let (mut len, mut last) = (0, b'.');
            for &b in domain {
                if b == b'.' {
                    if len == 0 || last == b'-' {
                        return false;
                    }
                    len = 0;
                } else if is(b, LABEL) && !(len == 0 && b == b'-') && len < 63 {
                    len += 1;
                } else {
                    return false;
                }
                last = b;
            }
            len > 0 && last != b'-'
        };
        match bytes.get(local..) {
            Some([b'@', domain @ ..]) if local > 0 => is_domain(domain),
            _ => false,
        }
    }

    #[test]
    fn both_checks_in_one_pass_as_each_on_its_own() {
        let mut rng = crate::test_rng::Rng(77);
        let pieces = ["a", "Z", "0", "-", ".", "@", "_", "+", " ", "é", "\"", "!", "[", "\t", "~", "x.y", "..", "@b.c"];
        for round in 0..300_000 {
            let len = (rng.next() % 14) as usize;
            let mut s: String = (0..len).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect();
            if round % 50 == 0 {
                let label = "b".repeat(60 + (rng.next() % 6) as usize);
                s = format!("{s}@{label}.{}", if round % 100 == 0 { "io" } else { "-x" });
            }
            let both = !s.is_empty() && super::super::patterns::is_api_email(&s) && old_is_valid_email(&s);
            assert_eq!(passes_both(&s), both, "{s:?}");
            assert_eq!(is_valid_email(&s), old_is_valid_email(&s), "{s:?}");
        }
    }

    #[test]
    fn rejects_what_browsers_reject() {
        for bad in [
            "",
            "plainaddress",
            "@example.com",
            "user@",
            "user@@example.com",
            "user@exa mple.com",
            "user@-example.com",
            "user@example-.com",
            "user@example..com",
            "user@example.com.",
            "us er@example.com",
            "user@exämple.com",
            "üser@example.com",
            "\"quoted\"@example.com",
            &format!("a@{}.com", "x".repeat(64)),
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
