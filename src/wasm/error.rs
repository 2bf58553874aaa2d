//! `ClientError` → a real JavaScript `Error` named `DynamicUsersError`, built in this one place.

use js_sys::{Error, Reflect};
use wasm_bindgen::prelude::*;

use crate::client::{ClientError, ErrorKind};
use crate::validate::issues_json;

// `DynamicUsersError` (src/wasm/host.js) is a class of JavaScript's own, exported by the package
// (build-pkg adds it to the glue's exports), so that `instanceof` works and a bundler sees one
// class: a function constructor (`Reflect.construct(Error, …, new.target)`) rather than `class`
// syntax, since snippets export functions only. `newError(message, cause)` makes one, with
// `cause` as `Error`'s own option (a non-enumerable own property) when there is one.
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = newError)]
    fn new_error(message: &str, cause: &JsValue) -> Error;
}

/// The JavaScript error for `error`: a `DynamicUsersError` (with a stack) carrying `kind`,
/// `status`, `code`, `issues`, `retryAfter` and `attempts`. The token was scrubbed before this point.
pub fn to_js_error(error: ClientError) -> JsValue {
    build(error, None, &JsValue::UNDEFINED)
}

/// [`to_js_error`] for a call that sent `request`: also its `method` and `url` (which never hold
/// the token: it travels in a header), and `cause`, what the last attempt's `fetch` threw.
#[cfg(feature = "client")]
pub fn to_js_request_error(error: ClientError, request: &crate::client::HttpRequest, cause: &JsValue) -> JsValue {
    build(error, Some((request.method.as_str(), &request.url)), cause)
}

#[cfg_attr(size_opt, optimize(size))]
fn build(error: ClientError, request: Option<(&str, &str)>, cause: &JsValue) -> JsValue {
    let js = new_error(&error.message, cause);
    js.set_name("DynamicUsersError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("kind", JsValue::from_str(error.kind.as_str()));
    set("attempts", JsValue::from(error.attempts));
    if let Some(status) = error.status {
        set("status", JsValue::from(status));
    }
    if let Some(code) = &error.code {
        set("code", JsValue::from_str(code));
    }
    // Always there on a validation error, as its type says; never on another kind.
    if error.kind == ErrorKind::Validation {
        set("issues", js_sys::JSON::parse(&issues_json(&error.issues)).unwrap_or(JsValue::NULL));
    }
    if let Some(seconds) = error.retry_after {
        set("retryAfter", JsValue::from(seconds));
    }
    if let Some((method, url)) = request {
        set("method", JsValue::from_str(method));
        set("url", JsValue::from_str(url));
    }
    js.into()
}

/// True when `value` is an error this package threw.
#[cfg(feature = "client")]
#[wasm_bindgen(js_name = isDynamicUsersError, unchecked_return_type = "value is DynamicUsersError")]
pub fn is_dynamic_users_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue) -> JsValue {
    // instanceof runs inside a try/catch in the glue, so a hostile Proxy cannot throw through here.
    let Some(error) = value.dyn_ref::<Error>() else { return JsValue::FALSE };
    let named = error.name() == "DynamicUsersError";
    let kind = Reflect::get(error, &JsValue::from_str("kind")).ok().and_then(|k| k.as_string());
    JsValue::from_bool(named && kind.is_some())
}

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TS: &str = r#"
/** How a client call failed: callers branch on this. */
export type DynamicUsersErrorKind = "validation" | "http" | "network" | "timeout" | "aborted" | "config";

/**
 * The one error every `DynamicUsersClient` call rejects with (and `parseUsersCsv` throws for bad
 * options); narrow it by `kind`. Its message never contains the token.
 */
export type DynamicUsersError = DynamicUsersValidationError | DynamicUsersHttpError | DynamicUsersRequestError;

/**
 * The class of every `DynamicUsersError`, a subclass of `Error`: `error instanceof DynamicUsersError`
 * works in ESM and CommonJS alike (one class for both), and narrows to the union above.
 */
export declare const DynamicUsersError: {
  new (message?: string, options?: { cause?: unknown }): DynamicUsersError;
  readonly prototype: DynamicUsersError;
};

/** What every `DynamicUsersError` carries. */
export interface DynamicUsersErrorFields extends Error {
  name: "DynamicUsersError";
  /** `validation`: the body broke a rule, nothing was sent (see `issues`); `http`: the API answered an error status or an unreadable body; `network`: no answer; `timeout`: no answer within `timeoutMs`; `aborted`: the caller's signal fired; `config`: wrong options or ids, nothing was sent. */
  kind: DynamicUsersErrorKind;
  /** How many requests were sent: 0 when nothing was, more than 1 after retries. */
  attempts: number;
  /** The request's method, once one was made (absent when the call was refused before sending). */
  method?: "GET" | "POST" | "PUT";
  /** The request's URL, query included, once one was made; it never holds the token (a header carries that). */
  url?: string;
  /**
   * For `network`: what `fetch` threw or rejected with. Node's is a `TypeError("fetch failed")` whose own
   * `cause` has the system `code` (`error.cause.cause.code === "ECONNREFUSED"`, `"ENOTFOUND"`, …). Absent otherwise.
   */
  cause?: unknown;
}

/** The body broke a rule of the spec; nothing was sent. */
export interface DynamicUsersValidationError extends DynamicUsersErrorFields {
  kind: "validation";
  /** What broke the rules: errors, and warnings too. */
  issues: ValidationIssue[];
  status?: undefined;
  code?: undefined;
  retryAfter?: undefined;
}

/** The API answered an error status, or a success whose body cannot be read. */
export interface DynamicUsersHttpError extends DynamicUsersErrorFields {
  kind: "http";
  /** The HTTP status. */
  status: number;
  /** The API's error code, such as `"user_not_found"`, when it gave one. */
  code?: string;
  /** Whole seconds the API asked to wait before trying again (`Retry-After`), when it asked. */
  retryAfter?: number;
  issues?: undefined;
}

/** No answer, no answer within `timeoutMs`, the caller's signal, or wrong options or ids. */
export interface DynamicUsersRequestError extends DynamicUsersErrorFields {
  kind: "network" | "timeout" | "aborted" | "config";
  status?: undefined;
  code?: undefined;
  issues?: undefined;
  retryAfter?: undefined;
}
"#;
