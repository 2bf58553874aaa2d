//! Client options, checked once when the client is made.

use std::fmt;

use super::error::ClientError;
use crate::text::{ascii_lower, cat, dec, owned, split_once};

/// The hosted API.
pub const DEFAULT_BASE_URL: &str = "https://app.dynamicauth.com/api/v0";
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
const MAX_TIMEOUT_MS: u32 = 600_000;
const MAX_RETRIES: u32 = 10;

/// A client's settings, valid by construction.
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    token: String,
    /// Scheme, host, port and path, without a trailing slash: `https://app.dynamicauth.com/api/v0`.
    pub base_url: String,
    pub timeout_ms: u32,
    pub max_retries: u32,
}

// Never print the token, not even in a debug dump.
impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("token", &crate::redact::REDACTED)
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// The shortest token taken: Dynamic's are far longer, and redacting a shorter one would blank out
/// ordinary words of every message (a token `"e"` turns each `e` into `[redacted]`).
pub const MIN_TOKEN_CHARS: usize = 8;

impl ClientConfig {
    /// Checks the options; every refusal is a `config` error that says what to fix.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn new(
        token: &str,
        base_url: Option<&str>,
        timeout_ms: Option<f64>,
        max_retries: Option<f64>,
    ) -> Result<ClientConfig, ClientError> {
        if token.trim().is_empty() {
            return Err(ClientError::config("The token is empty; pass the API token from the Dynamic dashboard."));
        }
        // Shorter than any real API token (Dynamic's are dozens of characters): a slip, and one that
        // redaction would turn into garbled messages, every occurrence of "e" in them redacted.
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(ClientError::config(cat(&[
                "The token is too short to be an API token (at least ",
                &dec(MIN_TOKEN_CHARS as u64),
                " characters); pass the API token from the Dynamic dashboard.",
            ])));
        }
        // A header value cannot hold line breaks or other control characters.
        // By bytes: a control character or any byte of a non-ASCII one.
        if token.bytes().any(|b| !(0x20..0x7f).contains(&b)) {
            return Err(ClientError::config(
                "The token contains characters a header cannot carry (line breaks, control or non-ASCII characters).",
            ));
        }
        let base_url = check_base_url(base_url.unwrap_or(DEFAULT_BASE_URL))?;
        let timeout_ms = whole_number("timeoutMs", timeout_ms, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)?;
        let max_retries = whole_number("maxRetries", max_retries, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES)?;
        Ok(ClientConfig { token: owned(token), base_url, timeout_ms, max_retries })
    }

    /// The `Authorization` header's value.
    pub fn authorization(&self) -> String {
        cat(&["Bearer ", &self.token])
    }

    /// The token, for scrubbing it out of anything shown.
    pub fn token(&self) -> &str {
        &self.token
    }
}

fn whole_number(name: &str, value: Option<f64>, default: u32, min: u32, max: u32) -> Result<u32, ClientError> {
    let Some(value) = value else { return Ok(default) };
    if value.fract() != 0.0 || !(f64::from(min)..=f64::from(max)).contains(&value) {
        let (min, max) = (dec(min.into()), dec(max.into()));
        return Err(ClientError::config(cat(&[name, " must be a whole number from ", &min, " to ", &max, "."])));
    }
    Ok(value as u32)
}

/// The refusal of a base URL, saying `why`; one copy of its formatting for the ten reasons.
#[cold]
#[inline(never)]
fn bad(why: &str) -> Result<String, ClientError> {
    Err(ClientError::config(cat(&["baseUrl ", why, "; use e.g. \"", DEFAULT_BASE_URL, "\"."])))
}

/// Accepts `https://host[:port][/path]`, and `http://` only for this machine (`localhost`,
/// `127.0.0.1`, `[::1]`), so a token never crosses a network in clear text.
/// Where `byte` (ASCII) first is in `text`.
fn find_byte(text: &str, byte: u8) -> Option<usize> {
    text.bytes().position(|b| b == byte)
}

fn check_base_url(url: &str) -> Result<String, ClientError> {
    // By bytes: a `&str` pattern brings core's two-way substring searcher (2.7 KB of wasm).
    let Some(at) = url.as_bytes().windows(3).position(|w| w == b"://") else { return bad("is not an absolute URL") };
    let (scheme, rest) = (&url[..at], &url[at + 3..]);
    let scheme = ascii_lower(scheme);
    // By bytes here too: `char` patterns bring their searchers (1 KB of wasm in all).
    if rest.bytes().any(|b| b == b'?' || b == b'#') {
        return bad("must not have a query or fragment");
    }
    let (authority, path) = find_byte(rest, b'/').map_or((rest, ""), |i| rest.split_at(i));
    if find_byte(authority, b'@').is_some() {
        return bad("must not contain a user name or password");
    }
    let (host, port) = match authority.strip_prefix("[") {
        Some(v6) => match split_once(v6, b']') {
            Some((addr, port)) => (cat(&["[", &ascii_lower(addr), "]"]), port),
            None => return bad("has an unclosed IPv6 bracket"),
        },
        None => {
            let host_end = find_byte(authority, b':').unwrap_or(authority.len());
            (ascii_lower(&authority[..host_end]), &authority[host_end..])
        }
    };
    let host_ok = if host.starts_with("[") {
        host.len() > 2 && host[1..host.len() - 1].bytes().all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
    } else {
        !host.is_empty() && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
    };
    if !host_ok {
        return bad("has no valid host name");
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(":").unwrap_or("x");
        if digits.is_empty()
            || digits.len() > 5
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.bytes().fold(0u32, |p, b| p * 10 + u32::from(b - b'0')) > 65_535
        {
            return bad("has an invalid port");
        }
    }
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => return bad("must use https (http is allowed only for localhost, 127.0.0.1 and [::1])"),
        _ => return bad("must start with https://"),
    }
    // A `.` or `..` segment (the path starts with `/`, so the first piece is empty).
    if super::retry::pieces(path, b'/').skip(1).any(|segment| segment == "." || segment == "..") {
        return bad("must not contain dot segments");
    }
    // By bytes, as above: its trailing slashes.
    let path = &path[..path.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1)];
    Ok(cat(&[&scheme, "://", &host, port, path]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ErrorKind;

    fn base(url: &str) -> Result<String, ClientError> {
        ClientConfig::new("test-token", Some(url), None, None).map(|c| c.base_url)
    }

    #[test]
    fn defaults() {
        let config = ClientConfig::new("sk_12345678", None, None, None).unwrap();
        assert_eq!(config.base_url, DEFAULT_BASE_URL);
        assert_eq!((config.timeout_ms, config.max_retries), (30_000, 2));
        assert_eq!(config.authorization(), "Bearer sk_12345678");
        assert!(!format!("{config:?}").contains("sk_12345678"));
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        assert_eq!(base("https://app.dynamicauth.com/api/v0/").unwrap(), "https://app.dynamicauth.com/api/v0");
        assert_eq!(base("HTTPS://Example.COM:8443").unwrap(), "https://example.com:8443");
        assert_eq!(base("http://localhost:8787/api/v0").unwrap(), "http://localhost:8787/api/v0");
        assert_eq!(base("http://127.0.0.1:1/api/v0").unwrap(), "http://127.0.0.1:1/api/v0");
        assert_eq!(base("http://[::1]:8787/api/v0").unwrap(), "http://[::1]:8787/api/v0");
    }

    #[test]
    fn refuses_what_would_leak_or_mislead() {
        for url in [
            "http://app.dynamicauth.com/api/v0",
            "http://localhost.evil.com/api",
            "http://127.0.0.2/api",
            "ftp://example.com",
            "example.com/api",
            "https://user:pass@example.com",
            "https://example.com/api?x=1",
            "https://example.com/#a",
            "https://",
            "https://exa mple.com",
            "https://example.com:99999",
            "https://example.com:",
            "https://[::1",
            "https://example.com/api/../admin",
            "javascript://alert(1)",
        ] {
            let error = base(url).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Config, "{url}");
            assert!(error.message.starts_with("baseUrl "), "{url}: {}", error.message);
        }
    }

    #[test]
    fn checks_token_and_numbers() {
        for token in ["", "   ", "a\nb", "tök-tök-tök", "e", "1234567"] {
            assert_eq!(ClientConfig::new(token, None, None, None).unwrap_err().kind, ErrorKind::Config, "{token:?}");
        }
        let error = ClientConfig::new("secret-token\r\n", None, None, None).unwrap_err();
        assert!(!error.message.contains("secret"));
        assert!(ClientConfig::new("test-token", None, Some(0.0), None).is_err());
        assert!(ClientConfig::new("test-token", None, Some(1.5), None).is_err());
        assert!(ClientConfig::new("test-token", None, Some(f64::NAN), None).is_err());
        assert!(ClientConfig::new("test-token", None, None, Some(-1.0)).is_err());
        assert!(ClientConfig::new("test-token", None, None, Some(11.0)).is_err());
        let short = ClientConfig::new("e", None, None, None).unwrap_err();
        assert!(short.message.contains("too short") && short.message.contains("at least 8"), "{}", short.message);
        assert!(ClientConfig::new("12345678", None, None, None).is_ok());
        let config = ClientConfig::new("test-token", None, Some(250.0), Some(0.0)).unwrap();
        assert_eq!((config.timeout_ms, config.max_retries), (250, 0));
    }

    /// The token's check by bytes refuses what the check by chars refused.
    #[test]
    fn token_bytes_as_chars() {
        for c in (0..0x300u32).chain([0x2028, 0xfeff, 0x1f600]).filter_map(char::from_u32) {
            let token = format!("token-{c}-token");
            let by_chars = token.chars().any(|c| c.is_control() || !c.is_ascii());
            assert_eq!(ClientConfig::new(&token, None, None, None).is_err(), by_chars, "{c:?}");
        }
    }
}
