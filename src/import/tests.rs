//! The accounting rules over thousands of simulated fault sequences, against a fake server that
//! stores users by email (case-insensitive), like the API.

use crate::test_rng::Rng;

use super::*;

/// What the fake server does with one attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Answer,
    /// 503 before doing anything.
    Busy,
    /// 429 before doing anything.
    Limited,
    /// Stores the users, then the connection drops.
    DropAfterCommit,
    /// The request never arrives.
    Lost,
    /// Stores, but the answer comes too late.
    TimeoutAfterCommit,
}

/// A stored user: its keys (lower case) and which input row stored it (`firstName`, "row 7").
struct Stored {
    id: Option<String>,
    email: Option<String>,
    username: Option<String>,
    by_row: Option<String>,
}

/// Stores users like the emulator: with upsert, a user is matched by id, else email, and
/// updated; otherwise a taken email, username or id refuses the user. A body with a user whose
/// `lastName` is [`BREAKS_SCHEMA`] is refused as a whole, as a schema-validating server does.
struct FakeServer {
    stored: Vec<Stored>,
    upsert: bool,
    /// Bodies refused as a whole, by their number of users.
    refused: Vec<usize>,
}

/// A value client-side validation takes but the fake server's schema does not.
const BREAKS_SCHEMA: &str = "Refused";
const SCHEMA_ERROR: &str = "body/3/lastName must match the schema";

impl FakeServer {
    fn new(pre_existing_emails: &[&str], upsert: bool) -> FakeServer {
        let stored = pre_existing_emails
            .iter()
            .map(|e| Stored { id: None, email: Some(e.to_lowercase()), username: None, by_row: None })
            .collect();
        FakeServer { stored, upsert, refused: Vec::new() }
    }

    /// True (and noted) when a user of `body` breaks the schema: the server refuses it whole.
    fn refuses(&mut self, body: &str) -> bool {
        let users: Vec<serde_json::Value> = serde_json::from_str(body).unwrap();
        let refused = users.iter().any(|u| u["lastName"] == BREAKS_SCHEMA);
        if refused {
            self.refused.push(users.len());
        }
        refused
    }

    /// How many users the input row `tag` ("row 7") stored.
    fn stored_by(&self, tag: &str) -> usize {
        self.stored.iter().filter(|s| s.by_row.as_deref() == Some(tag)).count()
    }

    /// Applies a batch as the API would and returns its 201 body.
    fn apply(&mut self, body: &str) -> String {
        let users: Vec<serde_json::Value> = serde_json::from_str(body).unwrap();
        let (mut created, mut updated, mut failed) = (vec![], vec![], vec![]);
        for user in users {
            let key = |k: &str| user[k].as_str().map(str::to_lowercase);
            let (id, email, username) = (key("id"), key("email"), key("username"));
            let find = |key: &Option<String>, of: fn(&Stored) -> &Option<String>| {
                key.as_ref().and_then(|k| self.stored.iter().position(|s| of(s).as_ref() == Some(k)))
            };
            let (by_id, by_email, by_username) =
                (find(&id, |s| &s.id), find(&email, |s| &s.email), find(&username, |s| &s.username));
            let shown = |s: &Stored| serde_json::json!({ "id": s.id, "email": s.email, "username": s.username });
            if let Some(i) = by_id.or(by_email).filter(|_| self.upsert) {
                updated.push(shown(&self.stored[i]));
                continue;
            }
            let taken = [
                (by_email, "email_already_exists"),
                (by_username, "username_already_exists"),
                (by_id, "duplicate_exists"),
            ]
            .into_iter()
            .find_map(|(found, code)| found.map(|_| code));
            if let Some(code) = taken {
                failed.push(serde_json::json!({ "user": user, "error": "Exists.", "code": code }));
                continue;
            }
            let id = id.unwrap_or_else(|| format!("srv-{}", self.stored.len()));
            let by_row = user["firstName"].as_str().map(Into::into);
            self.stored.push(Stored { id: Some(id), email, username, by_row });
            created.push(shown(self.stored.last().unwrap()));
        }
        serde_json::json!({ "created": created, "updated": updated, "failed": failed, "total": 0 }).to_string()
    }
}

fn users(n: usize, bad_every: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            if bad_every > 0 && i % bad_every == 0 {
                format!(r#"{{"email":"bad{i}"}}"#)
            } else {
                format!(r#"{{"email":"User{i}@x.io","firstName":"row {i}"}}"#)
            }
        })
        .collect();
    format!("[{}]", rows.join(","))
}

/// Rows of every kind the API tells apart differently: email, email and username, username
/// only, id only, and none of these (a wallet, a name); about one in `bad_every` is invalid.
fn mixed_users(n: usize, bad_every: usize) -> String {
    mixed_users_refusing(n, bad_every, |_| false)
}

/// [`mixed_users`], with the rows `refused` picks breaking the fake server's schema.
fn mixed_users_refusing(n: usize, bad_every: usize, refused: impl Fn(usize) -> bool) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| match i % 5 {
            _ if bad_every > 0 && i % bad_every == 0 => format!(r#"{{"email":"bad{i}","firstName":"row {i}"}}"#),
            0 => format!(r#"{{"email":"User{i}@x.io","firstName":"row {i}"}}"#),
            1 => format!(r#"{{"email":"user{i}@x.io","username":"User{i}","firstName":"row {i}"}}"#),
            2 => format!(r#"{{"username":"user{i}","firstName":"row {i}"}}"#),
            3 => format!(r#"{{"id":"{i:08}-0000-4000-8000-000000000000","firstName":"row {i}"}}"#),
            _ => format!(r#"{{"firstName":"row {i}","btcWallet":"3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5"}}"#),
        })
        .enumerate()
        .map(|(i, row)| {
            let tag = format!(r#""firstName":"row {i}""#);
            if refused(i) {
                row.replace(&tag, &format!(r#"{tag},"lastName":"{BREAKS_SCHEMA}""#))
            } else {
                row
            }
        })
        .collect();
    format!("[{}]", rows.join(","))
}

/// How an import is run against the fake server.
struct Setup<'a> {
    upsert: bool,
    batch_size: usize,
    max_retries: u32,
    pre_existing: &'a [&'a str],
    abort_after: Option<usize>,
    requests_per_minute: f64,
}

impl Default for Setup<'_> {
    fn default() -> Self {
        Setup {
            upsert: false,
            batch_size: 50,
            max_retries: 2,
            pre_existing: &[],
            abort_after: None,
            requests_per_minute: f64::INFINITY,
        }
    }
}

/// What an import left behind: its report, the server, and when each request started.
struct Run {
    report: ImportReport,
    server: FakeServer,
    starts: Vec<f64>,
}

/// Milliseconds a request takes on the fake clock.
const LATENCY_MS: f64 = 7.0;

/// Runs a whole import against the fake server on a fake clock; `fate` picks each attempt's fate
/// (a body the server's schema refuses is refused whatever its fate). Batches run one after
/// another: interleaving like concurrent ones would not matter to the accounting.
fn simulate(text: &str, setup: &Setup, mut fate: impl FnMut() -> Fate) -> Run {
    let prepared = prepare_array(text.to_owned()).unwrap();
    let mut engine =
        Engine::prepared(prepared, setup.batch_size, setup.max_retries).paced(Pacer::new(setup.requests_per_minute));
    let mut server = FakeServer::new(setup.pre_existing, setup.upsert);
    let (mut now, mut starts, mut batches) = (0.0, Vec::new(), 0);
    while let Some(batch) = engine.next_batch() {
        batches += 1;
        loop {
            // Rows may be held back from a retry: the body is made for each attempt.
            let body = engine.body(batch);
            now += engine.wait_ms(now);
            if !engine.sending(batch, now) {
                break;
            }
            starts.push(now);
            now += LATENCY_MS;
            let fate = fate();
            let reaches_server = matches!(fate, Fate::Answer | Fate::DropAfterCommit | Fate::TimeoutAfterCommit);
            let failure = match fate {
                _ if reaches_server && server.refuses(&body) => {
                    Failure::Status { status: 400, code: None, message: SCHEMA_ERROR.into(), retry_after_ms: None }
                }
                Fate::Answer => {
                    let answer = server.apply(&body);
                    assert!(engine.answered(batch, &answer));
                    break;
                }
                Fate::Busy => {
                    Failure::Status { status: 503, code: None, message: "Busy.".into(), retry_after_ms: None }
                }
                Fate::Limited => Failure::Status {
                    status: 429,
                    code: None,
                    message: "Slow down.".into(),
                    retry_after_ms: Some(10.0),
                },
                Fate::DropAfterCommit => {
                    server.apply(&body);
                    Failure::Network { message: "Dropped.".into() }
                }
                Fate::Lost => Failure::Network { message: "Unreachable.".into() },
                Fate::TimeoutAfterCommit => {
                    server.apply(&body);
                    Failure::Timeout { message: "Too slow.".into() }
                }
            };
            match engine.failed(batch, failure, 0.5, now) {
                Next::RetryAfter(delay) => {
                    assert!(delay >= 0.0);
                    now += delay;
                }
                Next::Settled => break,
            }
        }
        if setup.abort_after == Some(batches) {
            engine.abort();
        }
    }
    assert!(engine.is_done());
    let report = engine.report();
    assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
    Run { report, server, starts }
}

/// [`simulate`] without pacing.
fn run(
    text: &str,
    upsert: bool,
    batch_size: usize,
    max_retries: u32,
    pre_existing: &[&str],
    fate: impl FnMut() -> Fate,
    abort_after: Option<usize>,
) -> (ImportReport, FakeServer) {
    let setup = Setup { upsert, batch_size, max_retries, pre_existing, abort_after, ..Setup::default() };
    let Run { report, server, .. } = simulate(text, &setup, fate);
    (report, server)
}

fn indices(report: &ImportReport) -> Vec<Vec<usize>> {
    vec![
        report.created.iter().map(|r| r.row.index).collect(),
        report.updated.iter().map(|r| r.row.index).collect(),
        report.failed.iter().map(|r| r.row.index).collect(),
        report.rejected.iter().map(|r| r.row.index).collect(),
        report.not_sent.iter().map(|r| r.row.index).collect(),
        report.ambiguous.iter().map(|r| r.row.index).collect(),
    ]
}

/// Every input row in exactly one bucket.
fn assert_accounted(report: &ImportReport) {
    let mut seen: Vec<usize> = indices(report).concat();
    seen.sort_unstable();
    assert_eq!(seen, (0..report.total).collect::<Vec<_>>(), "each row exactly once");
}

#[test]
fn clean_import_creates_every_valid_row() {
    let (report, server) = run(&users(1000, 50), false, 50, 2, &[], || Fate::Answer, None);
    assert_accounted(&report);
    assert_eq!((report.created.len(), report.rejected.len()), (980, 20));
    assert_eq!(server.stored.len(), 980);
    assert_eq!(report.created[0].user_id.as_deref(), Some("srv-0"), "the id the server gave");
    assert!(report.remaining.is_empty());
}

#[test]
fn rows_that_existed_before_fail_without_upsert_and_update_with_it() {
    let (report, _) = run(&users(10, 0), false, 4, 2, &["user3@x.io"], || Fate::Answer, None);
    assert_eq!(
        report.failed.iter().map(|f| (f.row.index, f.code.as_str())).collect::<Vec<_>>(),
        [(3, "email_already_exists")]
    );
    let (report, _) = run(&users(10, 0), true, 4, 2, &["user3@x.io"], || Fate::Answer, None);
    assert_eq!(report.updated.iter().map(|r| r.row.index).collect::<Vec<_>>(), [3]);
    assert_eq!(report.created.len(), 9);
}

#[test]
fn a_retry_after_a_dropped_connection_is_ambiguous_without_upsert() {
    let mut fates = [Fate::DropAfterCommit, Fate::Answer].into_iter().cycle();
    let (report, server) = run(&users(6, 0), false, 3, 2, &["user1@x.io"], || fates.next().unwrap(), None);
    assert_accounted(&report);
    // Every row of both batches reached the server on the first attempt; the retries answered
    // "already exists" for all of them, including user1, which existed before: the client
    // cannot tell the two apart, so all are ambiguous, none failed, none created.
    assert_eq!(report.ambiguous.len(), 6);
    assert!(report.failed.is_empty() && report.created.is_empty());
    assert_eq!(server.stored.len(), 6);
}

#[test]
fn with_upsert_the_same_faults_end_created_or_updated() {
    let mut fates = [Fate::DropAfterCommit, Fate::Answer].into_iter().cycle();
    let (report, server) = run(&users(6, 0), true, 3, 2, &[], || fates.next().unwrap(), None);
    assert_accounted(&report);
    assert!(report.ambiguous.is_empty());
    assert_eq!(report.updated.len(), 6, "the first attempt created them; the retry updated them");
    assert_eq!(server.stored.len(), 6);
}

#[test]
fn out_of_retries_is_not_sent_and_says_whether_it_may_have_arrived() {
    let mut fates = [Fate::Busy, Fate::Busy, Fate::Busy, Fate::Lost, Fate::Lost, Fate::Lost].into_iter();
    let (report, server) = run(&users(4, 0), false, 2, 2, &[], || fates.next().unwrap_or(Fate::Answer), None);
    assert_accounted(&report);
    assert_eq!(report.not_sent.len(), 4);
    assert!(report.not_sent.iter().all(|r| r.reason.starts_with("Not sent after 3 attempts: ") && r.maybe_sent));
    assert_eq!(report.remaining, [0, 1, 2, 3]);
    assert!(server.stored.is_empty());
}

#[test]
fn a_refused_token_stops_the_import() {
    let prepared = prepare_array(users(10, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 3, 2);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let next = engine.failed(
        batch,
        Failure::Status {
            status: 401,
            code: None,
            message: "The API answered 401 Unauthorized.".into(),
            retry_after_ms: None,
        },
        0.5,
        0.0,
    );
    assert_eq!(next, Next::Settled);
    assert_eq!(engine.next_batch(), None);
    assert!(engine.is_done());
    let report = engine.report();
    assert_accounted(&report);
    assert_eq!(report.not_sent.len(), 10);
}

#[test]
fn a_single_row_the_api_refuses_fails_with_its_code_and_message() {
    let prepared = prepare_array(users(3, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 1, 2);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let refused =
        Failure::Status { status: 422, code: Some("invalid_user".into()), message: "No.".into(), retry_after_ms: None };
    assert_eq!(engine.failed(batch, refused, 0.5, 0.0), Next::Settled);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let refused = Failure::Status { status: 400, code: None, message: "Bad.".into(), retry_after_ms: None };
    assert_eq!(engine.failed(batch, refused, 0.5, 0.0), Next::Settled);
    let batch = engine.next_batch().unwrap();
    let mut server = FakeServer::new(&[], false);
    assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
    let report = engine.report();
    let failed: Vec<(usize, &str, &str)> =
        report.failed.iter().map(|f| (f.row.index, f.code.as_str(), f.error.as_str())).collect();
    assert_eq!(failed, [(0, "invalid_user", "No."), (1, "http_400", "Bad.")]);
    assert_eq!((report.created.len(), report.split_requests), (1, 0));
}

#[test]
fn a_batch_refused_as_a_whole_is_halved_until_the_bad_rows_stand_alone() {
    // 50 rows, three of which break the server's schema (two side by side).
    let bad = [7, 23, 24];
    let text = mixed_users_refusing(50, 0, |i| bad.contains(&i));
    let Run { report, server, starts } = simulate(&text, &Setup::default(), || Fate::Answer);
    assert_accounted(&report);
    let failed: Vec<(usize, &str, &str)> =
        report.failed.iter().map(|f| (f.row.index, f.code.as_str(), f.error.as_str())).collect();
    assert_eq!(failed, [(7, "http_400", SCHEMA_ERROR), (23, "http_400", SCHEMA_ERROR), (24, "http_400", SCHEMA_ERROR)]);
    assert_eq!(report.created.len(), 47);
    assert_eq!(server.stored.len(), 47);
    assert!((0..50).filter(|i| !bad.contains(i)).all(|i| server.stored_by(&format!("row {i}")) == 1));
    // One request for the batch, and one for each half made: within 2n − 1, and far fewer here.
    assert_eq!(starts.len(), 1 + report.split_requests);
    assert!(report.split_requests <= 2 * 50 - 2);
    assert!(
        report.split_requests <= 2 * 3 * 6,
        "about two requests per bad row and halving: {}",
        report.split_requests
    );
    assert_eq!(server.refused.iter().filter(|&&n| n == 1).count(), 3, "each bad row refused alone, once");
}

#[test]
fn halving_stays_within_2n_minus_1_requests_when_every_row_is_refused() {
    for n in [2, 3, 7, 50] {
        let text = mixed_users_refusing(n, 0, |_| true);
        let Run { report, server, starts } = simulate(&text, &Setup::default(), || Fate::Answer);
        assert_accounted(&report);
        assert_eq!(report.failed.len(), n);
        assert_eq!(starts.len(), 2 * n - 1, "n = {n}");
        assert_eq!(report.split_requests, 2 * n - 2);
        assert!(server.stored.is_empty());
    }
}

#[test]
fn halves_of_a_batch_an_earlier_attempt_may_have_stored_stay_unambiguous() {
    // The first attempt times out after storing; the retry is refused whole (a proxy's 422, say):
    // the halves' "already exists" answers are this import's own users, so ambiguous, not failed.
    let prepared = prepare_array(users(4, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 4, 2);
    let mut server = FakeServer::new(&[], false);
    let batch = engine.next_batch().unwrap();
    assert!(engine.sending(batch, 0.0));
    server.apply(&engine.body(batch));
    let timeout = Failure::Timeout { message: "Too slow.".into() };
    assert!(matches!(engine.failed(batch, timeout, 0.5, 10.0), Next::RetryAfter(_)));
    assert!(engine.sending(batch, 20.0));
    let refused = Failure::Status { status: 422, code: None, message: "No.".into(), retry_after_ms: None };
    assert_eq!(engine.failed(batch, refused, 0.5, 30.0), Next::Settled);
    while let Some(half) = engine.next_batch() {
        assert!(engine.sending(half, 40.0));
        assert!(engine.answered(half, &server.apply(&engine.body(half))));
    }
    let report = engine.report();
    assert_accounted(&report);
    assert_eq!((report.ambiguous.len(), report.failed.len(), report.split_requests), (4, 0, 2));
    assert_eq!(server.stored.len(), 4);
}

#[test]
fn halves_waiting_when_the_import_stops_are_not_sent() {
    let text = mixed_users_refusing(8, 0, |i| i == 0);
    let prepared = prepare_array(text).unwrap();
    let mut engine = Engine::prepared(prepared, 8, 2).paced(Pacer::new(60.0));
    let batch = engine.next_batch().unwrap();
    assert!(engine.sending(batch, 0.0));
    let refused = Failure::Status { status: 400, code: None, message: "No.".into(), retry_after_ms: None };
    assert_eq!(engine.failed(batch, refused, 0.5, 1.0), Next::Settled);
    let half = engine.next_batch().unwrap();
    assert_eq!(engine.wait_ms(2.0), 998.0, "the half waits for its turn");
    engine.abort();
    assert_eq!(engine.wait_ms(2.0), 0.0, "a stopped import waits for nothing");
    assert!(!engine.sending(half, 2.0), "handed out, not yet sent: it stays unsent");
    assert_eq!(engine.next_batch(), None);
    assert!(engine.is_done());
    let report = engine.report();
    assert_accounted(&report);
    assert_eq!(report.not_sent.len(), 8);
    assert!(report
        .not_sent
        .iter()
        .all(|r| r.reason == "The import was aborted before this row was sent." && !r.maybe_sent));
    assert_eq!(report.split_requests, 0);
}

#[test]
fn paced_requests_start_evenly_and_a_429_slows_them() {
    let setup = Setup { batch_size: 10, requests_per_minute: 600.0, ..Setup::default() };
    let Run { report, starts, .. } = simulate(&users(100, 0), &setup, || Fate::Answer);
    assert_eq!(report.created.len(), 100);
    assert_eq!(
        starts,
        (0..10).map(|i| f64::from(i) * 100.0).collect::<Vec<_>>(),
        "the first at once, then 100 ms apart"
    );
    // One 429 (Retry-After 10 ms) in the middle: the pace halves, then climbs back.
    let mut fates = [Fate::Answer, Fate::Answer, Fate::Limited].into_iter();
    let Run { report, starts, .. } = simulate(&users(100, 0), &setup, || fates.next().unwrap_or(Fate::Answer));
    assert_eq!(report.created.len(), 100);
    let gaps: Vec<f64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(&gaps[..3], [100.0, 100.0, 200.0], "the retry waits a whole new, wider interval");
    assert!(gaps[3..].windows(2).all(|w| w[1] < w[0]) && gaps.iter().all(|&g| g >= 100.0), "{gaps:?}");
    assert_eq!(starts.len(), 11);
}

#[test]
fn progress_estimates_the_time_left_from_the_pace_and_the_throughput() {
    let prepared = prepare_array(users(100, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 10, 2).paced(Pacer::new(600.0));
    let mut server = FakeServer::new(&[], false);
    assert_eq!(engine.progress(0.0).eta_seconds, None, "nothing to go by yet");
    let (mut now, mut etas) = (0.0, vec![]);
    while let Some(batch) = engine.next_batch() {
        now += engine.wait_ms(now);
        assert!(engine.sending(batch, now));
        now += 5.0;
        assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
        etas.push(engine.progress(now).eta_seconds.unwrap());
    }
    // Ten requests 100 ms apart: about 0.9 s left after the first, rounded up to whole seconds.
    assert_eq!(etas.first(), Some(&1.0));
    assert!(etas.windows(2).all(|w| w[1] <= w[0]), "{etas:?}");
    assert_eq!(etas.last(), Some(&0.0));
    // Unpaced, throughput alone: half the rows settled in 10 s, so about 10 s for the other half.
    let prepared = prepare_array(users(4, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 2);
    let batch = engine.next_batch().unwrap();
    assert!(engine.sending(batch, 1000.0));
    assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
    assert_eq!(engine.progress(11_000.0).eta_seconds, Some(10.0));
}

#[test]
fn abort_settles_in_flight_and_leaves_the_rest_not_sent() {
    let (report, server) = run(&users(10, 0), false, 2, 2, &[], || Fate::Answer, Some(2));
    assert_accounted(&report);
    assert!(report.aborted);
    assert_eq!((report.created.len(), report.not_sent.len()), (4, 6));
    assert_eq!(report.remaining, [4, 5, 6, 7, 8, 9]);
    assert_eq!(server.stored.len(), 4);
}

#[test]
fn thousands_of_fault_sequences_never_lose_or_duplicate_a_row() {
    for seed in 0..3000u64 {
        let mut rng = Rng(seed);
        let upsert = seed % 2 == 0;
        let n = 1 + (rng.next() % 40) as usize;
        let batch = 1 + (rng.next() % 7) as usize;
        let retries = (rng.next() % 4) as u32;
        // Some emails of email rows (i % 5 < 2) are on the server before the import.
        let pre: Vec<String> =
            (0..n).filter(|i| i % 5 < 2 && rng.unit() < 0.2).map(|i| format!("user{i}@x.io")).collect();
        let pre_refs: Vec<&str> = pre.iter().map(String::as_str).collect();
        let abort_after = (rng.unit() < 0.2).then(|| 1 + (rng.next() % 3) as usize);
        let rpm = [f64::INFINITY, 600.0, 6000.0][(rng.next() % 3) as usize];
        // Some rows pass client validation but break the server's schema: their batch is refused whole.
        let refuse_every = [0, 4, 11][(rng.next() % 3) as usize];
        let refused = |i: usize| refuse_every > 0 && i % refuse_every == 1;
        let text = mixed_users_refusing(n, 9, refused);
        let fates = [
            Fate::Answer,
            Fate::Answer,
            Fate::Busy,
            Fate::Limited,
            Fate::DropAfterCommit,
            Fate::Lost,
            Fate::TimeoutAfterCommit,
        ];
        let mut fate_rng = Rng(seed ^ 0xABCD);
        let setup = Setup {
            upsert,
            batch_size: batch,
            max_retries: retries,
            pre_existing: &pre_refs,
            abort_after,
            requests_per_minute: rpm,
        };
        let Run { report, server, starts } = simulate(&text, &setup, || fates[(fate_rng.next() % 7) as usize]);
        assert_accounted(&report);
        // Starts never closer than the pace asked (429s only slow it down).
        let interval = if rpm.is_finite() { 60_000.0 / rpm } else { 0.0 };
        assert!(starts.windows(2).all(|w| w[1] - w[0] >= interval - 1e-9), "seed {seed}: {starts:?}");
        // Halving never takes more than 2n − 2 extra requests.
        assert!(report.split_requests <= 2 * n.saturating_sub(1), "seed {seed}");
        if refuse_every == 0 {
            assert_eq!(report.split_requests, 0, "seed {seed}");
        }
        // A row the schema refuses is never stored nor reported stored; one that breaks nothing
        // is never refused for another's sake.
        for i in (0..n).filter(|&i| refused(i)) {
            assert_eq!(server.stored_by(&format!("row {i}")), 0, "seed {seed}: refused row {i} stored");
        }
        let stored_rows = report.created.iter().chain(&report.updated).map(|r| r.row.index);
        for i in stored_rows.chain(report.ambiguous.iter().map(|r| r.row.index)) {
            assert!(!refused(i), "seed {seed}: refused row {i} reported stored");
        }
        for r in report.failed.iter().filter(|r| r.code == "http_400") {
            assert!(
                refused(r.row.index) && r.error == SCHEMA_ERROR,
                "seed {seed}: row {} failed for another",
                r.row.index
            );
        }

        let existed = |i: usize| pre.contains(&format!("user{i}@x.io"));
        let stored = |i: usize| server.stored_by(&format!("row {i}"));
        // No row stored twice, whatever its keys.
        for i in 0..n {
            assert!(stored(i) <= 1, "seed {seed}: row {i} stored {} times", stored(i));
        }
        // Created rows are on the server, stored by this import.
        for r in &report.created {
            assert_eq!(stored(r.row.index), 1, "seed {seed}: row {} created but not stored", r.row.index);
        }
        // Updated rows are on the server: stored before, or by this import's first attempt.
        let updated = report.updated.iter().map(|r| r.row.index);
        for i in updated.chain(report.ambiguous.iter().map(|r| r.row.index)) {
            assert!(stored(i) == 1 || existed(i), "seed {seed}: row {i} updated or ambiguous but not on the server");
        }
        // Failed rows ("already exists") existed before this import: never one it created.
        for r in report.failed.iter().filter(|r| r.code != "http_400") {
            assert!(existed(r.row.index) && stored(r.row.index) == 0, "seed {seed}: row {} failed", r.row.index);
        }
        // Not-sent rows that cannot have arrived are not on the server.
        for r in report.not_sent.iter().filter(|r| !r.maybe_sent) {
            assert_eq!(stored(r.row.index), 0, "seed {seed}: row {} stored but reported unsent", r.row.index);
        }
        // Only email rows existing before the import, and rows the schema refuses, fail.
        assert!(report.failed.iter().all(|r| r.code == "email_already_exists" || r.code == "http_400"), "seed {seed}");
        assert_eq!(report.total, n);
    }
}

#[test]
fn rows_no_retry_can_recognise_are_held_back_after_an_attempt_that_may_have_landed() {
    for upsert in [false, true] {
        let mut fates = [Fate::DropAfterCommit, Fate::Answer].into_iter().cycle();
        let (report, server) = run(&mixed_users(5, 0), upsert, 5, 2, &[], || fates.next().unwrap(), None);
        assert_accounted(&report);
        assert_eq!(server.stored.len(), 5, "upsert {upsert}: nothing created twice");
        // Row 4 has no id, email or username: it is not sent again, and may exist.
        let held: Vec<(usize, bool)> = report.not_sent.iter().map(|r| (r.row.index, r.maybe_sent)).collect();
        assert_eq!(held, [(4, true)], "upsert {upsert}");
        assert!(report.not_sent[0].reason.starts_with("Not sent again: the first attempt may have created this user"));
        // The username-only and id-only rows answer "already exists": ambiguous, even with upsert.
        let ambiguous: Vec<(usize, &str)> = report.ambiguous.iter().map(|r| (r.row.index, r.code.as_str())).collect();
        if upsert {
            assert_eq!(ambiguous, [(2, "username_already_exists")]);
            assert_eq!(report.updated.iter().map(|r| r.row.index).collect::<Vec<_>>(), [0, 1, 3]);
        } else {
            assert_eq!(
                ambiguous,
                [
                    (0, "email_already_exists"),
                    (1, "email_already_exists"),
                    (2, "username_already_exists"),
                    (3, "duplicate_exists")
                ]
            );
        }
        assert!(report.failed.is_empty() && report.created.is_empty());
    }
}

#[test]
fn a_batch_of_only_unrecognisable_rows_is_not_repeated() {
    let text = r#"[{"firstName":"row 0"},{"firstName":"row 1"}]"#;
    let mut fates = [Fate::TimeoutAfterCommit].into_iter();
    let (report, server) = run(text, true, 2, 3, &[], || fates.next().unwrap_or(Fate::Answer), None);
    assert_accounted(&report);
    assert_eq!(server.stored.len(), 2);
    assert_eq!(report.not_sent.iter().filter(|r| r.maybe_sent).count(), 2);
    assert_eq!(report.remaining, [0usize; 0], "resending them could create them twice");
}

#[test]
fn rows_can_arrive_while_batches_are_out() {
    let mut input = Input::from_json(users(7, 0)).unwrap();
    let mut engine = Engine::new(input.len(), input.text.clone(), 3, 2);
    let mut rows = RowChecker::new(&mut input);
    let mut server = FakeServer::new(&[], false);
    for checked in rows.by_ref().take(4) {
        engine.add(checked);
    }
    let first = engine.next_batch().expect("a full batch");
    assert_eq!(engine.next_batch(), None, "the fourth row waits for two more");
    assert!(!engine.is_done());
    for checked in rows {
        engine.add(checked);
    }
    engine.input_done();
    let second = engine.next_batch().unwrap();
    let third = engine.next_batch().expect("the partial last batch");
    for batch in [first, second, third] {
        assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
    }
    assert!(engine.is_done());
    assert_eq!(engine.report().created.len(), 7);
}

#[test]
fn rows_added_after_a_halt_are_not_sent() {
    let mut input = Input::from_json(users(6, 0)).unwrap();
    let mut engine = Engine::new(input.len(), input.text.clone(), 2, 2);
    let mut rows = RowChecker::new(&mut input);
    engine.add(rows.next().unwrap());
    engine.add(rows.next().unwrap());
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let refused = Failure::Status {
        status: 401,
        code: None,
        message: "The API answered 401 Unauthorized.".into(),
        retry_after_ms: None,
    };
    assert_eq!(engine.failed(batch, refused, 0.5, 0.0), Next::Settled);
    for checked in rows {
        engine.add(checked);
    }
    engine.input_done();
    assert_eq!(engine.next_batch(), None);
    let report = engine.report();
    assert_accounted(&report);
    assert_eq!(report.not_sent.len(), 6);
    assert!(report.not_sent[5].reason.contains("401"));
}

#[test]
fn a_failure_that_was_not_retried_does_not_say_it_was() {
    use crate::import::{Engine, Failure, Next};
    let text = std::rc::Rc::new(r#"[{"email":"a@b.co"},{"email":"c@d.co"}]"#.to_owned());
    let prepared = crate::import::prepare_array(text.to_string()).unwrap();
    let mut engine = Engine::prepared(prepared, 1, 2);
    let not_retried =
        Failure::Status { status: 501, code: None, message: "501 Not Implemented.".into(), retry_after_ms: None };
    let long_wait = Failure::Status {
        status: 429,
        code: None,
        message: "429 Too Many Requests.".into(),
        retry_after_ms: Some(120_000.0),
    };
    for failure in [not_retried, long_wait] {
        let batch = engine.next_batch().unwrap();
        engine.sending(batch, 0.0);
        assert_eq!(engine.failed(batch, failure, 0.5, 0.0), Next::Settled);
    }
    let report = engine.report();
    let waits: Vec<Option<u64>> = report.not_sent.iter().map(|r| r.retry_after).collect();
    assert_eq!(waits, [None, Some(120)], "when to resume, as a number");
    let reasons: Vec<&str> = report.not_sent.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "Not sent: 501 Not Implemented.",
            "Not sent: the API asked to wait 120 s, longer than an import waits: 429 Too Many Requests."
        ]
    );
}

#[test]
fn rows_an_answer_says_nothing_of_may_be_stored_and_are_to_do_again() {
    use crate::import::Engine;
    let prepared = crate::import::prepare_array(r#"[{"email":"a@b.co"},{"email":"c@d.co"}]"#.to_owned()).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 2);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let answer = r#"{"created":[{"id":"u1","email":"a@b.co"}],"updated":[],"failed":[]}"#;
    assert!(engine.answered(batch, answer));
    let report = engine.report();
    assert_eq!(report.created.len(), 1);
    assert_eq!(
        (report.not_sent.len(), report.not_sent[0].maybe_sent, report.remaining.as_slice()),
        (1, true, &[1][..])
    );
}

#[test]
fn a_wait_longer_than_an_import_waits_stops_it_and_says_when_to_resume() {
    let prepared = prepare_array(users(6, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 2);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let limited = Failure::Status {
        status: 429,
        code: None,
        message: "429 Too Many Requests.".into(),
        retry_after_ms: Some(90_500.0),
    };
    assert_eq!(engine.failed(batch, limited, 0.5, 0.0), Next::Settled);
    assert_eq!(engine.next_batch(), None, "no batch goes out to be told the same");
    let report = engine.report();
    assert_accounted(&report);
    assert!(report.not_sent.iter().all(|r| r.retry_after == Some(91) && !r.maybe_sent));
    assert_eq!(report.remaining, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn only_a_rate_limit_or_an_outage_stops_the_import_for_a_long_wait() {
    let prepared = prepare_array(users(4, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 0);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    let failing = Failure::Status { status: 500, code: None, message: "500.".into(), retry_after_ms: Some(90_000.0) };
    assert_eq!(engine.failed(batch, failing, 0.5, 0.0), Next::Settled);
    assert!(engine.next_batch().is_some(), "a 500 settles its own batch only");
    let absurd = Failure::Status { status: 429, code: None, message: "429.".into(), retry_after_ms: Some(1e40) };
    let prepared = prepare_array(users(2, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 0);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch, 0.0);
    engine.failed(batch, absurd, 0.5, 0.0);
    assert!(engine.report().not_sent.iter().all(|r| r.retry_after == Some(86_400)), "capped at a day");
}

#[test]
fn progress_ends_with_every_row_done_rejected_rows_included() {
    // Every fifth row is invalid: rejected, never sent, and still done.
    let prepared = prepare_array(users(100, 5)).unwrap();
    let mut engine = Engine::prepared(prepared, 10, 2);
    let mut server = FakeServer::new(&[], false);
    let first = engine.progress(0.0);
    assert_eq!((first.total, first.rejected, first.done), (100, 20, 20));
    while let Some(batch) = engine.next_batch() {
        assert!(engine.sending(batch, 0.0));
        assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
        let p = engine.progress(0.0);
        assert_eq!(p.done, p.created + p.updated + p.failed + p.rejected + p.not_sent + p.ambiguous);
    }
    let last = engine.progress(0.0);
    assert_eq!((last.done, last.total, last.sent, last.created, last.rejected), (100, 100, 80, 80, 20));
}
