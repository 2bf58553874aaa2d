//! DynamicUsersClient through wasm-bindgen-test-runner, in Node and (WASM_BINDGEN_USE_BROWSER=1)
//! headless Chromium, against the emulator `scripts/with-emulator.sh` starts: the URL, token and
//! environment come in at compile time.
#![cfg(target_arch = "wasm32")]

use dynamic_users::wasm::{is_dynamic_users_error, DynamicUsersClient};
use js_sys::{Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const URL: &str =
    env!("DYNAMIC_USERS_EMULATOR_URL", "run these tests through scripts/with-emulator.sh (make test does)");
const TOKEN: &str = env!("DYNAMIC_USERS_EMULATOR_TOKEN");
const ENVIRONMENT: &str = env!("DYNAMIC_USERS_EMULATOR_ENVIRONMENT");

#[wasm_bindgen(inline_js = r#"
export async function call(method, url, token, body) {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text;
}
const realSetTimeout = globalThis.setTimeout;
export function holdTimers(ms) {
  globalThis.setTimeout = (fn, delay, ...args) => realSetTimeout(fn, Math.max(Number(delay) || 0, ms), ...args);
}
export function releaseTimers() {
  globalThis.setTimeout = realSetTimeout;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn call(method: &str, url: &str, token: &str, body: Option<String>) -> Result<JsValue, JsValue>;
    /// Makes every `setTimeout` wait at least `ms`, as browsers do in a background tab.
    #[wasm_bindgen(js_name = holdTimers)]
    fn hold_timers(ms: f64);
    #[wasm_bindgen(js_name = releaseTimers)]
    fn release_timers();
}

/// The emulator's origin (`http://127.0.0.1:port`), for its emulator-only endpoints.
fn origin() -> &'static str {
    URL.trim_end_matches("/api/v0")
}

async fn set_faults(faults: Value) {
    call("PUT", &format!("{}/__emulator/faults", origin()), TOKEN, Some(faults.to_string())).await.unwrap();
}

async fn stored_emails() -> Vec<String> {
    let text = call("GET", &format!("{URL}/environments/{ENVIRONMENT}/users"), TOKEN, None).await.unwrap();
    let body: Value = serde_json::from_str(&text.as_string().unwrap()).unwrap();
    body["users"].as_array().unwrap().iter().filter_map(|u| u["email"].as_str().map(str::to_owned)).collect()
}

fn js(value: Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn rust(value: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

fn client(token: &str) -> DynamicUsersClient {
    DynamicUsersClient::new(js(json!({ "token": token, "baseUrl": URL, "maxRetries": 0 }))).unwrap()
}

fn field(error: &JsValue, key: &str) -> Value {
    rust(&Reflect::get(error, &JsValue::from_str(key)).unwrap_or(JsValue::NULL))
}

/// A unique email per test run, so tests can share the emulator.
fn unique(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn creates_then_updates_a_user() {
    let email = unique("wasm");
    let users = js(json!([{ "email": email, "firstName": "Ada", "country": "GB" }]));
    let answer =
        JsFuture::from(client(TOKEN).bulk_create_users(JsValue::from_str(ENVIRONMENT), users, JsValue::UNDEFINED))
            .await
            .unwrap();
    let answer = rust(&answer);
    assert_eq!(answer["created"][0]["email"], json!(email));
    let id = answer["created"][0]["id"].as_str().unwrap().to_owned();
    let fields = js(json!({ "lastName": "Lovelace", "country": null }));
    let updated =
        JsFuture::from(client(TOKEN).update_user(JsValue::from_str(&id), fields, JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(rust(&updated)["user"]["lastName"], "Lovelace");
    // The environment-scoped path, which the API prefers.
    let scoped = js(json!({ "environmentId": ENVIRONMENT }));
    let updated =
        JsFuture::from(client(TOKEN).update_user(JsValue::from_str(&id), js(json!({ "jobTitle": "Analyst" })), scoped))
            .await
            .unwrap();
    assert_eq!(rust(&updated)["user"]["jobTitle"], "Analyst");
}

#[wasm_bindgen_test]
async fn bulk_bodies_over_50_users_are_refused_unsent() {
    let users: Vec<Value> = (0..51).map(|i| json!({ "email": unique(&format!("cap{i}")) })).collect();
    let error = JsFuture::from(client(TOKEN).bulk_create_users(
        JsValue::from_str(ENVIRONMENT),
        js(json!(users)),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!((field(&error, "kind"), field(&error, "attempts")), (json!("validation"), json!(0)));
    assert!(field(&error, "message").as_str().unwrap().contains("Use importUsers"));
}

#[wasm_bindgen_test]
async fn errors_are_typed_and_never_hold_the_token() {
    let secret = "wrong-token-that-must-not-leak";
    let users = js(json!([{ "email": unique("denied") }]));
    let error =
        JsFuture::from(client(secret).bulk_create_users(JsValue::from_str(ENVIRONMENT), users, JsValue::UNDEFINED))
            .await
            .unwrap_err();
    assert!(is_dynamic_users_error(error.clone()).as_bool().unwrap());
    assert_eq!(
        (field(&error, "kind"), field(&error, "status"), field(&error, "attempts")),
        (json!("http"), json!(401), json!(1))
    );
    let shown = format!("{} {:?}", JSON::stringify(&error).unwrap().as_string().unwrap(), error);
    assert!(!shown.contains(secret), "{shown}");

    let bad = js(json!([{ "email": "nope" }]));
    let error =
        JsFuture::from(client(TOKEN).bulk_create_users(JsValue::from_str(ENVIRONMENT), bad, JsValue::UNDEFINED))
            .await
            .unwrap_err();
    assert_eq!(field(&error, "kind"), "validation");
    assert_eq!(field(&error, "issues")[0]["code"], "invalid_email");

    let missing = JsFuture::from(client(TOKEN).update_user(
        JsValue::from_str("00000000-0000-4000-8000-000000000000"),
        js(json!({})),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!((field(&missing, "kind"), field(&missing, "status")), (json!("http"), json!(404)));
}

#[wasm_bindgen_test]
async fn an_aborted_signal_sends_nothing() {
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let options = js_sys::Object::new();
    Reflect::set(&options, &JsValue::from_str("signal"), &controller.signal()).unwrap();
    let error =
        JsFuture::from(client(TOKEN).update_user(JsValue::from_str(ENVIRONMENT), js(json!({})), options.into()))
            .await
            .unwrap_err();
    assert_eq!((field(&error, "kind"), field(&error, "attempts")), (json!("aborted"), json!(0)));
}

#[wasm_bindgen_test]
fn a_plain_http_base_url_elsewhere_is_refused() {
    let error =
        DynamicUsersClient::new(js(json!({ "token": TOKEN, "baseUrl": "http://example.com/api/v0" }))).err().unwrap();
    assert_eq!(field(&error, "kind"), "config");
}

#[wasm_bindgen_test]
async fn upsert_updates_instead_of_failing() {
    let email = unique("upsert");
    let env = || JsValue::from_str(ENVIRONMENT);
    let first =
        JsFuture::from(client(TOKEN).bulk_create_users(env(), js(json!([{ "email": email }])), JsValue::UNDEFINED))
            .await
            .unwrap();
    assert_eq!(rust(&first)["created"].as_array().unwrap().len(), 1);
    let again = JsFuture::from(client(TOKEN).bulk_create_users(
        env(),
        js(json!([{ "email": email, "firstName": "B" }])),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(rust(&again)["failed"][0]["code"], "email_already_exists");
    let upsert = js(json!({ "upsert": true }));
    let updated = JsFuture::from(client(TOKEN).bulk_create_users(
        env(),
        js(json!([{ "email": email, "firstName": "C" }])),
        upsert,
    ))
    .await
    .unwrap();
    assert_eq!(rust(&updated)["updated"][0]["firstName"], "C");
}

/// One test for everything that changes the shared emulator's faults, so nothing overlaps.
#[wasm_bindgen_test]
async fn faults_network_timeout_and_retries_without_duplicates() {
    let closed =
        DynamicUsersClient::new(js(json!({ "token": TOKEN, "baseUrl": "http://127.0.0.1:9/api/v0", "maxRetries": 1 })))
            .unwrap();
    let error = JsFuture::from(closed.update_user(JsValue::from_str(ENVIRONMENT), js(json!({})), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!((field(&error, "kind"), field(&error, "attempts")), (json!("network"), json!(2)));

    set_faults(json!({ "latency_ms": 1500 })).await;
    let hasty =
        DynamicUsersClient::new(js(json!({ "token": TOKEN, "baseUrl": URL, "timeoutMs": 150, "maxRetries": 0 })))
            .unwrap();
    let error = JsFuture::from(hasty.update_user(JsValue::from_str(ENVIRONMENT), js(json!({})), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(field(&error, "kind"), "timeout");

    set_faults(json!({ "latency_ms": 0, "drop_after_commit_rate": 0.5, "fail_rate": 0.2, "seed": 11 })).await;
    let patient = DynamicUsersClient::new(js(json!({ "token": TOKEN, "baseUrl": URL, "maxRetries": 8 }))).unwrap();
    let emails: Vec<String> = (0..12).map(|_| unique("retry")).collect();
    for chunk in emails.chunks(4) {
        let users: Vec<Value> = chunk.iter().map(|e| json!({ "email": e })).collect();
        let options = js(json!({ "upsert": true }));
        JsFuture::from(patient.bulk_create_users(JsValue::from_str(ENVIRONMENT), js(json!(users)), options))
            .await
            .unwrap();
    }
    set_faults(json!({ "drop_after_commit_rate": 0.0, "fail_rate": 0.0 })).await;
    let stored = stored_emails().await;
    for email in &emails {
        assert_eq!(stored.iter().filter(|s| *s == email).count(), 1, "{email} stored once");
    }
}

/// `options` with `requestsPerMinute: Infinity` (JSON has no Infinity): pacing off, for imports
/// of many users against an emulator whose rate limit is off too.
fn unpaced(options: JsValue) -> JsValue {
    Reflect::set(&options, &JsValue::from_str("requestsPerMinute"), &JsValue::from(f64::INFINITY)).unwrap();
    options
}

fn ids_of(report: &Value, bucket: &str) -> Vec<(u64, u64)> {
    report[bucket]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["line"].as_u64().unwrap_or(0)))
        .collect()
}

#[wasm_bindgen_test]
async fn imports_csv_text_with_every_row_accounted_for() {
    let (a, b) = (unique("csv-a"), unique("csv-b"));
    // A multi-line cell in a column that is no user field (its cells are ignored, with a warning):
    // line breaks are not allowed in names.
    // Every row has all four cells: a shorter row is refused as one whose cells may have moved.
    let csv = format!("Email,First Name,policies consent,Notes\n{a},Ada,yes,\n\nnot-an-email,Bob,no,\n\"{}\",\"Ada, again\",1,\n{b},Bea,0,\"Multi\nline\"\n", a.to_uppercase());
    let report = JsFuture::from(client(TOKEN).import_users(
        JsValue::from_str(ENVIRONMENT),
        JsValue::from_str(&csv),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let report = rust(&report);
    assert_eq!(report["total"], 4);
    assert_eq!(ids_of(&report, "created"), [(0, 2), (3, 6)]);
    assert_eq!(ids_of(&report, "rejected"), [(1, 4), (2, 5)]);
    assert_eq!(report["rejected"][1]["issues"][0]["code"], "duplicate_email");
    let stored = stored_emails().await;
    assert!(stored.contains(&a) && stored.contains(&b));
}

/// Faults and abort share the emulator's fault settings, so they run in this one test.
#[wasm_bindgen_test]
async fn import_through_faults_then_abort_midway() {
    set_faults(json!({ "drop_after_commit_rate": 0.3, "fail_rate": 0.2, "seed": 21, "bulk_requests_per_minute": 0 }))
        .await;
    let emails: Vec<String> = (0..200).map(|_| unique("bulk")).collect();
    let users = js(json!(emails.iter().map(|e| json!({ "email": e })).collect::<Vec<_>>()));
    let patient = DynamicUsersClient::new(js(json!({ "token": TOKEN, "baseUrl": URL, "maxRetries": 8 }))).unwrap();
    let options = unpaced(js(json!({ "upsert": true, "batchSize": 20 })));
    let report =
        rust(&JsFuture::from(patient.import_users(JsValue::from_str(ENVIRONMENT), users, options)).await.unwrap());
    let done = report["created"].as_array().unwrap().len() + report["updated"].as_array().unwrap().len();
    assert_eq!(done, 200, "{report}");
    let stored = stored_emails().await;
    for email in &emails {
        assert_eq!(stored.iter().filter(|s| *s == email).count(), 1, "{email} stored once");
    }

    set_faults(json!({ "drop_after_commit_rate": 0.0, "fail_rate": 0.0, "latency_ms": 50 })).await;
    let controller = web_sys::AbortController::new().unwrap();
    let stop = controller.clone();
    let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |progress: JsValue| {
        if rust(&progress)["created"].as_u64().unwrap_or(0) >= 40 {
            stop.abort();
        }
    });
    let options = js_sys::Object::new();
    Reflect::set(&options, &JsValue::from_str("batchSize"), &JsValue::from(20)).unwrap();
    Reflect::set(&options, &JsValue::from_str("concurrency"), &JsValue::from(1)).unwrap();
    Reflect::set(&options, &JsValue::from_str("signal"), &controller.signal()).unwrap();
    Reflect::set(&options, &JsValue::from_str("onProgress"), on_progress.as_ref()).unwrap();
    let options = unpaced(options.into());
    let more: Vec<String> = (0..200).map(|_| unique("abort")).collect();
    let users = js(json!(more.iter().map(|e| json!({ "email": e })).collect::<Vec<_>>()));
    let report =
        rust(&JsFuture::from(patient.import_users(JsValue::from_str(ENVIRONMENT), users, options)).await.unwrap());
    set_faults(json!({ "latency_ms": 0 })).await;
    assert_eq!(report["aborted"], true);
    let created = report["created"].as_array().unwrap().len();
    let not_sent = report["notSent"].as_array().unwrap().len();
    assert!(created >= 40 && not_sent > 0 && created + not_sent == 200, "{report}");
    let stored = stored_emails().await;
    assert_eq!(more.iter().filter(|e| stored.contains(e)).count(), created, "exactly the created rows are stored");
}

/// Background tabs run timers once a second at most: an import must not wait on one between
/// slices of rows (10 000 rows are 5 slices; yielding with `setTimeout(0)` took 15 s more).
#[wasm_bindgen_test]
async fn no_timer_paces_an_import() {
    set_faults(json!({ "bulk_requests_per_minute": 0 })).await;
    let emails: Vec<String> = (0..10_000).map(|i| unique(&format!("bg{i}"))).collect();
    let users = js(json!(emails.iter().map(|e| json!({ "email": e })).collect::<Vec<_>>()));
    hold_timers(3_000.0);
    let started = js_sys::Date::now();
    let options = unpaced(js_sys::Object::new().into());
    let report = JsFuture::from(client(TOKEN).import_users(JsValue::from_str(ENVIRONMENT), users, options)).await;
    let elapsed = js_sys::Date::now() - started;
    release_timers();
    let report = rust(&report.unwrap());
    assert_eq!(report["created"].as_array().unwrap().len(), 10_000, "{}", report["total"]);
    assert!(elapsed < 8_000.0, "the import took {elapsed} ms: it waited on timers");
}
