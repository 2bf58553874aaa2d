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

    /// `Array.isArray`, which throws for a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `Array.prototype.slice.call(array, start, end)`: the array's own `slice` may be anything.
    #[wasm_bindgen(js_namespace = ["Array", "prototype", "slice"], js_name = call, catch)]
    fn array_slice(array: &js_sys::Array, start: u32, end: u32) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// `new WebAssembly.Module(bytes, options)`: js-sys's takes no options.
    #[wasm_bindgen(js_namespace = WebAssembly, js_name = Module)]
    type Compiled;
    #[wasm_bindgen(constructor, js_namespace = WebAssembly, js_class = "Module", catch)]
    fn compile(bytes: &[u8], options: &JsValue) -> Result<Compiled, JsValue>;

    #[wasm_bindgen(js_namespace = WebAssembly, js_name = Instance)]
    type Instance;
    #[wasm_bindgen(constructor, js_namespace = WebAssembly, js_class = "Instance", catch)]
    fn new(module: &Compiled, imports: &JsValue) -> Result<Instance, JsValue>;

    /// The exports of `src/wasm/utf8.wat`.
    type Utf8;
    /// Writes the UTF-8 of `text`'s `units` UTF-16 units at `at`; answers where it stopped.
    #[wasm_bindgen(method, js_name = e)]
    fn encode(this: &Utf8, text: &js_sys::JsString, units: u32, at: u32) -> u32;
}

thread_local! {
    /// `TextEncoder`, and `utf8.wat` where it runs: one lazy value for both, which is smaller.
    static ENCODERS: (TextEncoder, Option<Utf8>) = (TextEncoder::new(), utf8_module());
}

/// `src/wasm/utf8.wat`, assembled (`wasm-as --enable-gc --enable-reference-types`, then
/// `wasm-opt -Oz --strip-debug --strip-producers`; a test holds the two together).
const UTF8_WASM: &[u8] = &[
    0, 97, 115, 109, 1, 0, 0, 0, 1, 19, 3, 94, 119, 1, 96, 3, 111, 99, 0, 127, 1, 127, 96, 3, 111, 127, 127, 1, 127, 2,
    48, 2, 1, 109, 6, 109, 101, 109, 111, 114, 121, 2, 0, 0, 14, 119, 97, 115, 109, 58, 106, 115, 45, 115, 116, 114,
    105, 110, 103, 17, 105, 110, 116, 111, 67, 104, 97, 114, 67, 111, 100, 101, 65, 114, 114, 97, 121, 0, 1, 3, 2, 1,
    2, 6, 7, 1, 99, 0, 1, 208, 113, 11, 7, 5, 1, 1, 101, 0, 1, 10, 141, 2, 1, 138, 2, 2, 3, 127, 1, 99, 0, 35, 0, 34,
    6, 209, 4, 127, 65, 1, 5, 32, 6, 251, 15, 32, 1, 73, 11, 4, 64, 32, 1, 65, 1, 116, 251, 7, 0, 34, 6, 36, 0, 11, 32,
    0, 32, 6, 65, 0, 16, 0, 26, 3, 64, 32, 1, 32, 4, 75, 4, 64, 32, 6, 32, 4, 251, 13, 0, 33, 3, 32, 4, 65, 1, 106, 33,
    4, 32, 3, 65, 128, 1, 73, 4, 64, 32, 2, 32, 3, 58, 0, 0, 5, 32, 3, 65, 128, 240, 3, 113, 65, 128, 176, 3, 70, 4,
    64, 32, 1, 32, 4, 75, 4, 127, 32, 6, 32, 4, 251, 13, 0, 5, 65, 0, 11, 34, 5, 65, 128, 248, 3, 113, 65, 128, 184, 3,
    70, 32, 3, 65, 128, 184, 3, 73, 113, 4, 127, 32, 4, 65, 1, 106, 33, 4, 32, 5, 65, 128, 184, 255, 26, 107, 32, 3,
    65, 10, 116, 106, 5, 65, 253, 255, 3, 11, 33, 3, 11, 32, 2, 65, 128, 254, 3, 32, 3, 65, 128, 16, 79, 65, 1, 106,
    32, 3, 65, 128, 128, 4, 79, 106, 34, 5, 65, 1, 106, 118, 32, 3, 32, 5, 65, 6, 108, 118, 114, 58, 0, 0, 3, 64, 32,
    2, 65, 1, 106, 34, 2, 32, 3, 32, 5, 65, 1, 107, 34, 5, 65, 6, 108, 118, 65, 63, 113, 65, 128, 1, 114, 58, 0, 0, 32,
    5, 13, 0, 11, 11, 32, 2, 65, 1, 106, 33, 2, 12, 1, 11, 11, 32, 2, 11,
];

/// The module of `utf8.wat` over our memory, in Chromium's browsers (130 on: the JS String
/// Builtins and wasm GC); `None` elsewhere, which keep `encodeInto`.
fn utf8_module() -> Option<Utf8> {
    // Runs once per instance: its few values are left alive (a handle each) rather than dropped,
    // which would cost a call for each value on each path.
    fn keep<T>(result: Result<T, JsValue>) -> Option<std::mem::ManuallyDrop<T>> {
        result.map(std::mem::ManuallyDrop::new).map_err(std::mem::forget).ok()
    }
    fn get(object: &JsValue, key: &str) -> Option<std::mem::ManuallyDrop<JsValue>> {
        keep(js_sys::Reflect::get(object, &JsValue::from_str(key)))
    }
    // Only where it was measured faster: Blink's `encodeInto` is the slow one. Firefox 134 and
    // Node 24 have the builtins too, but their own `encodeInto` was not measured against this,
    // so they keep it (neither has `navigator.userAgentData`; a getter that throws is an `Err`).
    let navigator = get(&js_sys::global(), "navigator")?;
    let data = get(&navigator, "userAgentData")?;
    let brands = get(&data, "brands")?;
    if !js_sys::Array::is_array(&brands) {
        return None;
    }
    let brands = keep(js_sys::JSON::stringify(&brands))?;
    if !brands.is_string() || !brands.includes("\"Chromium\"", 0) {
        return None;
    }
    // One object for both: the options (`builtins`) and the imports (`m`: our exports, `memory` among them).
    let both = keep(js_sys::JSON::parse(r#"{"builtins":["js-string"]}"#))?;
    let exports = std::mem::ManuallyDrop::new(wasm_bindgen::exports());
    keep(js_sys::Reflect::set(&both, &std::mem::ManuallyDrop::new(JsValue::from_str("m")), &exports))?;
    let instance = keep(Instance::new(&*keep(Compiled::compile(UTF8_WASM, &both))?, &both))?;
    let utf8 = keep(js_sys::Reflect::get(&instance, &std::mem::ManuallyDrop::new(JsValue::from_str("exports"))))?;
    Some(std::mem::ManuallyDrop::into_inner(utf8).unchecked_into())
}

/// Appends a slice's JSON text to `bytes`: by `utf8.wat` where the engine runs it, else by
/// `encodeInto`. Chromium's `encodeInto` (Blink's: a copy of the string, a pass for unpaired
/// surrogates, then a character at a time) took a quarter of `validateBulkUsers`, half again as
/// long as the engine's copy of the UTF-16 units and our loop over them.
fn append_json(text: &js_sys::JsString, bytes: &mut Vec<u8>) {
    let units = text.length();
    let written = ENCODERS.with(|(_, utf8)| {
        let utf8 = utf8.as_ref()?;
        // At most 3 bytes a unit (a surrogate pair: 4 for 2).
        bytes.reserve(units as usize * 3);
        let spare = bytes.spare_capacity_mut();
        let at = spare.as_mut_ptr() as u32;
        Some((utf8.encode(text, units, at).wrapping_sub(at) as usize).min(spare.len()))
    });
    match written {
        // SAFETY: `utf8.wat` wrote that many bytes of UTF-8 (whole characters, unpaired surrogates
        // as U+FFFD) into the spare capacity.
        Some(written) => unsafe { bytes.set_len(bytes.len() + written) },
        None => append_utf8(text, bytes),
    }
}

/// Copies a JS string into Rust. The engine's `TextEncoder.encodeInto` writes straight into the
/// string's buffer in wasm memory: 4 ms for 31 MB of JSON, where `encode` and a copy took 24 ms
/// and wasm-bindgen's own string passing, which walks ASCII in JavaScript, longer still. The
/// encoder replaces unpaired surrogates, which `JSON.stringify` output never holds raw.
pub fn to_rust_string(text: &js_sys::JsString) -> String {
    let mut bytes = Vec::new();
    append_utf8(text, &mut bytes);
    into_string(bytes)
}

/// Appends `text` as UTF-8 to `bytes`.
fn append_utf8(text: &js_sys::JsString, bytes: &mut Vec<u8>) {
    // One byte a unit fits ASCII, the usual case; the rest grows to the worst case, 3 bytes a unit.
    bytes.reserve(text.length() as usize);
    let mut rest = text.clone();
    loop {
        let spare = bytes.spare_capacity_mut();
        // A view made after the allocation: growing wasm memory detaches earlier views.
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer(),
            spare.as_mut_ptr() as u32,
            spare.len() as u32,
        );
        let result = ENCODERS.with(|(encoder, _)| encoder.encode_into(&rest, &view));
        let written = (result.written() as usize).min(spare.len());
        // SAFETY: `encodeInto` initialised the first `written` bytes of the spare capacity.
        unsafe { bytes.set_len(bytes.len() + written) };
        let read = result.read();
        if read >= rest.length() {
            return;
        }
        rest = rest.slice(read, rest.length());
        bytes.reserve(rest.length() as usize * 3);
    }
}

/// `bytes` came from [`append_utf8`] and [`append_json`] alone, with at most an ASCII byte
/// replaced or removed at the ends of JSON texts (whose first and last characters are ASCII):
/// valid UTF-8, so it is not checked again (a pass over every byte, 1 % of `validateBulkUsers`).
fn into_string(bytes: Vec<u8>) -> String {
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: `TextEncoder.encodeInto` and `utf8.wat` write UTF-8, whole characters only (unpaired
    // surrogates become U+FFFD), and the edits above keep it so.
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// Arrays longer than this are stringified a slice at a time.
const ELEMENTS_PER_CHUNK: u32 = 200;

/// About how many characters of JSON each slice of a large array makes: under V8's large-object
/// size (128 KiB, which two-byte strings reach at 64 Ki characters), so that each slice's string
/// dies young, in a scavenge, instead of waiting for a full collection. Slices of 200 real-shaped
/// users made 92 000 characters: reading 100 000 of them took 20 % more CPU than at this size.
const CHARS_PER_SLICE: u32 = 40_000;

/// The most JSON text read from one array: about what V8's longest string holds, so that an
/// array `JSON.stringify` could not turn into one string is refused here too.
const MAX_ARRAY_JSON: usize = 512 << 20;

/// `JSON.stringify(array)`, a slice at a time. For 100 000 users one call builds a 31 MB string
/// of many parts that the engine must then flatten before encoding it; small slices stay small
/// and the whole read takes 83 ms instead of 110. Each slice's length follows the size of the
/// last one's text. `Err` holds where `JSON.stringify` threw.
fn read_array_in_chunks(array: &js_sys::Array, length: u32, working_bytes: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut start = 0;
    let mut elements = ELEMENTS_PER_CHUNK / 4;
    while start < length {
        let end = start.saturating_add(elements).min(length);
        let text = array_slice(array, start, end)
            .and_then(|slice| js_sys::JSON::stringify(&slice))
            .ok()
            .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
            .ok_or_else(|| unserializable_element(array, start, end))?;
        let at = bytes.len();
        append_json(&text, &mut bytes);
        elements = (elements * CHARS_PER_SLICE / text.length().max(1)).clamp(1, 5 * ELEMENTS_PER_CHUNK);
        // Each slice reads "[a,b]": join them into one array.
        if start > 0 {
            *bytes.get_mut(at).ok_or_else(String::new)? = b',';
        }
        bytes.pop();
        if start == 0 && end < length {
            // Room for all, judged by the first slice, so the buffer is not copied as it grows. The
            // first slice may be unlike the rest (later rows of an export have longer numbers):
            // an eighth more, which a 100 000-user import needed.
            let estimate = (bytes.len() as u64 * u64::from(length) / u64::from(end)) as usize;
            let room = estimate.saturating_add(estimate / 8).min(MAX_ARRAY_JSON);
            if working_bytes > 0 {
                reserve_memory(room.saturating_add(working_bytes));
            }
            // Only a guess: if the memory is not there, grow as needed instead of aborting the instance.
            let _ = bytes.try_reserve(room.saturating_sub(bytes.len()));
        }
        if bytes.len() > MAX_ARRAY_JSON {
            return Err(String::new());
        }
        start = end;
    }
    bytes.push(b']');
    Ok(bytes)
}

/// Grows wasm memory by about `bytes` in one step, for allocations soon to come. V8 counts every
/// growth of a large memory as new external memory, and a second growth soon after the first
/// ran a full garbage collection then and there: 22 ms with the caller's 100 000 users live.
pub fn reserve_memory(bytes: usize) {
    let mut block: Vec<u8> = Vec::new();
    // Only a hint: without the memory, later allocations grow it as they go.
    let _ = block.try_reserve(bytes);
    // Freed at once, the block stays with the allocator (wasm memory never shrinks), which
    // serves the next allocations from it.
    std::hint::black_box(&block);
}

/// Where in `array[start..end]` `JSON.stringify` throws: `"[i]"`, the first element it throws on
/// alone, so that a caller can find the one bad row of 100 000; `""` when none does on its own.
fn unserializable_element(array: &js_sys::Array, start: u32, end: u32) -> String {
    (start..end)
        .find(|&i| js_sys::Reflect::get_u32(array, i).and_then(|element| js_sys::JSON::stringify(&element)).is_err())
        .map_or_else(String::new, |i| crate::text::cat(&["[", &crate::text::dec(u64::from(i)), "]"]))
}

/// A JavaScript value read as JSON text, or why it cannot be.
pub enum JsonInput {
    Text(String),
    /// No JSON for it (`undefined`, a function, a symbol, a BigInt); holds how to name it.
    NotJson(&'static str),
    /// `JSON.stringify` threw: a cycle, a BigInt inside, a getter or proxy that throws. Holds
    /// where: `""`, or `"[12]"` for the first element of an array it throws on.
    Unserializable(String),
}

/// `value` as an array that `JSON.stringify` reads element by element (one with its own `toJSON`
/// is read whole), with its length; `Err` when looking threw (a proxy).
fn plain_array(value: &JsValue) -> Result<Option<(&js_sys::Array, f64)>, ()> {
    if is_array(value) != Ok(true) {
        return Ok(None);
    }
    let array: &js_sys::Array = value.unchecked_ref();
    let to_json = js_sys::Reflect::get(array, &JsValue::from_str("toJSON")).map_err(drop)?;
    let length = js_sys::Reflect::get(array, &JsValue::from_str("length")).map_err(drop)?.as_f64();
    Ok(length.filter(|_| !to_json.is_function()).map(|length| (array, length)))
}

/// Reads `value` as `JSON.stringify` would send it.
pub fn read_json(value: &JsValue) -> JsonInput {
    read_json_with_room(value, 0)
}

/// [`read_json`], for a caller that will go on to allocate about `working_bytes_per_element` for
/// each element of a large array: wasm memory grows once for the text and that.
pub fn read_json_with_room(value: &JsValue, working_bytes_per_element: usize) -> JsonInput {
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
    let Ok(array) = plain_array(value) else { return JsonInput::Unserializable(String::new()) };
    if let Some((array, length)) = array.filter(|&(_, length)| length > f64::from(ELEMENTS_PER_CHUNK)) {
        let length = length.min(f64::from(u32::MAX)) as u32;
        return match read_array_in_chunks(array, length, (length as usize).saturating_mul(working_bytes_per_element)) {
            Ok(bytes) => JsonInput::Text(into_string(bytes)),
            Err(path) => JsonInput::Unserializable(path),
        };
    }
    match js_sys::JSON::stringify(value) {
        // `toJSON` may still answer undefined.
        Ok(text) if text.is_string() => JsonInput::Text(to_rust_string(&text)),
        Ok(_) => JsonInput::NotJson("undefined"),
        // An array here has at most a slice's elements: longer ones were read above.
        Err(_) => JsonInput::Unserializable(array.map_or_else(String::new, |(array, length)| {
            unserializable_element(array, 0, length.min(f64::from(ELEMENTS_PER_CHUNK)) as u32)
        })),
    }
}

/// Reads `value` as a string if it is one (without calling `toString` on anything else).
/// Unpaired surrogates become U+FFFD, as `TextEncoder` does.
pub fn read_string(value: &JsValue) -> Option<String> {
    value.dyn_ref::<js_sys::JsString>().map(to_rust_string)
}
