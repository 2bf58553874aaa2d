//! JavaScript values in: everything is read through `JSON.stringify`, so a value is judged exactly
//! as it would be sent, and hostile values (cycles, throwing getters and proxies, BigInts) turn
//! into a report instead of an exception.

use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, into: &js_sys::Uint8Array) -> EncodeResult;

    /// What `encodeInto` answers: UTF-16 units read, bytes written.
    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Copies a JS string into Rust. The engine's `TextEncoder.encodeInto` writes straight into the
/// string's buffer in wasm memory: 4 ms for 31 MB of JSON, where `encode` and a copy took 24 ms
/// and wasm-bindgen's own string passing, which walks ASCII in JavaScript, longer still. The
/// encoder replaces unpaired surrogates, which `JSON.stringify` output never holds raw.
pub fn to_rust_string(text: &js_sys::JsString) -> String {
    let units = text.length() as usize;
    // One byte a unit fits ASCII, the usual case; the rest grows to the worst case, 3 bytes a unit.
    let mut bytes: Vec<u8> = Vec::with_capacity(units);
    let mut rest = text.clone();
    loop {
        let spare = bytes.spare_capacity_mut();
        // A view made after the allocation: growing wasm memory detaches earlier views.
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer(),
            spare.as_mut_ptr() as u32,
            spare.len() as u32,
        );
        let result = ENCODER.with(|encoder| encoder.encode_into(&rest, &view));
        let written = (result.written() as usize).min(spare.len());
        // SAFETY: `encodeInto` initialised the first `written` bytes of the spare capacity.
        unsafe { bytes.set_len(bytes.len() + written) };
        let read = result.read();
        if read >= rest.length() {
            break;
        }
        rest = rest.slice(read, rest.length());
        bytes.reserve(rest.length() as usize * 3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

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
        Ok(text) if text.is_string() => JsonInput::Text(to_rust_string(&text)),
        Ok(_) => JsonInput::NotJson("undefined"),
        Err(_) => JsonInput::Unserializable,
    }
}

/// Reads `value` as a string if it is one (without calling `toString` on anything else).
/// Unpaired surrogates become U+FFFD, as `TextEncoder` does.
pub fn read_string(value: &JsValue) -> Option<String> {
    value.dyn_ref::<js_sys::JsString>().map(to_rust_string)
}
