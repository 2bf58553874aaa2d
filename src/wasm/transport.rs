//! Sends one request with the caller's `fetch` or the global one, bounded by a timeout and the
//! caller's signal. src/wasm/host.js does the exchange, which is calls into JavaScript: driven
//! from Rust (web-sys) they took 5 KB more wasm, and gloo-net 6 KB more again.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::client::HttpRequest;

/// How one attempt ended.
pub enum Attempt {
    /// An answer: status, `Retry-After` header, body text.
    Answered { status: u16, retry_after: Option<String>, body: String },
    /// The connection failed or dropped, or the body could not be read: what `fetch` threw or
    /// rejected with (Node's has a `cause` with a `code` such as `ECONNREFUSED`), if anything.
    Network(JsValue),
    /// No complete answer within the timeout; the request was cancelled.
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// An answer of this status whose body passed 10 MiB (`MAX_ANSWER_BYTES` in host.js; the API's
    /// largest real answer, a 50-user bulk answer, is a few hundred KB): reading stopped there, and
    /// what was read was dropped, never copied into wasm memory.
    TooLarge { status: u16 },
}

// src/wasm/host.js, whose comments every browser downloads, so they are here:
// - `fetch`: the caller's (a wrapper that logs, a test double), called as `fetch(url, init)` with
//   `this` undefined and its result awaited as a promise would be, or `undefined` for the global
//   one. A throw is a failed request.
// - `init` holds `method`, `headers` (a `Headers`), `body` and `signal`. The body is bytes, not a
//   string (fetch would encode a string back to the UTF-8 it was decoded from), copied out of wasm
//   memory before anything else runs.
// - The answer is read by property (status, headers, body), so a Response from another realm or a
//   fetch polyfill works as well as the global one.
// - The body is read from its stream a chunk at a time and copied into wasm at the end. Not
//   `arrayBuffer()`: it joins the chunks into one more buffer per answer, and V8 counts every such
//   buffer towards a full garbage collection; it is the fallback for fetch implementations without
//   a body stream (React Native's, whatwg-fetch). Not `text()`: decoding answers of megabytes to a
//   JS string only to encode them back to UTF-8 doubles the work. A body cut off mid-way (dropped
//   connection, abort) fails the attempt, like no answer at all.
// - Past MAX_ANSWER_BYTES (10 MiB, counted as read, so a gzip answer that inflates past it is
//   stopped there too; a larger Content-Length is not read at all) the body is cancelled, which
//   closes the connection, and the answer has no `chunks`: a hostile or broken server cannot grow
//   wasm memory, which never shrinks, by more than that.
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    /// Resolves to an [`Answer`], to `[error]` (network: what fetch threw), or to 1 (timeout) or
    /// 2 (aborted); never rejects.
    #[wasm_bindgen(js_name = send, catch)]
    fn send_js(
        fetch: &JsValue,
        url: &str,
        method: &str,
        authorization: &str,
        body: &[u8],
        timeout_ms: u32,
        signal: &JsValue,
    ) -> Result<Promise, JsValue>;

    type Answer;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Answer) -> Option<String>;
    /// The body's bytes, a `Uint8Array` a chunk; none when it was too large.
    #[wasm_bindgen(method, getter)]
    fn chunks(this: &Answer) -> Option<js_sys::Array>;

    /// Text that is not valid UTF-8, each broken sequence replaced by U+FFFD, as
    /// `String::from_utf8_lossy` does (a leading BOM kept): a `TextDecoder`, which the glue has
    /// anyway, rather than 1 KB of wasm for a body that is hardly ever broken.
    #[wasm_bindgen(js_name = decodeUtf8)]
    fn decode_utf8(bytes: &[u8]) -> String;
}

/// Sends `request` once, with the caller's `fetch` if the client was given one, else the global
/// one. The timeout covers the whole exchange, body included, and really cancels it
/// (AbortController), as does the caller's `signal`; a `fetch` that ignores its signal (some
/// polyfills and mocks) is not waited for: the attempt ends when the signal fires either way.
pub async fn send(
    request: &HttpRequest,
    authorization: &str,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
    fetch: Option<&Function>,
) -> Attempt {
    let sent = send_js(
        fetch.map_or(&JsValue::UNDEFINED, |fetch| fetch.as_ref()),
        &request.url,
        request.method.as_str(),
        authorization,
        request.body.as_bytes(),
        timeout_ms,
        signal.map_or(&JsValue::UNDEFINED, |signal| signal.as_ref()),
    );
    // Neither throws but where JavaScript lacks what fetch needs (AbortController): no request.
    let promise = match sent {
        Ok(promise) => promise,
        Err(error) => return Attempt::Network(error),
    };
    let result = match super::task::Promised::from(promise).await {
        Ok(result) => result,
        Err(error) => return Attempt::Network(error),
    };
    match result.as_f64() {
        Some(1.0) => return Attempt::Timeout,
        Some(2.0) => return Attempt::Aborted,
        Some(_) => return Attempt::Network(JsValue::UNDEFINED),
        None => {}
    }
    if js_sys::Array::is_array(&result) {
        return Attempt::Network(js_sys::Reflect::get_u32(&result, 0).unwrap_or(JsValue::UNDEFINED));
    }
    let answer: Answer = result.unchecked_into();
    let Some(chunks) = answer.chunks() else { return Attempt::TooLarge { status: answer.status() } };
    // Two passes over the array rather than a `Vec` of its chunks.
    let chunks = || chunks.iter().map(JsCast::unchecked_into::<Uint8Array>);
    let mut bytes = Vec::with_capacity(chunks().map(|chunk| chunk.length() as usize).sum());
    for chunk in chunks() {
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
    }
    // Checked by our own reader: core's `from_utf8` and its table were 0.9 KB of wasm.
    let body = match crate::scan::is_utf8(&bytes) {
        // SAFETY: just checked.
        true => unsafe { String::from_utf8_unchecked(bytes) },
        false => decode_utf8(&bytes),
    };
    Attempt::Answered { status: answer.status(), retry_after: answer.retry_after(), body }
}
