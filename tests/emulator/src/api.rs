//! HTTP handlers: the two Dynamic endpoints, the emulator-only read/clear endpoints and the
//! `/__emulator/` control endpoints.

// Handlers short-circuit with a ready `Response` as the error; boxing it buys nothing here.
#![allow(clippy::result_large_err)]

use crate::custom_fields::{self, CustomFields};
use crate::faults::{Decision, Early, FaultConfig, FaultPatch, Faults, RateLimitBody, RateLimiter, Stats};
use crate::schema::SchemaError;
use crate::store::{Outcome, Store, UpdateError};
use crate::timefmt::now_rfc3339;
use crate::validate::{bulk_items, is_uuid, update_fields};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use tower_http::cors::{Any, CorsLayer};

/// Put into every request's extensions by the connection loop: notifying it makes the
/// connection task drop the connection (socket closed, nothing more written).
#[derive(Clone, Default)]
pub struct ConnKiller(pub Arc<Notify>);

/// The TCP peer's address, put into every request's extensions by the connection loop: the
/// key of the per-IP rate limit.
#[derive(Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The API's 429 message.
pub const TOO_MANY_REQUESTS: &str = "Too many requests. Please try again later.";
pub struct Inner {
    pub store: Store,
    pub token: String,
    pub environments: Vec<String>,
    pub faults: Faults,
    pub stats: Stats,
    pub bulk_limiter: RateLimiter,
    pub quiet: bool,
    pub custom_fields: CustomFields,
}

pub type AppState = Arc<Inner>;

type Res = Result<Response, Response>;

fn json_response(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// `{ error }` (400, 401, 413, 415, 500, 503) or `{ error, code, payload? }` (404, 422, 429).
fn error(status: StatusCode, error: impl Into<String>, code: Option<&str>, payload: Option<Value>) -> Response {
    let mut body = Map::new();
    body.insert("error".into(), Value::String(error.into()));
    if let Some(code) = code {
        body.insert("code".into(), Value::String(code.into()));
    }
    if let Some(p) = payload {
        body.insert("payload".into(), p);
    }
    json_response(status, Value::Object(body))
}

/// A 429 with `Retry-After`; the body is the API's JSON or, with `rate_limit_body: text`, a
/// plain-text page such as a proxy sends.
fn too_many_requests(kind: RateLimitBody, secs: u64, json_body: Value) -> Response {
    let mut r = match kind {
        RateLimitBody::Json => json_response(StatusCode::TOO_MANY_REQUESTS, json_body),
        RateLimitBody::Text => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "429 Too Many Requests\n",
        )
            .into_response(),
    };
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    r
}

fn internal(e: impl std::fmt::Display) -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}"), None, None)
}

pub fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/api/v0/environments/{environment_id}/users/bulk", post(bulk_create))
        .route("/api/v0/environments/{environment_id}/users", get(list_users).delete(clear_users))
        .route("/api/v0/environments/{environment_id}/users/{user_id}", put(update_user_in_environment))
        .route("/api/v0/users/{user_id}", put(update_user))
        .route("/api/v0/environments/{environment_id}/custom/fields", get(get_custom_fields))
        .route(
            "/__emulator/environments/{environment_id}/custom-fields",
            get(control_custom_fields).put(put_custom_fields).delete(reset_custom_fields),
        )
        .route("/__emulator/faults", get(get_faults).put(put_faults).delete(reset_faults))
        .route("/__emulator/stats", get(get_stats).delete(reset_stats))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "Not found", None, None) })
        .method_not_allowed_fallback(|| async {
            error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed", None, None)
        })
        .with_state(state)
        .layer(cors)
}

// ---------------------------------------------------------------------------------------
// Shared request steps

impl Inner {
    /// Fault layer (latency, 429, 500/503), then the bearer-token check.
    async fn enter_api(&self, headers: &HeaderMap) -> Result<Decision, Response> {
        let d = self.inject_faults().await?;
        self.check_auth(headers)?;
        Ok(d)
    }

    /// As [`Self::enter_api`], with the per-IP bulk limit between the faults and the token.
    async fn enter_api_rated(&self, parts: &axum::http::request::Parts) -> Result<Decision, Response> {
        let d = self.inject_faults().await?;
        self.check_bulk_rate(parts)?;
        self.check_auth(&parts.headers)?;
        Ok(d)
    }

    async fn inject_faults(&self) -> Result<Decision, Response> {
        Stats::inc(&self.stats.api_requests);
        let d = self.faults.decide();
        if d.latency_ms > 0 {
            Stats::inc(&self.stats.delayed);
            tokio::time::sleep(Duration::from_millis(d.latency_ms)).await;
        }
        match d.early {
            Early::Proceed => {}
            Early::RateLimit(secs) => {
                Stats::inc(&self.stats.rate_limited);
                let body = json!({ "error": TOO_MANY_REQUESTS, "code": "too_many_requests" });
                return Err(too_many_requests(self.faults.rate_limit_body(), secs, body));
            }
            Early::Fail(status) => {
                let (c, msg) = if status == 503 {
                    (&self.stats.fail_503, "Service unavailable (injected fault)")
                } else {
                    (&self.stats.fail_500, "Internal server error (injected fault)")
                };
                Stats::inc(c);
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
                return Err(error(status, msg, None, None));
            }
        }
        Ok(d)
    }

    /// The per-IP bulk limit, checked after injected faults and before the token (as an edge
    /// limiter in front of the API would).
    fn check_bulk_rate(&self, parts: &axum::http::request::Parts) -> Result<(), Response> {
        let ip = parts.extensions.get::<ClientIp>().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0);
        let limit = self.faults.bulk_requests_per_minute();
        self.bulk_limiter.check(ip, limit, Instant::now()).map_err(|secs| {
            Stats::inc(&self.stats.bulk_rate_limited);
            too_many_requests(self.faults.rate_limit_body(), secs, json!({ "error": TOO_MANY_REQUESTS }))
        })
    }

    /// A body that breaks the API's schema: the whole request is refused, nothing is stored.
    fn schema_refusal(&self, e: SchemaError) -> Response {
        Stats::inc(&self.stats.schema_refused);
        error(StatusCode::BAD_REQUEST, e.to_string(), None, None)
    }

    fn check_auth(&self, headers: &HeaderMap) -> Result<(), Response> {
        let ok = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .is_some_and(|(scheme, tok)| scheme.eq_ignore_ascii_case("bearer") && tok.trim() == self.token);
        if ok {
            Ok(())
        } else {
            let mut r = error(StatusCode::UNAUTHORIZED, "Unauthorized", None, None);
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            Err(r)
        }
    }

    fn check_environment(&self, env: String) -> Result<String, Response> {
        let env = uuid_param(env, "environmentId")?;
        if self.environments.contains(&env) {
            Ok(env)
        } else {
            Err(error(StatusCode::NOT_FOUND, "Environment not found", Some("environment_not_found"), None))
        }
    }

    /// Reads the whole body under the configured limit, then parses it as JSON.
    async fn read_json(&self, headers: &HeaderMap, body: Body) -> Result<Value, Response> {
        let is_json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        if !is_json {
            return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", None, None));
        }
        let limit = self.faults.max_body_bytes();
        let too_large = || {
            Stats::inc(&self.stats.body_too_large);
            error(StatusCode::PAYLOAD_TOO_LARGE, format!("Request body is larger than {limit} bytes"), None, None)
        };
        let declared =
            headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
        let bytes: Bytes = match Limited::new(body, limit_usize).collect().await {
            Ok(c) => c.to_bytes(),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(too_large()),
            Err(e) => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    format!("could not read the request body: {e}"),
                    None,
                    None,
                ));
            }
        };
        serde_json::from_slice(&bytes)
            .map_err(|e| error(StatusCode::BAD_REQUEST, format!("Malformed JSON body: {e}"), None, None))
    }

    /// Work is committed: close the connection without answering.
    async fn drop_connection(&self, parts: &axum::http::request::Parts, started: Instant) -> Response {
        Stats::inc(&self.stats.dropped_after_commit);
        if !self.quiet {
            eprintln!("{} {} dropped-after-commit {}ms", parts.method, parts.uri.path(), started.elapsed().as_millis());
        }
        if let Some(k) = parts.extensions.get::<ConnKiller>() {
            k.0.notify_one();
            std::future::pending::<()>().await;
        }
        // No connection handle (not served by our loop): a body that fails at once makes
        // hyper abort the connection.
        let stream = futures_util::stream::once(async {
            Err::<Bytes, std::io::Error>(std::io::Error::other("dropped after commit"))
        });
        Response::new(Body::from_stream(stream))
    }
}

/// The percent-decoded path parameters.
fn path_params<T>(path: Result<Path<T>, PathRejection>) -> Result<T, Response> {
    path.map(|Path(p)| p).map_err(|e| error(StatusCode::BAD_REQUEST, format!("bad path: {e}"), None, None))
}

/// A path id must match the schema's (lower-case) uuid pattern.
fn uuid_param(id: String, name: &str) -> Result<String, Response> {
    if is_uuid(&id) {
        Ok(id)
    } else {
        Err(error(
            StatusCode::BAD_REQUEST,
            format!("{name} must be a lower-case UUID (8-4-4-4-12 hex digits)"),
            None,
            None,
        ))
    }
}

fn parse_upsert(query: Option<&str>) -> Result<bool, Response> {
    let mut upsert = false;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "upsert" {
            upsert = match v {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(error(StatusCode::BAD_REQUEST, "upsert must be true or false", None, None));
                }
            };
        }
    }
    Ok(upsert)
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> rusqlite::Result<T> + Send + 'static) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(internal(e)),
        Err(e) => Err(internal(e)),
    }
}

// ---------------------------------------------------------------------------------------
// POST /api/v0/environments/{environmentId}/users/bulk

enum Slot {
    Failed { user: Value, code: &'static str, error: String },
    Valid,
}

async fn bulk_create(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    req: Request,
) -> Response {
    bulk_inner(st, path, query, req).await.unwrap_or_else(|r| r)
}

async fn bulk_inner(
    st: AppState,
    path: Result<Path<String>, PathRejection>,
    query: Option<String>,
    req: Request,
) -> Res {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let decision = st.enter_api_rated(&parts).await?;
    let env = st.check_environment(path_params(path)?)?;
    let upsert = parse_upsert(query.as_deref())?;
    let body = st.read_json(&parts.headers, body).await?;
    // The schema (1 to 50 users, each valid) or nothing: a refusal stores no row.
    let items = bulk_items(&body).map_err(|e| st.schema_refusal(e))?;
    let total = items.len();

    // Repeats inside the request (first one wins): a business failure, reported per row.
    let mut slots = Vec::with_capacity(total);
    let mut valid: Vec<Map<String, Value>> = Vec::new();
    let mut seen: [HashMap<String, usize>; 3] = Default::default();
    for item in items {
        let Some(obj) = item.as_object() else {
            return Err(internal("a bulk item passed the schema without being an object"));
        };
        let keys = ["email", "username", "id"].map(|k| obj.get(k).and_then(Value::as_str).map(str::to_lowercase));
        let dup = keys
            .iter()
            .zip(["email", "username", "id"])
            .zip(&seen)
            .find_map(|((k, name), map)| k.as_ref().filter(|k| map.contains_key(*k)).map(|_| name));
        if let Some(name) = dup {
            slots.push(Slot::Failed {
                user: item.clone(),
                code: "duplicate_exists",
                error: format!("Another user in this request has the same {name}"),
            });
            continue;
        }
        for (k, map) in keys.into_iter().zip(seen.iter_mut()) {
            if let Some(k) = k {
                map.insert(k, slots.len());
            }
        }
        slots.push(Slot::Valid);
        valid.push(obj.clone());
    }

    let now = now_rfc3339();
    let st2 = st.clone();
    let env2 = env.clone();
    let outcomes = blocking(move || {
        let refs: Vec<&Map<String, Value>> = valid.iter().collect();
        let fields = st2.custom_fields.get(&env2);
        st2.store.bulk(&env2, &refs, upsert, &now, &fields)
    })
    .await?;

    let (mut created, mut updated, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    let mut outcomes = outcomes.into_iter();
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Slot::Failed { user, code, error } => failed.push(json!({ "user": user, "error": error, "code": code })),
            Slot::Valid => match outcomes.next() {
                Some(Outcome::Created(doc)) => created.push(doc),
                Some(Outcome::Updated(doc)) => updated.push(doc),
                Some(Outcome::Failed { code, error }) => {
                    failed.push(json!({ "user": items[i], "error": error, "code": code }))
                }
                None => return Err(internal("missing bulk outcome")),
            },
        }
    }

    if decision.drop_after_commit {
        return Ok(st.drop_connection(&parts, started).await);
    }
    Ok(json_response(
        StatusCode::CREATED,
        json!({ "created": created, "updated": updated, "failed": failed, "total": total }),
    ))
}

// ---------------------------------------------------------------------------------------
// PUT /api/v0/users/{userId} (the seed's, deprecated) and
// PUT /api/v0/environments/{environmentId}/users/{userId}: same body, same answer

async fn update_user(State(st): State<AppState>, path: Result<Path<String>, PathRejection>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let run = async {
        let decision = st.enter_api(&parts.headers).await?;
        let user_id = uuid_param(path_params(path)?, "userId")?;
        update_inner(&st, decision, None, user_id, parts, body).await
    };
    run.await.unwrap_or_else(|r| r)
}

async fn update_user_in_environment(
    State(st): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let run = async {
        let decision = st.enter_api(&parts.headers).await?;
        let (env, user_id) = path_params(path)?;
        let env = st.check_environment(env)?;
        let user_id = uuid_param(user_id, "userId")?;
        update_inner(&st, decision, Some(env), user_id, parts, body).await
    };
    run.await.unwrap_or_else(|r| r)
}

/// After the faults, the token and the path: the body, then the store. With `env`, a user of
/// another environment is not found.
async fn update_inner(
    st: &AppState,
    decision: Decision,
    env: Option<String>,
    user_id: String,
    parts: axum::http::request::Parts,
    body: Body,
) -> Res {
    let started = Instant::now();
    let body = st.read_json(&parts.headers, body).await?;
    let fields = update_fields(&body).map_err(|e| st.schema_refusal(e))?.clone();
    if let Some(id) = fields.get("id").and_then(Value::as_str)
        && id != user_id
    {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "id in the body does not match the userId in the path",
            Some("invalid_user"),
            Some(json!({ "field": "id" })),
        ));
    }
    let now = now_rfc3339();
    let st2 = st.clone();
    let res = tokio::task::spawn_blocking(move || {
        st2.store.update_user(&user_id, env.as_deref(), &fields, &now, |e| st2.custom_fields.get(e))
    })
    .await
    .map_err(internal)?;
    let user = match res {
        Ok(u) => u,
        Err(UpdateError::NotFound) => {
            return Err(error(StatusCode::NOT_FOUND, "User not found", Some("user_not_found"), None));
        }
        Err(UpdateError::UsernameTaken) => {
            return Err(error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "A user with this username already exists in this environment",
                Some("username_already_exists"),
                Some(json!({ "field": "username" })),
            ));
        }
        Err(UpdateError::CustomField(r)) => {
            return Err(error(
                StatusCode::UNPROCESSABLE_ENTITY,
                r.error,
                Some(r.code),
                Some(json!({ "field": "metadata" })),
            ));
        }
        Err(UpdateError::Db(e)) => return Err(internal(e)),
    };
    if decision.drop_after_commit {
        return Ok(st.drop_connection(&parts, started).await);
    }
    Ok(json_response(StatusCode::OK, json!({ "user": user })))
}

// ---------------------------------------------------------------------------------------
// Emulator-only: GET / DELETE /api/v0/environments/{environmentId}/users

async fn list_users(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        st.check_auth(&headers)?;
        let env = st.check_environment(path_params(path)?)?;
        let st2 = st.clone();
        let users = blocking(move || st2.store.list(&env)).await?;
        let total = users.len();
        Ok(json_response(StatusCode::OK, json!({ "users": users, "total": total })))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

async fn clear_users(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        st.check_auth(&headers)?;
        let env = st.check_environment(path_params(path)?)?;
        let st2 = st.clone();
        let deleted = blocking(move || st2.store.clear(&env)).await?;
        Ok(json_response(StatusCode::OK, json!({ "deleted": deleted })))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

// ---------------------------------------------------------------------------------------
// GET /api/v0/environments/{environmentId}/custom/fields (the API's), and the emulator's
// control of them: GET / PUT / DELETE /__emulator/environments/{environmentId}/custom-fields

async fn get_custom_fields(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        st.enter_api(&headers).await?;
        let env = st.check_environment(path_params(path)?)?;
        Ok(json_response(StatusCode::OK, custom_fields::documents(&st.custom_fields.get(&env))))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

async fn control_custom_fields(State(st): State<AppState>, path: Result<Path<String>, PathRejection>) -> Response {
    match path_params(path).and_then(|e| st.check_environment(e)) {
        Ok(env) => json_response(StatusCode::OK, custom_fields::documents(&st.custom_fields.get(&env))),
        Err(r) => r,
    }
}

async fn put_custom_fields(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let env = match path_params(path).and_then(|e| st.check_environment(e)) {
        Ok(env) => env,
        Err(r) => return r,
    };
    let parsed = serde_json::from_slice::<Value>(&body)
        .map_err(|e| custom_fields::Refusal {
            code: "invalid_custom_fields",
            error: format!("Malformed JSON body: {e}"),
        })
        .and_then(|v| custom_fields::parse(&v));
    match parsed {
        Ok(fields) => {
            let docs = custom_fields::documents(&fields);
            st.custom_fields.set(&env, fields);
            json_response(StatusCode::OK, docs)
        }
        Err(r) => error(StatusCode::UNPROCESSABLE_ENTITY, r.error, Some(r.code), None),
    }
}

async fn reset_custom_fields(State(st): State<AppState>, path: Result<Path<String>, PathRejection>) -> Response {
    match path_params(path).and_then(|e| st.check_environment(e)) {
        Ok(env) => {
            st.custom_fields.reset(&env);
            json_response(StatusCode::OK, custom_fields::documents(&st.custom_fields.get(&env)))
        }
        Err(r) => r,
    }
}

// ---------------------------------------------------------------------------------------
// /__emulator/faults and /__emulator/stats (no auth)

async fn get_faults(State(st): State<AppState>) -> Response {
    json_response(StatusCode::OK, json!(st.faults.get()))
}

async fn put_faults(State(st): State<AppState>, body: Bytes) -> Response {
    let patch: FaultPatch = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => {
            return error(StatusCode::BAD_REQUEST, format!("invalid fault settings: {e}"), None, None);
        }
    };
    match st.faults.apply(&patch) {
        Ok(cfg) => json_response(StatusCode::OK, json!(cfg)),
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e, Some("invalid_faults"), None),
    }
}

async fn reset_faults(State(st): State<AppState>) -> Response {
    let cfg: FaultConfig = st.faults.reset();
    json_response(StatusCode::OK, json!(cfg))
}

async fn get_stats(State(st): State<AppState>) -> Response {
    let st2 = st.clone();
    let counts = match blocking(move || st2.store.counts()).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut per_env = Map::new();
    for e in &st.environments {
        per_env.insert(e.clone(), json!(0));
    }
    for (e, n) in counts {
        per_env.insert(e, json!(n));
    }
    let mut snap = st.stats.snapshot();
    snap["users_per_environment"] = Value::Object(per_env);
    json_response(StatusCode::OK, snap)
}

async fn reset_stats(State(st): State<AppState>) -> Response {
    st.stats.reset();
    json_response(StatusCode::OK, st.stats.snapshot())
}
