//! What an import ends with: every input row in exactly one bucket, and the progress counts.

use serde::Serialize;

use crate::json::Writer;
use crate::redact::Secret;
use crate::validate::{write_fix, write_issue, Fix, ValidationIssue};

/// Where a row is in the input: its index and, for CSV input, its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RowRef {
    /// 0-based index in the input array (for CSV: among the data rows).
    pub index: usize,
    /// 1-based line of the CSV file where the row starts (CSV input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A row the API created or updated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportedRow {
    #[serde(flatten)]
    pub row: RowRef,
    /// The user's id on the server, when the answer gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// A row the API refused, or one that may already have existed (see `ambiguous`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FailedRow {
    #[serde(flatten)]
    pub row: RowRef,
    /// The API's code (`email_already_exists`, `invalid_email`, …: one of the user-related codes
    /// when the API gave one) or `http_<status>`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "BulkFailureCode | (string & {})"))]
    pub code: String,
    /// The API's message.
    pub error: String,
}

/// A row client-side validation refused; it never reached the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RejectedRow {
    #[serde(flatten)]
    pub row: RowRef,
    /// Its errors (paths like `"[12].email"`, or `"row 13: email"` for CSV).
    pub issues: Vec<ValidationIssue>,
}

/// A row that was not imported because the import stopped (aborted, out of retries, refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NotSentRow {
    #[serde(flatten)]
    pub row: RowRef,
    /// One sentence: why.
    pub reason: String,
    /// True when a request carrying this row may have reached the server (a dropped connection
    /// or timeout came first): the row may exist there; import it again with `upsert: true` (one
    /// with a username only may then come back `username_already_exists`), and a row with no id,
    /// email or username only after checking it is not there.
    pub maybe_sent: bool,
    /// Whole seconds the API asked to wait (`Retry-After`) when that was longer than an import
    /// waits: when to resume.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub retry_after: Option<u64>,
}

/// How many rows are in each bucket so far (what `onProgress` receives), and an estimate of the
/// time left. Every row ends in exactly one of `created`, `updated`, `failed`, `rejected`,
/// `notSent` and `ambiguous`; `done` is their sum, so `done === total` once the import has ended
/// (the last call). `sent` counts requests' rows, not outcomes: rejected rows are never sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Rows in the input.
    pub total: usize,
    /// Rows settled so far, whatever their bucket: `created + updated + failed + rejected + notSent
    /// + ambiguous`. Equals `total` at the end; `done / total` is the fraction to show.
    pub done: usize,
    /// Rows whose batch has been sent at least once (rows held back, `rejected` or `notSent` before
    /// their batch left are never counted, so this may end below `total`).
    pub sent: usize,
    /// Rows created so far.
    pub created: usize,
    /// Rows that already existed and were updated (`upsert: true`).
    pub updated: usize,
    /// Rows the API refused (each with a reason in the report's `failed`).
    pub failed: usize,
    /// Rows client-side validation refused (never sent); they count as done.
    pub rejected: usize,
    /// Rows settled as not sent (abort, out of retries, refused import, a long wait asked, or held back).
    pub not_sent: usize,
    /// Rows that exist on the server but that this import may or may not have created.
    pub ambiguous: usize,
    /// Estimated seconds until the import ends, rounded up: the longer of what the pace
    /// (`requestsPerMinute`) allows for the requests still to start and what the throughput so far
    /// gives. Absent until the first batch has settled; 0 at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub eta_seconds: Option<f64>,
}

/// The end of an import: each input row in exactly one list; the counts add up to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Rows in the input.
    pub total: usize,
    /// Created by this import.
    pub created: Vec<ImportedRow>,
    /// Already existed and were updated (`upsert: true`).
    pub updated: Vec<ImportedRow>,
    /// The API refused them.
    pub failed: Vec<FailedRow>,
    /// Client-side validation refused them; never sent.
    pub rejected: Vec<RejectedRow>,
    /// Not imported: aborted, out of retries, or the API refused the whole import.
    pub not_sent: Vec<NotSentRow>,
    /// The row exists on the server, but this import cannot tell whether it created it: its batch
    /// was retried after an attempt that may have reached the server, and the retry answered
    /// `*_already_exists` (or `duplicate_exists`). Upsert removes this case for rows with an email or id.
    pub ambiguous: Vec<FailedRow>,
    /// Indices of the rows worth sending again (`notSent`, and `failed` with `too_many_requests`),
    /// in input order; not a `maybeSent` row with no id, email or username, which may exist
    /// already and which the API could not recognise: check for it before sending it again.
    pub remaining: Vec<usize>,
    /// True when the caller's signal stopped the import.
    pub aborted: bool,
    /// Requests sent for halves of batches the API refused as a whole (`400`/`413`/`422`: one row
    /// broke its schema, say), halved until the refused rows stood alone in `failed` and the others
    /// landed. At most 2·n − 2 for a batch of n rows; 0 when no batch was refused whole.
    pub split_requests: usize,
    /// With `fix: true`: each value a mechanical fix changed before the rows were validated and sent.
    pub fixes: Vec<Fix>,
}

impl ImportReport {
    /// The report as JSON text, as serde_json writes the derived `Serialize` (a test holds them
    /// equal), but by hand: serde's code for these types (flattened rows go through its map
    /// serializer) took 10 KB of wasm. A created row takes 64 bytes
    /// (`{"index":12345,"userId":"…36…"},`), 80 with a CSV line: room for that, so that the text is
    /// not regrown (a copy, and wasm memory grown at the very end).
    pub fn to_json(&self) -> String {
        let mut out = Writer(String::with_capacity(self.total.saturating_mul(80).min(64 << 20).saturating_add(256)));
        out.number("{\"total\":", self.total as u64);
        let imported = |out: &mut Writer, row: &ImportedRow| {
            write_row(out, row.row);
            if let Some(id) = &row.user_id {
                out.text(",\"userId\":", id);
            }
        };
        out.list(",\"created\":", self.created.len(), &|out, i| imported(out, &self.created[i]));
        out.list(",\"updated\":", self.updated.len(), &|out, i| imported(out, &self.updated[i]));
        out.list(",\"failed\":", self.failed.len(), &|out, i| write_failed(out, &self.failed[i]));
        out.list(",\"rejected\":", self.rejected.len(), &|out, i| {
            let row = &self.rejected[i];
            write_row(out, row.row);
            out.list(",\"issues\":", row.issues.len(), &|out, i| write_issue(out, &row.issues[i]));
        });
        out.list(",\"notSent\":", self.not_sent.len(), &|out, i| {
            let row = &self.not_sent[i];
            write_row(out, row.row);
            out.text(",\"reason\":", &row.reason);
            out.flag(",\"maybeSent\":", row.maybe_sent);
            if let Some(seconds) = row.retry_after {
                out.number(",\"retryAfter\":", seconds);
            }
        });
        out.list(",\"ambiguous\":", self.ambiguous.len(), &|out, i| write_failed(out, &self.ambiguous[i]));
        out.raw(",\"remaining\":[");
        for (i, &index) in self.remaining.iter().enumerate() {
            out.number(if i == 0 { "" } else { "," }, index as u64);
        }
        out.flag("],\"aborted\":", self.aborted);
        out.number(",\"splitRequests\":", self.split_requests as u64);
        out.list(",\"fixes\":", self.fixes.len(), &|out, i| write_fix(out, &self.fixes[i]));
        out.raw("}");
        out.0
    }

    /// Replaces every piece of `secret` (the API token; see `crate::redact::scrub`) in the report's
    /// sentences with `[redacted]`: a row may hold the token, pasted into a field, and its issues
    /// echo the value.
    /// The API's answers and failures reach `failed`, `ambiguous` and `notSent` only through here.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn redact(&mut self, secret: &str) {
        let secret = Secret::new(secret);
        for row in &mut self.rejected {
            row.issues.iter_mut().for_each(|issue| issue.redact(&secret));
        }
        for fix in &mut self.fixes {
            secret.scrub(&mut fix.path);
            secret.scrub(&mut fix.from);
            secret.scrub(&mut fix.to);
        }
        for row in self.failed.iter_mut().chain(&mut self.ambiguous) {
            secret.scrub(&mut row.code);
            secret.scrub(&mut row.error);
        }
        for row in &mut self.not_sent {
            secret.scrub(&mut row.reason);
        }
    }
}

/// A row's `index` and `line`, the first members of its object.
fn write_row(out: &mut Writer, row: RowRef) {
    out.number("\"index\":", row.index as u64);
    if let Some(line) = row.line {
        out.number(",\"line\":", u64::from(line));
    }
}

fn write_failed(out: &mut Writer, row: &FailedRow) {
    write_row(out, row.row);
    out.text(",\"code\":", &row.code);
    out.text(",\"error\":", &row.error);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::IssueCode;

    #[test]
    fn json_text_is_what_serde_json_writes() {
        let row = |index, line| RowRef { index, line };
        let mut issue = ValidationIssue::new("row 3: email", IssueCode::InvalidEmail, "\"a\\b\u{1}\" is not valid.");
        issue.line = Some(3);
        let warning = ValidationIssue::new("[0].btcWallet", IssueCode::ChecksumMismatch, "Checksum ✓.")
            .with_fix(Some("x".into()));
        let fix = Fix {
            index: 4,
            line: Some(9),
            path: "country".into(),
            from: "United Kingdom".into(),
            to: "GB".into(),
            code: IssueCode::InvalidCountry,
        };
        let failed =
            |index| FailedRow { row: row(index, None), code: "email_already_exists".into(), error: "Taken\n".into() };
        let report = ImportReport {
            total: 12,
            created: vec![ImportedRow { row: row(0, Some(2)), user_id: Some("u-1".into()) }],
            updated: vec![
                ImportedRow { row: row(1, None), user_id: None },
                ImportedRow { row: row(2, None), user_id: None },
            ],
            failed: vec![failed(3)],
            rejected: vec![RejectedRow { row: row(5, Some(7)), issues: vec![issue, warning] }],
            not_sent: vec![
                NotSentRow {
                    row: row(6, None),
                    reason: "Aborted.".into(),
                    maybe_sent: true,
                    retry_after: Some(u64::MAX),
                },
                NotSentRow { row: row(7, Some(u32::MAX)), reason: String::new(), maybe_sent: false, retry_after: None },
            ],
            ambiguous: vec![failed(8)],
            remaining: vec![6, 7, 10],
            aborted: true,
            split_requests: 3,
            fixes: vec![fix.clone(), Fix { line: None, ..fix }],
        };
        assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
        let empty = ImportReport {
            total: 0,
            created: vec![],
            updated: vec![],
            failed: vec![],
            rejected: vec![],
            not_sent: vec![],
            ambiguous: vec![],
            remaining: vec![],
            aborted: false,
            split_requests: 0,
            fixes: vec![],
        };
        assert_eq!(empty.to_json(), serde_json::to_string(&empty).unwrap());
    }
}
