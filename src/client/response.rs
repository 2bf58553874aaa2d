//! Reading an answer: a success body into its model, anything else into a [`ClientError`].

use super::error::{ClientError, ErrorKind};
use crate::json::{self, Json};
use crate::text::{cat, dec, owned};

/// What a success body must look like before it is handed to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// `{ user: {…} }` (update).
    User,
    /// `{ created?: [], updated?: [], failed?: [], total? }` (bulk create).
    Bulk,
    /// `[{…}, …]` (an environment's custom fields).
    CustomFields,
}

/// The lists of a bulk answer; one the API leaves out is given to the caller as `[]`.
pub const BULK_LISTS: [&str; 3] = ["created", "updated", "failed"];

/// Checks a success body is JSON of the expected shape; the caller then hands the body itself to
/// JavaScript (`JSON.parse`), so every field, known or not, arrives as the API sent it.
#[cfg_attr(size_opt, optimize(size))]
pub fn check_success(status: u16, body: &str, expect: Expect) -> Result<(), ClientError> {
    let fail = |why: &str| {
        let message = cat(&["The API answered ", &dec(status.into()), " but its body cannot be read: ", why, "."]);
        Err(ClientError { status: Some(status), ..ClientError::new(ErrorKind::Http, message) })
    };
    if body.trim().is_empty() {
        return fail("it is empty");
    }
    let repaired;
    let parsed = match json::parse(body) {
        Ok(tree) => Ok(tree),
        // JSON.parse takes unpaired surrogates, so they are not a reason to refuse the answer.
        Err(_) => match json::replace_lone_surrogates(body) {
            Some((text, _)) => {
                repaired = text;
                json::parse(&repaired)
            }
            None => json::parse(body),
        },
    };
    let tree = match parsed {
        Ok(tree) => tree,
        Err(e) if e.is_eof() => return fail("it is cut short"),
        Err(_) => return fail("it is not JSON"),
    };
    if expect == Expect::CustomFields {
        return match &tree {
            Json::Array(fields) if fields.iter().all(|f| matches!(f, Json::Object(_))) => Ok(()),
            _ => fail("it is not a list of custom fields"),
        };
    }
    if !matches!(tree, Json::Object(_)) {
        return fail("it is not a JSON object");
    }
    match expect {
        Expect::User if !matches!(tree.get("user"), Some(Json::Object(_))) => fail("it has no user object"),
        Expect::Bulk if BULK_LISTS.iter().any(|k| tree.get(k).is_some_and(|v| !matches!(v, Json::Array(_)))) => {
            fail("its created, updated and failed are not all lists")
        }
        // An answer that says nothing of the users sent cannot be taken as "none created".
        Expect::Bulk if BULK_LISTS.iter().all(|k| tree.get(k).is_none()) => {
            fail("it has none of created, updated and failed")
        }
        _ => Ok(()),
    }
}

/// The longest `retryAfter` an error reports: a day.
pub const MAX_RETRY_AFTER_SECONDS: f64 = 86_400.0;

/// Turns an error answer into an `http` error with the API's code and message where it gave them.
#[cfg_attr(size_opt, optimize(size))]
pub fn decode_failure(status: u16, body: &str, retry_after_ms: Option<f64>) -> ClientError {
    // The API's error body is `{ error, code, payload? }`; any part may be missing or odd.
    let parsed = json::parse(body).ok();
    let text = |key| {
        parsed.as_ref().and_then(|b| b.get(key)).and_then(Json::as_str).filter(|s| !s.trim().is_empty()).map(owned)
    };
    let detail = text("error");
    let code = text("code");
    let reason = reason(status);
    let message = match &detail {
        Some(detail) => cat(&["The API answered ", &dec(status.into()), " ", reason, ": ", &sentence(detail)]),
        None => cat(&["The API answered ", &dec(status.into()), " ", reason, "."]),
    };
    ClientError {
        status: Some(status),
        code,
        // Whole seconds, as the header counts them (an HTTP date would leave a fraction), capped at
        // a day as importUsers caps it: a header of forty nines is not a plan, and 1.8e19 seconds
        // would overflow a caller's setTimeout into an immediate retry.
        retry_after: retry_after_ms.map(|ms| (ms / 1000.0).ceil().clamp(0.0, MAX_RETRY_AFTER_SECONDS)),
        ..ClientError::new(ErrorKind::Http, message)
    }
}

/// The error for an answer of `status` whose body passed the cap on answers (10 MiB; see
/// `crate::wasm::transport`): not read, and the request may have been carried out all the same.
#[cfg_attr(size_opt, optimize(size))]
#[inline(never)]
pub fn too_large(status: u16) -> ClientError {
    let message = cat(&[
        "The API answered ",
        &dec(status.into()),
        " with over 10 MiB, not read (the request may have been carried out); check that baseUrl is the Dynamic API.",
    ]);
    ClientError { status: Some(status), ..ClientError::new(ErrorKind::Http, message) }
}

/// The standard reason phrase (HTTP/2 answers carry none, so do not rely on the server's).
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ if status >= 500 => "Server Error",
        _ => "Error",
    }
}

/// The server's text as the end of our sentence: one line, bounded, with a full stop; a client's
/// token in it redacted before the cut (`crate::redact::before_cut`).
fn sentence(text: &str) -> String {
    let line = crate::redact::before_cut(first_line(text));
    let line = line.trim();
    // Cut after the 300th character, if there is a 301st; by offsets, not a `collect` of chars.
    let mut short = match line.char_indices().nth(300) {
        Some((cut, _)) => cat(&[&line[..cut], "…"]),
        None => owned(line),
    };
    // By bytes, not a `char` array pattern (its searcher).
    if !(matches!(short.as_bytes().last(), Some(b'.' | b'!' | b'?')) || short.ends_with("…")) {
        short.push('.');
    }
    short
}

/// What `text.lines().next()` gives, by bytes (no char searcher): up to the first `\n`, less a
/// `\r` before it.
fn first_line(text: &str) -> &str {
    match text.as_bytes().iter().position(|&b| b == b'\n') {
        Some(end) => text[..end].strip_suffix("\r").unwrap_or(&text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_success_bodies_pass() {
        assert_eq!(
            check_success(200, include_str!("../model/fixtures/update_user_response.json"), Expect::User),
            Ok(())
        );
        assert_eq!(
            check_success(201, include_str!("../model/fixtures/bulk_create_response.json"), Expect::Bulk),
            Ok(())
        );
        assert_eq!(check_success(201, r#"{"created":[],"later":"field"}"#, Expect::Bulk), Ok(()));
        assert_eq!(
            check_success(200, r#"[{"name":"kyc","fieldType":"text","later":1}]"#, Expect::CustomFields),
            Ok(())
        );
        assert_eq!(check_success(200, "[]", Expect::CustomFields), Ok(()));
        assert_eq!(check_success(200, r#"{"user":{"firstName":"\ud800"}}"#, Expect::User), Ok(()));
    }

    #[test]
    fn unreadable_success_bodies_are_http_errors_that_say_why() {
        let cases = [
            ("", Expect::User, "it is empty"),
            ("<html>502</html>", Expect::User, "it is not JSON"),
            (r#"{"user":{"id":"x""#, Expect::User, "it is cut short"),
            ("[]", Expect::Bulk, "it is not a JSON object"),
            (r#"{"user":42}"#, Expect::User, "it has no user object"),
            (r#"{"created":{}}"#, Expect::Bulk, "its created, updated and failed are not all lists"),
            (r#"{"total":1}"#, Expect::Bulk, "it has none of created, updated and failed"),
            (r#"{"fields":[]}"#, Expect::CustomFields, "it is not a list of custom fields"),
            ("[1]", Expect::CustomFields, "it is not a list of custom fields"),
        ];
        for (body, expect, why) in cases {
            let error = check_success(200, body, expect).unwrap_err();
            assert_eq!((error.kind, error.status), (ErrorKind::Http, Some(200)));
            assert_eq!(error.message, format!("The API answered 200 but its body cannot be read: {why}."), "{body}");
        }
    }

    #[test]
    fn failures_carry_status_code_and_text() {
        let error = decode_failure(404, r#"{"error":"User not found","code":"user_not_found"}"#, None);
        assert_eq!(error.message, "The API answered 404 Not Found: User not found.");
        assert_eq!((error.status, error.code.as_deref()), (Some(404), Some("user_not_found")));
        let error = decode_failure(422, r#"{"error":"Invalid email.","code":"invalid_email","payload":{}}"#, None);
        assert_eq!(error.message, "The API answered 422 Unprocessable Content: Invalid email.");
        let error = decode_failure(429, "", Some(2500.0));
        assert_eq!(
            (error.message.as_str(), error.retry_after),
            ("The API answered 429 Too Many Requests.", Some(3.0)),
            "whole seconds, rounded up"
        );
        let error = decode_failure(502, "<html>bad gateway</html>", None);
        assert_eq!((error.message.as_str(), error.code), ("The API answered 502 Bad Gateway.", None));
        let error = decode_failure(400, r#"{"error":{"nested":true},"code":7}"#, None);
        assert_eq!((error.message.as_str(), error.code), ("The API answered 400 Bad Request.", None));
        let long = format!(r#"{{"error":"{}\nsecond line"}}"#, "x".repeat(1000));
        assert!(decode_failure(500, &long, None).message.len() < 400);
        let forever = crate::client::retry::parse_retry_after(&"9".repeat(40), 0.0);
        assert_eq!(decode_failure(429, "", forever).retry_after, Some(86_400.0), "capped at a day");
        assert_eq!(decode_failure(503, "", Some(86_400_001.0)).retry_after, Some(86_400.0));
        assert_eq!(decode_failure(503, "", Some(86_399_000.0)).retry_after, Some(86_399.0));
    }

    #[test]
    fn a_token_in_the_api_text_is_redacted_before_the_cut() {
        for len in [8, 28, 40, 41, 64, 120] {
            let token: String =
                (0..len).map(|i| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789_-"[i * 7 % 38])).collect();
            let _hidden = crate::redact::hide(&token);
            for at in 0..420 {
                let text = format!("{}{token}{}", "x".repeat(at), "y".repeat(50));
                let message = decode_failure(400, &format!(r#"{{"error":"{text}"}}"#), None).message;
                let redacted = format!("{}[redacted]{}", "x".repeat(at), "y".repeat(50));
                let shown = match redacted.len() > 300 {
                    true => format!("{}…", &redacted[..300]),
                    false => format!("{redacted}."),
                };
                assert_eq!(message, format!("The API answered 400 Bad Request: {shown}"), "{len} at {at}");
            }
        }
    }

    /// `first_line` and `sentence` by bytes give what `lines()`, `chars()` and the `char` array
    /// pattern gave.
    #[test]
    fn sentences_by_bytes_as_by_chars() {
        fn old_sentence(text: &str) -> String {
            let line = crate::redact::before_cut(text.lines().next().unwrap_or(""));
            let line = line.trim();
            let short = if line.chars().count() > 300 {
                let mut short: String = line.chars().take(300).collect();
                short.push('…');
                short
            } else {
                line.to_owned()
            };
            if short.ends_with(['.', '!', '?', '…']) {
                short
            } else {
                short + "."
            }
        }
        let pieces = ["a", "é", "…", ".", "!", "?", "\n", "\r", " ", "\u{2028}", "x\r\n", "\u{85}"];
        let mut rng = crate::test_rng::Rng(21);
        for _ in 0..20_000 {
            let len = if rng.next() % 4 == 0 { 280 + rng.next() % 60 } else { rng.next() % 12 };
            let text: String = (0..len).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect();
            assert_eq!(first_line(&text), text.lines().next().unwrap_or(""), "{text:?}");
            assert_eq!(sentence(&text), old_sentence(&text), "{text:?}");
        }
    }
}
