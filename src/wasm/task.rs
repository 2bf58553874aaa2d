//! Futures as promises, and promises as futures: the few lines of an executor the client and the
//! import need, instead of wasm-bindgen-futures (its task queue, `JsFuture`'s closures and their
//! shims, the JSPI waker: 6 KB of wasm). Every future here only ever waits for a JavaScript
//! promise, so a task is polled again only when one it waits for settles: JavaScript calls the
//! module's `dynamic_users_poll` export with the task (src/wasm/host.js, `watch` and `queuePoll`).
//! Nothing is polled from inside another poll: the first poll and every wake go through a microtask.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::Settled;

#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    /// `[resolve, reject, promise]` of a new promise.
    fn deferred() -> JsValue;
    /// Settles a `deferred()`: resolves it with `value` when `ok`, else rejects it.
    fn settle(deferred: &JsValue, ok: bool, value: JsValue);
    /// Calls `exports.dynamic_users_poll(task)` in a microtask.
    #[wasm_bindgen(js_name = queuePoll)]
    fn queue_poll(exports: &JsValue, task: u32);
    /// An empty array that gets `[ok, value]` when `promise` settles, after which
    /// `exports.dynamic_users_poll(task)` is called.
    fn watch(promise: &Promise, exports: &JsValue, task: u32) -> JsValue;
}

/// A spawned future and the promise it settles.
struct Task {
    future: RefCell<Option<Pin<Box<dyn Future<Output = Settled>>>>>,
    deferred: JsValue,
    /// A poll is queued: more wakes until it runs need no other.
    queued: Cell<bool>,
}

/// The promise of `future`, first polled in a microtask (as `fetch` starts: never inside the call).
pub fn spawn(future: Pin<Box<dyn Future<Output = Settled>>>) -> Promise {
    let deferred = deferred();
    let promise = js_sys::Reflect::get_u32(&deferred, 2).unwrap_or_default().unchecked_into();
    let task = Rc::new(Task { future: RefCell::new(Some(future)), deferred, queued: Cell::new(false) });
    schedule(task);
    promise
}

/// Queues a poll of `task`, whose reference JavaScript then holds until the poll.
fn schedule(task: Rc<Task>) {
    if !task.queued.replace(true) {
        queue_poll(&wasm_bindgen::exports(), Rc::into_raw(task) as u32);
    }
}

/// Polls a task: called by JavaScript only (src/wasm/host.js), with a reference it was given.
#[export_name = "dynamic_users_poll"]
extern "C" fn poll_task(task: u32) {
    // SAFETY: `task` is a reference `schedule` or `Promised` gave JavaScript, which hands it back once.
    let task = unsafe { Rc::from_raw(task as *const Task) };
    task.queued.set(false);
    // Never busy: polls come from microtasks, never from inside a poll.
    let Ok(mut slot) = task.future.try_borrow_mut() else { return };
    let Some(future) = slot.as_mut() else { return };
    let waker = waker(&task);
    if let Poll::Ready(result) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
        *slot = None;
        drop(slot);
        let (ok, value) = match result {
            Ok(value) => (true, value),
            Err(error) => (false, error),
        };
        settle(&task.deferred, ok, value);
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

fn waker(task: &Rc<Task>) -> Waker {
    // SAFETY: the data is an `Rc<Task>` the waker owns, as the vtable's functions expect.
    unsafe { Waker::from_raw(RawWaker::new(Rc::into_raw(task.clone()).cast(), &VTABLE)) }
}

unsafe fn clone(data: *const ()) -> RawWaker {
    Rc::increment_strong_count(data.cast::<Task>());
    RawWaker::new(data, &VTABLE)
}
unsafe fn wake(data: *const ()) {
    schedule(Rc::from_raw(data.cast::<Task>()));
}
unsafe fn wake_by_ref(data: *const ()) {
    Rc::increment_strong_count(data.cast::<Task>());
    wake(data);
}
unsafe fn drop_waker(data: *const ()) {
    drop(Rc::from_raw(data.cast::<Task>()));
}

/// A JavaScript promise as a future: its value, or what it rejected with.
pub struct Promised {
    promise: Option<Promise>,
    /// `watch`'s array once the promise is watched.
    outcome: JsValue,
}

impl From<Promise> for Promised {
    fn from(promise: Promise) -> Promised {
        Promised { promise: Some(promise), outcome: JsValue::UNDEFINED }
    }
}

impl Future for Promised {
    type Output = Settled;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Settled> {
        if let Some(promise) = self.promise.take() {
            // Only our own tasks await these (the crate's async code, spawned by `spawn`): another
            // executor's waker could not be handed to JavaScript, so such a poll would never end.
            if cx.waker().vtable() != &VTABLE {
                self.promise = Some(promise);
                return Poll::Pending;
            }
            // SAFETY: the waker's data is an `Rc<Task>` (its vtable is ours): one more reference,
            // which JavaScript holds until it calls `dynamic_users_poll` with it.
            let task = unsafe {
                Rc::increment_strong_count(cx.waker().data().cast::<Task>());
                cx.waker().data() as u32
            };
            self.outcome = watch(&promise, &wasm_bindgen::exports(), task);
            return Poll::Pending;
        }
        let get = |i| js_sys::Reflect::get_u32(&self.outcome, i).unwrap_or_default();
        match get(0).as_bool() {
            Some(true) => Poll::Ready(Ok(get(1))),
            Some(false) => Poll::Ready(Err(get(1))),
            None => Poll::Pending,
        }
    }
}
