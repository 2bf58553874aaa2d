//! CSV text → user objects; nothing here but `users.rs` judges values.
//!
//! The header maps columns to fields by name, ignoring case and separators (`First Name`,
//! `first_name` and `firstName` are the same column); `metadata.<key>` columns build the
//! `metadata` object and the `wallet*` columns one wallet, with empty cells left out. A row
//! becomes one of three things, each the same user:
//! - JSON text (`row.rs`), which `importUsers` validates and sends;
//! - a serde view of the record (`record_user.rs`), which `parseUsersCsv` validates with the same
//!   seeds as JSON, with no text written or read in between;
//! - ops on a tape (`tape.rs`), from which `parseUsersCsv`'s JavaScript side builds the objects.
//!
//! The tokenizer is hand-written (`reader.rs`): in a wasm32 release build that already formats
//! text, it added 0.6 KB where csv-core added 2.1 KB, and it can tell when a quote is never closed.

mod columns;
mod reader;
mod record_user;
mod row;
pub mod tape;
mod users;

use std::ops::Range;

pub use users::{file_issues, parse_users_csv, relabel_csv_issue, shifted_row, ParsedCsv};
#[cfg(test)]
mod tests;

use columns::Columns;
use reader::{Reader, Record};

/// One data row of the CSV: where its user object lies in [`CsvUsers::body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// 1-based line number in the file where the record starts (a quoted field may span lines).
    pub line: u32,
    pub span: Range<usize>,
    /// Why the row cannot be trusted as written (more cells than the header): it is refused.
    pub problem: Option<String>,
}

/// A column the header names that maps to no field: reported once by the caller (with a hint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownColumn {
    /// 0-based.
    pub column: usize,
    /// The header cell as written.
    pub name: String,
    /// For a column that names a field another column fills: that column's name, and the field.
    pub filled_by: Option<(String, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvUsers {
    /// Every row's user object in one JSON array, e.g.
    /// `[{"email":"a@b.co","firstName":"Ann","metadata":{"plan":"pro"}}]`: what `importUsers` sends
    /// and `parseUsersCsv` returns are spans of it, so no row is copied on its own.
    pub body: String,
    pub rows: Vec<CsvRow>,
    pub unknown_columns: Vec<UnknownColumn>,
    /// Problems with the file itself, each one plain sentence with its line: no header, a header
    /// that names no field, the same field named by two columns, a quote never closed. A file with
    /// any of them is not imported at all: which cell is which can no longer be trusted.
    pub problems: Vec<CsvProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: u32,
    pub message: String,
}

impl CsvUsers {
    /// The JSON text of row `index`'s user object.
    pub fn json(&self, index: usize) -> &str {
        self.rows.get(index).map_or("", |row| &self.body[row.span.clone()])
    }
}

/// Reads the users of a CSV file whose first non-blank record is the header.
pub fn read_users_csv(text: &str) -> CsvUsers {
    let mut users =
        CsvUsers { body: String::from("[]"), rows: Vec::new(), unknown_columns: Vec::new(), problems: Vec::new() };
    let mut body = String::new();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let found_header = read_rows(text, &mut users.problems, &mut users.unknown_columns, |columns, record, problem| {
        if body.is_empty() {
            // Room for all rows at once (cells, plus keys and punctuation for at most one row a
            // line), so tens of megabytes are not copied as they double. Capped by the text and
            // only tried: a wide header over near-empty lines overstates it, and a failed
            // allocation aborts a wasm instance.
            let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
            let estimate = text.len().saturating_add(lines.saturating_mul(columns.row_overhead()));
            let _ = body.try_reserve(estimate.min(text.len().saturating_mul(4)));
            body.push('[');
        } else {
            body.push(',');
        }
        let start = body.len();
        row::write_user(columns, record, &mut body);
        users.rows.push(CsvRow { line: record.line, span: start..body.len(), problem });
    });
    if found_header && !body.is_empty() {
        body.push(']');
        users.body = body;
    }
    users
}

/// Reads the header, then hands `each_row` every data record that is not blank, with the columns
/// the header names and the record's own problem, if any. Problems of the file as a whole go to
/// `problems`, unknown columns to `unknown`. False when there is no header.
pub(crate) fn read_rows<'t>(
    text: &'t str,
    problems: &mut Vec<CsvProblem>,
    unknown: &mut Vec<UnknownColumn>,
    mut each_row: impl FnMut(&Columns, &Record<'t, '_>, Option<String>),
) -> bool {
    let mut reader = Reader::new(text);
    if starts_with_separator_line(text) {
        reader.next_record();
    }
    let Some(header) = reader.next_record() else {
        problems.push(CsvProblem { line: 1, message: "The CSV file has no header row.".into() });
        return false;
    };
    let header_line = header.line;
    let unterminated = header.unterminated_quote;
    let mut columns = Columns::from_header(&header);
    let header_problems = std::mem::take(&mut columns.problems);
    problems.extend(header_problems.into_iter().map(|message| CsvProblem { line: header_line, message }));
    if columns.entries.is_empty() && unterminated.is_none() {
        problems.push(CsvProblem { line: header_line, message: no_field_message(&header) });
    }
    *unknown = std::mem::take(&mut columns.unknown);
    if let Some(line) = unterminated {
        problems.push(unterminated_problem(line));
    }
    while let Some(record) = reader.next_record() {
        // Spreadsheets export empty rows as ",,,,": as blank as a blank line.
        if (0..record.len()).all(|i| record.get(i).is_empty()) {
            continue;
        }
        // Trailing empty cells past the header are common in exports and carry nothing; other
        // extra cells mostly come from a comma in an unquoted cell, which shifts the cells after it.
        let problem = (columns.width..record.len()).any(|i| !record.get(i).is_empty()).then(|| {
            format!(
                "This row has {} cells but the header has {}: a cell with a comma must be quoted. The row is not imported.",
                record.len(),
                columns.width
            )
        });
        if let Some(line) = record.unterminated_quote {
            problems.push(unterminated_problem(line));
        }
        each_row(&columns, &record, problem);
    }
    true
}

/// True when the first line is Excel's `sep=,` (or another separator): a hint to Excel, not a header.
fn starts_with_separator_line(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.split(['\r', '\n']).next().unwrap_or_default();
    line.len() == 5 && line.get(..4).is_some_and(|sep| sep.eq_ignore_ascii_case("sep="))
}

/// Why a header that names no field is refused, with a hint when another separator is likely.
fn no_field_message(header: &Record) -> String {
    let message =
        "No column of the header names a user field (such as email or firstName), so no row carries any data.";
    let first = header.get(0);
    match [';', '\t', '|'].into_iter().find(|&separator| header.len() == 1 && first.contains(separator)) {
        Some(separator) => {
            let name = if separator == '\t' { "tabs".to_owned() } else { format!("\"{separator}\"") };
            format!("{message} The columns seem separated by {name}: export the file with commas.")
        }
        None => message.into(),
    }
}

fn unterminated_problem(line: u32) -> CsvProblem {
    let message = "A quoted cell that starts on this line is never closed, so the rest of the file was read as its \
                   text. Close the quote; nothing of the file is imported until then.";
    CsvProblem { line, message: message.into() }
}
