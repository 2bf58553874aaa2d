//! Request checks. The body's shape is the API's published schema, checked by a JSON Schema
//! engine ([`crate::schema`]); what is left here is what the schema cannot say: path ids and
//! the field groups the stored document is built from. Business rules (a taken email, a
//! repeat inside one request) are the store's and the handler's.

use crate::schema::{SchemaError, check_bulk_body, check_user_update};
use serde_json::{Map, Value};

/// Plain string fields (≤ 255 characters, not nullable).
pub const STRING_FIELDS: &[&str] = &["alias", "firstName", "lastName", "jobTitle", "phoneNumber", "tShirtSize", "team"];
pub const BOOL_FIELDS: &[&str] =
    &["policiesConsent", "emailNotification", "discordNotification", "newsletterNotification"];
pub const WALLET_FIELDS: &[&str] = &["btcWallet", "ltcWallet", "dogeWallet", "kdaWallet", "ckbWallet", "kasWallet"];
/// Fields only a new (bulk) user may carry: named in the PUT refusal, to point at the bulk endpoint.
pub const NEW_USER_ONLY: &[&str] = &["email", "emailVerifiedAt", "wallets", "oauthAccounts"];

/// The schema's `uuid`: `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
}

/// A bulk body that passes the schema: its 1 to 50 items.
pub fn bulk_items(body: &Value) -> Result<&[Value], SchemaError> {
    check_bulk_body(body)?;
    Ok(body.as_array().map(Vec::as_slice).unwrap_or_default())
}

/// An update body that passes the schema: its fields. A field only the bulk endpoint takes
/// gets a message that says so.
pub fn update_fields(body: &Value) -> Result<&Map<String, Value>, SchemaError> {
    if let Err(mut e) = check_user_update(body) {
        if NEW_USER_ONLY.contains(&e.path.as_str()) {
            e.message = "is not a field of the update body (only POST …/users/bulk sets it)".into();
        }
        return Err(e);
    }
    body.as_object().ok_or_else(|| SchemaError { path: String::new(), message: "must be an object".into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uuids() {
        assert!(is_uuid("9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e"));
        for bad in [
            "9B3C7C1E-2F4A-4C55-8D0E-7A6F1B2C3D4E",
            "9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4",
            "9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e0",
            "9b3c7c1e-2f4a-4c55-8d0e/7a6f1b2c3d4e",
            "9b3c7c1e2f4a-4c55-8d0e-7a6f1b2c3d4e-",
            "",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }

    #[test]
    fn update_names_bulk_only_fields() {
        let e = update_fields(&json!({"wallets": []})).unwrap_err();
        assert_eq!(e.path, "wallets");
        assert!(e.message.contains("bulk"), "{e}");
        assert_eq!(update_fields(&json!({"firstName": "Ann"})).unwrap().len(), 1);
        assert_eq!(update_fields(&json!([])).unwrap_err().path, "");
        assert_eq!(bulk_items(&json!([{}])).unwrap().len(), 1);
        assert!(bulk_items(&json!([])).is_err());
    }
}
