//! Keeping the API token out of every sentence the package hands back: errors, issues, reports.

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Replaces every occurrence of `secret` in `text` (none for an empty secret). Most texts hold
/// none, so they are not copied.
pub fn scrub(text: &mut String, secret: &str) {
    if !secret.is_empty() && text.contains(secret) {
        *text = text.replace(secret, REDACTED);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_goes_and_an_empty_secret_changes_nothing() {
        let mut text = String::from("sk_1 and sk_1");
        scrub(&mut text, "sk_1");
        assert_eq!(text, "[redacted] and [redacted]");
        scrub(&mut text, "");
        assert_eq!(text, "[redacted] and [redacted]");
    }
}
