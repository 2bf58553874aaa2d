//! From the caller's input to rows ready to send: every row validated (with repeats across the
//! whole input, not just one batch), refused rows set aside with their issues.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::engine::ReadyRow;
use super::report::{RejectedRow, RowRef};
use crate::json;
use crate::validate::{self, Body, IssueCode, ValidationIssue};

/// The input split into rows to send and rows refused.
#[derive(Debug, Default)]
pub struct Prepared {
    pub total: usize,
    /// The input as one JSON array; ready rows are spans of it.
    pub text: String,
    pub ready: Vec<ReadyRow>,
    pub rejected: Vec<RejectedRow>,
    /// Warnings of rows that are still sent (a failed checksum, say).
    pub warnings: Vec<ValidationIssue>,
}

/// Prepares a JSON array of users (the text of `JSON.stringify(users)`). `Err` holds the issues
/// when the input as a whole is not an array of users.
pub fn prepare_array(text: String) -> Result<Prepared, Vec<ValidationIssue>> {
    prepare(text, &|index| RowRef { index, line: None }, &|issue, _| issue)
}

/// Prepares rows given as one JSON array text, with `row_ref` placing each row in the caller's
/// input and `relabel` rewriting each issue's path for it.
pub fn prepare(
    text: String,
    row_ref: &dyn Fn(usize) -> RowRef,
    relabel: &dyn Fn(ValidationIssue, RowRef) -> ValidationIssue,
) -> Result<Prepared, Vec<ValidationIssue>> {
    let report = validate::validate_json(Body::BulkUsers, &text);
    let mut by_row: BTreeMap<usize, Vec<ValidationIssue>> = BTreeMap::new();
    let mut whole = Vec::new();
    for issue in report.issues {
        match row_of(&issue.path) {
            Some(row) => by_row.entry(row).or_default().push(issue),
            None if issue.code == IssueCode::EmptyBulk => return Ok(Prepared::default()),
            None => whole.push(issue),
        }
    }
    if !whole.is_empty() {
        return Err(whole);
    }
    // Unpaired surrogates fail the split; those rows are refused anyway, and the others split
    // fine once marked, so keep the marked text.
    let broken = by_row.values().flatten().any(|i| i.code == IssueCode::InvalidUnicode);
    let text = if broken { json::replace_lone_surrogates(&text).unwrap_or(text) } else { text };
    let rows: Vec<&RawValue> = serde_json::from_str(&text).unwrap_or_default();
    let base = text.as_ptr() as usize;
    let mut prepared = Prepared { total: rows.len(), ..Prepared::default() };
    for (index, raw) in rows.into_iter().enumerate() {
        let row = row_ref(index);
        let issues = by_row.remove(&index).unwrap_or_default();
        if issues.iter().any(ValidationIssue::is_error) {
            let issues = issues.into_iter().map(|i| relabel(i, row)).collect();
            prepared.rejected.push(RejectedRow { row, issues });
            continue;
        }
        prepared.warnings.extend(issues.into_iter().map(|i| relabel(i, row)));
        // RawValue borrows from `text`, so its offset there is a pointer difference.
        let start = raw.get().as_ptr() as usize - base;
        prepared.ready.push(ReadyRow { row, span: start..start + raw.get().len() });
    }
    prepared.text = text;
    Ok(prepared)
}

/// Prepares CSV text: its rows, validated, each with its line.
pub fn prepare_csv(text: &str) -> Prepared {
    crate::csv::parse_users_csv(text).prepared
}

/// The row index of a bulk issue path: `"[12].email"` → 12.
fn row_of(path: &str) -> Option<usize> {
    path.strip_prefix('[')?.split(']').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_validates_and_keeps_rows_as_sent() {
        let text = r#"[{"email":"A@x.io","username":"Ann"},{"email":"bad"},{"email":"a@x.io"},{"firstName":"No key","btcWallet":"3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6"}]"#;
        let prepared = prepare_array(text.into()).unwrap();
        assert_eq!(prepared.total, 4);
        let ready: Vec<usize> = prepared.ready.iter().map(|r| r.row.index).collect();
        assert_eq!(ready, [0, 3], "row 3 has only a checksum warning");
        assert_eq!(&prepared.text[prepared.ready[0].span.clone()], r#"{"email":"A@x.io","username":"Ann"}"#);
        let rejected: Vec<(usize, IssueCode)> =
            prepared.rejected.iter().map(|r| (r.row.index, r.issues[0].code)).collect();
        assert_eq!(rejected, [(1, IssueCode::InvalidEmail), (2, IssueCode::DuplicateEmail)]);
    }

    #[test]
    fn whole_input_problems_are_errors_and_empty_is_empty() {
        assert_eq!(prepare_array("{}".into()).unwrap_err()[0].code, IssueCode::InvalidType);
        let empty = prepare_array("[]".into()).unwrap();
        assert_eq!((empty.total, empty.ready.len(), empty.rejected.len()), (0, 0, 0));
    }

    #[test]
    fn unpaired_surrogates_refuse_only_their_row() {
        let prepared = prepare_array(r#"[{"firstName":"\ud800"},{"email":"ok@x.io"}]"#.into()).unwrap();
        assert_eq!(prepared.rejected.len(), 1);
        assert_eq!(prepared.rejected[0].issues[0].code, IssueCode::InvalidUnicode);
        assert_eq!(prepared.ready[0].row.index, 1);
    }
}
