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
mod fix_row;
mod options;
mod reader;
mod record_user;
mod row;
mod shared;
pub mod tape;
mod users;

use std::ops::Range;

pub use options::{ColumnChoice, CsvOptions, DELIMITERS};
pub use users::{file_issues, parse_users_csv, parse_users_csv_with, relabel_csv_issue, shifted_row, ParsedCsv};
#[cfg(test)]
mod tests;

use crate::text::{cat, dec, owned};
use crate::validate::{Fix, RowValidator};
use columns::Columns;
use reader::{Patch, Reader, Record};

/// One data row of the CSV: where its user object lies in [`CsvUsers::body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// 1-based line number in the file where the record starts (a quoted field may span lines).
    pub line: u32,
    pub span: Range<usize>,
    /// Why the row cannot be trusted as written (more or fewer cells than the header, a NUL
    /// byte): it is refused.
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
    /// With `fix`: each value a mechanical fix changed, already changed in `body`.
    pub fixes: Vec<Fix>,
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

/// Reads the users of a CSV file whose first non-blank record is the header. With `options.fix`,
/// each row's mechanical fixes are applied before it is written (the import validates it again).
#[cfg_attr(size_opt, optimize(size))]
pub fn read_users_csv(text: &str, options: &CsvOptions) -> CsvUsers {
    let mut users = CsvUsers {
        body: owned("[]"),
        rows: Vec::new(),
        unknown_columns: Vec::new(),
        problems: Vec::new(),
        fixes: Vec::new(),
    };
    let mut body = String::new();
    // A `&str` prefix: a compare, where a `char` one brings its own function.
    let text = text.strip_prefix("\u{FEFF}").unwrap_or(text);
    // Only to find the fixes: repeats are the import's to find, over the rows as sent.
    let mut checker = RowValidator::default();
    let mut patch = Patch::default();
    let (problems, unknown) = (&mut users.problems, &mut users.unknown_columns);
    let found_header = read_rows(text, options, problems, unknown, &mut |columns, record, problem| {
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
        let index = users.rows.len();
        let fixed = if options.fix && problem.is_none() {
            let issues = match checker.check_alone(index, record_user::user(columns, record)) {
                Ok((issues, _)) | Err(issues) => issues,
            };
            fix_row::fix_record(columns, record, index, &issues, &mut patch)
        } else {
            None
        };
        match fixed {
            Some((fixed, fixes)) => {
                row::write_user(columns, &fixed, &mut body);
                users.fixes.extend(fixes);
            }
            None => row::write_user(columns, record, &mut body),
        }
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
///
/// `each_row` is `dyn` so that it stays a function of its own: V8 runs a wasm function as baseline
/// code until it has run enough, and then only its next calls run optimized code. Inlined into this
/// loop, which runs once, the row's work would stay baseline code for the whole file.
pub(crate) fn read_rows<'t>(
    text: &'t str,
    options: &CsvOptions,
    problems: &mut Vec<CsvProblem>,
    unknown: &mut Vec<UnknownColumn>,
    each_row: &mut dyn FnMut(&Columns, &Record<'t, '_>, Option<String>),
) -> bool {
    let declared = separator_line(text);
    let delimiter = options.delimiter.or(declared).unwrap_or_else(|| detect_delimiter(text));
    let mut reader = Reader::new(text, delimiter);
    if declared.is_some() {
        reader.next_record();
    }
    let Some(header) = reader.next_record() else {
        problems.push(CsvProblem { line: 1, message: owned("The CSV file has no header row.") });
        return false;
    };
    let header_line = header.line;
    let unterminated = header.unterminated_quote;
    let mut columns = Columns::from_header(&header, options);
    let header_problems = std::mem::take(&mut columns.problems);
    for message in header_problems {
        problems.push(CsvProblem { line: header_line, message });
    }
    // A file saved as UTF-16 reads as text with a NUL after every ASCII letter.
    let has_nul = holds_nul(text.as_bytes());
    if has_nul && text.as_bytes()[header.span.clone()].contains(&0) {
        let message = "The header contains NUL bytes: the file is probably saved as UTF-16 or is not text. Save it as \
                       CSV UTF-8; nothing of the file is imported until then.";
        problems.push(CsvProblem { line: header_line, message: owned(message) });
    } else if columns.entries.is_empty() && unterminated.is_none() {
        problems.push(CsvProblem { line: header_line, message: no_field_message(&header, delimiter) });
    }
    *unknown = std::mem::take(&mut columns.unknown);
    if let Some(line) = unterminated {
        problems.push(unterminated_problem(line));
    }
    while let Some(record) = reader.next_record() {
        // Spreadsheets export empty rows as ",,,,": as blank as a blank line.
        if !(0..record.len()).any(|i| record.filled(i)) {
            continue;
        }
        let problem = row_problem(&columns, &record, delimiter, has_nul);
        if let Some(line) = record.unterminated_quote {
            problems.push(unterminated_problem(line));
        }
        each_row(&columns, &record, problem);
    }
    true
}

/// `bytes.contains(&0)`, 16 bytes a step: core's `memchr` takes 8 on wasm32, and this reads
/// every byte of every file (2 % of `parseUsersCsv`).
fn holds_nul(bytes: &[u8]) -> bool {
    let word = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or_default());
    let mut pairs = bytes.chunks_exact(16);
    for pair in pairs.by_ref() {
        if reader::zero_bytes(word(&pair[..8])) | reader::zero_bytes(word(&pair[8..])) != 0 {
            return true;
        }
    }
    pairs.remainder().contains(&0)
}

/// Why a row's cells cannot be trusted, if they cannot: a NUL byte, or another number of cells
/// than the header has (trailing empty cells aside, which exports add and which carry nothing).
fn row_problem(columns: &Columns, record: &Record, delimiter: u8, has_nul: bool) -> Option<String> {
    let cells = record.len();
    let name = delimiter_name(delimiter);
    if (columns.width..cells).any(|i| record.filled(i)) {
        return Some(cells_problem(
            cells,
            columns.width,
            &[": a cell with a ", name, " must be quoted. The row is not imported."],
        ));
    }
    // Fewer cells: the row ended early, so its cells may belong to other columns.
    if cells < columns.width {
        return Some(cells_problem(
            cells,
            columns.width,
            &[
                ": a line break in an unquoted cell, or a missing ",
                name,
                ", moves the cells after it. The row is not imported.",
            ],
        ));
    }
    // Bytes, here and for the header: a `char` pattern brings core's substring searcher.
    (has_nul && record.input().as_bytes()[record.span.clone()].contains(&0)).then(|| {
        owned("This row contains a NUL byte, which no field takes: the file may be damaged. The row is not imported.")
    })
}

/// `comma`, `semicolon`, `tab`, `"|"`: for messages.
/// "This row has N cells but the header has M" and the rest: out of the loop over rows.
#[cold]
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn cells_problem(cells: usize, width: usize, rest: &[&str]) -> String {
    let mut message = cat(&["This row has ", &dec(cells as u64), " cells but the header has ", &dec(width as u64)]);
    for piece in rest {
        message.push_str(piece);
    }
    message
}

fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "\"|\"",
        _ => "comma",
    }
}

/// The delimiter Excel's first line `sep=;` (or `sep=,`, a tab, `|`) declares: a hint to Excel,
/// not a header.
fn separator_line(text: &str) -> Option<u8> {
    // By bytes: a `char` pattern brings its searcher.
    let line = &text[..text.bytes().position(|b| b == b'\r' || b == b'\n').unwrap_or(text.len())];
    let (sep, delimiter) = (line.get(..4)?, line.as_bytes().get(4..)?);
    (sep.eq_ignore_ascii_case("sep=") && delimiter.len() == 1 && DELIMITERS.contains(&delimiter[0]))
        .then(|| delimiter[0])
}

/// The delimiter of the header line: of `,` `;` tab and `|`, the one found most often outside
/// quotes (a comma when none is, or on a tie).
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    let start = text.bytes().position(|b| b != b'\r' && b != b'\n').unwrap_or(text.len());
    for &b in &text.as_bytes()[start..] {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(at) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[at] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (1..DELIMITERS.len()).fold(0, |best, at| if counts[at] > counts[best] { at } else { best });
    DELIMITERS[best]
}

/// Why a header that names no field is refused, with a hint when another delimiter is likely.
fn no_field_message(header: &Record, delimiter: u8) -> String {
    let message =
        "No column of the header names a user field (such as email or firstName), so no row carries any data.";
    let first = header.get(0);
    let other = DELIMITERS.into_iter().find(|&d| d != delimiter && header.len() == 1 && first.as_bytes().contains(&d));
    match other {
        Some(other) => cat(&[
            message,
            " The columns seem separated by a ",
            delimiter_name(other),
            ", not a ",
            delimiter_name(delimiter),
            ": leave options.delimiter out to detect it.",
        ]),
        None => owned(message),
    }
}

fn unterminated_problem(line: u32) -> CsvProblem {
    let message = "A quoted cell that starts on this line is never closed, so the rest of the file was read as its \
                   text. Close the quote; nothing of the file is imported until then.";
    CsvProblem { line, message: owned(message) }
}
