//! The real binary: start-up JSON line, serving, clean exit on SIGTERM/SIGINT, --seed-demo,
//! --db persistence.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dynamic-users-emulator");
const DEMO_ENV: &str = "9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e";

struct Proc {
    child: Child,
    line: Value,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Proc {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--quiet"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let line: Value = serde_json::from_str(first.trim()).unwrap_or_else(|e| panic!("{first:?}: {e}"));
    Proc { child, line }
}

fn signal(p: &Proc, sig: &str) {
    let ok = Command::new("kill").args([format!("-{sig}"), p.child.id().to_string()]).status().unwrap().success();
    assert!(ok);
}

fn wait_exit(p: &mut Proc) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = p.child.try_wait().unwrap() {
            return st;
        }
        assert!(Instant::now() < deadline, "did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn get_users(p: &Proc, env: &str) -> Value {
    let url = format!("{}/environments/{env}/users", p.line["url"].as_str().unwrap());
    let token = p.line["token"].as_str().unwrap().to_owned();
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
        let r = reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()
    })
}

fn post_users(p: &Proc, body: &str) -> u16 {
    let url = format!("{}/environments/{DEMO_ENV}/users/bulk", p.line["url"].as_str().unwrap());
    let body = body.to_owned();
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
        let r = reqwest::Client::new()
            .post(url)
            .bearer_auth("dev-token")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        r.status().as_u16()
    })
}

#[test]
fn startup_line_and_clean_sigterm_exit() {
    let mut p = spawn(&[]);
    let url = p.line["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v0"), "{url}");
    assert!(!url.contains(":0/"), "the real port: {url}");
    assert_eq!(p.line["environmentIds"], serde_json::json!([DEMO_ENV]));
    assert_eq!(p.line["token"], "dev-token");
    let keys: Vec<_> = p.line.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["url", "environmentIds", "token"]);
    assert_eq!(get_users(&p, DEMO_ENV)["total"], 0);
    signal(&p, "TERM");
    let st = wait_exit(&mut p);
    assert_eq!(st.code(), Some(0), "{st:?}");
}

#[test]
fn clean_sigint_exit_and_flags() {
    let mut p = spawn(&[
        "--token",
        "s3cret",
        "--environment",
        "11111111-2222-4333-8444-555555555555",
        "--environment",
        "66666666-7777-4888-8999-000000000000",
    ]);
    assert_eq!(p.line["token"], "s3cret");
    assert_eq!(p.line["environmentIds"].as_array().unwrap().len(), 2);
    assert_eq!(get_users(&p, "66666666-7777-4888-8999-000000000000")["total"], 0);
    signal(&p, "INT");
    assert_eq!(wait_exit(&mut p).code(), Some(0));
}

#[test]
fn seed_demo_users() {
    let p = spawn(&["--seed-demo"]);
    let users = get_users(&p, DEMO_ENV);
    assert_eq!(users["total"], 3);
    assert!(users["users"][0]["email"].is_string());
}

#[test]
fn db_file_persists_across_restarts() {
    let path = std::env::temp_dir().join(format!(
        "dynamic-users-emulator-test-{}-{}.sqlite",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    ));
    let db = path.to_str().unwrap();
    let mut p = spawn(&["--db", db]);
    assert_eq!(post_users(&p, r#"[{"email":"persist@example.com"}]"#), 201);
    signal(&p, "TERM");
    assert_eq!(wait_exit(&mut p).code(), Some(0));
    let p = spawn(&["--db", db]);
    let users = get_users(&p, DEMO_ENV);
    assert_eq!(users["users"][0]["email"], "persist@example.com");
    drop(p);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

#[test]
fn bad_flags_exit_non_zero() {
    for args in [
        &["--fail-rate", "3"][..],
        &["--max-users-per-request", "100"],
        &["--rate-limit-body", "html"],
        &["--environment", "9B3C7C1E-2F4A-4C55-8D0E-7A6F1B2C3D4E"],
    ] {
        let st = Command::new(BIN).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
        assert_eq!(st.code(), Some(2), "{args:?}");
    }
}

#[test]
fn rate_limit_flags() {
    let p = spawn(&["--bulk-requests-per-minute", "2", "--rate-limit-body", "text"]);
    let url = format!("{}/environments/{DEMO_ENV}/users/bulk", p.line["url"].as_str().unwrap());
    let statuses = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
        let client = reqwest::Client::new();
        let mut out = Vec::new();
        for i in 0..3 {
            let r = client
                .post(&url)
                .bearer_auth("dev-token")
                .json(&serde_json::json!([{ "email": format!("r{i}@example.com") }]))
                .send()
                .await
                .unwrap();
            let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
            out.push((r.status().as_u16(), retry, r.text().await.unwrap()));
        }
        out
    });
    assert_eq!(statuses[0].0, 201);
    assert_eq!(statuses[1].0, 201);
    let (status, retry, body) = &statuses[2];
    assert_eq!(*status, 429);
    let secs: u64 = retry.as_deref().expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&secs), "{secs}");
    assert!(serde_json::from_str::<Value>(body).is_err(), "plain text: {body:?}");
}
