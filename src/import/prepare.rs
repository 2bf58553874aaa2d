//! From the caller's input to rows to send: the input as one JSON array text split into rows,
//! then each row validated in order (repeats checked across the whole input, not one batch),
//! so a driver can send the first batches while later rows are still being checked. A CSV file
//! is read whole before anything is sent, so its rows are checked as it is read.

use std::ops::Range;
use std::rc::Rc;

use super::answer::KeySpans;
use super::engine::ReadyRow;
use super::report::{RejectedRow, RowRef};
use crate::csv::{file_issues, read_users_csv, relabel_csv_issue, shifted_row, CsvOptions};
use crate::json;
use crate::validate::custom_fields::{CustomFields, Uniques};
use crate::validate::report::Path;
use crate::validate::{self, Body, Fix, IssueCode, RowValidator, ValidationIssue};

/// The input, split into rows but not yet validated.
#[derive(Debug, Default)]
pub struct Input {
    /// All rows as one JSON array; rows are spans of it, so nothing is copied per row.
    pub text: Rc<String>,
    pub spans: Vec<Range<usize>>,
    /// Each row's line in the file (CSV input only).
    pub lines: Option<Vec<u32>>,
    /// Problems of the file as a whole (CSV: bad quoting, unknown columns).
    pub file_issues: Vec<ValidationIssue>,
    /// Each row's issues and keys when every row was checked as the input was read (CSV).
    pub checked: Option<Vec<(Vec<ValidationIssue>, KeySpans)>>,
    /// The mechanical fixes applied to the rows (`fix: true`), for the report.
    pub fixes: Vec<Fix>,
    /// Each row's custom-field issues, by row ([`Input::check_custom_fields`]); empty without them.
    pub custom_issues: Vec<Vec<ValidationIssue>>,
}

impl Input {
    /// A JSON array of users (the text of `JSON.stringify(users)`). `Err` holds the issues when
    /// the input as a whole is not an array of users.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn from_json(text: String) -> Result<Input, Vec<ValidationIssue>> {
        // Rows are skipped, not read, so one with an unpaired surrogate escape splits like any
        // other, to be refused on its own when it is checked.
        if let Some(spans) = json::Reader::array_items(&text) {
            return Ok(Input { text: Rc::new(text), spans, ..Input::default() });
        }
        let issues: Vec<ValidationIssue> =
            validate::validate_json(Body::BulkUsers, &text).issues.into_iter().filter(|i| i.path.is_empty()).collect();
        let not_json = ValidationIssue::new("", IssueCode::NotSerializable, "The input is not a JSON array of users.");
        Err(if issues.is_empty() { vec![not_json] } else { issues })
    }

    /// A CSV export of users: rows with their lines, and unknown columns. `Err` holds the issues
    /// when the file as a whole cannot be read as users (no header, a quote never closed, …).
    pub fn from_csv(text: &str) -> Result<Input, Vec<ValidationIssue>> {
        Input::from_csv_with(text, &CsvOptions::default())
    }

    /// A CSV export of users read as `options` say (columns, delimiter, fixes).
    #[cfg_attr(size_opt, optimize(size))]
    pub fn from_csv_with(text: &str, options: &CsvOptions) -> Result<Input, Vec<ValidationIssue>> {
        let users = read_users_csv(text, options);
        if !users.problems.is_empty() {
            return Err(file_issues(users.problems, users.unknown_columns));
        }
        // Every row is at hand, so rows are checked now, and repeats across the file found once
        // at the end, which is several times cheaper than a table consulted row by row.
        let mut validator = RowValidator::deferred(users.rows.len());
        let mut checked: Vec<(Vec<ValidationIssue>, KeySpans)> = (0..users.rows.len())
            .map(|index| match &users.rows[index].problem {
                Some(problem) => (vec![shifted_row(index, problem.clone())], KeySpans::default()),
                None => {
                    let (issues, unique) = validator.check(index, users.json(index));
                    (issues, KeySpans::of(&unique, &users.body))
                }
            })
            .collect();
        for (row, issue) in validator.finish() {
            if let Some((issues, _)) = checked.get_mut(row) {
                issues.push(issue);
            }
        }
        let file_issues = file_issues(users.problems, users.unknown_columns);
        // The reader wrote the rows, so their spans are known: no second parse to split them.
        let (spans, lines) = users.rows.into_iter().map(|row| (row.span, row.line)).unzip();
        let fixes = users.fixes;
        Ok(Input {
            text: Rc::new(users.body),
            spans,
            lines: Some(lines),
            file_issues,
            checked: Some(checked),
            fixes,
            custom_issues: Vec::new(),
        })
    }

    /// Holds every row to the environment's custom fields now, repeats of unique values across the
    /// whole input included; a row's issues join its own when it is checked. A field that cannot
    /// be checked is a problem of the input as a whole.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn check_custom_fields(&mut self, custom: &CustomFields) {
        self.file_issues.extend(custom.warnings(None));
        if custom.is_empty() {
            return;
        }
        let mut issues: Vec<Vec<ValidationIssue>> = vec![Vec::new(); self.len()];
        let mut uniques = Uniques::default();
        let root = Path::Root;
        for (index, row) in issues.iter_mut().enumerate() {
            // A row that is not JSON was refused by the other rules.
            if let Ok(user) = json::parse(self.row(index)) {
                custom.check_user(&user, &root.index(index), row);
                uniques.check(custom, index, &user, row);
            }
        }
        match &mut self.checked {
            // By a loop of `append`: `extend` inlined here brought the allocator's free with it.
            Some(checked) => {
                for ((row, _), mut custom) in checked.iter_mut().zip(issues) {
                    row.append(&mut custom);
                }
            }
            None => self.custom_issues = issues,
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Where row `index` is in the caller's input.
    pub fn row_ref(&self, index: usize) -> RowRef {
        RowRef { index, line: self.lines.as_ref().and_then(|l| l.get(index).copied()) }
    }

    /// The row's JSON text.
    pub fn row(&self, index: usize) -> &str {
        self.spans.get(index).map_or("", |span| &self.text[span.clone()])
    }

    /// An issue's path and message in the caller's terms (`"row 13: email"` for CSV).
    fn relabel(&self, issue: ValidationIssue, row: RowRef) -> ValidationIssue {
        match &self.lines {
            Some(lines) => relabel_csv_issue(issue, row, lines),
            None => issue,
        }
    }
}

/// The JSON array of the rows of `text` at `spans`, in that order.
pub fn json_array<'s>(text: &str, spans: impl Iterator<Item = &'s Range<usize>> + Clone) -> String {
    let mut array = String::with_capacity(spans.clone().map(|span| span.len() + 1).sum::<usize>() + 2);
    array.push('[');
    for (i, span) in spans.enumerate() {
        if i > 0 {
            array.push(',');
        }
        array.push_str(&text[span.clone()]);
    }
    array.push(']');
    array
}

/// One validated row.
pub enum Checked {
    /// To send, with its warnings (a failed checksum, say).
    Ready(ReadyRow, Vec<ValidationIssue>),
    /// Refused: never sent.
    Rejected(RejectedRow),
}

/// Validates the rows of an [`Input`] in order, one at a time. It takes the input's issues found
/// as it was read ([`Input::checked`], [`Input::custom_issues`]), each row's moved out as the row
/// is checked: not cloned, and no clone of an issue list in the module.
pub struct RowChecker<'a> {
    input: &'a Input,
    checked: Option<Vec<(Vec<ValidationIssue>, KeySpans)>>,
    custom_issues: Vec<Vec<ValidationIssue>>,
    validator: RowValidator<'a>,
    next: usize,
    /// Every row goes as it is (`skipValidation`); only a CSV row that could not be read is refused.
    unchecked: bool,
}

impl<'a> RowChecker<'a> {
    pub fn new(input: &'a mut Input) -> RowChecker<'a> {
        // Rows already checked as they were read need no table of their own.
        let rows = if input.checked.is_some() { 0 } else { input.len() };
        RowChecker::taking(input, rows, false)
    }

    /// Lets every row through unvalidated, for the API to judge (`skipValidation`): rows it
    /// refuses end in `failed`. A CSV row that could not be read into a user is still refused.
    pub fn unchecked(input: &'a mut Input) -> RowChecker<'a> {
        RowChecker::taking(input, 0, true)
    }

    fn taking(input: &'a mut Input, rows: usize, unchecked: bool) -> RowChecker<'a> {
        let (checked, custom_issues) = (input.checked.take(), std::mem::take(&mut input.custom_issues));
        RowChecker { input, checked, custom_issues, validator: RowValidator::with_capacity(rows), next: 0, unchecked }
    }

    /// True when every row has been checked.
    pub fn is_done(&self) -> bool {
        self.next >= self.input.len()
    }
}

impl Iterator for RowChecker<'_> {
    type Item = Checked;

    fn next(&mut self) -> Option<Checked> {
        let index = self.next;
        let span = self.input.spans.get(index)?.clone();
        self.next += 1;
        let row = self.input.row_ref(index);
        let taken = self.checked.as_mut().and_then(|checked| checked.get_mut(index)).map(std::mem::take);
        let (issues, keys) = match taken {
            // Keys are then read from the row's text when an answer needs them.
            _ if self.unchecked => {
                let mut unreadable = taken.map(|(issues, _)| issues).unwrap_or_default();
                unreadable.retain(|i| i.code == IssueCode::InvalidCsv);
                (unreadable, KeySpans::default())
            }
            Some(checked) => checked,
            None if self.checked.is_some() => Default::default(),
            None => {
                let (mut issues, unique) = self.validator.check(index, &self.input.text[span.clone()]);
                issues.extend(self.custom_issues.get_mut(index).map(std::mem::take).unwrap_or_default());
                (issues, KeySpans::of(&unique, &self.input.text))
            }
        };
        let issues: Vec<ValidationIssue> = issues.into_iter().map(|i| self.input.relabel(i, row)).collect();
        Some(if issues.iter().any(ValidationIssue::is_error) {
            Checked::Rejected(RejectedRow { row, issues })
        } else {
            Checked::Ready(ReadyRow { row, span, keys }, issues)
        })
    }
}

/// An input validated all at once (for `parseUsersCsv`, and tests).
#[derive(Debug, Default)]
pub struct Prepared {
    pub input: Input,
    pub ready: Vec<ReadyRow>,
    pub rejected: Vec<RejectedRow>,
    /// Warnings of rows that are still sent.
    pub warnings: Vec<ValidationIssue>,
}

/// Validates every row of `input`.
pub fn prepare(input: Input) -> Prepared {
    let (mut ready, mut rejected, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    let mut input = input;
    for checked in RowChecker::new(&mut input) {
        match checked {
            Checked::Ready(row, row_warnings) => {
                ready.push(row);
                warnings.extend(row_warnings);
            }
            Checked::Rejected(row) => rejected.push(row),
        }
    }
    Prepared { input, ready, rejected, warnings }
}

/// Splits and validates a JSON array of users.
pub fn prepare_array(text: String) -> Result<Prepared, Vec<ValidationIssue>> {
    Input::from_json(text).map(prepare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_validates_and_keeps_rows_as_sent() {
        let text = r#"[{"email":"A@x.io","username":"Ann"},{"email":"bad"},{"email":"a@x.io"},{"firstName":"No key","btcWallet":"3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6"}]"#;
        let prepared = prepare_array(text.into()).unwrap();
        assert_eq!(prepared.input.len(), 4);
        let ready: Vec<usize> = prepared.ready.iter().map(|r| r.row.index).collect();
        assert_eq!(ready, [0, 3], "row 3 has only a checksum warning");
        assert_eq!(prepared.input.row(0), r#"{"email":"A@x.io","username":"Ann"}"#);
        assert_eq!(prepared.warnings[0].path, "[3].btcWallet");
        let rejected: Vec<(usize, IssueCode)> =
            prepared.rejected.iter().map(|r| (r.row.index, r.issues[0].code)).collect();
        assert_eq!(rejected, [(1, IssueCode::InvalidEmail), (2, IssueCode::DuplicateEmail)]);
        assert_eq!(prepared.rejected[1].issues[0].path, "[2].email");
    }

    #[test]
    fn whole_input_problems_are_errors_and_empty_is_empty() {
        assert_eq!(prepare_array("{}".into()).unwrap_err()[0].code, IssueCode::InvalidType);
        assert_eq!(prepare_array("[1,".into()).unwrap_err()[0].code, IssueCode::NotSerializable);
        let empty = prepare_array("[]".into()).unwrap();
        assert_eq!((empty.input.len(), empty.ready.len(), empty.rejected.len()), (0, 0, 0));
    }

    #[test]
    fn unpaired_surrogates_refuse_only_their_row() {
        let prepared = prepare_array(r#"[{"firstName":"\ud800","email":"x@y.io"},{"email":"x@y.io"}]"#.into()).unwrap();
        assert_eq!(prepared.rejected.len(), 1);
        assert_eq!(
            (prepared.rejected[0].issues[0].path.as_str(), prepared.rejected[0].issues[0].code),
            ("[0].firstName", IssueCode::InvalidUnicode)
        );
        assert_eq!(prepared.ready[0].row.index, 1, "a refused row claims no email");
    }

    #[test]
    fn unchecked_rows_all_go_for_the_api_to_judge() {
        let mut input =
            Input::from_json(r#"[{"username":"jo"},{"email":"a@x.io"},{"email":"A@x.io"},42]"#.into()).unwrap();
        let ready: Vec<usize> = RowChecker::unchecked(&mut input)
            .map(|checked| match checked {
                Checked::Ready(row, issues) => {
                    assert!(issues.is_empty());
                    row.row.index
                }
                Checked::Rejected(row) => panic!("row {} refused", row.row.index),
            })
            .collect();
        assert_eq!(ready, [0, 1, 2, 3]);
        // A CSV row that could not be read into a user is still refused; one that breaks a rule is not.
        let mut input = Input::from_csv(
            "email,username
a@x.io,jo
b@x.io,bob,extra
",
        )
        .unwrap();
        let rejected: Vec<(usize, IssueCode)> = RowChecker::unchecked(&mut input)
            .filter_map(|checked| match checked {
                Checked::Rejected(row) => Some((row.row.index, row.issues[0].code)),
                Checked::Ready(..) => None,
            })
            .collect();
        assert_eq!(rejected, [(1, IssueCode::InvalidCsv)]);
    }

    #[test]
    fn rows_check_one_at_a_time_in_order() {
        let mut input =
            Input::from_json(r#"[{"email":"a@x.io"},{"email":"A@x.io"},{"email":"b@x.io"}]"#.into()).unwrap();
        let mut checker = RowChecker::new(&mut input);
        assert!(matches!(checker.next(), Some(Checked::Ready(..))));
        assert!(!checker.is_done());
        assert!(matches!(checker.next(), Some(Checked::Rejected(..))));
        assert!(matches!(checker.next(), Some(Checked::Ready(..))));
        assert!(checker.is_done() && checker.next().is_none());
    }
}
