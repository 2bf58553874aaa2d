//! The accept loop. Each connection is served by hyper directly (not `axum::serve`) so that
//! a handler can ask for its connection to be dropped without any response
//! (the drop-after-commit fault).

use crate::api::{self, ClientIp, ConnKiller, Inner};
use crate::config::Config;
use crate::custom_fields::CustomFields;
use crate::faults::{Faults, RateLimiter, Stats};
use crate::store::Store;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// A started emulator.
pub struct RunningServer {
    /// The bound address (the real port when started with port 0).
    pub addr: SocketAddr,
    pub environments: Vec<String>,
    pub token: String,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// Base URL of the API, e.g. `http://127.0.0.1:8787/api/v0`.
    pub fn url(&self) -> String {
        format!("http://{}/api/v0", self.addr)
    }

    /// Base URL of the server (for `/__emulator/...`).
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The JSON line printed on start-up.
    pub fn startup_line(&self) -> String {
        json!({
            "url": self.url(),
            "environmentIds": self.environments,
            "token": self.token,
        })
        .to_string()
    }

    /// Stops accepting, lets open connections finish (up to 5 s), then returns.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds and starts serving in the background on the current tokio runtime.
pub async fn start(cfg: Config) -> std::io::Result<RunningServer> {
    let store = Store::open(cfg.db.as_deref()).map_err(std::io::Error::other)?;
    let state = Arc::new(Inner {
        store,
        token: cfg.token.clone(),
        environments: cfg.environments.clone(),
        faults: Faults::new(cfg.faults.clone()),
        stats: Stats::default(),
        bulk_limiter: RateLimiter::new(cfg.bulk_rate_window),
        quiet: cfg.quiet,
        custom_fields: CustomFields::new(match &cfg.custom_fields {
            Some(v) => crate::custom_fields::parse(v).map_err(|e| std::io::Error::other(e.error))?,
            None => Vec::new(),
        }),
    });
    // A schema that does not compile fails here, at start-up, not on the first request.
    crate::schema::init();
    if cfg.seed_demo {
        seed_demo(&state).map_err(std::io::Error::other)?;
    }
    let listener = TcpListener::bind((cfg.host.as_str(), cfg.port)).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = watch::channel(false);
    let app = api::router(state.clone());
    let task = tokio::spawn(accept_loop(listener, app, state, rx));
    Ok(RunningServer { addr, environments: cfg.environments, token: cfg.token, shutdown: tx, task })
}

async fn accept_loop(listener: TcpListener, app: axum::Router, state: Arc<Inner>, mut shutdown: watch::Receiver<bool>) {
    // Every connection task holds a clone of `alive_rx`; `alive_tx.closed()` resolves when
    // all of them have ended.
    let (alive_tx, alive_rx) = watch::channel(());
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let conn = serve_connection(stream, peer, app.clone(), state.clone(), shutdown.clone());
                    let alive = alive_rx.clone();
                    tokio::spawn(async move {
                        conn.await;
                        drop(alive);
                    });
                }
                Err(e) => {
                    if !state.quiet {
                        eprintln!("accept failed: {e}");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    drop(alive_rx);
    let _ = tokio::time::timeout(Duration::from_secs(5), alive_tx.closed()).await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: axum::Router,
    state: Arc<Inner>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let killer = ConnKiller::default();
    let k = killer.clone();
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(k.clone());
        req.extensions_mut().insert(ClientIp(peer.ip()));
        let app = app.clone();
        let state = state.clone();
        async move {
            let started = Instant::now();
            let method = req.method().clone();
            // Path only: the query string is never logged, nor any header.
            let path = req.uri().path().to_owned();
            Stats::inc(&state.stats.requests_seen);
            let resp = app.oneshot(req).await?;
            if !state.quiet {
                eprintln!("{method} {path} {} {}ms", resp.status().as_u16(), started.elapsed().as_millis());
            }
            Ok::<_, Infallible>(resp)
        }
    });
    let conn = http1::Builder::new().timer(TokioTimer::new()).serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    if *shutdown.borrow() {
        conn.as_mut().graceful_shutdown();
    }
    tokio::select! {
        _ = conn.as_mut() => return,
        // Dropping `conn` closes the socket: the client gets no status line at all.
        _ = killer.0.notified() => return,
        _ = shutdown.changed() => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = killer.0.notified() => {}
    }
}

/// A few users in the first environment, for a demo dashboard.
fn seed_demo(state: &Inner) -> rusqlite::Result<()> {
    let Some(env) = state.environments.first() else {
        return Ok(());
    };
    let users: Vec<Value> = vec![
        json!({
            "email": "ada@example.com", "username": "ada", "firstName": "Ada",
            "lastName": "Lovelace", "country": "GB", "emailVerifiedAt": "2024-01-01T00:00:00Z",
            "wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                "chain": "ETH", "walletName": "metamask", "walletProvider": "browserExtension"}]
        }),
        json!({
            "email": "grace@example.com", "username": "grace_h", "firstName": "Grace",
            "lastName": "Hopper", "country": "US",
            "oauthAccounts": [{"provider": "github", "accountId": "1001",
                "username": "ghopper", "emails": ["grace@example.com"]}]
        }),
        json!({
            "email": "alan@example.com", "username": "alan-t", "firstName": "Alan",
            "lastName": "Turing", "metadata": {"plan": "pro"}
        }),
    ];
    let refs: Vec<_> = users.iter().filter_map(Value::as_object).collect();
    state.store.bulk(env, &refs, true, &crate::timefmt::now_rfc3339(), &[]).map(|_| ())
}
