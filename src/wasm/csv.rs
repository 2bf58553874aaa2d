//! `parseUsersCsv`, `fixUsers`, and reading `CsvOptions` (shared with `importUsers`).

//! `fixUsers` is in every build; the rest only with the `csv` feature.

#[cfg(feature = "csv")]
use js_sys::Array;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[cfg(feature = "csv")]
use super::convert::{check_option_names, flag, get};
#[cfg(feature = "csv")]
use super::custom_fields::read_custom_fields;
#[cfg(feature = "csv")]
use super::error::to_js_error;
#[cfg(feature = "csv")]
use super::input::read_string;
use super::input::{read_json, JsonInput};
#[cfg(feature = "csv")]
use crate::client::ClientError;
#[cfg(feature = "csv")]
use crate::csv::{parse_users_csv_with, CsvOptions};
#[cfg(feature = "csv")]
use crate::json::push_string as push_json_string;
#[cfg(feature = "csv")]
use crate::text::cat;
#[cfg(feature = "csv")]
use crate::validate::CustomFields;
#[cfg(feature = "csv")]
use crate::validate::{echo, issues_json, IssueCode, ValidationIssue};
use crate::validate::{fix_users_json, fixes_json};

#[cfg(feature = "csv")]
// In src/wasm/host.js with the client's JavaScript: one snippet file, not two, which gzip
// compresses better (0.13 KB gzip) and the glue imports once.
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    /// `parseUsersCsv`'s result: the user objects of the tape's rows that start at `rows` (`text`
    /// is the CSV text, `keys` the columns' keys as a JSON array, `shared` the number of ids of
    /// shared cells), their `lines`, and the `issues` and `fixes` JSON texts parsed. One object
    /// made in JavaScript rather than four `Reflect.set` calls and an array of keys built from here.
    #[wasm_bindgen(js_name = buildUsers, catch)]
    #[allow(clippy::too_many_arguments)]
    fn build_users(
        text: &JsValue,
        copied: &str,
        words: &[u32],
        rows: &[u32],
        keys: &str,
        shared: u32,
        lines: &[u32],
        issues: &str,
        fixes: &str,
    ) -> Result<JsValue, JsValue>;
}

#[cfg(feature = "csv")]
#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which throws for a proxy whose trap throws.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
}

/// The options `CsvOptions` names.
#[cfg(feature = "csv")]
pub(super) const CSV_OPTIONS: [&str; 4] = ["columns", "delimiter", "fix", "customFields"];

/// Reads `columns`, `delimiter` and `fix` of an options bag whose names were checked; a wrong
/// value is a `config` error, with a did-you-mean for a misspelt field.
#[cfg(feature = "csv")]
#[cfg_attr(size_opt, optimize(size))]
pub(super) fn read_csv_options(options: &JsValue) -> Result<CsvOptions, ClientError> {
    let unreadable = || ClientError::config("options could not be read.");
    let field = |key: &str| get(options, key).map_err(|()| unreadable());
    let mut csv = CsvOptions { fix: flag(&field("fix")?, "fix")?, ..CsvOptions::default() };
    let delimiter = field("delimiter")?;
    if !delimiter.is_undefined() {
        let Some(text) = read_string(&delimiter) else {
            return Err(ClientError::config(
                "options.delimiter must be a string: \",\", \";\", \"\\t\" (tab) or \"|\".",
            ));
        };
        csv.set_delimiter(&text).map_err(ClientError::config)?;
    }
    let columns = field("columns")?;
    if columns.is_undefined() {
        return Ok(csv);
    }
    if !columns.is_object() || columns.is_function() || Array::is_array(&columns) {
        return Err(ClientError::config(
            "options.columns must be an object mapping each header to a field name, \"metadata.<key>\", or null to ignore the column.",
        ));
    }
    for header in object_keys(&columns).map_err(|_| unreadable())?.iter() {
        let Some(header) = header.as_string() else { continue };
        let value = Reflect::get(&columns, &JsValue::from_str(&header)).map_err(|_| unreadable())?;
        let target = match read_string(&value) {
            Some(target) => Some(target),
            None if value.is_null() => None,
            None => {
                return Err(ClientError::config(cat(&[
                    "options.columns[",
                    &echo(&header),
                    "] must be a field name (a string) or null to ignore the column.",
                ])))
            }
        };
        csv.map_column(header, target.as_deref()).map_err(ClientError::config)?;
    }
    Ok(csv)
}

/// Reads a CSV export of users (RFC 4180; delimiter `,` `;` tab or `|`, detected from the header
/// line; headers matched case- and separator-insensitively, and as `options.columns` says) and
/// validates each row; with `options.fix`, applies the mechanical fixes first (listed in `fixes`).
/// Rows with errors are left out of `users`; every issue is in `issues`, with paths like
/// `"row 13: email"` and the `line`. Never throws for bad data; throws a `DynamicUsersError` of kind
/// `config` for bad options (an unknown field in `columns`, a delimiter that is not one of the four).
#[cfg(feature = "csv")]
#[wasm_bindgen(js_name = parseUsersCsv, unchecked_return_type = "ParsedUsersCsv")]
#[cfg_attr(size_opt, optimize(size))]
pub fn parse_users_csv_js(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let mut custom = None;
    let options = parse_options(&options, &mut custom).map_err(to_js_error)?;
    let Some(csv) = read_string(&text) else {
        let issue =
            ValidationIssue::new("", IssueCode::InvalidType, "parseUsersCsv takes the text of a CSV file (a string).");
        return js_sys::JSON::parse(&cat(&[
            r#"{"users":[],"lines":[],"issues":"#,
            &issues_json(&[issue]),
            r#","fixes":[]}"#,
        ]));
    };
    let parsed = parse_users_csv_with(&csv, &options, custom.as_ref());
    drop(csv);
    // One call builds every object from the tape: twice as fast as JSON.parse reads the same users
    // from JSON text, and far faster than a boundary call for each object.
    let tape = &parsed.tape;
    let rows: Vec<u32> = parsed.kept.iter().filter_map(|&index| tape.rows.get(index).copied()).collect();
    // `null` for a column without a key (buildUsers reads it as `undefined`).
    let mut keys = String::from("[");
    for (i, key) in tape.keys.iter().enumerate() {
        if i > 0 {
            keys.push(',');
        }
        match key {
            Some(key) => push_json_string(&mut keys, key),
            None => keys.push_str("null"),
        }
    }
    keys.push(']');
    let lines: Vec<u32> = parsed.kept.iter().filter_map(|&index| parsed.lines.get(index).copied()).collect();
    let (issues, fixes) = (issues_json(&parsed.issues), fixes_json(&parsed.fixes));
    build_users(&text, &tape.copied, &tape.words, &rows, &keys, tape.shared.len() as u32, &lines, &issues, &fixes)
}

/// `parseUsersCsv`'s options: absent, or an object of `CsvOptions` only; its custom fields go to
/// `custom`, their columns into the options.
#[cfg(feature = "csv")]
fn parse_options(options: &JsValue, custom: &mut Option<CustomFields>) -> Result<CsvOptions, ClientError> {
    if options.is_undefined() || options.is_null() {
        return Ok(CsvOptions::default());
    }
    if !options.is_object() {
        return Err(ClientError::config("parseUsersCsv options must be an object."));
    }
    let unreadable = || ClientError::config("parseUsersCsv options could not be read.");
    check_option_names(options, &CSV_OPTIONS, "parseUsersCsv", unreadable)?;
    let mut csv = read_csv_options(options)?;
    let fields = get(options, "customFields").map_err(|()| unreadable())?;
    *custom = read_custom_fields(&fields).map_err(ClientError::config)?;
    if let Some(fields) = custom.as_ref() {
        csv.map_custom_fields(fields);
    }
    Ok(csv)
}

/// Applies the mechanical fixes that validation names (`issue.fix`: a country's name → its code,
/// spaces trimmed, accents composed, a phone number's parentheses, upper-case UUIDs and addresses)
/// to each user, and nothing else; `fixes` lists every change. Never throws: a value that is not an
/// array gives no users.
#[wasm_bindgen(js_name = fixUsers, unchecked_return_type = "FixedUsers")]
#[cfg_attr(size_opt, optimize(size))]
pub fn fix_users(
    #[wasm_bindgen(unchecked_param_type = "readonly unknown[]")] users: JsValue,
) -> Result<JsValue, JsValue> {
    let fixed = match read_json(&users) {
        JsonInput::Text(text) => fix_users_json(&text),
        JsonInput::NotJson(_) | JsonInput::Unserializable(_) => None,
    };
    let (text, fixes) = fixed.map_or_else(|| ("[]".to_owned(), Vec::new()), |fixed| (fixed.text, fixed.fixes));
    let result = js_sys::Object::new();
    Reflect::set(&result, &"users".into(), &js_sys::JSON::parse(&text)?)?;
    let fixes = js_sys::JSON::parse(&fixes_json(&fixes))?;
    Reflect::set(&result, &"fixes".into(), &fixes)?;
    Ok(result.into())
}

#[cfg(feature = "csv")]
#[wasm_bindgen(typescript_custom_section)]
const PARSED_TS: &str = r#"
/** How to read a CSV file: `parseUsersCsv`, and `importUsers` with CSV text. */
export interface CsvOptions extends RuleOptions {
  /** Header → the field its column fills, `"metadata.<key>"`, or `null` to ignore the column (no warning); other columns map by their names (and, with `customFields`, a column named like a custom field's name or label fills `metadata.<name>`). */
  columns?: Record<string, UserField | "walletAddress" | "walletChain" | "walletName" | "walletProvider" | `metadata.${string}` | null>;
  /** The cell delimiter; default: detected from the header line (an Excel `sep=` line also sets it). */
  delimiter?: "," | ";" | "\t" | "|";
  /** Apply the mechanical fixes that issues carry (`issue.fix`), listed in `fixes`; fixed rows are validated again. */
  fix?: boolean;
}

/** What `parseUsersCsv` returns. */
export interface ParsedUsersCsv {
  /** The rows without errors, as users ready for `bulkCreateUsers` or `importUsers`. */
  users: NewUser[];
  /** The line in the file where each of `users` starts (1-based): `lines[i]` is `users[i]`'s. */
  lines: number[];
  /** File problems, unknown columns, and each row's errors and warnings (`"row 13: email"`, with `line`). */
  issues: ValidationIssue[];
  /** With `fix: true`, every value a fix changed (`index` counts the file's data rows); otherwise empty. */
  fixes: Fix[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const FIXED_TS: &str = r#"
/** What `fixUsers` returns. */
export interface FixedUsers {
  /** The users, with the fixes applied (values without a mechanical fix as they were). */
  users: NewUser[];
  /** Every value a fix changed. */
  fixes: Fix[];
}
"#;
