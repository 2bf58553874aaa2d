//! Values across the boundary: Rust → plain JS objects, and reading JS option bags safely.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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
