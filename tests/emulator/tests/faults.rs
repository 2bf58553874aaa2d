//! Fault injection: each kind, the control and stats endpoints, reproducibility.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[tokio::test]
async fn control_endpoint_reads_patches_validates_and_resets() {
    let emu = Emu::start_with(|c| c.faults.latency_ms = 5).await;
    let r: Value =
        emu.client.get(format!("{}/__emulator/faults", emu.root)).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        r,
        json!({"fail_rate": 0.0, "rate_limit": 0.0, "retry_after_secs": 1, "latency_ms": 5,
               "drop_after_commit_rate": 0.0, "max_body_bytes": 10485760, "seed": 1,
               "bulk_requests_per_minute": 150, "rate_limit_body": "json"})
    );
    let r = emu.faults(&json!({"fail_rate": 0.5})).await;
    assert_eq!(r["fail_rate"], 0.5);
    assert_eq!(r["latency_ms"], 5, "untouched fields stay");

    for (body, status) in
        [(json!({"fail_rate": 2}), StatusCode::UNPROCESSABLE_ENTITY), (json!({"nonsense": 1}), StatusCode::BAD_REQUEST)]
    {
        let r = emu.client.put(format!("{}/__emulator/faults", emu.root)).json(&body).send().await.unwrap();
        assert_eq!(r.status(), status, "{body}");
    }
    let r: Value =
        emu.client.delete(format!("{}/__emulator/faults", emu.root)).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["fail_rate"], 0.0);
    assert_eq!(r["latency_ms"], 5, "reset goes back to the start-up flags");
    emu.stop().await;
}

#[tokio::test]
async fn fail_rate_answers_500_or_503_before_anything() {
    let emu = Emu::start().await;
    emu.faults(&json!({"fail_rate": 1.0})).await;
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..12 {
        let (s, v) = emu.bulk(&json!([{"email": format!("f{i}@example.com")}]), None).await;
        assert!(s == 500 || s == 503, "{s}");
        assert!(v["error"].is_string());
        seen.insert(s.as_u16());
        // Before anything: even the auth check.
        let r = emu.client.put(format!("{}/users/{ENV}", emu.base)).json(&json!({})).send().await.unwrap();
        assert!(r.status().is_server_error());
    }
    assert_eq!(seen.len(), 2, "both 500 and 503 occur: {seen:?}");
    emu.faults(&json!({"fail_rate": 0.0})).await;
    assert_eq!(emu.list().await["total"], 0, "nothing was stored");
    let st = emu.stats().await;
    let f = &st["faults_injected"];
    assert_eq!(f["fail_500"].as_u64().unwrap() + f["fail_503"].as_u64().unwrap(), 24);
    emu.stop().await;
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let emu = Emu::start().await;
    emu.faults(&json!({"rate_limit": 1.0, "retry_after_secs": 7})).await;
    let r = emu
        .client
        .post(format!("{}/environments/{ENV}/users/bulk", emu.base))
        .bearer_auth(TOKEN)
        .header("origin", "http://demo.localhost")
        .json(&json!([{"email": "r@example.com"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v, json!({"error": "Too many requests. Please try again later.", "code": "too_many_requests"}));
    emu.faults(&json!({"rate_limit": 0.0})).await;
    assert_eq!(emu.list().await["total"], 0);
    assert_eq!(emu.stats().await["faults_injected"]["rate_limit"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn latency_is_added() {
    let emu = Emu::start().await;
    emu.faults(&json!({"latency_ms": 300})).await;
    let t = Instant::now();
    let (s, _) = emu.bulk(&json!([{"firstName": "Ann"}]), None).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(t.elapsed() >= Duration::from_millis(300), "{:?}", t.elapsed());
    assert_eq!(emu.stats().await["faults_injected"]["latency"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn dropped_after_commit_bulk_is_stored_but_unanswered() {
    let emu = Emu::start().await;
    emu.faults(&json!({"drop_after_commit_rate": 1.0})).await;

    // reqwest sees a transport error, no status.
    let err = emu
        .client
        .post(format!("{}/environments/{ENV}/users/bulk?upsert=false", emu.base))
        .bearer_auth(TOKEN)
        .json(&json!([{"email": "kept@example.com"}, {"email": "kept2@example.com"}]))
        .send()
        .await
        .expect_err("no HTTP answer");
    assert!(err.status().is_none(), "{err:?}");
    assert!(!err.is_timeout(), "{err:?}");

    // A raw socket reads nothing at all: not even a status line.
    let body = r#"[{"email":"raw@example.com"}]"#;
    let req = format!(
        "POST /api/v0/environments/{ENV}/users/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let out = raw_exchange(emu.server.addr, req.as_bytes()).await.unwrap();
    assert!(out.is_empty(), "got {:?}", String::from_utf8_lossy(&out));

    emu.faults(&json!({"drop_after_commit_rate": 0.0})).await;
    let list = emu.list().await;
    assert_eq!(
        emails(&list, "users"),
        ["kept@example.com", "kept2@example.com", "raw@example.com"],
        "the work was committed"
    );
    // The client's retry without upsert now meets its own users.
    let (_, r) = emu.bulk(&json!([{"email": "kept@example.com"}, {"email": "kept2@example.com"}]), Some(false)).await;
    assert_eq!(failed_codes(&r), ["email_already_exists"; 2]);
    // ... and with upsert they are reported as updated, not duplicated.
    let (_, r) = emu.bulk(&json!([{"email": "kept@example.com"}, {"email": "kept2@example.com"}]), Some(true)).await;
    assert_eq!(r["updated"].as_array().unwrap().len(), 2);
    assert_eq!(emu.list().await["total"], 3);
    assert_eq!(emu.stats().await["faults_injected"]["drop_after_commit"], 2);
    emu.stop().await;
}

#[tokio::test]
async fn dropped_after_commit_put_is_applied() {
    let emu = Emu::start().await;
    let (_, r) = emu.bulk(&json!([{"email": "p@example.com"}]), None).await;
    let id = r["created"][0]["id"].as_str().unwrap().to_owned();
    emu.faults(&json!({"drop_after_commit_rate": 1.0})).await;
    let err = emu
        .client
        .put(format!("{}/users/{id}", emu.base))
        .bearer_auth(TOKEN)
        .json(&json!({"firstName": "Dropped"}))
        .send()
        .await
        .expect_err("no HTTP answer");
    assert!(err.status().is_none());
    emu.faults(&json!({"drop_after_commit_rate": 0.0})).await;
    assert_eq!(emu.list().await["users"][0]["firstName"], "Dropped");
    emu.stop().await;
}

async fn statuses(emu: &Emu, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(emu.bulk(&json!([{"firstName": "Ann"}]), None).await.0.as_u16());
    }
    out
}

#[tokio::test]
async fn seeded_fault_sequences_repeat() {
    let emu = Emu::start().await;
    emu.faults(&json!({"seed": 42, "fail_rate": 0.3, "rate_limit": 0.2})).await;
    let a = statuses(&emu, 30).await;
    emu.faults(&json!({"seed": 42})).await;
    let b = statuses(&emu, 30).await;
    assert_eq!(a, b);
    assert!(a.contains(&201) && a.contains(&429) && a.iter().any(|s| *s >= 500), "{a:?}");
    emu.faults(&json!({"seed": 43})).await;
    assert_ne!(statuses(&emu, 30).await, a);

    // Same seed given as a start-up flag: same sequence.
    let emu2 = Emu::start_with(|c| {
        c.faults.seed = 42;
        c.faults.fail_rate = 0.3;
        c.faults.rate_limit = 0.2;
    })
    .await;
    assert_eq!(statuses(&emu2, 30).await, a);
    emu2.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn stats_count_requests() {
    let emu = Emu::start().await;
    emu.bulk(&json!([{"email": "s@example.com"}]), None).await;
    emu.put_user("00000000-0000-4000-8000-000000000000", &json!({})).await;
    let st = emu.stats().await;
    assert_eq!(st["api_requests"], 2);
    assert!(st["requests_seen"].as_u64().unwrap() >= 3);
    assert_eq!(st["users_per_environment"][ENV], 1);
    let r: Value =
        emu.client.delete(format!("{}/__emulator/stats", emu.root)).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["api_requests"], 0);
    emu.stop().await;
}

/// The fallback used when the router is served by something other than this crate's
/// connection loop (e.g. `axum::serve`): the response body fails at once, hyper aborts the
/// connection, and the client still sees no status line.
#[tokio::test]
async fn drop_fallback_under_axum_serve_sends_no_status_line() {
    use dynamic_users_emulator::api::{Inner, router};
    use dynamic_users_emulator::faults::{FaultConfig, Faults, RateLimiter, Stats};
    use dynamic_users_emulator::store::Store;
    use std::sync::Arc;

    let state = Arc::new(Inner {
        store: Store::open(None).unwrap(),
        token: TOKEN.into(),
        environments: vec![ENV.into()],
        faults: Faults::new(FaultConfig { drop_after_commit_rate: 1.0, ..FaultConfig::default() }),
        stats: Stats::default(),
        bulk_limiter: RateLimiter::new(Duration::from_secs(60)),
        quiet: true,
        custom_fields: Default::default(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state.clone());
    let task = tokio::spawn(async move { axum::serve(listener, app).await });

    let body = r#"[{"email":"fallback@example.com"}]"#;
    let req = format!(
        "POST /api/v0/environments/{ENV}/users/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let out = raw_exchange(addr, req.as_bytes()).await.unwrap();
    assert!(out.is_empty(), "got {:?}", String::from_utf8_lossy(&out));
    assert_eq!(state.store.list(ENV).unwrap().len(), 1, "committed");
    task.abort();
}
