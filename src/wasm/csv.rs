//! `parseUsersCsv`.

use wasm_bindgen::prelude::*;

use super::input::read_string;
use crate::csv::parse_users_csv;
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
    // One JSON text for JSON.parse: the rows already are JSON, and 100 000 objects built one
    // boundary call at a time would cost more than the parse.
    let prepared = &parsed.prepared;
    let mut out = String::with_capacity(prepared.ready.iter().map(|r| r.span.len() + 1).sum::<usize>() + 64);
    out.push_str(r#"{"users":["#);
    for (i, row) in prepared.ready.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(prepared.input.row(row.row.index));
    }
    out.push_str(r#"],"issues":"#);
    out.push_str(&serde_json::to_string(&parsed.issues).unwrap_or_else(|_| "[]".into()));
    out.push('}');
    js_sys::JSON::parse(&out).unwrap_or(JsValue::NULL)
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
