//! The import as a state machine with no I/O: it owns the rows and their buckets, hands out
//! batches to send, and takes back what happened to each attempt. The wasm driver only loops.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::text::{cat, dec, owned};

use super::answer::{answer_entries, row_keys, KeySpans};
use super::matching::{match_answer, Entry};
use super::pacer::Pacer;
use super::prepare::{json_array, Checked, Prepared};
use super::report::{FailedRow, ImportProgress, ImportReport, ImportedRow, NotSentRow, RejectedRow, RowRef};
use crate::client::{Outcome, RetryPolicy};

/// One row that passed validation and waits to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyRow {
    pub row: RowRef,
    /// Where the user's JSON text (exactly as it will be sent) lies in [`super::Input::text`]:
    /// rows are not copied out of the input.
    pub span: std::ops::Range<usize>,
    /// Where its id, email and username lie in the same text, as validation read them.
    pub keys: KeySpans,
}

impl ReadyRow {
    /// Its id, email and username, from the spans validation noted or, failing those, its text.
    fn keys_in(&self, text: &str) -> RowKeys {
        self.keys.read(text).unwrap_or_else(|| row_keys(text.get(self.span.clone()).unwrap_or_default()))
    }
}

/// What identifies a row in the API's answer: the id, and the lower-cased email and username.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowKeys {
    pub id: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
}

/// A batch handed to the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BatchId(pub usize);

/// How an attempt at a batch failed (a 2xx answer goes to [`Engine::answered`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// An error status, with the API's code and message.
    Status {
        status: u16,
        code: Option<String>,
        message: String,
        retry_after_ms: Option<f64>,
    },
    Network {
        message: String,
    },
    Timeout {
        message: String,
    },
}

/// What the driver does next with a batch after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// Wait this long, then send the batch again (without rows held back, see [`Engine::failed`]).
    RetryAfter(f64),
    /// The batch is settled: its rows have their buckets.
    Settled,
}

#[derive(Debug)]
struct InFlight {
    rows: Vec<usize>,
    attempts: u32,
    /// An attempt may have been applied (connection dropped, timeout, 5xx): a retry can then
    /// meet this very batch's users as `*_already_exists`.
    maybe_applied: bool,
    /// Half of a batch the API refused as a whole (see [`Engine::failed`]).
    split: bool,
}

/// The batches handed out, by id: as many as the requests in flight (16 at most), so a list
/// rather than a hash table, which cost wasm and is no quicker at this size.
#[derive(Debug, Default)]
struct Flights(Vec<(usize, InFlight)>);

impl Flights {
    fn position(&self, batch: BatchId) -> Option<usize> {
        self.0.iter().position(|(id, _)| *id == batch.0)
    }

    fn get(&self, batch: BatchId) -> Option<&InFlight> {
        self.position(batch).map(|i| &self.0[i].1)
    }

    fn get_mut(&mut self, batch: BatchId) -> Option<&mut InFlight> {
        self.position(batch).map(|i| &mut self.0[i].1)
    }

    fn remove(&mut self, batch: BatchId) -> Option<InFlight> {
        self.position(batch).map(|i| self.0.swap_remove(i).1)
    }
}

/// A batch waiting for its turn.
#[derive(Debug)]
struct Queued {
    rows: Vec<usize>,
    /// Carried over from the refused batch this is half of: an earlier attempt of it may have landed.
    maybe_applied: bool,
    split: bool,
}

impl Queued {
    fn fresh(rows: Vec<usize>) -> Queued {
        Queued { rows, maybe_applied: false, split: false }
    }
}

/// Statuses with which the API refuses a bulk body as a whole, before storing any of it: one
/// row that breaks its schema (400, 422), or a body too large (413). Halving such a batch until
/// the refused rows stand alone lets the others land.
const REFUSED_AS_A_WHOLE: [u16; 3] = [400, 413, 422];

const ABORTED: &str = "The import was aborted before this row was sent.";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Bucket {
    Created(Option<String>),
    Updated(Option<String>),
    Failed { code: String, error: String },
    NotSent { reason: String, maybe_sent: bool, retry_after: Option<u64> },
    Ambiguous { code: String, error: String },
}

/// Why the import stopped sending, for every row it did not send.
#[derive(Debug)]
struct Halt {
    reason: String,
    retry_after: Option<u64>,
}

impl Halt {
    fn bucket(&self) -> Bucket {
        self.bucket_maybe_sent(false)
    }

    /// For a row an earlier attempt may have carried to the server (half of a refused batch).
    fn bucket_maybe_sent(&self, maybe_sent: bool) -> Bucket {
        Bucket::NotSent { reason: self.reason.clone(), maybe_sent, retry_after: self.retry_after }
    }
}

/// The import in progress. Rows arrive as they are validated ([`Engine::add`]); batches form as
/// rows do; [`Engine::input_done`] says no more will come.
#[derive(Debug)]
pub struct Engine {
    total: usize,
    text: Rc<String>,
    ready: Vec<ReadyRow>,
    rejected: Vec<RejectedRow>,
    buckets: Vec<Option<Bucket>>,
    pending: Vec<usize>,
    batch_size: usize,
    queue: VecDeque<Queued>,
    in_flight: Flights,
    next_id: usize,
    sent: usize,
    /// Requests sent for halves of refused batches.
    split_requests: usize,
    policy: RetryPolicy,
    pacer: Pacer,
    /// When the first request started, for the observed throughput.
    first_start: Option<f64>,
    aborted: bool,
    /// Why no more batches go out (abort, the API refused the token, or asked to wait longer than an
    /// import waits): later rows get it too.
    halted: Option<Halt>,
    input_done: bool,
}

/// API codes that mean "already there", which a retry of an applied batch produces (the API
/// answers `duplicate_exists` for a reused id).
const ALREADY_EXISTS: [&str; 3] = ["email_already_exists", "username_already_exists", "duplicate_exists"];

/// Why a row with no id, email or username is not sent again after an attempt that may have
/// stored it: the API could not recognise it, and a retry could create the user twice.
const NOT_REPEATED: &str = "Not sent again: the first attempt may have created this user, and a user with no id, email or username cannot be recognised on a retry, so sending it again could create it twice.";

impl Engine {
    /// An import of `total` rows that lie in `text` (see [`super::Input`]), sent in batches of `batch_size`.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn new(total: usize, text: Rc<String>, batch_size: usize, max_retries: u32) -> Engine {
        Engine {
            total,
            text,
            // Sized once: doubling as rows arrive needed up to twice the room, and wasm memory
            // grown mid-import costs a full garbage collection in the page (see `wasm::import`).
            ready: Vec::with_capacity(total),
            rejected: Vec::new(),
            buckets: Vec::with_capacity(total),
            pending: Vec::new(),
            batch_size: batch_size.max(1),
            queue: VecDeque::new(),
            in_flight: Flights::default(),
            next_id: 0,
            sent: 0,
            split_requests: 0,
            policy: RetryPolicy::new(max_retries),
            pacer: Pacer::off(),
            first_start: None,
            aborted: false,
            halted: None,
            input_done: false,
        }
    }

    /// Paces request starts with `pacer` (unpaced by default).
    pub fn paced(mut self, pacer: Pacer) -> Engine {
        self.pacer = pacer;
        self
    }

    /// An import of an input validated all at once.
    pub fn prepared(prepared: Prepared, batch_size: usize, max_retries: u32) -> Engine {
        let Prepared { input, ready, rejected, warnings: _ } = prepared;
        let mut engine = Engine::new(input.len(), input.text.clone(), batch_size, max_retries);
        for row in ready {
            engine.add(Checked::Ready(row, Vec::new()));
        }
        for row in rejected {
            engine.add(Checked::Rejected(row));
        }
        engine.input_done();
        engine
    }

    /// One more validated row; rows come in input order (as [`super::RowChecker`] gives them).
    pub fn add(&mut self, checked: Checked) {
        match checked {
            Checked::Rejected(row) => self.rejected.push(row),
            Checked::Ready(row, _) => {
                let index = self.ready.len();
                self.ready.push(row);
                // A row validated after the import halted is never sent.
                let halted = self.halted.as_ref().map(Halt::bucket);
                let sendable = halted.is_none();
                self.buckets.push(halted);
                if sendable {
                    self.pending.push(index);
                    if self.pending.len() == self.batch_size {
                        self.queue.push_back(Queued::fresh(std::mem::take(&mut self.pending)));
                    }
                }
            }
        }
    }

    /// Every row has been added: the last, partial batch may go.
    pub fn input_done(&mut self) {
        self.input_done = true;
        if !self.pending.is_empty() {
            self.queue.push_back(Queued::fresh(std::mem::take(&mut self.pending)));
        }
    }

    /// True when [`Engine::next_batch`] has a batch to give.
    pub fn batch_ready(&self) -> bool {
        self.halted.is_none() && !self.queue.is_empty()
    }

    /// The next batch to send, if any (none once stopped).
    pub fn next_batch(&mut self) -> Option<BatchId> {
        if self.halted.is_some() {
            return None;
        }
        let Queued { rows, maybe_applied, split } = self.queue.pop_front()?;
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight.0.push((id, InFlight { rows, attempts: 0, maybe_applied, split }));
        Some(BatchId(id))
    }

    /// How long from `now` until the pace lets the next request start; 0: it may start now, or
    /// the import has stopped (and [`Engine::sending`] settles the batch instead).
    pub fn wait_ms(&self, now: f64) -> f64 {
        if self.halted.is_some() {
            return 0.0;
        }
        self.pacer.wait_ms(now)
    }

    /// True once no more batches go out (aborted, the token refused, a long wait asked).
    pub fn halted(&self) -> bool {
        self.halted.is_some()
    }

    /// The JSON array to send for `batch` now: its rows, less any held back after an attempt that may have landed.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn body(&self, batch: BatchId) -> String {
        let Some(flight) = self.in_flight.get(batch) else { return owned("[]") };
        json_array(&self.text, flight.rows.iter().map(|&r| &self.ready[r].span))
    }

    /// An attempt at `batch` goes out at `now` (call it once [`Engine::wait_ms`] is 0). False when
    /// it must not: the import stopped while the batch waited for its first turn, so it is settled
    /// as not sent, like the batches still queued.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn sending(&mut self, batch: BatchId, now: f64) -> bool {
        let Some(flight) = self.in_flight.get_mut(batch) else { return false };
        if flight.attempts == 0 {
            if let Some(halt) = &self.halted {
                let bucket = halt.bucket_maybe_sent(flight.maybe_applied);
                let flight = self.in_flight.remove(batch).expect("present above");
                for r in flight.rows {
                    self.buckets[r] = Some(bucket.clone());
                }
                return false;
            }
            if flight.split {
                self.split_requests += 1;
            } else {
                self.sent += flight.rows.len();
            }
        }
        flight.attempts += 1;
        self.pacer.started(now);
        self.first_start.get_or_insert(now);
        true
    }

    /// A 2xx answer for `batch`: each row to its bucket. False (and nothing settled) when the
    /// body is not a bulk answer: whether it was applied is unknown, so treat it as [`Failure::Network`].
    #[cfg_attr(size_opt, optimize(size))]
    pub fn answered(&mut self, batch: BatchId, body: &str) -> bool {
        let Some(entries) = answer_entries(body) else { return false };
        self.pacer.answered();
        let Some(flight) = self.in_flight.remove(batch) else { return true };
        // Keys are made when an answer needs them, not kept for every row of a large import.
        let keys: Vec<RowKeys> = flight.rows.iter().map(|&r| self.ready[r].keys_in(&self.text)).collect();
        let matched = match_answer(&keys, entries);
        for (&r, entry) in flight.rows.iter().zip(matched) {
            let bucket = match entry {
                Some(Entry::Created { id }) => Bucket::Created(id),
                Some(Entry::Updated { id }) => Bucket::Updated(id),
                // With upsert too: a user matched by its username alone is not updated but refused.
                Some(Entry::Failed { code, error })
                    if flight.maybe_applied && ALREADY_EXISTS.contains(&code.as_str()) =>
                {
                    Bucket::Ambiguous { code, error }
                }
                Some(Entry::Failed { code, error }) => Bucket::Failed { code, error },
                // Sent, and maybe stored: like a row whose answer never came.
                None => Bucket::NotSent {
                    reason: owned("The API's answer did not say what happened to this row; it may have been stored."),
                    maybe_sent: true,
                    retry_after: None,
                },
            };
            self.buckets[r] = Some(bucket);
        }
        true
    }

    /// A failed attempt at `batch`, known at `now`: retry, split, or settle its rows. `random` is
    /// uniform in [0, 1).
    pub fn failed(&mut self, batch: BatchId, failure: Failure, random: f64, now: f64) -> Next {
        // By reference: the failure's strings are then dropped here once, not at each of the
        // reading's many returns.
        self.fail(batch, &failure, random, now)
    }

    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    fn fail(&mut self, batch: BatchId, failure: &Failure, random: f64, now: f64) -> Next {
        if let Failure::Status { status: 429, retry_after_ms, .. } = failure {
            self.pacer.limited(now, *retry_after_ms);
        }
        let Some(flight) = self.in_flight.get_mut(batch) else { return Next::Settled };
        let outcome = match failure {
            Failure::Status { status, retry_after_ms, .. } => {
                Outcome::Status { status: *status, retry_after_ms: *retry_after_ms }
            }
            Failure::Network { .. } => Outcome::Network,
            Failure::Timeout { .. } => Outcome::Timeout,
        };
        if matches!(
            outcome,
            Outcome::Network | Outcome::Timeout | Outcome::Status { status: 500 | 502 | 503 | 504, .. }
        ) {
            flight.maybe_applied = true;
        }
        // Every batch may be repeated: a row the API can recognise (id, email, username) comes
        // back "already exists" or updated, which the ambiguity rule sorts out; others are held back.
        if let Some(delay) = self.policy.next_delay(flight.attempts, outcome, true, random) {
            if self.aborted {
                self.abandon(batch);
                return Next::Settled;
            }
            if flight.maybe_applied {
                let (ready, text) = (&self.ready, &self.text);
                let (keep, unrecognisable): (Vec<usize>, Vec<usize>) =
                    flight.rows.iter().partition(|&&r| recognisable(&ready[r], text));
                flight.rows = keep;
                let empty = flight.rows.is_empty();
                for r in unrecognisable {
                    self.buckets[r] =
                        Some(Bucket::NotSent { reason: owned(NOT_REPEATED), maybe_sent: true, retry_after: None });
                }
                if empty {
                    self.in_flight.remove(batch);
                    return Next::Settled;
                }
            }
            return Next::RetryAfter(delay);
        }
        let flight = self.in_flight.remove(batch).expect("present above");
        match failure {
            // Wrong token, no such environment: no batch can succeed, so stop the import.
            Failure::Status { status: 401 | 403 | 404, message, .. } => {
                self.settle_not_sent(&flight, message, flight.maybe_applied);
                self.halt(&cat(&["Not sent: an earlier batch was refused: ", message]), None);
            }
            // The API refused the body as a whole: send each half on its own (at the front of the
            // queue), down to single rows, so a few bad rows do not sink the rest. A batch of n rows
            // takes at most 2n − 1 requests this way.
            &Failure::Status { status, .. } if REFUSED_AS_A_WHOLE.contains(&status) && flight.rows.len() > 1 => {
                let InFlight { mut rows, maybe_applied, .. } = flight;
                let back = rows.split_off(rows.len() / 2);
                for half in [back, rows] {
                    self.requeue_front(Queued { rows: half, maybe_applied, split: true });
                }
            }
            &Failure::Status { status, ref code, ref message, .. }
                if (400..500).contains(&status) && status != 408 && status != 429 =>
            {
                let code = code.clone().unwrap_or_else(|| cat(&["http_", &dec(status.into())]));
                for &r in &flight.rows {
                    self.buckets[r] = Some(Bucket::Failed { code: code.clone(), error: message.clone() });
                }
            }
            &Failure::Status { status, ref message, retry_after_ms: Some(wait), .. }
                if wait > self.policy.max_retry_after_ms =>
            {
                // Capped at a day: a header of forty nines is not a plan.
                let seconds = (wait / 1000.0).ceil().min(86_400.0) as u64;
                let reason = cat(&[
                    "Not sent: the API asked to wait ",
                    &dec(seconds),
                    " s, longer than an import waits: ",
                    message,
                ]);
                self.settle_not_sent_until(&flight, &reason, flight.maybe_applied, Some(seconds));
                // Rate limited or down for a while: every other batch would be told the same, so
                // stop, and say when to resume.
                if matches!(status, 429 | 503) {
                    self.halt(&reason, Some(seconds));
                }
            }
            Failure::Status { message, .. } | Failure::Network { message } | Failure::Timeout { message } => {
                let reason = match flight.attempts {
                    0 | 1 => cat(&["Not sent: ", message]),
                    n => cat(&["Not sent after ", &dec(n.into()), " attempts: ", message]),
                };
                self.settle_not_sent(&flight, &reason, flight.maybe_applied);
            }
        }
        Next::Settled
    }

    /// The caller's signal fired: no new batches; queued rows are not sent.
    pub fn abort(&mut self) {
        if !self.aborted {
            self.aborted = true;
            self.halt(ABORTED, None);
        }
    }

    /// A batch waiting for its turn or to retry when the import was aborted.
    pub fn abandon(&mut self, batch: BatchId) {
        if let Some(flight) = self.in_flight.remove(batch) {
            // A half of a refused batch whose first attempt may have landed is, in effect, a retry.
            let reason = if flight.attempts == 0 && !flight.maybe_applied {
                ABORTED
            } else {
                "The import was aborted while this row's batch waited to be retried."
            };
            self.settle_not_sent(&flight, reason, flight.maybe_applied);
        }
    }

    /// Puts a batch at the front of the queue, or settles it when the import has stopped.
    fn requeue_front(&mut self, queued: Queued) {
        match &self.halted {
            Some(halt) => {
                let bucket = halt.bucket_maybe_sent(queued.maybe_applied);
                for r in queued.rows {
                    self.buckets[r] = Some(bucket.clone());
                }
            }
            None => self.queue.push_front(queued),
        }
    }

    fn settle_not_sent(&mut self, flight: &InFlight, reason: &str, maybe_sent: bool) {
        self.settle_not_sent_until(flight, reason, maybe_sent, None);
    }

    /// As [`Engine::settle_not_sent`], with the whole seconds the API asked to wait, if it did.
    fn settle_not_sent_until(&mut self, flight: &InFlight, reason: &str, maybe_sent: bool, retry_after: Option<u64>) {
        for &r in &flight.rows {
            self.buckets[r] = Some(Bucket::NotSent { reason: owned(reason), maybe_sent, retry_after });
        }
    }

    /// No more batches: queued and pending rows, and rows still to be added, are not sent.
    #[cfg_attr(size_opt, optimize(size))]
    fn halt(&mut self, reason: &str, retry_after: Option<u64>) {
        if self.halted.is_some() {
            return;
        }
        let halt = Halt { reason: owned(reason), retry_after };
        let pending = std::mem::take(&mut self.pending);
        self.queue.push_back(Queued::fresh(pending));
        while let Some(Queued { rows, maybe_applied, .. }) = self.queue.pop_front() {
            for r in rows {
                self.buckets[r] = Some(halt.bucket_maybe_sent(maybe_applied));
            }
        }
        self.halted = Some(halt);
    }

    /// Counts so far, and the time left as estimated at `now`.
    pub fn progress(&self, now: f64) -> ImportProgress {
        let mut p = ImportProgress {
            total: self.total,
            sent: self.sent,
            rejected: self.rejected.len(),
            ..ImportProgress::default()
        };
        for bucket in self.buckets.iter().flatten() {
            match bucket {
                Bucket::Created(_) => p.created += 1,
                Bucket::Updated(_) => p.updated += 1,
                Bucket::Failed { .. } => p.failed += 1,
                Bucket::NotSent { .. } => p.not_sent += 1,
                Bucket::Ambiguous { .. } => p.ambiguous += 1,
            }
        }
        p.done = p.created + p.updated + p.failed + p.rejected + p.not_sent + p.ambiguous;
        p.eta_seconds = self.eta_seconds(&p, now);
        p
    }

    /// Seconds left, rounded up: the longer of what the pace allows for the requests still to
    /// start and what the throughput so far (rows settled per second since the first request)
    /// gives for the rows left. `None` until a first batch has settled, unless nothing is left.
    fn eta_seconds(&self, p: &ImportProgress, now: f64) -> Option<f64> {
        let settled = p.created + p.updated + p.failed + p.not_sent + p.ambiguous;
        let unvalidated = self.total.saturating_sub(self.ready.len() + self.rejected.len());
        let left = self.ready.len().saturating_sub(settled) + unvalidated;
        if left == 0 && self.input_done {
            return Some(0.0);
        }
        let elapsed = now - self.first_start?;
        if settled == 0 || elapsed <= 0.0 {
            return None;
        }
        let observed_ms = left as f64 * elapsed / settled as f64;
        // Requests still to start: queued batches, batches handed out that wait for their turn,
        // and the batches the rows not yet batched will make.
        let waiting = self.in_flight.0.iter().filter(|(_, f)| f.attempts == 0).count();
        let to_batch = (self.pending.len() + unvalidated).div_ceil(self.batch_size);
        let paced_ms = self.pacer.time_to_start(now, self.queue.len() + waiting + to_batch);
        Some((observed_ms.max(paced_ms) / 1000.0).ceil())
    }

    /// True when all rows are in, and nothing is queued or in flight.
    pub fn is_done(&self) -> bool {
        self.input_done && (self.queue.is_empty() || self.halted.is_some()) && self.in_flight.0.is_empty()
    }

    /// Batches being sent (or waiting to be retried).
    pub fn in_flight(&self) -> usize {
        self.in_flight.0.len()
    }

    /// The final report; rows not settled (none when [`Engine::is_done`]) count as not sent.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn report(self) -> ImportReport {
        // Sized once: doubling 100 000 entries copied them ~17 times at the very end of an import.
        let (created, updated) = self.buckets.iter().fold((0, 0), |(c, u), bucket| match bucket {
            Some(Bucket::Created(_)) => (c + 1, u),
            Some(Bucket::Updated(_)) => (c, u + 1),
            _ => (c, u),
        });
        let mut report = ImportReport {
            total: self.total,
            created: Vec::with_capacity(created),
            updated: Vec::with_capacity(updated),
            failed: Vec::new(),
            rejected: self.rejected,
            not_sent: Vec::new(),
            ambiguous: Vec::new(),
            remaining: Vec::new(),
            aborted: self.aborted,
            split_requests: self.split_requests,
            fixes: Vec::new(),
        };
        for (ready, bucket) in self.ready.iter().zip(self.buckets) {
            let row = ready.row;
            match bucket.unwrap_or_else(|| Bucket::NotSent {
                reason: owned("The import ended before this row was sent."),
                maybe_sent: false,
                retry_after: None,
            }) {
                Bucket::Created(user_id) => report.created.push(ImportedRow { row, user_id }),
                Bucket::Updated(user_id) => report.updated.push(ImportedRow { row, user_id }),
                Bucket::Failed { code, error } => {
                    if code == "too_many_requests" {
                        report.remaining.push(row.index);
                    }
                    report.failed.push(FailedRow { row, code, error });
                }
                Bucket::NotSent { reason, maybe_sent, retry_after } => {
                    // One that may be stored and that nothing could recognise is left to the
                    // caller to check: sending it again may create it twice.
                    if !maybe_sent || recognisable(ready, &self.text) {
                        report.remaining.push(row.index);
                    }
                    report.not_sent.push(NotSentRow { row, reason, maybe_sent, retry_after });
                }
                Bucket::Ambiguous { code, error } => report.ambiguous.push(FailedRow { row, code, error }),
            }
        }
        // In input order without a sort (4 KB of wasm): rows are added in input order.
        debug_assert!(report.remaining.windows(2).all(|pair| pair[0] < pair[1]));
        report
    }
}

/// True when the API can tell this row's user from others on a retry: it has an id, an email
/// or a username.
fn recognisable(row: &ReadyRow, text: &str) -> bool {
    let keys = row.keys_in(text);
    keys.id.is_some() || keys.email.is_some() || keys.username.is_some()
}
