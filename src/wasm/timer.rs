//! Waiting without blocking: `setTimeout`, cut short by an `AbortSignal`, and a yield to the
//! event loop that no timer throttling reaches.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    // Global in browsers, workers and Node; the handle is a number or a Node `Timeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);
    // Monotonic, unlike Date.now(): a clock set back mid-import must not stall the pace.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds on a monotonic clock, for pacing.
pub fn now_ms() -> f64 {
    performance_now()
}

/// The longest delay `setTimeout` takes: a longer one fires at once (Node, browsers).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

#[wasm_bindgen(module = "/src/wasm/next_task.js")]
extern "C" {
    #[wasm_bindgen(js_name = nextTask)]
    fn next_task_promise() -> Promise;
}

/// Resolves in a later task of the event loop, once pending answers have been handled.
pub async fn next_task() {
    let _ = JsFuture::from(next_task_promise()).await;
}

/// A listener on a signal's `abort` event that is removed when dropped.
pub struct AbortListener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortListener {
    pub fn new(signal: &AbortSignal, on_abort: impl FnMut() + 'static) -> AbortListener {
        let callback = Closure::<dyn FnMut()>::new(on_abort);
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        AbortListener { signal: signal.clone(), callback }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// Waits `ms` milliseconds; returns false (early) when `signal` aborts.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(AbortSignal::aborted) {
        return false;
    }
    let mut timer = JsValue::UNDEFINED;
    let mut listener = None;
    let wait = Promise::new(&mut |resolve, _reject| {
        timer = set_timeout(&resolve, ms.min(MAX_TIMEOUT_MS));
        if let Some(signal) = signal {
            listener = Some(AbortListener::new(signal, move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }));
        }
    });
    let _ = JsFuture::from(wait).await;
    clear_timeout(&timer);
    drop(listener);
    !signal.is_some_and(AbortSignal::aborted)
}
