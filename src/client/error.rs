//! The one error type every client call fails with (SPEC §5).

use serde::Serialize;

use crate::redact::Secret;
use crate::text::{cat, dec};
use crate::validate::ValidationIssue;

/// What went wrong, coarsely: callers branch on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// The request body broke a rule; nothing was sent (see `issues`).
    Validation,
    /// The API answered with an error status, or with a body that could not be read.
    Http,
    /// No answer: the connection failed or was dropped.
    Network,
    /// No answer within `timeoutMs`; the request was cancelled.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The client or the call was set up wrong (options, ids); nothing was sent.
    Config,
}

impl ErrorKind {
    /// The name JavaScript sees (`"http"`), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Config => "config",
        }
    }
}

/// A failed client call, before it becomes a JavaScript `Error`. Never holds the token.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError {
    pub kind: ErrorKind,
    /// One plain sentence a dashboard can show as-is.
    pub message: String,
    /// The HTTP status, for `http`.
    pub status: Option<u16>,
    /// The API's error code (`user_not_found`, `email_already_exists`, …), when it gave one.
    pub code: Option<String>,
    /// The rule breaks, for `validation`.
    pub issues: Vec<ValidationIssue>,
    /// Whole seconds (rounded up) the API asked to wait (`Retry-After`), for `429` and `503`.
    pub retry_after: Option<f64>,
    /// How many requests were sent (0 when nothing was).
    pub attempts: u32,
}

impl ClientError {
    /// Out of line, as [`ClientError::config`].
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ClientError {
        ClientError::of(kind, message.into())
    }

    // One copy of the error's construction rather than one at each of 50 places that fail.
    #[inline(never)]
    fn of(kind: ErrorKind, message: String) -> ClientError {
        ClientError { kind, message, status: None, code: None, issues: Vec::new(), retry_after: None, attempts: 0 }
    }

    /// Out of line: each kind of message (`&str`, `String`) has one copy of its conversion,
    /// where inlined the copying of a `&str` cost each of 30 callers its own allocation.
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn config(message: impl Into<String>) -> ClientError {
        ClientError::new(ErrorKind::Config, message)
    }

    #[cfg_attr(size_opt, optimize(size))]
    pub fn validation(issues: Vec<ValidationIssue>) -> ClientError {
        let errors = issues.iter().filter(|i| i.is_error()).count();
        let first = issues.iter().find(|i| i.is_error()).map(|i| i.message.as_str()).unwrap_or("");
        let message = if errors == 1 {
            cat(&["The request was not sent: ", first])
        } else {
            cat(&["The request was not sent: ", &dec(errors as u64), " problems were found, the first: ", first])
        };
        ClientError { issues, ..ClientError::new(ErrorKind::Validation, message) }
    }

    /// Removes every piece of `secret` (see `crate::redact::scrub`) from the message, code and
    /// issues, so a token an API or proxy echoed back, or one pasted into a field, never reaches a log.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn redact(mut self, secret: &str) -> ClientError {
        let secret = Secret::new(secret);
        secret.scrub(&mut self.message);
        if let Some(code) = &mut self.code {
            secret.scrub(code);
        }
        for issue in &mut self.issues {
            issue.redact(&secret);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::IssueCode;

    #[test]
    fn validation_message_names_the_first_error() {
        let issues = vec![
            ValidationIssue::new("btcWallet", IssueCode::ChecksumMismatch, "Checksum."),
            ValidationIssue::new("email", IssueCode::InvalidEmail, "\"x\" is not a valid email address."),
            ValidationIssue::new("country", IssueCode::InvalidCountry, "Bad country."),
        ];
        let error = ClientError::validation(issues);
        assert_eq!(error.kind, ErrorKind::Validation);
        assert_eq!(
            error.message,
            "The request was not sent: 2 problems were found, the first: \"x\" is not a valid email address."
        );
        assert_eq!(error.issues.len(), 3);
    }

    #[test]
    fn kind_names_are_serde_names() {
        use ErrorKind::*;
        for kind in [Validation, Http, Network, Timeout, Aborted, Config] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn redact_removes_the_secret_everywhere() {
        let mut error = ClientError::new(ErrorKind::Http, "Token sk_live_123 is not valid; sk_live_123 again.");
        error.code = Some("bad_sk_live_123".into());
        let error = error.redact("sk_live_123");
        assert_eq!(error.message, "Token [redacted] is not valid; [redacted] again.");
        assert_eq!(error.code.as_deref(), Some("bad_[redacted]"));
        let issue =
            ValidationIssue::new("metadata.sk_live_123", IssueCode::InvalidEmail, "\"sk_live_123\" is not valid.");
        let error = ClientError::validation(vec![issue]).redact("sk_live_123");
        assert!(!format!("{error:?}").contains("sk_live_123"), "{error:?}");
    }
}
