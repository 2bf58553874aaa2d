//! `parseUsersCsv`.

use wasm_bindgen::prelude::*;

use super::input::read_string;
use crate::csv::parse_users_csv;
use crate::import::json_array;
use crate::validate::{IssueCode, ValidationIssue};

/// Reads a CSV export of users (RFC 4180; headers matched case- and separator-insensitively;
/// `metadata.<key>` and `walletAddress`/`walletChain`/`walletName`/`walletProvider` columns) and
/// validates each row. Rows with errors are left out of `users`; every issue is in `issues`,
/// with paths like `"row 13: email"` (the line in the file). Never throws.
#[wasm_bindgen(js_name = parseUsersCsv, unchecked_return_type = "ParsedUsersCsv")]
pub fn parse_users_csv_js(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> JsValue {
    let Some(text) = read_string(&text) else {
        let issue =
            ValidationIssue::new("", IssueCode::InvalidType, "parseUsersCsv takes the text of a CSV file (a string).");
        return js_sys::JSON::parse(&format!(
            r#"{{"users":[],"issues":[{}]}}"#,
            serde_json::to_string(&issue).unwrap_or_default()
        ))
        .unwrap_or(JsValue::NULL);
    };
    let parsed = parse_users_csv(&text);
    drop(text);
    // The rows already are JSON: JSON.parse builds 100 000 objects faster than one boundary call
    // each would. When no row is refused the reader's array is the answer as it stands.
    let prepared = &parsed.prepared;
    let users = if prepared.rejected.is_empty() {
        js_sys::JSON::parse(&prepared.input.text)
    } else {
        js_sys::JSON::parse(&json_array(&prepared.input.text, prepared.ready.iter().map(|r| &r.span)))
    };
    let issues = js_sys::JSON::parse(&serde_json::to_string(&parsed.issues).unwrap_or_else(|_| "[]".into()));
    let result = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&result, &"users".into(), &users.unwrap_or_else(|_| js_sys::Array::new().into()));
    let _ = js_sys::Reflect::set(&result, &"issues".into(), &issues.unwrap_or_else(|_| js_sys::Array::new().into()));
    result.into()
}

#[wasm_bindgen(typescript_custom_section)]
const PARSED_TS: &str = r#"
/** What `parseUsersCsv` returns. */
export interface ParsedUsersCsv {
  /** The rows without errors, as users ready for `bulkCreateUsers` or `importUsers`. */
  users: NewUser[];
  /** File problems, unknown columns, and each row's errors and warnings (`"row 13: email"`). */
  issues: ValidationIssue[];
}
"#;
