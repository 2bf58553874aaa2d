//! Fault injection settings, the seeded PRNG that drives fault decisions, and counters.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Default request body limit (bytes) when none is configured.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Default PRNG seed: fault sequences are reproducible even when no seed is given.
pub const DEFAULT_SEED: u64 = 1;
/// Bulk-create requests a minute per client IP: the API's documented figure.
pub const DEFAULT_BULK_REQUESTS_PER_MINUTE: u64 = 150;

/// The body of a 429 answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateLimitBody {
    /// `{ "error": "Too many requests. Please try again later." }`, as the API sends.
    #[default]
    Json,
    /// A plain-text body, as some proxies in front of an API send: clients must recognise a
    /// 429 by its status, not by parsing the body.
    Text,
}

impl std::str::FromStr for RateLimitBody {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(RateLimitBody::Json),
            "text" => Ok(RateLimitBody::Text),
            _ => Err(format!("must be json or text, not {s:?}")),
        }
    }
}

/// The fault settings, as read and written by `GET`/`PUT /__emulator/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    /// Fraction (0..=1) of API requests answered 500 or 503 before doing anything.
    pub fail_rate: f64,
    /// Fraction (0..=1) of API requests answered 429 with `Retry-After`.
    pub rate_limit: f64,
    /// Seconds sent in `Retry-After` on injected 429 answers.
    pub retry_after_secs: u64,
    /// Delay added before every API request is handled.
    pub latency_ms: u64,
    /// Fraction (0..=1) of bulk/PUT requests whose work is committed and whose
    /// connection is then closed without any HTTP response.
    pub drop_after_commit_rate: f64,
    /// Request bodies larger than this are answered 413.
    pub max_body_bytes: u64,
    /// Seed of the PRNG used for fault decisions; setting it restarts the sequence.
    pub seed: u64,
    /// Bulk-create requests admitted per client IP in any sliding 60 s window; 0: no limit.
    pub bulk_requests_per_minute: u64,
    /// Body of every 429 answer (the limit's and the injected ones).
    pub rate_limit_body: RateLimitBody,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            fail_rate: 0.0,
            rate_limit: 0.0,
            retry_after_secs: 1,
            latency_ms: 0,
            drop_after_commit_rate: 0.0,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            seed: DEFAULT_SEED,
            bulk_requests_per_minute: DEFAULT_BULK_REQUESTS_PER_MINUTE,
            rate_limit_body: RateLimitBody::Json,
        }
    }
}

/// A partial update of [`FaultConfig`]: only the given fields change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultPatch {
    pub fail_rate: Option<f64>,
    pub rate_limit: Option<f64>,
    pub retry_after_secs: Option<u64>,
    pub latency_ms: Option<u64>,
    pub drop_after_commit_rate: Option<f64>,
    pub max_body_bytes: Option<u64>,
    pub seed: Option<u64>,
    pub bulk_requests_per_minute: Option<u64>,
    pub rate_limit_body: Option<RateLimitBody>,
}

impl FaultConfig {
    /// Checks that every rate is a fraction.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("fail_rate", self.fail_rate),
            ("rate_limit", self.rate_limit),
            ("drop_after_commit_rate", self.drop_after_commit_rate),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be a number between 0 and 1"));
            }
        }
        Ok(())
    }

    /// Applies a patch, returning the new configuration (not yet validated).
    pub fn patched(&self, p: &FaultPatch) -> FaultConfig {
        FaultConfig {
            fail_rate: p.fail_rate.unwrap_or(self.fail_rate),
            rate_limit: p.rate_limit.unwrap_or(self.rate_limit),
            retry_after_secs: p.retry_after_secs.unwrap_or(self.retry_after_secs),
            latency_ms: p.latency_ms.unwrap_or(self.latency_ms),
            drop_after_commit_rate: p.drop_after_commit_rate.unwrap_or(self.drop_after_commit_rate),
            max_body_bytes: p.max_body_bytes.unwrap_or(self.max_body_bytes),
            seed: p.seed.unwrap_or(self.seed),
            bulk_requests_per_minute: p.bulk_requests_per_minute.unwrap_or(self.bulk_requests_per_minute),
            rate_limit_body: p.rate_limit_body.unwrap_or(self.rate_limit_body),
        }
    }
}

/// SplitMix64: tiny, seedable, good enough for fault decisions.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Self {
        Prng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the fault layer decided for one API request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// Handle the request normally.
    Proceed,
    /// Answer 429 with `Retry-After: secs`.
    RateLimit(u64),
    /// Answer with this server-error status (500 or 503).
    Fail(u16),
}

#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub latency_ms: u64,
    pub early: Early,
    /// Close the connection without an answer once the work is committed.
    pub drop_after_commit: bool,
}

/// Live fault state: the configuration and the PRNG, behind one lock so that the
/// draws for one request are taken together.
pub struct Faults {
    inner: Mutex<(FaultConfig, Prng)>,
    initial: FaultConfig,
}

impl Faults {
    pub fn new(cfg: FaultConfig) -> Self {
        let prng = Prng::new(cfg.seed);
        Faults { inner: Mutex::new((cfg.clone(), prng)), initial: cfg }
    }

    pub fn get(&self) -> FaultConfig {
        self.inner.lock().unwrap().0.clone()
    }

    /// Applies a patch; a given `seed` (even the same value) restarts the PRNG sequence.
    pub fn apply(&self, patch: &FaultPatch) -> Result<FaultConfig, String> {
        let mut g = self.inner.lock().unwrap();
        let next = g.0.patched(patch);
        next.validate()?;
        if patch.seed.is_some() {
            g.1 = Prng::new(next.seed);
        }
        g.0 = next.clone();
        Ok(next)
    }

    /// Back to the configuration given at start-up, PRNG restarted.
    pub fn reset(&self) -> FaultConfig {
        let mut g = self.inner.lock().unwrap();
        g.0 = self.initial.clone();
        g.1 = Prng::new(self.initial.seed);
        g.0.clone()
    }

    /// Decides the fate of one API request. Always consumes exactly four draws so that a
    /// sequence of requests gives the same decisions for the same seed, whatever the rates.
    pub fn decide(&self) -> Decision {
        let mut g = self.inner.lock().unwrap();
        let (cfg, prng) = &mut *g;
        let r_limit = prng.next_f64();
        let r_fail = prng.next_f64();
        let r_which = prng.next_u64();
        let r_drop = prng.next_f64();
        let early = if r_limit < cfg.rate_limit {
            Early::RateLimit(cfg.retry_after_secs)
        } else if r_fail < cfg.fail_rate {
            Early::Fail(if r_which & 1 == 0 { 503 } else { 500 })
        } else {
            Early::Proceed
        };
        Decision { latency_ms: cfg.latency_ms, early, drop_after_commit: r_drop < cfg.drop_after_commit_rate }
    }

    pub fn max_body_bytes(&self) -> u64 {
        self.inner.lock().unwrap().0.max_body_bytes
    }

    pub fn bulk_requests_per_minute(&self) -> u64 {
        self.inner.lock().unwrap().0.bulk_requests_per_minute
    }

    pub fn rate_limit_body(&self) -> RateLimitBody {
        self.inner.lock().unwrap().0.rate_limit_body
    }
}

/// A sliding-window limit per client IP: a request is admitted when fewer than `limit`
/// requests of that IP were admitted in the last `window`. Refused requests do not count.
pub struct RateLimiter {
    window: Duration,
    admitted: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(window: Duration) -> Self {
        RateLimiter { window, admitted: Mutex::new(HashMap::new()) }
    }

    /// `Ok(())` admits (and records) the request; `Err(secs)` refuses it, `secs` being the
    /// whole seconds until the oldest admission leaves the window (at least 1).
    pub fn check(&self, ip: IpAddr, limit: u64, now: Instant) -> Result<(), u64> {
        if limit == 0 {
            return Ok(());
        }
        let mut map = self.admitted.lock().unwrap_or_else(|p| p.into_inner());
        let q = map.entry(ip).or_default();
        while q.front().is_some_and(|t| now.saturating_duration_since(*t) >= self.window) {
            q.pop_front();
        }
        // A limit lowered at run time may leave more admissions than it allows: the wait is
        // until enough of them have left.
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if q.len() < limit {
            q.push_back(now);
            return Ok(());
        }
        let frees_at = q[q.len() - limit] + self.window;
        let wait = frees_at.saturating_duration_since(now);
        Err(wait.as_millis().div_ceil(1000).max(1) as u64)
    }
}

/// Counters exposed by `GET /__emulator/stats`.
#[derive(Default)]
pub struct Stats {
    pub requests_seen: AtomicU64,
    pub api_requests: AtomicU64,
    pub fail_500: AtomicU64,
    pub fail_503: AtomicU64,
    pub rate_limited: AtomicU64,
    pub delayed: AtomicU64,
    pub dropped_after_commit: AtomicU64,
    pub body_too_large: AtomicU64,
    /// Bulk requests answered 429 by the per-IP limit (not by fault injection).
    pub bulk_rate_limited: AtomicU64,
    /// Requests refused with 400 because the body breaks the API's schema.
    pub schema_refused: AtomicU64,
}

impl Stats {
    pub fn inc(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    pub fn reset(&self) {
        for c in [
            &self.requests_seen,
            &self.api_requests,
            &self.fail_500,
            &self.fail_503,
            &self.rate_limited,
            &self.delayed,
            &self.dropped_after_commit,
            &self.body_too_large,
            &self.bulk_rate_limited,
            &self.schema_refused,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }

    pub fn snapshot(&self) -> serde_json::Value {
        let l = |c: &AtomicU64| c.load(Ordering::Relaxed);
        serde_json::json!({
            "requests_seen": l(&self.requests_seen),
            "api_requests": l(&self.api_requests),
            "rate_limited": l(&self.bulk_rate_limited),
            "schema_refused": l(&self.schema_refused),
            "faults_injected": {
                "fail_500": l(&self.fail_500),
                "fail_503": l(&self.fail_503),
                "rate_limit": l(&self.rate_limited),
                "latency": l(&self.delayed),
                "drop_after_commit": l(&self.dropped_after_commit),
                "body_too_large": l(&self.body_too_large),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prng_is_reproducible() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let f = Prng::new(3).next_f64();
        assert!((0.0..1.0).contains(&f));
    }

    #[test]
    fn rates_are_validated() {
        let f = Faults::new(FaultConfig::default());
        let bad = FaultPatch { fail_rate: Some(1.5), ..Default::default() };
        assert!(f.apply(&bad).is_err());
        assert_eq!(f.get(), FaultConfig::default());
    }

    #[test]
    fn sliding_window_per_ip() {
        let rl = RateLimiter::new(Duration::from_secs(60));
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        for i in 0..3 {
            assert_eq!(rl.check(a, 3, at(i * 10_000)), Ok(()));
        }
        // Full: the first admission (t=0) frees its slot at t=60 s.
        assert_eq!(rl.check(a, 3, at(30_000)), Err(30));
        assert_eq!(rl.check(a, 3, at(59_001)), Err(1), "rounded up, at least 1");
        assert_eq!(rl.check(b, 3, at(30_000)), Ok(()), "another IP has its own window");
        assert_eq!(rl.check(a, 3, at(60_000)), Ok(()), "the window slid");
        assert_eq!(rl.check(a, 3, at(60_001)), Err(10), "the next slot frees at t=70 s");
        assert_eq!(rl.check(a, 0, at(60_001)), Ok(()), "0 is no limit");
        // Lowered to 1 with 3 admissions in the window (10 s, 20 s, 60 s): all of them must
        // leave, the newest at t=120 s.
        assert_eq!(rl.check(a, 1, at(60_002)), Err(60));
    }

    #[test]
    fn rate_limit_body_reads_and_writes_lower_case() {
        let f = Faults::new(FaultConfig::default());
        let p: FaultPatch = serde_json::from_str(r#"{"rate_limit_body":"text","bulk_requests_per_minute":5}"#).unwrap();
        let c = f.apply(&p).unwrap();
        assert_eq!((c.rate_limit_body, c.bulk_requests_per_minute), (RateLimitBody::Text, 5));
        assert_eq!(serde_json::to_value(&c).unwrap()["rate_limit_body"], "text");
        assert!(serde_json::from_str::<FaultPatch>(r#"{"rate_limit_body":"html"}"#).is_err());
        assert_eq!("json".parse(), Ok(RateLimitBody::Json));
    }

    #[test]
    fn full_rates_always_fire() {
        let f = Faults::new(FaultConfig { rate_limit: 1.0, ..Default::default() });
        for _ in 0..20 {
            assert_eq!(f.decide().early, Early::RateLimit(1));
        }
    }
}
