//! The two requests, built from checked parts: nothing a caller passes can change the path.

use super::config::ClientConfig;
use super::error::ClientError;
use crate::import::{row_keys, MAX_BATCH_SIZE};
use crate::json;
use crate::text::{cat, dec, hex, owned};
use crate::validate::{IssueCode, ValidationIssue};

/// Exact length of `environmentId` and `userId` (a UUID's text form).
const ID_CHARS: usize = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One request to send; the edge adds the `Authorization`, `Content-Type` and `Accept` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// JSON text.
    pub body: String,
    /// True when sending it twice cannot do more than sending it once: a PUT, or a bulk body
    /// with upsert whose every user the API can find again (see [`bulk_create`]).
    pub repeat_safe: bool,
}

/// `POST /environments/{environmentId}/users/bulk?upsert=…` with `body` (a JSON array).
#[cfg_attr(size_opt, optimize(size))]
pub fn bulk_create(
    config: &ClientConfig,
    environment_id: &str,
    upsert: bool,
    body: String,
) -> Result<HttpRequest, ClientError> {
    let id = path_id("environmentId", environment_id)?;
    Ok(HttpRequest {
        method: Method::Post,
        url: cat(&[
            &config.base_url,
            "/environments/",
            &id,
            "/users/bulk?upsert=",
            if upsert { "true" } else { "false" },
        ]),
        repeat_safe: upsert && every_user_findable(&body),
        body,
    })
}

/// True when upsert can find each user of a bulk body again, by its id or email, should a first
/// attempt have stored it: a user with neither (a wallet, a name) would be created twice.
fn every_user_findable(body: &str) -> bool {
    json::Reader::array_items(body).is_some_and(|users| {
        users.into_iter().all(|span| {
            let keys = row_keys(body.get(span).unwrap_or_default());
            keys.id.is_some() || keys.email.is_some()
        })
    })
}

/// Refuses a bulk body of no users or more than the API takes in one request (1 to 50, its
/// schema's `minItems`/`maxItems`), whether or not it is validated: the API would refuse it whole.
/// A body that is not an array is left to validation (or to the API, with `skipValidation`).
#[cfg_attr(size_opt, optimize(size))]
pub fn check_bulk_size(body: &str) -> Result<(), ClientError> {
    let Some(users) = json::Reader::array_items(body).map(|items| items.len()) else { return Ok(()) };
    let issue = match users {
        0 => ValidationIssue::new(
            "",
            IssueCode::EmptyBulk,
            "The bulk body has no users; the API takes 1 to 50 a request.",
        ),
        n if n > MAX_BATCH_SIZE => ValidationIssue::new(
            "",
            IssueCode::TooManyUsers,
            cat(&[
                "The bulk body has ",
                &dec(n as u64),
                " users; the API takes at most ",
                &dec(MAX_BATCH_SIZE as u64),
                " a request. Use importUsers for more: it sends them in batches of ",
                &dec(MAX_BATCH_SIZE as u64),
                ", paced to the API's rate limit.",
            ]),
        ),
        _ => return Ok(()),
    };
    Err(ClientError::validation(vec![issue]))
}

/// `PUT /environments/{environmentId}/users/{userId}` with `body` (a JSON object), or the seed's
/// `PUT /users/{userId}` (deprecated by the API, same body and answer) without an environment.
#[cfg_attr(size_opt, optimize(size))]
pub fn update_user(
    config: &ClientConfig,
    user_id: &str,
    environment_id: Option<&str>,
    body: String,
) -> Result<HttpRequest, ClientError> {
    let id = path_id("userId", user_id)?;
    let url = match environment_id {
        Some(environment_id) => {
            let environment = path_id("environmentId", environment_id)?;
            cat(&[&config.base_url, "/environments/", &environment, "/users/", &id])
        }
        None => cat(&[&config.base_url, "/users/", &id]),
    };
    Ok(HttpRequest { method: Method::Put, url, body, repeat_safe: true })
}

/// `GET /environments/{environmentId}/custom/fields`: the environment's custom fields (no body;
/// safe to repeat).
#[cfg_attr(size_opt, optimize(size))]
pub fn custom_fields(config: &ClientConfig, environment_id: &str) -> Result<HttpRequest, ClientError> {
    let id = path_id("environmentId", environment_id)?;
    let url = cat(&[&config.base_url, "/environments/", &id, "/custom/fields"]);
    Ok(HttpRequest { method: Method::Get, url, body: String::new(), repeat_safe: true })
}

/// Checks a path id's length and percent-encodes everything but unreserved characters, so `/`,
/// `?`, `#`, `%` and look-alikes can never reach the URL as themselves.
#[cfg_attr(size_opt, optimize(size))]
fn path_id(name: &str, id: &str) -> Result<String, ClientError> {
    let chars = id.chars().count();
    if chars != ID_CHARS {
        let shown = if chars > 100 { owned("many") } else { dec(chars as u64) };
        let exactly = dec(ID_CHARS as u64);
        return Err(ClientError::config(cat(&[
            name,
            " must be exactly ",
            &exactly,
            " characters (a UUID); it has ",
            &shown,
            ".",
        ])));
    }
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push_str(&hex(byte.into(), 2));
        }
    }
    // "." and ".." are the only dot segments, and neither is 36 characters long.
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ErrorKind;

    const ENV: &str = "95b11417-f18f-457f-8804-68e361f9164f";

    fn config() -> ClientConfig {
        ClientConfig::new("test-token", None, None, None).unwrap()
    }

    #[test]
    fn builds_both_requests() {
        let request = bulk_create(&config(), ENV, true, "[]".into()).unwrap();
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            format!("https://app.dynamicauth.com/api/v0/environments/{ENV}/users/bulk?upsert=true")
        );
        assert!(request.repeat_safe);
        assert!(!bulk_create(&config(), ENV, false, "[]".into()).unwrap().repeat_safe);
        // Upsert finds users by id or email; one with neither could be created twice.
        let findable = r#"[{"email":"a@b.co"},{"id":"95b11417-f18f-457f-8804-68e361f9164f","username":"x"}]"#;
        assert!(bulk_create(&config(), ENV, true, findable.into()).unwrap().repeat_safe);
        for body in [r#"[{"email":"a@b.co"},{"username":"x"}]"#, r#"[{"firstName":"Ada"}]"#, "not json"] {
            assert!(!bulk_create(&config(), ENV, true, body.into()).unwrap().repeat_safe, "{body}");
        }
        let request = update_user(&config(), ENV, None, "{}".into()).unwrap();
        assert_eq!(
            (request.method, request.url.as_str()),
            (Method::Put, format!("https://app.dynamicauth.com/api/v0/users/{ENV}").as_str())
        );
        assert!(request.repeat_safe);
        const USER: &str = "0f6b5c8e-3a1d-4b2c-9e7f-112233445566";
        let scoped = update_user(&config(), USER, Some(ENV), "{}".into()).unwrap();
        assert_eq!(
            (scoped.method, scoped.url.as_str(), scoped.repeat_safe),
            (Method::Put, format!("https://app.dynamicauth.com/api/v0/environments/{ENV}/users/{USER}").as_str(), true)
        );
        let error = update_user(&config(), USER, Some("short"), "{}".into()).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Config);
        assert!(error.message.starts_with("environmentId must be exactly 36 characters"), "{}", error.message);
    }

    #[test]
    fn bulk_bodies_hold_1_to_50_users() {
        let users = |n: usize| format!("[{}]", vec![r#"{"email":"a@b.co"}"#; n].join(","));
        assert!(check_bulk_size(&users(1)).is_ok());
        assert!(check_bulk_size(&users(50)).is_ok());
        assert!(check_bulk_size("not an array").is_ok(), "left to validation");
        let error = check_bulk_size(&users(51)).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Validation);
        assert_eq!(
            error.message,
            "The request was not sent: The bulk body has 51 users; the API takes at most 50 a request. Use importUsers for more: it sends them in batches of 50, paced to the API's rate limit."
        );
        assert_eq!((error.issues[0].path.as_str(), error.issues[0].code), ("", IssueCode::TooManyUsers));
        let error = check_bulk_size("[]").unwrap_err();
        assert_eq!((error.kind, error.issues[0].code), (ErrorKind::Validation, IssueCode::EmptyBulk));
    }

    #[test]
    fn ids_cannot_change_the_path() {
        for id in [
            "../../../../../../../../../../admin?",
            "95b11417-f18f-457f-8804-68e361f9/../",
            "95b11417-f18f-457f-8804-68e361f91%2F",
            "95b11417-f18f-457f-8804-68e361f9#abc",
            "95b11417-f18f-457f-8804-68e361f9?a=b",
            "95b11417-f18f-457f-8804-68e361f9164／", // fullwidth solidus
            "95b11417 f18f-457f-8804-68e361f9164f",
        ] {
            let url = update_user(&config(), id, None, "{}".into()).unwrap().url;
            let path = url.strip_prefix("https://app.dynamicauth.com/api/v0/users/").unwrap();
            assert!(!path.contains(['/', '?', '#', ' ']), "{id} gave {url}");
            assert!(path.bytes().all(|b| b.is_ascii_graphic()), "{url}");
            let url = update_user(&config(), ENV, Some(id), "{}".into()).unwrap().url;
            let path = url.strip_prefix("https://app.dynamicauth.com/api/v0/environments/").unwrap();
            let (environment, user) = path.split_once("/users/").unwrap();
            assert!(!environment.contains(['/', '?', '#', ' ']) && user == ENV, "{id} gave {url}");
        }
    }

    #[test]
    fn wrong_length_ids_send_nothing() {
        for id in ["", "95b11417", &"a".repeat(37), &"x".repeat(10_000_000)] {
            let error = bulk_create(&config(), id, false, "[]".into()).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Config);
            assert!(error.message.starts_with("environmentId must be exactly 36 characters"), "{}", error.message);
            assert!(error.message.len() < 100);
        }
    }
}
