//! Values across the boundary: Rust → plain JS objects, and reading JS option bags safely.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::validate::{did_you_mean, echo};

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which throws for a proxy whose trap throws.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// Rust → JS as plain objects and arrays (json_compatible: never `Map`s).
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// Reads `key` of an options object; `Err` when the getter or proxy throws.
pub fn get(object: &JsValue, key: &str) -> Result<JsValue, ()> {
    if object.is_undefined() || object.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !object.is_object() {
        return Err(());
    }
    Reflect::get(object, &JsValue::from_str(key)).map_err(drop)
}

/// A sentence about the first own key of an options object that is not one of `known`, or `None`:
/// options are checked as strictly as data, so a misspelt `baseURL` does not quietly leave the
/// default (production) in place. `Err` when listing the keys threw (a proxy).
pub fn unknown_option(options: &JsValue, known: &[&str], call: &str) -> Result<Option<String>, ()> {
    if !options.is_object() {
        return Ok(None);
    }
    for key in object_keys(options).map_err(drop)?.iter() {
        let Some(key) = key.as_string().filter(|key| !known.contains(&key.as_str())) else { continue };
        let hint = match did_you_mean(&key, known) {
            Some(meant) => format!("did you mean \"{meant}\"?"),
            None => format!("it takes {}.", known.join(", ")),
        };
        return Ok(Some(format!("{call} has no option {}: {hint}", echo(&key))));
    }
    Ok(None)
}
