//! Runs one field kind: generates its values, places each in a body, asks the client core and
//! the emulator's JSON Schema for a verdict, and collects where they disagree.

use super::rng::{Rng, seed_of};
use dynamic_users::client::request::check_bulk_size;
use dynamic_users::validate::{Body, Severity, ValidationReport, validate_json};
use dynamic_users_emulator::schema::{SchemaError, check_bulk_body, check_new_user, check_user_update};
use serde_json::{Map, Value, json};
use std::fmt::Write;
use std::time::Instant;

/// Where a kind's value goes.
pub enum Place {
    /// A top-level field of both bodies (one of these, at random): a new user two times in
    /// three, an update body otherwise.
    Top(&'static [&'static str]),
    /// A top-level field of a new user only.
    TopNew(&'static str),
    /// A field of `wallets[0]`, the other required fields valid.
    Wallet(&'static str),
    /// `type` of `wallets[0].additionalWalletAddresses[0]`.
    AdditionalType,
    /// A field of `oauthAccounts[0]` (`provider: "google", accountId: "abc"` otherwise).
    Oauth(&'static str),
    /// An item of `oauthAccounts[0].emails`.
    OauthEmail,
}

/// How the two verdicts must relate.
#[derive(Clone, Copy, PartialEq)]
pub enum Rule {
    /// The client refuses exactly what the schema refuses.
    Same,
    /// `country`: the client refuses everything the schema refuses and, of what the schema
    /// takes, exactly what is not an officially assigned ISO 3166-1 code (SPEC section 2).
    Country,
}

pub struct Kind {
    pub name: &'static str,
    pub count: usize,
    pub place: Place,
    pub rule: Rule,
    /// Hand-picked values, checked first (they count toward `count`).
    pub edges: Vec<Value>,
    pub generate: Box<dyn Fn(&mut Rng) -> Value>,
}

const CHAINS: &[&str] = &[
    "ETH", "EVM", "FLOW", "SOL", "ALGO", "STARK", "COSMOS", "BTC", "ECLIPSE", "SUI", "SPARK", "TRON", "APTOS", "TON",
    "STELLAR",
];

/// A valid wallet. Its address is all lower case, so no EIP-55 checksum is computed (the
/// client's keccak is slow in the debug profile and not what this test is about).
fn wallet() -> Map<String, Value> {
    let mut w = Map::new();
    w.insert("publicWalletAddress".into(), json!("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    w.insert("chain".into(), json!("ETH"));
    w.insert("walletName".into(), json!("MetaMask"));
    w.insert("walletProvider".into(), json!("browserExtension"));
    w
}

fn oauth() -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("provider".into(), json!("google"));
    o.insert("accountId".into(), json!("abc"));
    o
}

/// The body for `value`, which endpoint it is, and the value's path in it.
pub fn place(place: &Place, value: &Value, rng: &mut Rng) -> (Body, String, Value) {
    let one = |k: &str, v: Value| {
        let mut m = Map::new();
        m.insert(k.to_string(), v);
        Value::Object(m)
    };
    match place {
        Place::Top(fields) => {
            let field = *rng.pick(fields);
            let body = if rng.below(3) == 0 { Body::UserUpdate } else { Body::NewUser };
            (body, field.to_string(), one(field, value.clone()))
        }
        Place::TopNew(field) => {
            let mut doc = one(field, value.clone());
            // `emailVerifiedAt` without `email` is only a warning; with it, nothing at all.
            if *field == "emailVerifiedAt" && rng.percent(50) {
                doc["email"] = json!("ada@example.com");
            }
            (Body::NewUser, field.to_string(), doc)
        }
        Place::Wallet(field) => {
            let mut w = wallet();
            if *field == "publicWalletAddress" && rng.percent(50) {
                // The pattern is the same for every chain; a chain's own decoding only warns.
                w.insert("chain".into(), json!(*rng.pick(CHAINS)));
            }
            w.insert(field.to_string(), value.clone());
            (Body::NewUser, format!("wallets[0].{field}"), one("wallets", json!([w])))
        }
        Place::AdditionalType => {
            let mut w = wallet();
            let mut a = json!({ "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "type": value.clone() });
            if rng.percent(30) {
                a["publicKey"] = json!("02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");
            }
            w.insert("additionalWalletAddresses".into(), json!([a]));
            (Body::NewUser, "wallets[0].additionalWalletAddresses[0].type".into(), one("wallets", json!([w])))
        }
        Place::Oauth(field) => {
            let mut o = oauth();
            o.insert(field.to_string(), value.clone());
            (Body::NewUser, format!("oauthAccounts[0].{field}"), one("oauthAccounts", json!([o])))
        }
        Place::OauthEmail => {
            let mut o = oauth();
            let (emails, at) = if rng.percent(25) {
                (json!(["ada@example.com", value.clone()]), 1)
            } else {
                (json!([value.clone()]), 0)
            };
            o.insert("emails".into(), emails);
            (Body::NewUser, format!("oauthAccounts[0].emails[{at}]"), one("oauthAccounts", json!([o])))
        }
    }
}

/// The seed of every kind: `DIFFERENTIAL_SEED` (decimal or 0x…) replays another run.
pub fn base_seed() -> u64 {
    match std::env::var("DIFFERENTIAL_SEED") {
        Ok(s) => {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("DIFFERENTIAL_SEED={s:?} is not a number"))
        }
        Err(_) => 0x5EED_D1FF,
    }
}

/// A value for a message: a string escaped with `{:?}` (long ones cut in the middle, with their
/// length in characters), anything else as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let n = s.chars().count();
            if n <= 120 {
                format!("{s:?}")
            } else {
                let head: String = s.chars().take(70).collect();
                let tail: String = s.chars().skip(n - 40).collect();
                format!("{head:?} … {tail:?} ({n} characters)")
            }
        }
        other => other.to_string(),
    }
}

fn client_verdict(report: &ValidationReport) -> (bool, String) {
    let errors: Vec<String> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| format!("{} {:?}: {}", i.path, i.code, i.message))
        .collect();
    if errors.is_empty() {
        let warnings = report.issues.iter().filter(|i| i.severity != Severity::Error).count();
        (false, if warnings == 0 { "takes it".into() } else { format!("takes it ({warnings} warning(s))") })
    } else {
        (true, format!("refuses it [{}]", errors.join("; ")))
    }
}

fn schema_verdict(r: &Result<(), SchemaError>) -> String {
    match r {
        Ok(()) => "takes it".into(),
        Err(e) => format!("refuses it [{}: {}]", e.path, e.message),
    }
}

/// What one kind's run found.
pub struct Outcome {
    pub name: &'static str,
    pub seed: u64,
    pub checked: usize,
    pub schema_takes: usize,
    pub client_takes: usize,
    /// The client refuses what the schema takes.
    pub client_stricter: usize,
    /// The client takes what the schema refuses.
    pub client_looser: usize,
    /// Other mismatches: `valid` disagreeing with the issues; a country code taken or refused
    /// against the ISO list.
    pub other: usize,
    pub examples: Vec<String>,
    pub seconds: f64,
    /// Where the time went: generating and placing values, the client, the schema.
    pub phases: [f64; 3],
}

/// How many disagreements a kind shows: 20, or `DIFFERENTIAL_EXAMPLES`.
fn examples() -> usize {
    std::env::var("DIFFERENTIAL_EXAMPLES").ok().and_then(|s| s.parse().ok()).unwrap_or(20)
}

impl Outcome {
    fn note(&mut self, line: String) {
        if self.examples.len() < examples() {
            self.examples.push(line);
        }
    }

    pub fn disagreements(&self) -> usize {
        self.client_stricter + self.client_looser + self.other
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: {} values in {:.1} s (generate {:.1} s, client {:.1} s, schema {:.1} s; seed {:#x}); the schema takes {}, the client takes {}; {} disagreement(s): \
             client refuses what the schema takes {}, client takes what the schema refuses {}, other {}",
            self.name,
            self.checked,
            self.seconds,
            self.phases[0],
            self.phases[1],
            self.phases[2],
            self.seed,
            self.schema_takes,
            self.client_takes,
            self.disagreements(),
            self.client_stricter,
            self.client_looser,
            self.other
        );
        for e in &self.examples {
            let _ = write!(s, "\n  - {e}");
        }
        if self.disagreements() > self.examples.len() {
            let _ = write!(s, "\n  - … and {} more", self.disagreements() - self.examples.len());
        }
        s
    }

    /// Fails with every disagreement found (up to 20 shown), or if the generator gave
    /// the schema almost only one verdict (a test that could no longer tell anything apart).
    pub fn assert_agree(&self) {
        println!("{}", self.summary());
        let min = self.checked / 20;
        assert!(
            self.schema_takes >= min && self.checked - self.schema_takes >= min,
            "{}: the generator is lopsided: the schema takes {} of {} values (each verdict needs 5 %)\n{}",
            self.name,
            self.schema_takes,
            self.checked,
            self.summary()
        );
        assert!(self.disagreements() == 0, "the client and the API's schema disagree\n{}", self.summary());
    }
}

pub fn run(kind: Kind) -> Outcome {
    let start = Instant::now();
    let seed = seed_of(kind.name, base_seed());
    let mut rng = Rng::new(seed);
    let mut out = Outcome {
        name: kind.name,
        seed: base_seed(),
        checked: 0,
        schema_takes: 0,
        client_takes: 0,
        client_stricter: 0,
        client_looser: 0,
        other: 0,
        examples: Vec::new(),
        seconds: 0.0,
        phases: [0.0; 3],
    };
    for i in 0..kind.count.max(kind.edges.len()) {
        let t0 = Instant::now();
        let value = match kind.edges.get(i) {
            Some(v) => v.clone(),
            None => (kind.generate)(&mut rng),
        };
        let (body, path, doc) = place(&kind.place, &value, &mut rng);
        let text = serde_json::to_string(&doc).unwrap();
        let t1 = Instant::now();
        let report = validate_json(body, &text);
        let t2 = Instant::now();
        let schema = match body {
            Body::UserUpdate => check_user_update(&doc),
            _ => check_new_user(&doc),
        };
        let t3 = Instant::now();
        out.phases[0] += (t1 - t0).as_secs_f64();
        out.phases[1] += (t2 - t1).as_secs_f64();
        out.phases[2] += (t3 - t2).as_secs_f64();
        let (client_refuses, client_says) = client_verdict(&report);
        let schema_refuses = schema.is_err();
        out.checked += 1;
        out.schema_takes += usize::from(!schema_refuses);
        out.client_takes += usize::from(!client_refuses);
        let body_name = if body == Body::UserUpdate { "update" } else { "new user" };
        let line = |why: &str| {
            format!(
                "{path} [{body_name}] = {}: {why}; client {client_says}; schema {}",
                show(&value),
                schema_verdict(&schema)
            )
        };
        if report.valid == client_refuses {
            out.other += 1;
            out.note(line(&format!("report.valid is {} but the issues say otherwise", report.valid)));
            continue;
        }
        match kind.rule {
            Rule::Same => {
                if client_refuses && !schema_refuses {
                    out.client_stricter += 1;
                    out.note(line("client refuses what the API takes"));
                } else if !client_refuses && schema_refuses {
                    out.client_looser += 1;
                    out.note(line("client takes what the API refuses"));
                }
            }
            Rule::Country => {
                if !client_refuses && schema_refuses {
                    out.client_looser += 1;
                    out.note(line("client takes what the API refuses"));
                } else if !schema_refuses {
                    let assigned = match &value {
                        Value::String(s) => super::iso::ASSIGNED.contains(&s.as_str()),
                        _ => true, // null: no country
                    };
                    if client_refuses == assigned {
                        out.other += 1;
                        let why = if assigned {
                            "client refuses an officially assigned ISO 3166-1 code"
                        } else {
                            "client takes a code that is not officially assigned"
                        };
                        out.note(line(why));
                    }
                }
            }
        }
    }
    out.seconds = start.elapsed().as_secs_f64();
    out
}

/// Whole bulk bodies: 0 to 52 (and 100) users, now and then one that breaks the schema, and
/// bodies that are not arrays, against `check_bulk_body`. The client's verdict on a bulk request
/// is what `bulkCreateUsers` checks before sending: the size (1 to 50,
/// `client::request::check_bulk_size`; `validateBulkUsers` itself takes any number of rows,
/// SPEC section 5) and `validate_json(Body::BulkUsers, …)`.
pub fn run_bulk(count: usize) -> Outcome {
    let start = Instant::now();
    let seed = seed_of("bulk", base_seed());
    let mut rng = Rng::new(seed);
    let mut out = Outcome {
        name: "bulk body",
        seed: base_seed(),
        checked: 0,
        schema_takes: 0,
        client_takes: 0,
        client_stricter: 0,
        client_looser: 0,
        other: 0,
        examples: Vec::new(),
        seconds: 0.0,
        phases: [0.0; 3],
    };
    for i in 0..count {
        let doc = if rng.percent(3) {
            rng.pick(&[json!({}), json!(null), json!("[]"), json!({ "users": [] }), json!(1)]).clone()
        } else {
            let n = *rng.pick(&[0, 1, 1, 2, 3, 10, 25, 48, 49, 49, 50, 50, 50, 51, 51, 51, 52, 100]);
            let mut users: Vec<Value> = (0..n)
                .map(|u| match u % 4 {
                    0 => json!({ "email": format!("user{i}.{u}@example.com") }),
                    1 => json!({ "email": format!("u{i}x{u}@example.org"), "firstName": "Ada", "username": format!("ada_{i}_{u}") }),
                    2 => json!({ "id": format!("00000000-0000-4000-8000-{:012x}", i * 1000 + u), "country": "DE" }),
                    _ => json!({}),
                })
                .collect();
            if n > 0 && rng.percent(15) {
                let at = rng.below(n);
                users[at] = rng
                    .pick(&[
                        json!({ "username": "jo" }),
                        json!({ "firstName": " Ada" }),
                        json!({ "nickname": "x" }),
                        json!([]),
                        json!(null),
                        json!({ "wallets": [{ "chain": "ETH" }] }),
                    ])
                    .clone();
            }
            Value::Array(users)
        };
        let text = serde_json::to_string(&doc).unwrap();
        let report = validate_json(Body::BulkUsers, &text);
        let (mut client_refuses, mut client_says) = client_verdict(&report);
        if let Err(e) = check_bulk_size(&text) {
            client_refuses = true;
            client_says = format!("refuses it [size: {}]; validation {client_says}", e.message);
        }
        let schema = check_bulk_body(&doc);
        out.checked += 1;
        out.schema_takes += usize::from(schema.is_ok());
        out.client_takes += usize::from(!client_refuses);
        let shape = match &doc {
            Value::Array(a) => format!("array of {} users", a.len()),
            other => show(other),
        };
        let show_doc = {
            let s = doc.to_string();
            if s.chars().count() > 160 { format!("{}…", s.chars().take(160).collect::<String>()) } else { s }
        };
        let line = |why: &str| {
            format!("bulk body ({shape}) {show_doc}: {why}; client {client_says}; schema {}", schema_verdict(&schema))
        };
        if report.valid == client_verdict(&report).0 {
            out.other += 1;
            out.note(line("report.valid disagrees with the issues"));
        } else if client_refuses && schema.is_ok() {
            out.client_stricter += 1;
            out.note(line("client refuses what the API takes"));
        } else if !client_refuses && schema.is_err() {
            out.client_looser += 1;
            out.note(line("client takes what the API refuses"));
        }
    }
    out.seconds = start.elapsed().as_secs_f64();
    out
}
