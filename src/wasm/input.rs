//! JavaScript values in: everything is read through `JSON.stringify`, so a value is judged exactly
//! as it would be sent, and hostile values (cycles, throwing getters and proxies, BigInts) turn
//! into a report instead of an exception.

use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript value read as JSON text, or why it cannot be.
pub enum JsonInput {
    Text(String),
    /// No JSON for it (`undefined`, a function, a symbol, a BigInt); holds how to name it.
    NotJson(&'static str),
    /// `JSON.stringify` threw: a cycle, a BigInt inside, a getter or proxy that throws.
    Unserializable,
}

/// Reads `value` as `JSON.stringify` would send it.
pub fn read_json(value: &JsValue) -> JsonInput {
    // `typeof` checks never run user code, unlike `instanceof` or property reads.
    if value.is_undefined() {
        return JsonInput::NotJson("undefined");
    }
    if value.is_function() {
        return JsonInput::NotJson("a function");
    }
    if value.is_symbol() {
        return JsonInput::NotJson("a symbol");
    }
    if value.is_bigint() {
        return JsonInput::NotJson("a BigInt");
    }
    match js_sys::JSON::stringify(value) {
        // `toJSON` may still answer undefined.
        Ok(text) => text.as_string().map_or(JsonInput::NotJson("undefined"), JsonInput::Text),
        Err(_) => JsonInput::Unserializable,
    }
}

/// Reads `value` as a string if it is one (without calling `toString` on anything else).
pub fn read_string(value: &JsValue) -> Option<String> {
    value.dyn_ref::<js_sys::JsString>().and_then(|s| s.as_string())
}
