//! Sends one request with the global `fetch`, bounded by a timeout and the caller's signal.
//! web-sys directly rather than gloo-net: gloo-net (and the `http` crate it brings) measured
//! 6 KB more wasm for the few calls used here.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

use super::timer::{clear_timeout, set_timeout, AbortListener};
use crate::client::{HttpRequest, Method};

/// How one attempt ended.
pub enum Attempt {
    /// An answer: status, `Retry-After` header, body text.
    Answered { status: u16, retry_after: Option<String>, body: String },
    /// The connection failed or dropped, or the body could not be read.
    Network,
    /// No complete answer within the timeout; the request was cancelled.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// Sends `request` once, with the caller's `fetch` if the client was given one, else the global
/// one. The timeout covers the whole exchange, body included, and really cancels it
/// (AbortController), as does the caller's `signal`.
pub async fn send(
    request: &HttpRequest,
    authorization: &str,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
    fetch: Option<&js_sys::Function>,
) -> Attempt {
    if signal.is_some_and(AbortSignal::aborted) {
        return Attempt::Aborted;
    }
    let Ok(controller) = AbortController::new() else { return Attempt::Network };
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), f64::from(timeout_ms));
    let forward = signal.map(|signal| {
        let controller = controller.clone();
        AbortListener::new(signal, move || controller.abort())
    });

    let result = exchange(request, authorization, &controller.signal(), fetch).await;

    clear_timeout(&timer);
    drop(forward);
    drop(on_timeout);
    match result {
        Some(answer) => answer,
        None if signal.is_some_and(AbortSignal::aborted) => Attempt::Aborted,
        None if timed_out.get() => Attempt::Timeout,
        None => Attempt::Network,
    }
}

#[wasm_bindgen]
extern "C" {
    // The global in browsers, workers and Node ≥ 18 (no `window` needed).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue>;

    /// A response's body: a `ReadableStream` of `Uint8Array` chunks.
    type BodyStream;
    #[wasm_bindgen(method, js_name = getReader, catch)]
    fn get_reader(this: &BodyStream) -> Result<BodyReader, JsValue>;

    type BodyReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &BodyReader) -> Result<js_sys::Promise, JsValue>;

    type ReadResult;
    #[wasm_bindgen(method, getter)]
    fn done(this: &ReadResult) -> bool;
    #[wasm_bindgen(method, getter)]
    fn value(this: &ReadResult) -> JsValue;
}

/// The response body's bytes, copied into wasm a chunk at a time as they arrive. `arrayBuffer()`
/// joined the chunks into one more buffer per answer first, and V8 counts every such buffer
/// towards a full garbage collection. Bytes, not `text()`: decoding answers of megabytes to a JS
/// string only to encode them back to UTF-8 doubles the work. A body cut off mid-way (dropped
/// connection, abort) fails here, like no answer at all.
async fn read_body(response: &Response) -> Option<Vec<u8>> {
    let stream = js_sys::Reflect::get(response, &JsValue::from_str("body")).ok()?;
    // Some fetch implementations (React Native's, whatwg-fetch) have no body stream.
    let reader = stream.is_object().then(|| stream.unchecked_into::<BodyStream>().get_reader().ok()).flatten();
    let Some(reader) = reader else {
        let body = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        return Some(js_sys::Uint8Array::new(&body).to_vec());
    };
    let mut bytes = Vec::new();
    loop {
        let chunk: ReadResult = JsFuture::from(reader.read().ok()?).await.ok()?.unchecked_into();
        if chunk.done() {
            return Some(bytes);
        }
        let chunk: js_sys::Uint8Array = chunk.value().dyn_into().ok()?;
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
    }
}

/// Calls `fetch(url, init)`: the caller's function (a wrapper that logs, a test double), or the
/// global. What it returns is awaited as a promise would be; a throw is a failed request.
async fn call_fetch(fetch: Option<&js_sys::Function>, url: &str, init: &RequestInit) -> Option<Response> {
    let answer = match fetch {
        Some(fetch) => {
            let returned = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init).ok()?;
            JsFuture::from(js_sys::Promise::resolve(&returned)).await.ok()?
        }
        None => JsFuture::from(fetch_with_init(url, init).ok()?).await.ok()?,
    };
    // Read by property (status, headers, body), so a Response from another realm or a fetch
    // polyfill works as well as the global one.
    answer.is_object().then(|| answer.unchecked_into())
}

async fn exchange(
    request: &HttpRequest,
    authorization: &str,
    signal: &AbortSignal,
    fetch: Option<&js_sys::Function>,
) -> Option<Attempt> {
    let headers = Headers::new().ok()?;
    headers.set("Authorization", authorization).ok()?;
    headers.set("Content-Type", "application/json").ok()?;
    headers.set("Accept", "application/json").ok()?;
    let init = RequestInit::new();
    init.set_method(match request.method {
        Method::Post => "POST",
        Method::Put => "PUT",
    });
    init.set_headers(&headers);
    // Bytes, not a string: fetch would encode a string back to the UTF-8 it was decoded from.
    init.set_body(&js_sys::Uint8Array::from(request.body.as_bytes()));
    init.set_signal(Some(signal));
    let response = call_fetch(fetch, &request.url, &init).await?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let bytes = read_body(&response).await?;
    let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Some(Attempt::Answered { status, retry_after, body })
}
