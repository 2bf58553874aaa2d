//! `DynamicUsersClient.importUsers`: drives the import engine. It starts batches up to the
//! concurrency, sleeps as long as the engine's pace says, sends and waits, and reports progress;
//! every decision is the engine's.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use super::client::{id_string, json_body};
use super::convert::{check_option_names, flag, get, signal_option};
use super::csv::read_csv_options;
use super::custom_fields::read_custom_fields;
use super::error::to_js_error;
use super::input::{read_string, reserve_memory};
use super::timer::{next_task, now_ms, sleep, ForwardAbort};
use super::transport::{send, Attempt};
use crate::client::response::{decode_failure, too_large};
use crate::client::retry::parse_retry_after;
use crate::client::{request, ClientConfig, ClientError, HttpRequest};
use crate::csv::CsvOptions;
use crate::import::{self, BatchId, Engine, Failure, Input, Next, Pacer, RowChecker};
use crate::redact::hide;
use crate::text::{cat, dec, owned};
use crate::validate::{fix_users_json, Body};

/// Least time between two `onProgress` calls, so a UI is not flooded (the last call always comes).
const PROGRESS_EVERY_MS: f64 = 100.0;

struct ImportOptions {
    upsert: bool,
    batch_size: usize,
    concurrency: usize,
    requests_per_minute: f64,
    skip_validation: bool,
    on_progress: Option<Function>,
    signal: Option<AbortSignal>,
    /// How to read CSV text, and `fix` for either input.
    csv: CsvOptions,
    /// The environment's custom fields (`customFields`), which rows are held to.
    custom: Option<crate::validate::CustomFields>,
}

fn read_options(options: &JsValue, client_skips: bool) -> Result<ImportOptions, ClientError> {
    if !options.is_undefined() && !options.is_object() {
        return Err(ClientError::config("importUsers options must be an object."));
    }
    let known = [
        "upsert",
        "batchSize",
        "concurrency",
        "requestsPerMinute",
        "skipValidation",
        "onProgress",
        "signal",
        "columns",
        "delimiter",
        "fix",
        "customFields",
    ];
    let unreadable = || ClientError::config("importUsers options could not be read.");
    check_option_names(options, &known, "importUsers", unreadable)?;
    let field = |key: &str| get(options, key).map_err(|()| unreadable());
    let whole = |key: &str, default: usize, max: usize, why: &str| -> Result<usize, ClientError> {
        let value = field(key)?;
        if value.is_undefined() {
            return Ok(default);
        }
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= max as f64 => Ok(n as usize),
            _ => Err(ClientError::config(cat(&[
                "options.",
                key,
                " must be a whole number from 1 to ",
                &dec(max as u64),
                why,
                ".",
            ]))),
        }
    };
    let requests_per_minute = field("requestsPerMinute")?;
    let requests_per_minute = match requests_per_minute.as_f64() {
        _ if requests_per_minute.is_undefined() => import::DEFAULT_REQUESTS_PER_MINUTE,
        // Infinity turns pacing off; any other positive number is a pace.
        Some(n) if n > 0.0 => n,
        _ => {
            return Err(ClientError::config(
                "options.requestsPerMinute must be a positive number of requests a minute (default 150, the API's limit for bulk requests per IP), or Infinity to send without pacing.",
            ))
        }
    };
    let skip = field("skipValidation")?;
    let skip_validation = if skip.is_undefined() { client_skips } else { flag(&skip, "skipValidation")? };
    let upsert = flag(&field("upsert")?, "upsert")?;
    let on_progress = field("onProgress")?;
    let on_progress = if on_progress.is_undefined() || on_progress.is_null() {
        None
    } else {
        Some(
            on_progress
                .dyn_into::<Function>()
                .map_err(|_| ClientError::config("options.onProgress must be a function."))?,
        )
    };
    let signal = signal_option(field("signal")?)?;
    let mut csv = read_csv_options(options)?;
    let custom = read_custom_fields(&field("customFields")?).map_err(ClientError::config)?;
    if let Some(custom) = &custom {
        csv.map_custom_fields(custom);
    }
    Ok(ImportOptions {
        csv,
        custom,
        upsert,
        batch_size: whole(
            "batchSize",
            import::DEFAULT_BATCH_SIZE,
            import::MAX_BATCH_SIZE,
            ": the API takes at most 50 users a request",
        )?,
        concurrency: whole("concurrency", import::DEFAULT_CONCURRENCY, 16, "")?,
        requests_per_minute,
        skip_validation,
        on_progress,
        signal,
    })
}

/// Reads the input (an array of users, or CSV text) into rows, not yet validated; with `fix`, the
/// rows carry their mechanical fixes (and `Input::fixes` lists them).
fn read_input(users: &JsValue, options: &CsvOptions) -> Result<Input, ClientError> {
    if let Some(csv) = read_string(users) {
        let input = Input::from_csv_with(&csv, options).map_err(ClientError::validation)?;
        // The rows are known only now; JSON input reserved with its text.
        reserve_memory(input.len().saturating_mul(WORKING_BYTES_PER_ROW));
        return Ok(input);
    }
    let text = json_body(Body::BulkUsers, users, WORKING_BYTES_PER_ROW)?;
    let fixed = if options.fix { fix_users_json(&text) } else { None };
    let Some(fixed) = fixed else { return Input::from_json(text).map_err(ClientError::validation) };
    drop(text);
    let mut input = Input::from_json(fixed.text).map_err(ClientError::validation)?;
    input.fixes = fixed.fixes;
    Ok(input)
}

/// Wasm memory an import takes after its input is read, by row: the engine's rows, the answers
/// in flight and the report came to ~25 MB for 100 000 rows. It is reserved with the input, before
/// the first request: growing wasm memory while requests were in flight, a few MB at a time, made
/// V8 run ~50 full garbage collections in a 100 000-row import instead of 3.
const WORKING_BYTES_PER_ROW: usize = 300;

/// Rows validated between two looks at the network: about a few milliseconds of work.
const ROWS_PER_SLICE: usize = 2000;

/// An import whose arguments are read, before anything is sent.
pub struct StartedImport {
    config: Rc<ClientConfig>,
    fetch: Option<Function>,
    options: ImportOptions,
    template: HttpRequest,
    input: Input,
}

/// Reads the options and the whole input when `importUsers` is called, as `fetch` reads its
/// body: a caller that empties or edits its array right after the call changes nothing.
#[cfg_attr(size_opt, optimize(size))]
pub fn start_import(
    config: Rc<ClientConfig>,
    client_skips_validation: bool,
    fetch: Option<Function>,
    environment_id: &JsValue,
    users: &JsValue,
    options: &JsValue,
) -> Result<StartedImport, ClientError> {
    let options = read_options(options, client_skips_validation)?;
    let id = id_string("environmentId", environment_id)?;
    // Checks the id once; every batch reuses the URL.
    let template = request::bulk_create(&config, &id, options.upsert, String::new())?;
    let mut input = read_input(users, &options.csv)?;
    if let Some(custom) = options.custom.as_ref().filter(|_| !options.skip_validation) {
        input.check_custom_fields(custom);
    }
    Ok(StartedImport { config, fetch, options, template, input })
}

/// The whole import; resolves to the report. Rows are validated in slices, and batches go out
/// as soon as they fill, so the network is busy while later rows are still being checked.
pub async fn run_import(import: StartedImport) -> Result<JsValue, JsValue> {
    let StartedImport { config, fetch, options, template, mut input } = import;
    let fixes = std::mem::take(&mut input.fixes);
    let engine = Engine::new(input.len(), input.text.clone(), options.batch_size, config.max_retries)
        .paced(Pacer::new(options.requests_per_minute));
    let engine = Rc::new(RefCell::new(engine));
    let mut rows =
        if options.skip_validation { RowChecker::unchecked(&mut input) } else { RowChecker::new(&mut input) };
    if rows.is_done() {
        engine.borrow_mut().input_done();
    }
    // Batches waiting for their turn in the pace wake when the import stops (the caller's signal,
    // or the engine halting), not when their turn would have come, up to a minute later.
    let stop = AbortController::new()?;
    let _forward = options.signal.as_ref().map(|signal| ForwardAbort::new(signal, &stop));
    let mut in_flight: Vec<(f64, Promise)> = Vec::new();
    let finished: Rc<RefCell<Vec<f64>>> = Rc::default();
    let mut started = 0.0;
    let mut last_progress = f64::NEG_INFINITY;
    loop {
        let done: Vec<f64> = std::mem::take(&mut *finished.borrow_mut());
        in_flight.retain(|(key, _)| !done.contains(key));
        if super::timer::aborted(options.signal.as_ref()) {
            engine.borrow_mut().abort();
        }
        if !rows.is_done() {
            // A token pasted into a field is redacted before its echo is cut.
            let _hidden = hide(config.token());
            let mut engine = engine.borrow_mut();
            // A free connection takes a batch as soon as one fills rather than after the slice:
            // the first request leaves after one batch of rows is checked, not 2 000.
            let idle = in_flight.len() < options.concurrency;
            for checked in rows.by_ref().take(ROWS_PER_SLICE) {
                engine.add(checked);
                if idle && engine.batch_ready() {
                    break;
                }
            }
            if rows.is_done() {
                engine.input_done();
            }
        }
        while in_flight.len() < options.concurrency {
            let Some(batch) = engine.borrow_mut().next_batch() else { break };
            let key = started;
            started += 1.0;
            let job = run_batch(
                engine.clone(),
                batch,
                template.clone(),
                config.clone(),
                fetch.clone(),
                options.signal.clone(),
                stop.clone(),
            );
            let done = finished.clone();
            in_flight.push((
                key,
                super::spawn(Box::pin(async move {
                    let result = job.await;
                    done.borrow_mut().push(key);
                    result.map(|()| JsValue::from(key))
                })),
            ));
        }
        // Without batches in flight and rows to check, nothing can change any more: rows the
        // engine did not settle (none, normally) are reported as not sent.
        if in_flight.is_empty() && rows.is_done() {
            break;
        }
        if rows.is_done() {
            // Nothing left to check: wait for the next batch to settle.
            let race = Promise::race(&in_flight.iter().map(|(_, p)| p.clone()).collect::<Array>());
            super::task::Promised::from(race).await?;
        } else {
            // Let the event loop run the requests in flight before checking more rows.
            next_task().await;
        }
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_EVERY_MS {
            last_progress = now;
            report_progress(&options, &engine.borrow());
        }
    }
    drop(rows);
    report_progress(&options, &engine.borrow());
    let still_running = || to_js_error(ClientError::config("The import is still running."));
    let engine = Rc::try_unwrap(engine).map_err(|_| still_running())?.into_inner();
    let mut report = engine.report();
    report.fixes = fixes;
    report.redact(config.token());
    // One JSON text and JSON.parse: far quicker than building 100 000 objects one call at a time.
    let text = report.to_json();
    js_sys::JSON::parse(&text)
}

fn report_progress(options: &ImportOptions, engine: &Engine) {
    if let Some(callback) = &options.on_progress {
        let p = engine.progress(now_ms());
        let counts = [p.total, p.done, p.sent, p.created, p.updated, p.failed, p.rejected, p.not_sent, p.ambiguous];
        let [total, done, sent, created, updated, failed, rejected, not_sent, ambiguous] = counts.map(|n| n as f64);
        notify(callback, total, done, sent, created, updated, failed, rejected, not_sent, ambiguous, p.eta_seconds);
    }
}

// `notify` (src/wasm/host.js) calls `callback` with the progress as a plain object, its members
// in the order `ImportProgress` declares them (`etaSeconds` only when known). A throwing callback
// must not break the import: what it throws is dropped, and so is a rejection of the promise an
// async one returns, which Node would otherwise treat as unhandled and end the process; any
// object it returns may be a thenable (a promise from another realm, say), so `Promise.resolve`
// adopts it.
#[wasm_bindgen(module = "/src/wasm/host.js")]
extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        callback: &Function,
        total: f64,
        done: f64,
        sent: f64,
        created: f64,
        updated: f64,
        failed: f64,
        rejected: f64,
        not_sent: f64,
        ambiguous: f64,
        eta_seconds: Option<f64>,
    );
}

/// Sends one batch until it is settled, and wakes the batches waiting for their turn if that
/// stopped the import.
async fn run_batch(
    engine: Rc<RefCell<Engine>>,
    batch: BatchId,
    template: HttpRequest,
    config: Rc<ClientConfig>,
    fetch: Option<Function>,
    signal: Option<AbortSignal>,
    stop: AbortController,
) -> Result<(), JsValue> {
    let result = send_batch(&engine, batch, &template, &config, fetch.as_ref(), signal.as_ref(), &stop).await;
    if engine.borrow().halted() {
        stop.abort();
    }
    result
}

/// Each attempt waits for its turn in the pace, then goes; retries as the engine says; an abort
/// during a wait abandons the batch. The request itself is never cancelled: in-flight batches settle.
async fn send_batch(
    engine: &RefCell<Engine>,
    batch: BatchId,
    template: &HttpRequest,
    config: &ClientConfig,
    fetch: Option<&Function>,
    signal: Option<&AbortSignal>,
    stop: &AbortController,
) -> Result<(), JsValue> {
    let authorization = config.authorization();
    loop {
        // Other batches may take the turn this one waited for: wait again until it is this one's.
        loop {
            let wait = engine.borrow().wait_ms(now_ms());
            if wait <= 0.0 {
                break;
            }
            // Cut short when the import stops: then the wait is 0 and `sending` settles the batch.
            if !sleep(wait, Some(&stop.signal())).await && super::timer::aborted(signal) {
                engine.borrow_mut().abandon(batch);
                return Ok(());
            }
        }
        // Made for each attempt: a retry may hold back rows the first attempt may have stored.
        let request = HttpRequest {
            method: template.method,
            url: owned(&template.url),
            body: engine.borrow().body(batch),
            repeat_safe: template.repeat_safe,
        };
        if !engine.borrow_mut().sending(batch, now_ms()) {
            return Ok(());
        }
        let failure = match send(&request, &authorization, config.timeout_ms, None, fetch).await {
            Attempt::Answered { status, body, .. } if (200..300).contains(&status) => {
                if engine.borrow_mut().answered(batch, &body) {
                    return Ok(());
                }
                // Applied or not, nobody knows: like a dropped connection.
                Failure::Network {
                    message: cat(&["The API answered ", &dec(status.into()), " with a body that cannot be read."]),
                }
            }
            Attempt::Answered { status, retry_after, body } => {
                let retry_after_ms = retry_after.as_deref().and_then(|v| parse_retry_after(v, js_sys::Date::now()));
                // Redacted before the cut, and with the rest of the report, where the message ends up.
                let _hidden = hide(config.token());
                let error = decode_failure(status, &body, retry_after_ms);
                Failure::Status { status, code: error.code, message: error.message, retry_after_ms }
            }
            // Applied or not, nobody knows: like a dropped connection.
            Attempt::TooLarge { status } => Failure::Network { message: too_large(status).message },
            Attempt::Network(_) | Attempt::Aborted => Failure::Network {
                message: owned("The API could not be reached, or the connection dropped before its answer."),
            },
            Attempt::Timeout => Failure::Timeout {
                message: cat(&["The API did not answer within ", &dec(config.timeout_ms.into()), " ms."]),
            },
        };
        let next = engine.borrow_mut().failed(batch, failure, js_sys::Math::random(), now_ms());
        match next {
            Next::Settled => return Ok(()),
            Next::RetryAfter(ms) => {
                if !sleep(ms, signal).await {
                    engine.borrow_mut().abandon(batch);
                    return Ok(());
                }
            }
        }
    }
}
