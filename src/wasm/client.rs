//! `DynamicUsersClient`: reads options, validates bodies, then sends, waits and retries as the
//! core's policy decides. No rule lives here.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::convert::{check_option_names, flag, get, signal_option};
use super::error::{to_js_error, to_js_request_error};
use super::input::{read_json_with_room, read_string, to_rust_string, JsonInput};
use super::timer::sleep;
use super::transport::{send, Attempt};
use super::validate::unserializable;
use crate::client::config::MIN_TOKEN_CHARS;
use crate::client::response::Expect;
use crate::client::retry::parse_retry_after;
use crate::client::{request, response, ClientConfig, ClientError, ErrorKind, HttpRequest, Outcome, RetryPolicy};
use crate::redact::hide;
use crate::text::{cat, dec};
use crate::validate::{self, Body};

/// Calls the Dynamic user-management API: bulk-create users and update a user.
#[wasm_bindgen]
pub struct DynamicUsersClient {
    config: Rc<ClientConfig>,
    skip_validation: bool,
    /// The caller's `fetch` (options.fetch), else the global one.
    fetch: Option<Function>,
}

#[wasm_bindgen]
impl DynamicUsersClient {
    /// Makes a client; throws a `DynamicUsersError` of kind `config` for missing or wrong options.
    #[wasm_bindgen(constructor)]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<DynamicUsersClient, JsValue> {
        read_options(&options).map_err(to_js_error)
    }

    /// Creates 1 to 50 users in one request (`POST /environments/{environmentId}/users/bulk`): the
    /// API takes no more, so more (or none) rejects with kind `validation` and sends nothing; use
    /// `importUsers` for more. The body is read when called and validated first: invalid data
    /// rejects with kind `validation` and sends nothing.
    /// Retries network errors and 408/5xx only with `upsert: true` (repeating is then safe),
    /// and 429 always.
    #[wasm_bindgen(js_name = bulkCreateUsers, unchecked_return_type = "Promise<BulkUserCreateResponse>")]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn bulk_create_users(
        &self,
        #[wasm_bindgen(js_name = environmentId, unchecked_param_type = "string")] environment_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "readonly NewUser[]")] users: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BulkCreateOptions")] options: JsValue,
    ) -> Promise {
        let call = self.bulk_create_request(&environment_id, &users, &options);
        send_when_read(self.config.clone(), self.fetch.clone(), call, Expect::Bulk)
    }

    /// Updates one user and resolves to the updated user: `PUT
    /// /environments/{environmentId}/users/{userId}` with `options.environmentId`, else the
    /// deprecated `PUT /users/{userId}` (same body, same answer). The body is read when called
    /// and validated first: invalid data rejects with kind `validation` and sends nothing.
    /// Retries network errors, 408, 429 and 5xx (a PUT is safe to repeat).
    #[wasm_bindgen(js_name = updateUser, unchecked_return_type = "Promise<UserResponse>")]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn update_user(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UserUpdate")] fields: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UpdateUserOptions")] options: JsValue,
    ) -> Promise {
        let call = self.update_request(&user_id, &fields, &options);
        send_when_read(self.config.clone(), self.fetch.clone(), call, Expect::User)
    }

    /// Imports many users, read when called: validates every row first (rows with errors are `rejected` and never
    /// sent), then sends batches of `batchSize` (default and most 50, what the API takes) with up to
    /// `concurrency` requests at once (default 4), their starts spread evenly at `requestsPerMinute`
    /// (default 150, the API's bulk limit per IP), retrying as `bulkCreateUsers` does. A batch the
    /// API refuses as a whole (400/413/422) is halved until the rows it refuses stand alone in `failed`
    /// and the others land. Resolves to a report that puts every input row in exactly one bucket;
    /// rejects only for a `config` problem, or input that is not an array of users (or readable CSV
    /// text) or that JSON cannot carry (the `validation` error's issue names the row, as `"[637]"`),
    /// before anything is sent.
    #[wasm_bindgen(js_name = importUsers, unchecked_return_type = "Promise<ImportReport>")]
    pub fn import_users(
        &self,
        #[wasm_bindgen(js_name = environmentId, unchecked_param_type = "string")] environment_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "readonly NewUser[] | string")] users: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: JsValue,
    ) -> Promise {
        let _hidden = hide(self.config.token());
        let started = super::import::start_import(
            self.config.clone(),
            self.skip_validation,
            self.fetch.clone(),
            &environment_id,
            &users,
            &options,
        );
        match started {
            Ok(import) => super::spawn(Box::pin(super::import::run_import(import))),
            Err(error) => refuse(error, &self.config),
        }
    }

    /// The environment's custom fields (`GET /environments/{environmentId}/custom/fields`). Retries
    /// network errors, 408, 429 and 5xx (a GET is safe to repeat); rejects with the usual `DynamicUsersError`.
    #[wasm_bindgen(js_name = getCustomFields, unchecked_return_type = "Promise<CustomField[]>")]
    #[cfg_attr(size_opt, optimize(size))]
    pub fn get_custom_fields(
        &self,
        #[wasm_bindgen(js_name = environmentId, unchecked_param_type = "string")] environment_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetCustomFieldsOptions")] options: JsValue,
    ) -> Promise {
        let call = (|| {
            let call = CallOptions::read(&options, false, "getCustomFields", &["signal"])?;
            let id = id_string("environmentId", &environment_id)?;
            Ok((request::custom_fields(&self.config, &id)?, call.signal))
        })();
        send_when_read(self.config.clone(), self.fetch.clone(), call, Expect::CustomFields)
    }

    /// The base URL requests go to (never the token).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.base_url.clone()
    }
}

/// A request read from a call's arguments, with the call's signal.
type ReadCall = Result<(HttpRequest, Option<AbortSignal>), ClientError>;

impl DynamicUsersClient {
    fn bulk_create_request(&self, environment_id: &JsValue, users: &JsValue, options: &JsValue) -> ReadCall {
        // A token pasted into a field is redacted before its echo is cut (`redact::before_cut`).
        let _hidden = hide(self.config.token());
        let call = CallOptions::read(
            options,
            self.skip_validation,
            "bulkCreateUsers",
            &["upsert", "signal", "skipValidation"],
        )?;
        let upsert = flag(&get(options, "upsert").map_err(|()| unreadable_options())?, "upsert")?;
        let id = id_string("environmentId", environment_id)?;
        let body = json_body(Body::BulkUsers, users, 0)?;
        // Before validation: 10 000 users are refused at once, not after checking each.
        request::check_bulk_size(&body)?;
        let body = validated(Body::BulkUsers, body, call.skip_validation)?;
        let request = request::bulk_create(&self.config, &id, upsert, body)?;
        Ok((request, call.signal))
    }

    fn update_request(&self, user_id: &JsValue, fields: &JsValue, options: &JsValue) -> ReadCall {
        let _hidden = hide(self.config.token());
        let known = ["environmentId", "signal", "skipValidation"];
        let call = CallOptions::read(options, self.skip_validation, "updateUser", &known)?;
        let environment = get(options, "environmentId").map_err(|()| unreadable_options())?;
        // Absent or null: the seed's path.
        let environment = match environment.is_undefined() || environment.is_null() {
            true => None,
            false => Some(id_string("environmentId", &environment)?),
        };
        let id = id_string("userId", user_id)?;
        let body = validated(Body::UserUpdate, json_body(Body::UserUpdate, fields, 0)?, call.skip_validation)?;
        let request = request::update_user(&self.config, &id, environment.as_deref(), body)?;
        Ok((request, call.signal))
    }
}

/// The promise of a call whose arguments were read when it was made, as `fetch` reads its body:
/// a form reset or an array emptied right after the call changes nothing that is sent. A
/// problem with them rejects the promise; the call itself never throws.
fn send_when_read(config: Rc<ClientConfig>, fetch: Option<Function>, call: ReadCall, expect: Expect) -> Promise {
    match call {
        Ok((request, signal)) => {
            super::spawn(Box::pin(async move { run(&config, fetch.as_ref(), &request, signal.as_ref(), expect).await }))
        }
        Err(error) => refuse(error, &config),
    }
}

/// The rejected promise of a call refused before sending. Issues echo the caller's values, which
/// may hold the token (pasted into a field): every such error is redacted here, in one place.
#[cfg_attr(size_opt, optimize(size))]
pub(super) fn refuse(error: ClientError, config: &ClientConfig) -> Promise {
    Promise::reject(&to_js_error(error.redact(config.token())))
}

fn unreadable_options() -> ClientError {
    ClientError::config("options could not be read.")
}

#[cfg_attr(size_opt, optimize(size))]
fn read_options(options: &JsValue) -> Result<DynamicUsersClient, ClientError> {
    if !options.is_object() {
        return Err(ClientError::config("new DynamicUsersClient needs an options object such as { token: '…' }."));
    }
    let unreadable = || ClientError::config("The client options could not be read.");
    const KNOWN: [&str; 6] = ["token", "baseUrl", "timeoutMs", "maxRetries", "skipValidation", "fetch"];
    let field = |key: &str| get(options, key).map_err(|()| unreadable());
    let token = read_string(&field("token")?);
    // Hidden from every echo that follows (an option named after the token, say), unless too short
    // to be taken: its refusal below must not be garbled.
    let _hidden = token.as_deref().filter(|t| t.chars().count() >= MIN_TOKEN_CHARS).map(hide);
    check_option_names(options, &KNOWN, "new DynamicUsersClient", unreadable)?;
    let Some(token) = token else {
        return Err(ClientError::config("options.token must be a string: the API token from the Dynamic dashboard."));
    };
    let text = |key: &str| -> Result<Option<String>, ClientError> {
        let value = field(key)?;
        if value.is_undefined() {
            return Ok(None);
        }
        read_string(&value).map(Some).ok_or_else(|| ClientError::config(cat(&["options.", key, " must be a string."])))
    };
    let number = |key: &str| -> Result<Option<f64>, ClientError> {
        let value = field(key)?;
        if value.is_undefined() {
            return Ok(None);
        }
        value.as_f64().map(Some).ok_or_else(|| ClientError::config(cat(&["options.", key, " must be a number."])))
    };
    let base_url = text("baseUrl")?;
    let timeout_ms = number("timeoutMs")?;
    let max_retries = number("maxRetries")?;
    let skip_validation = flag(&field("skipValidation")?, "skipValidation")?;
    let fetch = field("fetch")?;
    let fetch = match fetch.is_undefined() {
        true => None,
        false => Some(fetch.dyn_into::<Function>().map_err(|_| {
            ClientError::config("options.fetch must be a function with the signature of the global fetch.")
        })?),
    };
    // A too-short token is refused before anything could echo it, and redacting it would garble
    // that very refusal.
    let config = ClientConfig::new(&token, base_url.as_deref(), timeout_ms, max_retries).map_err(|e| {
        if token.chars().count() < MIN_TOKEN_CHARS {
            e
        } else {
            e.redact(&token)
        }
    })?;
    Ok(DynamicUsersClient { config: Rc::new(config), skip_validation, fetch })
}

/// What every call takes: an `AbortSignal` and a validation switch.
struct CallOptions {
    signal: Option<AbortSignal>,
    skip_validation: bool,
}

impl CallOptions {
    /// Reads the options of `call`, which takes the `known` ones.
    #[cfg_attr(size_opt, optimize(size))]
    fn read(options: &JsValue, client_skips: bool, call: &str, known: &[&str]) -> Result<CallOptions, ClientError> {
        if !options.is_undefined() && !options.is_object() {
            return Err(ClientError::config("The call's options must be an object."));
        }
        check_option_names(options, known, call, unreadable_options)?;
        let signal = signal_option(get(options, "signal").map_err(|()| unreadable_options())?)?;
        let skip = get(options, "skipValidation").map_err(|()| unreadable_options())?;
        let skip_validation = client_skips || flag(&skip, "skipValidation")?;
        Ok(CallOptions { signal, skip_validation })
    }
}

/// A path id as a string. One with an unpaired surrogate would reach the URL as U+FFFD, another id.
#[cfg_attr(size_opt, optimize(size))]
pub(super) fn id_string(name: &str, value: &JsValue) -> Result<String, ClientError> {
    let text = value
        .dyn_ref::<js_sys::JsString>()
        .ok_or_else(|| ClientError::config(cat(&[name, " must be a string (a UUID)."])))?;
    if !text.is_valid_utf16() {
        return Err(ClientError::config(cat(&[
            name,
            " contains a broken character (an unpaired UTF-16 surrogate); it must be a UUID.",
        ])));
    }
    Ok(to_rust_string(text))
}

/// `value` as the JSON text of a `body`, or the `validation` error saying why JSON cannot carry it.
/// `working_bytes_per_element`: see [`read_json_with_room`].
#[cfg_attr(size_opt, optimize(size))]
pub(super) fn json_body(body: Body, value: &JsValue, working_bytes_per_element: usize) -> Result<String, ClientError> {
    match read_json_with_room(value, working_bytes_per_element) {
        JsonInput::Text(text) => Ok(text),
        JsonInput::NotJson(kind) => Err(ClientError::validation(validate::report_not_json(body, kind).issues)),
        JsonInput::Unserializable(path) => Err(ClientError::validation(vec![unserializable(&path)])),
    }
}

/// The request body's JSON text, once validated (unless the caller opted out).
fn validated(body: Body, text: String, skip_validation: bool) -> Result<String, ClientError> {
    if !skip_validation {
        let report = validate::validate_json(body, &text);
        if !report.valid {
            return Err(ClientError::validation(report.issues));
        }
    }
    Ok(text)
}

// src/wasm/host.js, whose comments every browser downloads, so they are here: `parseAnswer` is
// `JSON.parse(body)`, and with `bulk`, each of `response::BULK_LISTS` that reads as `undefined`
// set to `[]`, a throwing getter or setter ignored (as `Reflect.get` and `Reflect.set` from here
// were, in 0.2 KB more wasm).
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = parseAnswer, catch)]
    fn parse_answer(body: &str, bulk: bool) -> Result<JsValue, JsValue>;
}

/// Sends `request`, retrying as the policy says, and decodes the answer.
async fn run(
    config: &ClientConfig,
    fetch: Option<&Function>,
    request: &HttpRequest,
    signal: Option<&AbortSignal>,
    expect: Expect,
) -> Result<JsValue, JsValue> {
    let policy = RetryPolicy::new(config.max_retries);
    let authorization = config.authorization();
    let mut attempts = 0;
    // What the last attempt's fetch threw, for the error's `cause`.
    let mut cause = JsValue::UNDEFINED;
    let finish = |error: ClientError, attempts: u32, cause: &JsValue| finish(error, attempts, config, request, cause);
    loop {
        if super::timer::aborted(signal) {
            return Err(finish(aborted(), attempts, &cause));
        }
        attempts += 1;
        cause = JsValue::UNDEFINED;
        let attempt = send(request, &authorization, config.timeout_ms, signal, fetch).await;
        let (error, outcome) = match attempt {
            Attempt::Answered { status, body, .. } if (200..300).contains(&status) => {
                response::check_success(status, &body, expect).map_err(|e| finish(e, attempts, &cause))?;
                // The types promise all three lists of a bulk answer.
                let answer = parse_answer(&body, expect == Expect::Bulk);
                return answer.map_err(|_| finish(unreadable(status), attempts, &cause));
            }
            Attempt::Answered { status, retry_after, body } => {
                let retry_after_ms = retry_after.as_deref().and_then(|v| parse_retry_after(v, js_sys::Date::now()));
                let _hidden = hide(config.token());
                (response::decode_failure(status, &body, retry_after_ms), Outcome::Status { status, retry_after_ms })
            }
            // Not retried: a server that sent 10 MiB once will again.
            Attempt::TooLarge { status } => return Err(finish(response::too_large(status), attempts, &cause)),
            Attempt::Network(error) => (
                ClientError::new(
                    ErrorKind::Network,
                    "The API could not be reached, or the connection dropped before its answer.",
                ),
                {
                    cause = error;
                    Outcome::Network
                },
            ),
            Attempt::Timeout => (
                ClientError::new(
                    ErrorKind::Timeout,
                    cat(&[
                        "The API did not answer within ",
                        &dec(config.timeout_ms.into()),
                        " ms; the request was cancelled.",
                    ]),
                ),
                Outcome::Timeout,
            ),
            Attempt::Aborted => return Err(finish(aborted(), attempts, &cause)),
        };
        let Some(delay) = policy.next_delay(attempts, outcome, request.repeat_safe, js_sys::Math::random()) else {
            return Err(finish(error, attempts, &cause));
        };
        if !sleep(delay, signal).await {
            return Err(finish(aborted(), attempts, &cause));
        }
    }
}

fn unreadable(status: u16) -> ClientError {
    let message = cat(&["The API answered ", &dec(status.into()), " but its body cannot be read: it is not JSON."]);
    ClientError { status: Some(status), ..ClientError::new(ErrorKind::Http, message) }
}

fn aborted() -> ClientError {
    ClientError::new(ErrorKind::Aborted, "The call was aborted by its AbortSignal.")
}

/// The JavaScript error a call rejects with, after `attempts` requests of `request`, with what the
/// last attempt's fetch threw as its `cause`. Not inlined into the six places a call can fail.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn finish(error: ClientError, attempts: u32, config: &ClientConfig, request: &HttpRequest, cause: &JsValue) -> JsValue {
    to_js_request_error(ClientError { attempts, ..error }.redact(config.token()), request, config.token(), cause)
}

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"
/** Options of `new DynamicUsersClient(…)`. */
export interface ClientOptions {
  /** The API token from the Dynamic dashboard (at least 8 characters; a shorter one is a `config` error); sent as `Authorization: Bearer …`, never shown in errors. */
  token: string;
  /** Default `"https://app.dynamicauth.com/api/v0"`. Must be https, except for localhost, 127.0.0.1 and [::1]. */
  baseUrl?: string;
  /** Per attempt, the whole exchange; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt where repeating is safe; default 2, at most 10. */
  maxRetries?: number;
  /** Send bodies without validating them first (the API still checks them; `importUsers` then halves batches it refuses whole to isolate the refused rows). Default false. */
  skipValidation?: boolean;
  /** The `fetch` to send requests with (a wrapper that logs or measures, a polyfill); default the global `fetch`. Called as `fetch(url, init)`. */
  fetch?: typeof fetch;
}

/** Options of `bulkCreateUsers` (1 to 50 users a call, the most the API takes; `importUsers` sends more). */
export interface BulkCreateOptions {
  /** Update users that already exist (matched by id, then email) instead of failing them; makes retries safe. */
  upsert?: boolean;
  /** Cancels the call, including a wait between retries. */
  signal?: AbortSignal;
  /** Send without validating first. */
  skipValidation?: boolean;
}

/** Options of `importUsers`. */
export interface ImportOptions extends CsvOptions {
  /** Update users that already exist instead of failing them; makes retries unambiguous. */
  upsert?: boolean;
  /** Users per request, 1 to 50 (the most the API takes in one request); default 50. */
  batchSize?: number;
  /** Requests in flight at once; default 4, at most 16. */
  concurrency?: number;
  /**
   * Request starts a minute, spread evenly (one every 60 000 / `requestsPerMinute` ms, the first at once),
   * so that a long import stays under the API's rate limit instead of running into 429s; default 150,
   * the API's limit for bulk requests per IP. A 429 that comes anyway is waited out (`Retry-After`) and
   * slows the pace, which then recovers gradually. `Infinity` turns pacing off (accounts with higher
   * limits, benchmarks). Retries and the halves of a refused batch are paced too. Each import paces
   * itself: two at once from one IP share its limit.
   */
  requestsPerMinute?: number;
  /** Send rows without validating them first: none is `rejected` (but a CSV row that cannot be read), the API judges them, and a batch it refuses as a whole is halved until the refused rows stand alone in `failed`. Default: the client's `skipValidation`. */
  skipValidation?: boolean;
  /** Called after batches settle (at most about 10 times a second) and once at the end; what it throws, or its promise rejects with, is ignored. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops new batches; batches in flight settle; rows not sent are reported as `notSent`. */
  signal?: AbortSignal;
}

/** Options of `getCustomFields`. */
export interface GetCustomFieldsOptions {
  /** Cancels the call, including a wait between retries. */
  signal?: AbortSignal;
}

/** Options of `updateUser`. */
export interface UpdateUserOptions {
  /** The user's environment: sends `PUT /environments/{environmentId}/users/{userId}`, the API's current path. Without it, the deprecated `PUT /users/{userId}` (same body, same answer). */
  environmentId?: string;
  /** Cancels the call, including a wait between retries. */
  signal?: AbortSignal;
  /** Send without validating first. */
  skipValidation?: boolean;
}
"#;
