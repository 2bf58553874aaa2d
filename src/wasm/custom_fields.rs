//! `RuleOptions` at the boundary: `customFields`, with each text field's `regex` compiled by the
//! JavaScript engine's own `RegExp` (as Dynamic's SDK does, `new RegExp(regex)`), so the module
//! carries no regex engine and cannot drift from the browser's semantics.

use wasm_bindgen::prelude::*;

use super::input::{read_json, JsonInput};
use crate::json::{self, Json};
use crate::text::cat;
use crate::validate::{CustomFields, Matcher};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = RegExp)]
    type Pattern;
    /// `new RegExp(pattern)`: throws a SyntaxError for a pattern that does not compile.
    #[wasm_bindgen(constructor, js_class = "RegExp", catch)]
    fn new(pattern: &str) -> Result<Pattern, JsValue>;
    #[wasm_bindgen(method, js_class = "RegExp", catch)]
    fn test(this: &Pattern, value: &str) -> Result<bool, JsValue>;
}

/// `new RegExp(pattern)` as a matcher, or `None` when it does not compile.
fn compile(pattern: &str) -> Option<Matcher> {
    let pattern = Pattern::new(pattern).ok()?;
    // A pattern that throws while matching (the engine's stack) refuses nothing.
    Some(Box::new(move |value: &str| pattern.test(value).unwrap_or(true)))
}

/// The `customFields` value of an options bag: absent (`undefined`) is none; anything but an
/// array of custom fields is `Err`, the sentence for a `config` error.
#[cfg(feature = "csv")]
pub fn read_custom_fields(value: &JsValue) -> Result<Option<CustomFields>, String> {
    if value.is_undefined() {
        return Ok(None);
    }
    let JsonInput::Text(text) = read_json(value) else { return Err(not_array()) };
    CustomFields::parse(&text, &mut compile).map(Some)
}

#[cfg(feature = "csv")]
fn not_array() -> String {
    "options.customFields must be an array of custom fields, as getCustomFields returns.".into()
}

/// A validator's `options` (`RuleOptions`): absent, or an object whose only option is
/// `customFields`. `Err` is the sentence for a `config` error.
#[cfg_attr(size_opt, optimize(size))]
pub fn rule_options(options: &JsValue, call: &str) -> Result<Option<CustomFields>, String> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    // Read as JSON, as data is: a throwing getter or proxy is an error, not a throw from here.
    let text = match read_json(options) {
        JsonInput::Text(text) => text,
        _ => String::new(),
    };
    let Ok(Json::Object(entries)) = json::parse(&text) else {
        return Err(cat(&[call, " options must be an object such as { customFields }."]));
    };
    let mut fields = None;
    for (key, value) in &entries {
        if key != "customFields" {
            return Err(cat(&[call, " has no option ", &crate::validate::echo(key), ": it takes customFields."]));
        }
        fields = Some(CustomFields::from_json(value, &mut compile)?);
    }
    Ok(fields)
}

/// The error a validator throws for bad options: a `DynamicUsersError` of kind `config`, as
/// `parseUsersCsv` throws.
pub fn config_error(message: String) -> JsValue {
    #[cfg(feature = "csv")]
    {
        super::error::to_js_error(crate::client::ClientError::config(message))
    }
    #[cfg(not(feature = "csv"))]
    {
        let error: JsValue = ValidateEntryError::new(&message).into();
        let _ = js_sys::Reflect::set(&error, &"kind".into(), &"config".into());
        let _ = js_sys::Reflect::set(&error, &"attempts".into(), &JsValue::from(0));
        error
    }
}

#[cfg(not(feature = "csv"))]
#[wasm_bindgen]
extern "C" {
    /// `DynamicUsersError` of the validate entry: scripts/build-pkg.sh puts the class (host.js's
    /// lines) into that module's glue, where this import's `new DynamicUsersError(…)` finds it, so
    /// `instanceof DynamicUsersError` takes the error as it takes the main entry's.
    #[wasm_bindgen(js_name = DynamicUsersError)]
    type ValidateEntryError;
    #[wasm_bindgen(constructor, js_class = "DynamicUsersError")]
    fn new(message: &str) -> ValidateEntryError;
}

#[wasm_bindgen(typescript_custom_section)]
const CUSTOM_FIELDS_TS: &str = r#"
/** Options of the validators: the environment's custom fields (from `getCustomFields`), checked at `metadata[field.name]`. */
export interface RuleOptions {
  /** The environment's custom fields (KYC); only `enabled` ones apply. */
  customFields?: readonly CustomField[];
}

/** A custom field of an environment (`GET /environments/{environmentId}/custom/fields`); a user's value is `metadata[name]`. */
export interface CustomField {
  /** The field's id. */
  id: string;
  /** The field's key. */
  key: string;
  /** Where a user's value lives: `metadata[name]`. */
  name: string;
  /** A label, where the API gives one (a CSV column may be named by it). */
  label?: string;
  /** Only enabled fields apply. */
  enabled: boolean;
  /** The value must be present and non-empty (a checkbox `true`). */
  required: boolean;
  /** A text input (checked by `regex`), a checkbox (a boolean) or a select (one option's `label`). */
  fieldType: "text" | "checkbox" | "select";
  /** The field's rules. */
  validationRules?: CustomFieldValidationRules;
  /** The field's place in a form. */
  position: number;
}

/** The rules of a custom field. */
export interface CustomFieldValidationRules {
  /** No two users share the value (`custom_field_duplicate` across a bulk body). */
  unique?: boolean;
  /** A text field's pattern, matched as `new RegExp(regex).test(value)` (at most 255 characters). */
  regex?: string;
  /** A select field's options; a value is one of their labels. */
  validOptions?: { label: string; key?: string }[];
  /** The text shown beside a checkbox. */
  checkboxText?: string;
}
"#;
