//! Custom fields of an environment (SPEC section 6): what `GET …/custom/fields` serves and what
//! writes are held to. A user's value for a field is `metadata[field.name]`.
//!
//! Fields come from `--custom-fields FILE` (every environment) or `PUT
//! /__emulator/environments/{environmentId}/custom-fields`. A text field's `regex` is compiled by
//! the JSON Schema engine as a `pattern` (its ECMAScript-to-Rust translation, fancy-regex), the
//! same engine that checks request bodies, independently of the client's JavaScript `RegExp`.

use jsonschema::Validator;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One field, ready to check values against.
pub struct Field {
    /// As served by `GET …/custom/fields`.
    pub doc: Value,
    pub name: String,
    pub enabled: bool,
    pub required: bool,
    pub kind: Kind,
    pub unique: bool,
    pattern: Option<Validator>,
    options: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Checkbox,
    Select,
}

/// A write that breaks a field's rule: the API's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub error: String,
}

/// Fields by environment.
#[derive(Default)]
pub struct CustomFields {
    by_env: RwLock<HashMap<String, Arc<Vec<Field>>>>,
    /// What environments without their own fields get (`--custom-fields`).
    default: Arc<Vec<Field>>,
}

impl CustomFields {
    /// `default` applies to every environment until one is set for it.
    pub fn new(default: Vec<Field>) -> CustomFields {
        CustomFields { by_env: RwLock::default(), default: Arc::new(default) }
    }

    /// The fields of `env`.
    pub fn get(&self, env: &str) -> Arc<Vec<Field>> {
        let map = self.by_env.read().unwrap_or_else(|p| p.into_inner());
        map.get(env).cloned().unwrap_or_else(|| self.default.clone())
    }

    /// Replaces the fields of `env`.
    pub fn set(&self, env: &str, fields: Vec<Field>) {
        self.by_env.write().unwrap_or_else(|p| p.into_inner()).insert(env.to_owned(), Arc::new(fields));
    }

    /// Back to the `--custom-fields` ones.
    pub fn reset(&self, env: &str) {
        self.by_env.write().unwrap_or_else(|p| p.into_inner()).remove(env);
    }
}

/// The served documents of `fields`, by `position`.
pub fn documents(fields: &[Field]) -> Value {
    Value::Array(fields.iter().map(|f| f.doc.clone()).collect())
}

/// Reads a list of fields as the API describes them; `id`, `key`, `enabled`, `required` and
/// `position` may be left out (a new id, the name, true, false, the index). A name twice is the
/// API's `custom_field_not_unique`.
pub fn parse(v: &Value) -> Result<Vec<Field>, Refusal> {
    let bad = |error: String| Refusal { code: "invalid_custom_fields", error };
    let items = v.as_array().ok_or_else(|| bad("custom fields must be a JSON array".into()))?;
    let mut out: Vec<Field> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let o = item.as_object().ok_or_else(|| bad(format!("[{i}] must be an object")))?;
        let name = o.get("name").and_then(Value::as_str).filter(|n| !n.is_empty());
        let name = name.ok_or_else(|| bad(format!("[{i}].name must be a non-empty string")))?;
        // The store finds values by a JSON path built from the name: no quote or backslash.
        if name.contains(['"', '\\']) {
            return Err(bad(format!("[{i}].name must not contain quotes or backslashes")));
        }
        if out.iter().any(|f| f.name == name) {
            return Err(Refusal {
                code: "custom_field_not_unique",
                error: format!("A custom field named {name:?} already exists in this environment"),
            });
        }
        let flag = |key: &str, default: bool| match o.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(bad(format!("[{i}].{key} must be a boolean"))),
        };
        let kind = match o.get("fieldType").and_then(Value::as_str) {
            Some("text") => Kind::Text,
            Some("checkbox") => Kind::Checkbox,
            Some("select") => Kind::Select,
            _ => return Err(bad(format!("[{i}].fieldType must be text, checkbox or select"))),
        };
        let rules = match o.get("validationRules") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(r)) => r.clone(),
            Some(_) => return Err(bad(format!("[{i}].validationRules must be an object"))),
        };
        let unique = matches!(rules.get("unique"), Some(Value::Bool(true)));
        let pattern = match rules.get("regex") {
            Some(Value::String(re)) if kind == Kind::Text && !re.is_empty() => Some(
                jsonschema::validator_for(&json!({ "pattern": re }))
                    .map_err(|e| bad(format!("[{i}].validationRules.regex does not compile: {e}")))?,
            ),
            _ => None,
        };
        let options = match rules.get("validOptions") {
            Some(Value::Array(opts)) => {
                opts.iter().filter_map(|o| o.get("label").and_then(Value::as_str).map(str::to_owned)).collect()
            }
            _ => Vec::new(),
        };
        let mut doc = o.clone();
        doc.entry("id").or_insert_with(|| json!(uuid::Uuid::new_v4().to_string()));
        doc.entry("key").or_insert_with(|| json!(name));
        doc.entry("enabled").or_insert(json!(true));
        doc.entry("required").or_insert(json!(false));
        doc.entry("position").or_insert(json!(i));
        out.push(Field {
            name: name.to_owned(),
            enabled: flag("enabled", true)?,
            required: flag("required", false)?,
            kind,
            unique,
            pattern,
            options,
            doc: Value::Object(doc),
        });
    }
    out.sort_by_key(|f| f.doc.get("position").and_then(Value::as_i64).unwrap_or(0));
    Ok(out)
}

impl Field {
    /// The JSON path of this field's value in a stored user document.
    pub fn json_path(&self) -> String {
        format!("$.metadata.\"{}\"", self.name)
    }

    /// The value a uniqueness check compares, if any: a non-empty string.
    pub fn unique_value<'a>(&self, metadata: Option<&'a Map<String, Value>>) -> Option<&'a str> {
        let v = metadata?.get(&self.name)?.as_str()?;
        (self.enabled && self.unique && !v.is_empty()).then_some(v)
    }

    /// Checks this field's value in `metadata` (required, type, pattern, option), as the API
    /// refuses a user: `invalid_metadata_value`.
    pub fn check(&self, metadata: Option<&Map<String, Value>>) -> Result<(), Refusal> {
        if !self.enabled {
            return Ok(());
        }
        let name = &self.name;
        let refuse =
            |what: &str| Err(Refusal { code: "invalid_metadata_value", error: format!("metadata.{name} {what}") });
        let value = metadata.and_then(|m| m.get(name)).filter(|v| !v.is_null() && v.as_str() != Some(""));
        let Some(value) = value else {
            return if self.required { refuse("is required") } else { Ok(()) };
        };
        match self.kind {
            Kind::Checkbox => match value {
                Value::Bool(false) if self.required => refuse("must be checked (true)"),
                Value::Bool(_) => Ok(()),
                _ => refuse("must be a boolean"),
            },
            Kind::Text => match value {
                Value::String(_) if self.pattern.as_ref().is_some_and(|p| !p.is_valid(value)) => {
                    refuse("does not match the field's pattern")
                }
                Value::String(_) => Ok(()),
                _ => refuse("must be a string"),
            },
            Kind::Select => match value.as_str() {
                Some(s) if self.options.iter().any(|o| o == s) => Ok(()),
                _ => refuse("must be one of the field's options"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Vec<Field> {
        parse(&v).unwrap()
    }

    #[test]
    fn rules_as_the_api_applies_them() {
        let f = fields(json!([
            { "name": "kyc", "fieldType": "text", "required": true, "validationRules": { "regex": "^[A-Z]{2}\\d{4}$", "unique": true } },
            { "name": "tier", "fieldType": "select", "validationRules": { "validOptions": [{ "label": "Gold" }, { "label": "Silver" }] } },
            { "name": "terms", "fieldType": "checkbox", "required": true, "validationRules": { "checkboxText": "I agree" } },
            { "name": "off", "fieldType": "text", "required": true, "enabled": false },
        ]));
        let m = |v: Value| v.as_object().unwrap().clone();
        let good = m(json!({ "kyc": "AB1234", "tier": "Gold", "terms": true }));
        assert!(f.iter().all(|f| f.check(Some(&good)).is_ok()));
        let r = |i: usize, v: Value| f[i].check(Some(&m(v))).map_err(|e| e.error);
        assert_eq!(r(0, json!({})), Err("metadata.kyc is required".into()));
        assert_eq!(r(0, json!({ "kyc": "" })), Err("metadata.kyc is required".into()));
        assert_eq!(r(0, json!({ "kyc": "ab1234" })), Err("metadata.kyc does not match the field's pattern".into()));
        assert!(r(0, json!({ "kyc": 5 })).is_err());
        assert!(r(1, json!({ "tier": "gold" })).is_err(), "options by label, as written");
        assert!(r(1, json!({})).is_ok(), "not required");
        assert!(r(2, json!({ "terms": false })).is_err());
        assert!(r(2, json!({ "terms": "yes" })).is_err());
        assert!(f[3].check(None).is_ok(), "disabled fields do not apply");
        assert_eq!(f[0].unique_value(Some(&good)), Some("AB1234"));
        assert_eq!(f[1].unique_value(Some(&good)), None);
        assert_eq!(f[0].doc["key"], "kyc");
        assert_eq!(f[2].doc["position"], 2);
    }

    #[test]
    fn refuses_bad_definitions() {
        let e = parse(&json!([{ "name": "a", "fieldType": "text" }, { "name": "a", "fieldType": "text" }]));
        assert_eq!(e.err().unwrap().code, "custom_field_not_unique");
        for bad in [
            json!({}),
            json!([{ "fieldType": "text" }]),
            json!([{ "name": "a", "fieldType": "date" }]),
            json!([{ "name": "a", "fieldType": "text", "validationRules": { "regex": "(" } }]),
            json!([{ "name": "a\"b", "fieldType": "text" }]),
            json!([{ "name": "a", "fieldType": "text", "required": "yes" }]),
        ] {
            assert_eq!(parse(&bad).err().map(|e| e.code), Some("invalid_custom_fields"), "{bad}");
        }
    }
}
