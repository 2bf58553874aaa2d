//! `parseUsersCsv`.

use wasm_bindgen::prelude::*;

use super::input::read_string;
use crate::csv::parse_users_csv;
use crate::validate::{IssueCode, ValidationIssue};

#[wasm_bindgen(module = "/src/wasm/build_users.js")]
extern "C" {
    /// The user objects of the tape's rows that start at `rows`; `text` is the CSV text.
    #[wasm_bindgen(js_name = buildUsers, catch)]
    fn build_users(
        text: &JsValue,
        copied: &str,
        words: &[u32],
        rows: &[u32],
        keys: &js_sys::Array,
    ) -> Result<JsValue, JsValue>;
}

/// Reads a CSV export of users (RFC 4180; headers matched case- and separator-insensitively;
/// `metadata.<key>` and `walletAddress`/`walletChain`/`walletName`/`walletProvider` columns) and
/// validates each row. Rows with errors are left out of `users`; every issue is in `issues`,
/// with paths like `"row 13: email"` (the line in the file). Never throws for bad input (only when
/// JavaScript runs out of memory for the users).
#[wasm_bindgen(js_name = parseUsersCsv, unchecked_return_type = "ParsedUsersCsv")]
pub fn parse_users_csv_js(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    let Some(csv) = read_string(&text) else {
        let issue =
            ValidationIssue::new("", IssueCode::InvalidType, "parseUsersCsv takes the text of a CSV file (a string).");
        return js_sys::JSON::parse(&format!(
            r#"{{"users":[],"lines":[],"issues":[{}]}}"#,
            serde_json::to_string(&issue).unwrap_or_default()
        ));
    };
    let parsed = parse_users_csv(&csv);
    drop(csv);
    // One call builds every object from the tape: twice as fast as JSON.parse reads the same users
    // from JSON text, and far faster than a boundary call for each object.
    let tape = &parsed.tape;
    let rows: Vec<u32> = parsed.kept.iter().filter_map(|&index| tape.rows.get(index).copied()).collect();
    let keys: js_sys::Array =
        tape.keys.iter().map(|key| key.as_deref().map_or(JsValue::UNDEFINED, JsValue::from_str)).collect();
    let users = build_users(&text, &tape.copied, &tape.words, &rows, &keys)?;
    let issues = js_sys::JSON::parse(&serde_json::to_string(&parsed.issues).unwrap_or_else(|_| "[]".into()))?;
    let lines: Vec<u32> = parsed.kept.iter().filter_map(|&index| parsed.lines.get(index).copied()).collect();
    let lines = js_sys::Array::from(&js_sys::Uint32Array::from(&lines[..]));
    let result = js_sys::Object::new();
    js_sys::Reflect::set(&result, &"users".into(), &users)?;
    js_sys::Reflect::set(&result, &"lines".into(), &lines)?;
    js_sys::Reflect::set(&result, &"issues".into(), &issues)?;
    Ok(result.into())
}

#[wasm_bindgen(typescript_custom_section)]
const PARSED_TS: &str = r#"
/** What `parseUsersCsv` returns. */
export interface ParsedUsersCsv {
  /** The rows without errors, as users ready for `bulkCreateUsers` or `importUsers`. */
  users: NewUser[];
  /** The line in the file where each of `users` starts (1-based): `lines[i]` is `users[i]`'s. */
  lines: number[];
  /** File problems, unknown columns, and each row's errors and warnings (`"row 13: email"`). */
  issues: ValidationIssue[];
}
"#;
