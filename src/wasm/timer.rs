//! Waiting without blocking: `setTimeout`, cut short by an `AbortSignal`, and a yield to the
//! event loop that no timer throttling reaches. The waiting itself is JavaScript
//! (src/wasm/host.js): a timer and listeners driven from Rust took closures and more wasm.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use super::task::Promised;

#[wasm_bindgen]
extern "C" {
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

// In src/wasm/host.js, whose comments every browser downloads, so they are here:
// - `nextTask` resolves in a later task of the event loop, once pending answers have been
//   handled. Not `setTimeout(0)`: browsers clamp nested timers to 4 ms, and run a background
//   tab's timers once a second (once a minute after five minutes hidden), which stalled an
//   import. Node and Bun: `setImmediate`, after the I/O that is ready; browsers and workers: a
//   `MessageChannel` message, a task of its own, which background tabs do not throttle.
// - `sleep(ms, signal)` resolves after `ms`, or at once when `signal` aborts; the timer and the
//   listener go either way.
// - `forwardAbort(signal, controller)` aborts `controller` when `signal` does, until the
//   function it returns is called.
// - Every read of the caller's signal (`aborted`, adding and removing listeners) is inside a
//   try/catch: nothing a caller passes may throw through wasm.
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = nextTask)]
    fn next_task_promise() -> Promise;
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: f64, signal: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = forwardAbort)]
    fn forward_abort(signal: &AbortSignal, controller: &AbortController) -> Function;
    #[wasm_bindgen(js_name = isSignal)]
    fn is_signal(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = isAborted)]
    fn is_aborted(signal: &AbortSignal) -> bool;
}

/// True when `value` is a real `AbortSignal` whose `aborted` reads as a boolean: not a look-alike
/// (`Object.create(AbortSignal.prototype)` passes `instanceof`, then throws `ERR_INVALID_THIS`
/// from the engine's getter) nor one with a getter that throws.
pub fn is_abort_signal(value: &JsValue) -> bool {
    is_signal(value)
}

/// True when the caller's signal has fired. Read in JavaScript inside a try/catch: an exception
/// thrown through wasm would leave the async machinery mid-poll and wedge every later call. A
/// signal whose `aborted` starts throwing later counts as fired.
pub fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(is_aborted)
}

/// Resolves in a later task of the event loop, once pending answers have been handled.
pub async fn next_task() {
    let _ = Promised::from(next_task_promise()).await;
}

/// Aborts a controller when a signal aborts, until dropped.
pub struct ForwardAbort(Function);

impl ForwardAbort {
    pub fn new(signal: &AbortSignal, controller: &AbortController) -> ForwardAbort {
        ForwardAbort(forward_abort(signal, controller))
    }
}

impl Drop for ForwardAbort {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

/// Waits `ms` milliseconds; returns false (early) when `signal` aborts.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> bool {
    if aborted(signal) {
        return false;
    }
    let wait = sleep_promise(ms.min(MAX_TIMEOUT_MS), signal.map_or(&JsValue::UNDEFINED, |signal| signal.as_ref()));
    let _ = Promised::from(wait).await;
    !aborted(signal)
}
