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
/// updated; otherwise a taken email, username or id refuses the user.
struct FakeServer {
    stored: Vec<Stored>,
    upsert: bool,
}

impl FakeServer {
    fn new(pre_existing_emails: &[&str], upsert: bool) -> FakeServer {
        let stored = pre_existing_emails
            .iter()
            .map(|e| Stored { id: None, email: Some(e.to_lowercase()), username: None, by_row: None })
            .collect();
        FakeServer { stored, upsert }
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
    let rows: Vec<String> = (0..n)
        .map(|i| match i % 5 {
            _ if bad_every > 0 && i % bad_every == 0 => format!(r#"{{"email":"bad{i}","firstName":"row {i}"}}"#),
            0 => format!(r#"{{"email":"User{i}@x.io","firstName":"row {i}"}}"#),
            1 => format!(r#"{{"email":"user{i}@x.io","username":"User{i}","firstName":"row {i}"}}"#),
            2 => format!(r#"{{"username":"user{i}","firstName":"row {i}"}}"#),
            3 => format!(r#"{{"id":"{i:08}-0000-4000-8000-000000000000","firstName":"row {i}"}}"#),
            _ => format!(r#"{{"firstName":"row {i}","btcWallet":"3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5"}}"#),
        })
        .collect();
    format!("[{}]", rows.join(","))
}

/// Runs a whole import against the fake server; `fate` picks each attempt's fate. Batches run
/// one after another, interleaving like concurrent ones would not matter to the accounting.
fn run(
    text: &str,
    upsert: bool,
    batch_size: usize,
    max_retries: u32,
    pre_existing: &[&str],
    mut fate: impl FnMut() -> Fate,
    abort_after: Option<usize>,
) -> (ImportReport, FakeServer) {
    let prepared = prepare_array(text.to_owned()).unwrap();
    let mut engine = Engine::prepared(prepared, batch_size, max_retries);
    let mut server = FakeServer::new(pre_existing, upsert);
    let mut batches = 0;
    while let Some(batch) = engine.next_batch() {
        batches += 1;
        loop {
            // Rows may be held back from a retry: the body is made for each attempt.
            let body = engine.body(batch);
            engine.sending(batch);
            let failure = match fate() {
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
            match engine.failed(batch, failure, 0.5) {
                Next::RetryAfter(delay) => assert!(delay >= 0.0),
                Next::Settled => break,
            }
        }
        if abort_after == Some(batches) {
            engine.abort();
        }
    }
    assert!(engine.is_done());
    (engine.report(), server)
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
    let (report, server) = run(&users(1000, 50), false, 100, 2, &[], || Fate::Answer, None);
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
    engine.sending(batch);
    let next = engine.failed(
        batch,
        Failure::Status {
            status: 401,
            code: None,
            message: "The API answered 401 Unauthorized.".into(),
            retry_after_ms: None,
        },
        0.5,
    );
    assert_eq!(next, Next::Settled);
    assert_eq!(engine.next_batch(), None);
    assert!(engine.is_done());
    let report = engine.report();
    assert_accounted(&report);
    assert_eq!(report.not_sent.len(), 10);
}

#[test]
fn a_refused_batch_fails_its_rows_only() {
    let prepared = prepare_array(users(6, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 3, 2);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch);
    let refused =
        Failure::Status { status: 422, code: Some("invalid_user".into()), message: "No.".into(), retry_after_ms: None };
    assert_eq!(engine.failed(batch, refused, 0.5), Next::Settled);
    let batch = engine.next_batch().unwrap();
    let mut server = FakeServer::new(&[], false);
    assert!(engine.answered(batch, &server.apply(&engine.body(batch))));
    let report = engine.report();
    assert_eq!((report.failed.len(), report.created.len()), (3, 3));
    assert!(report.failed.iter().all(|f| f.code == "invalid_user"));
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
        let text = mixed_users(n, 9);
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
        let (report, server) =
            run(&text, upsert, batch, retries, &pre_refs, || fates[(fate_rng.next() % 7) as usize], abort_after);
        assert_accounted(&report);

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
        for r in &report.failed {
            assert!(existed(r.row.index) && stored(r.row.index) == 0, "seed {seed}: row {} failed", r.row.index);
        }
        // Not-sent rows that cannot have arrived are not on the server.
        for r in report.not_sent.iter().filter(|r| !r.maybe_sent) {
            assert_eq!(stored(r.row.index), 0, "seed {seed}: row {} stored but reported unsent", r.row.index);
        }
        // Only email rows existing before the import fail; ambiguity needs an attempt that may have landed.
        assert!(report.failed.iter().all(|r| r.code == "email_already_exists"), "seed {seed}");
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
    let input = Input::from_json(users(7, 0)).unwrap();
    let mut engine = Engine::new(input.len(), input.text.clone(), 3, 2);
    let mut rows = RowChecker::new(&input);
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
    let input = Input::from_json(users(6, 0)).unwrap();
    let mut engine = Engine::new(input.len(), input.text.clone(), 2, 2);
    let mut rows = RowChecker::new(&input);
    engine.add(rows.next().unwrap());
    engine.add(rows.next().unwrap());
    let batch = engine.next_batch().unwrap();
    engine.sending(batch);
    let refused = Failure::Status {
        status: 401,
        code: None,
        message: "The API answered 401 Unauthorized.".into(),
        retry_after_ms: None,
    };
    assert_eq!(engine.failed(batch, refused, 0.5), Next::Settled);
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
        engine.sending(batch);
        assert_eq!(engine.failed(batch, failure, 0.5), Next::Settled);
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
    engine.sending(batch);
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
    engine.sending(batch);
    let limited = Failure::Status {
        status: 429,
        code: None,
        message: "429 Too Many Requests.".into(),
        retry_after_ms: Some(90_500.0),
    };
    assert_eq!(engine.failed(batch, limited, 0.5), Next::Settled);
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
    engine.sending(batch);
    let failing = Failure::Status { status: 500, code: None, message: "500.".into(), retry_after_ms: Some(90_000.0) };
    assert_eq!(engine.failed(batch, failing, 0.5), Next::Settled);
    assert!(engine.next_batch().is_some(), "a 500 settles its own batch only");
    let absurd = Failure::Status { status: 429, code: None, message: "429.".into(), retry_after_ms: Some(1e40) };
    let prepared = prepare_array(users(2, 0)).unwrap();
    let mut engine = Engine::prepared(prepared, 2, 0);
    let batch = engine.next_batch().unwrap();
    engine.sending(batch);
    engine.failed(batch, absurd, 0.5);
    assert!(engine.report().not_sent.iter().all(|r| r.retry_after == Some(86_400)), "capped at a day");
}
