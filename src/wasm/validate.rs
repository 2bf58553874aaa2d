//! `validateUserUpdate`, `validateNewUser`, `validateBulkUsers`, `validateField`.

use wasm_bindgen::prelude::*;

use super::custom_fields::{config_error, rule_options};
use super::input::{read_json, read_string, JsonInput};
use crate::validate::{self, issues_json, Body, IssueCode, ValidationIssue, ValidationReport};

#[cfg_attr(size_opt, optimize(size))]
fn validate_js(body: Body, value: &JsValue, options: &JsValue, call: &str) -> Result<JsValue, JsValue> {
    let custom = rule_options(options, call).map_err(config_error)?;
    let report = match read_json(value) {
        JsonInput::Text(text) => validate::validate_json_with(body, &text, custom.as_ref()),
        JsonInput::NotJson(kind) => validate::report_not_json(body, kind),
        JsonInput::Unserializable(path) => ValidationReport::from_issues(vec![unserializable(&path)]),
    };
    Ok(parsed(&report.to_json()))
}

/// A report or issue list as JavaScript objects, from the JSON text our writer made: `JSON.parse`
/// builds them faster than one boundary call per property would, and no serializer (neither
/// serde-wasm-bindgen's nor serde_json's) is in the module.
fn parsed(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The issue for a value `JSON.stringify` threw on.
pub fn unserializable(path: &str) -> ValidationIssue {
    ValidationIssue::new(
        path,
        IssueCode::NotSerializable,
        "The value cannot be converted to JSON: it has a cycle, a BigInt, nesting too deep for JSON.stringify, or a property that throws when read.",
    )
}

/// Checks the body of `updateUser` (`PUT /users/{userId}`), and with `options.customFields` the
/// environment's custom fields when it sets `metadata`. Never throws for bad data: bad data is
/// what it reports; bad options throw a `DynamicUsersError` of kind `config`.
#[wasm_bindgen(js_name = validateUserUpdate, unchecked_return_type = "ValidationReport")]
pub fn validate_user_update(
    #[wasm_bindgen(unchecked_param_type = "unknown")] fields: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    validate_js(Body::UserUpdate, &fields, &options, "validateUserUpdate")
}

/// Checks one user of a bulk-create body, and with `options.customFields` the environment's
/// custom fields. Never throws for bad data; bad options throw a `DynamicUsersError` (`config`).
#[wasm_bindgen(js_name = validateNewUser, unchecked_return_type = "ValidationReport")]
pub fn validate_new_user(
    #[wasm_bindgen(unchecked_param_type = "unknown")] user: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    validate_js(Body::NewUser, &user, &options, "validateNewUser")
}

/// Checks a whole bulk-create body, including emails, usernames, ids and unique custom fields
/// repeated across rows. Paths start with the row index: `"[12].email"`. Never throws for bad
/// data; bad options throw a `DynamicUsersError` (`config`).
#[wasm_bindgen(js_name = validateBulkUsers, unchecked_return_type = "ValidationReport")]
pub fn validate_bulk_users(
    #[wasm_bindgen(unchecked_param_type = "unknown")] users: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    validate_js(Body::BulkUsers, &users, &options, "validateBulkUsers")
}

/// Checks one field of a user form as the user types (`undefined` means the field is left out);
/// with `options.customFields`, `"metadata.<name>"` checks that custom field's value. Returns the
/// field's issues; an empty array means the value is fine. Never throws for bad data; bad options
/// throw a `DynamicUsersError` (`config`).
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "ValidationIssue[]")]
#[cfg_attr(size_opt, optimize(size))]
pub fn validate_field(
    #[wasm_bindgen(unchecked_param_type = "UserField | `metadata.${string}` | (string & {})")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let custom = rule_options(&options, "validateField").map_err(config_error)?;
    let Some(field) = read_string(&field) else {
        let message = "The field name must be a string such as \"username\".";
        return Ok(parsed(&issues_json(&[ValidationIssue::new("", IssueCode::InvalidType, message)])));
    };
    let input = read_json(&value);
    if let Some(custom) = &custom {
        let text = if let JsonInput::Text(text) = &input { text.as_str() } else { "" };
        if let Some(issues) = custom.check_field(&field, crate::json::parse(text).ok().as_ref()) {
            return Ok(parsed(&issues_json(&issues)));
        }
    }
    let issues = match input {
        JsonInput::Text(text) => validate::validate_field_json(&field, Some(&text)),
        JsonInput::NotJson("undefined") => validate::validate_field_json(&field, None),
        JsonInput::NotJson(kind) => validate::field_not_json(&field, kind),
        JsonInput::Unserializable(_) => vec![unserializable(&field)],
    };
    Ok(parsed(&issues_json(&issues)))
}

/// The `UserField` declaration; a test (`tests/wasm.rs`) keeps it in step with the schema.
pub const USER_FIELD_TS: &str = r#"
/** A top-level field of a user, as `validateField` takes it. */
export type UserField =
  | "id" | "alias" | "firstName" | "lastName" | "jobTitle" | "phoneNumber" | "metadata"
  | "mfaBackupCodeAcknowledgement" | "tShirtSize" | "team" | "policiesConsent" | "country" | "username"
  | "btcWallet" | "kdaWallet" | "ltcWallet" | "ckbWallet" | "kasWallet" | "dogeWallet"
  | "emailNotification" | "discordNotification" | "newsletterNotification"
  | "email" | "emailVerifiedAt" | "wallets" | "oauthAccounts";
"#;

#[wasm_bindgen(typescript_custom_section)]
const USER_FIELD_DECLARATION: &str = USER_FIELD_TS;
