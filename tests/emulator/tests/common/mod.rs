//! Helpers shared by the integration tests: an in-process emulator on port 0 and a small
//! reqwest-based client.
#![allow(dead_code)]

use dynamic_users_emulator::{Config, DEMO_ENVIRONMENT_ID, RunningServer, start};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

pub const ENV: &str = DEMO_ENVIRONMENT_ID;
pub const TOKEN: &str = "dev-token";

pub struct Emu {
    pub server: RunningServer,
    pub client: Client,
    /// `http://127.0.0.1:PORT/api/v0`
    pub base: String,
    /// `http://127.0.0.1:PORT`
    pub root: String,
}

impl Emu {
    pub async fn start() -> Emu {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Config)) -> Emu {
        let mut cfg = Config { port: 0, quiet: true, ..Config::default() };
        f(&mut cfg);
        let server = start(cfg).await.expect("emulator starts");
        let client = Client::builder().timeout(std::time::Duration::from_secs(20)).build().unwrap();
        Emu { base: server.url(), root: server.root_url(), server, client }
    }

    pub async fn stop(self) {
        self.server.shutdown().await;
    }

    /// Sends a request with the right token and a JSON body; returns status, headers, JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut rb = self.client.request(method, format!("{}{}", self.base, path)).bearer_auth(TOKEN);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let resp = rb.send().await.expect("request succeeds");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let json =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, headers, json)
    }

    pub async fn bulk(&self, users: &Value, upsert: Option<bool>) -> (StatusCode, Value) {
        self.bulk_env(ENV, users, upsert).await
    }

    pub async fn bulk_env(&self, env: &str, users: &Value, upsert: Option<bool>) -> (StatusCode, Value) {
        let q = match upsert {
            Some(u) => format!("?upsert={u}"),
            None => String::new(),
        };
        let (s, _, v) = self.call(Method::POST, &format!("/environments/{env}/users/bulk{q}"), Some(users)).await;
        (s, v)
    }

    pub async fn put_user(&self, id: &str, fields: &Value) -> (StatusCode, Value) {
        let (s, _, v) = self.call(Method::PUT, &format!("/users/{id}"), Some(fields)).await;
        (s, v)
    }

    /// `PUT /environments/{env}/users/{id}`, the environment-scoped update.
    pub async fn put_user_env(&self, env: &str, id: &str, fields: &Value) -> (StatusCode, Value) {
        let (s, _, v) = self.call(Method::PUT, &format!("/environments/{env}/users/{id}"), Some(fields)).await;
        (s, v)
    }

    pub async fn list(&self) -> Value {
        let (s, _, v) = self.call(Method::GET, &format!("/environments/{ENV}/users"), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v
    }

    pub async fn faults(&self, patch: &Value) -> Value {
        let r = self.client.put(format!("{}/__emulator/faults", self.root)).json(patch).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    pub async fn stats(&self) -> Value {
        self.client.get(format!("{}/__emulator/stats", self.root)).send().await.unwrap().json().await.unwrap()
    }
}

/// Codes of `failed[]`, in order.
pub fn failed_codes(resp: &Value) -> Vec<String> {
    resp["failed"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

pub fn emails(list: &Value, key: &str) -> Vec<String> {
    list[key].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap_or("").to_owned()).collect()
}

/// Writes raw bytes to the server and reads everything it sends back until it closes.
pub async fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> std::io::Result<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(request).await?;
    let mut out = Vec::new();
    match tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut out)).await {
        Ok(Ok(_)) => Ok(out),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(out),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(std::io::Error::other("timed out waiting for the server to close")),
    }
}
