//! The per-IP limit of bulk-create requests: a sliding one-minute window, 429 with
//! `Retry-After`, the API's JSON body or a proxy's plain text.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

const TOO_MANY: &str = "Too many requests. Please try again later.";

async fn post_bulk(client: &reqwest::Client, emu: &Emu, i: usize) -> reqwest::Response {
    client
        .post(format!("{}/environments/{ENV}/users/bulk", emu.base))
        .bearer_auth(TOKEN)
        .header("origin", "http://demo.localhost")
        .json(&json!([{ "email": format!("r{i}@example.com") }]))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_request_over_the_limit_gets_429_with_retry_after() {
    let emu = Emu::start_with(|c| c.faults.bulk_requests_per_minute = 5).await;
    for i in 0..5 {
        assert_eq!(post_bulk(&emu.client, &emu, i).await.status(), StatusCode::CREATED, "request {i}");
    }
    let r = post_bulk(&emu.client, &emu, 5).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&secs), "{secs}");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_eq!(r.json::<Value>().await.unwrap(), json!({ "error": TOO_MANY }));

    // Only bulk create is limited; the refused request stored nothing.
    assert_eq!(emu.list().await["total"], 5);
    let id = emu.list().await["users"][0]["id"].as_str().unwrap().to_owned();
    for _ in 0..8 {
        assert_eq!(emu.put_user(&id, &json!({"firstName": "Ann"})).await.0, StatusCode::OK);
    }
    let st = emu.stats().await;
    assert_eq!(st["rate_limited"], 1);
    assert_eq!(st["faults_injected"]["rate_limit"], 0, "not an injected fault");
    emu.stop().await;
}

#[tokio::test]
async fn the_default_is_the_apis_150_a_minute() {
    let emu = Emu::start().await;
    for i in 0..150 {
        // A refused body is still a request: an edge limiter counts before reading it.
        let (s, _) = emu.bulk(&json!([]), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "request {i}");
    }
    let (s, h, v) = emu.call(Method::POST, &format!("/environments/{ENV}/users/bulk"), Some(&json!([{}]))).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert!(h.contains_key("retry-after"));
    emu.stop().await;
}

#[tokio::test]
async fn the_window_slides() {
    let emu = Emu::start_with(|c| {
        c.faults.bulk_requests_per_minute = 2;
        c.bulk_rate_window = Duration::from_secs(2);
    })
    .await;
    // Admissions at t=0 and t≈1 s; margins of most of a second against a slow machine.
    assert_eq!(post_bulk(&emu.client, &emu, 0).await.status(), StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(post_bulk(&emu.client, &emu, 1).await.status(), StatusCode::CREATED);
    let r = post_bulk(&emu.client, &emu, 2).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "1", "under a second, rounded up");
    // At t≈2.2 s the first admission has left the window; the second stays until t≈3 s.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(post_bulk(&emu.client, &emu, 3).await.status(), StatusCode::CREATED);
    assert_eq!(post_bulk(&emu.client, &emu, 4).await.status(), StatusCode::TOO_MANY_REQUESTS);
    emu.stop().await;
}

#[tokio::test]
async fn each_client_ip_has_its_own_window() {
    let emu = Emu::start_with(|c| c.faults.bulk_requests_per_minute = 1).await;
    // Two clients bound to two loopback addresses: two peers for the server.
    let from = |ip: Ipv4Addr| reqwest::Client::builder().local_address(IpAddr::V4(ip)).build().unwrap();
    let (a, b) = (from(Ipv4Addr::new(127, 0, 0, 1)), from(Ipv4Addr::new(127, 0, 0, 2)));
    assert_eq!(post_bulk(&a, &emu, 0).await.status(), StatusCode::CREATED);
    assert_eq!(post_bulk(&a, &emu, 1).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(post_bulk(&b, &emu, 2).await.status(), StatusCode::CREATED);
    assert_eq!(post_bulk(&b, &emu, 3).await.status(), StatusCode::TOO_MANY_REQUESTS);
    emu.stop().await;
}

#[tokio::test]
async fn text_body_and_run_time_changes() {
    let emu = Emu::start_with(|c| c.faults.rate_limit_body = dynamic_users_emulator::faults::RateLimitBody::Text).await;
    let r = emu.faults(&json!({"bulk_requests_per_minute": 1})).await;
    assert_eq!((r["bulk_requests_per_minute"].as_u64(), r["rate_limit_body"].as_str()), (Some(1), Some("text")));
    assert_eq!(post_bulk(&emu.client, &emu, 0).await.status(), StatusCode::CREATED);
    let r = post_bulk(&emu.client, &emu, 1).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let body = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&body).is_err(), "not JSON: {body:?}");

    // Injected 429s use the same body setting.
    emu.faults(&json!({"bulk_requests_per_minute": 0, "rate_limit": 1.0})).await;
    let r = post_bulk(&emu.client, &emu, 2).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    // Back to JSON and no limit: the request passes.
    emu.faults(&json!({"rate_limit": 0.0, "rate_limit_body": "json"})).await;
    assert_eq!(post_bulk(&emu.client, &emu, 3).await.status(), StatusCode::CREATED);
    // DELETE goes back to the start-up settings (text body, default limit).
    let r: Value =
        emu.client.delete(format!("{}/__emulator/faults", emu.root)).send().await.unwrap().json().await.unwrap();
    assert_eq!((r["bulk_requests_per_minute"].as_u64(), r["rate_limit_body"].as_str()), (Some(150), Some("text")));
    let bad = emu
        .client
        .put(format!("{}/__emulator/faults", emu.root))
        .json(&json!({"rate_limit_body": "html"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    emu.stop().await;
}
