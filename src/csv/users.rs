//! CSV text → validated users: what `parseUsersCsv` returns and what `importUsers` sends for CSV.

use super::CsvUsers;
use crate::import::report::RowRef;
use crate::import::{prepare, Input, Prepared};
use crate::validate::{did_you_mean_field, IssueCode, ValidationIssue};

/// The users of a CSV file, validated.
#[derive(Debug, Default)]
pub struct ParsedCsv {
    /// Rows to send (those without errors) and rows refused, each with its line.
    pub prepared: Prepared,
    /// File problems, unknown columns, each refused row's issues and each kept row's warnings,
    /// paths like `"row 13: email"`.
    pub issues: Vec<ValidationIssue>,
}

/// Reads and validates a CSV export of users.
pub fn parse_users_csv(text: &str) -> ParsedCsv {
    let mut prepared = prepare(Input::from_csv(text));
    let mut issues = std::mem::take(&mut prepared.input.file_issues);
    issues.extend(prepared.rejected.iter().flat_map(|r| r.issues.iter().cloned()));
    issues.extend(prepared.warnings.iter().cloned());
    ParsedCsv { prepared, issues }
}

/// The file's own problems (bad quoting, unknown columns) as issues, paths like `"row 3"` and
/// `"column 2"`.
pub fn file_issues(users: &mut CsvUsers) -> Vec<ValidationIssue> {
    let mut issues: Vec<ValidationIssue> = std::mem::take(&mut users.problems)
        .into_iter()
        .map(|p| ValidationIssue::new(format!("row {}", p.line), IssueCode::InvalidCsv, p.message))
        .collect();
    for column in std::mem::take(&mut users.unknown_columns) {
        let hint = match did_you_mean_field(&column.name) {
            Some(field) => format!(" (did you mean \"{field}\"?)"),
            None => String::new(),
        };
        let message = format!("Column \"{}\" is not a user field{hint}; its cells are ignored.", column.name);
        issues.push(ValidationIssue::new(format!("column {}", column.column + 1), IssueCode::UnknownColumn, message));
    }
    issues
}

/// `"[12].email"` → `"row 14: email"` (the row's line in the file); a repeat names the earlier
/// row by its line too.
pub fn relabel_csv_issue(mut issue: ValidationIssue, row: RowRef, lines: &[u32]) -> ValidationIssue {
    let line = row.line.unwrap_or(0);
    let rest = issue.path.split_once(']').map_or("", |(_, rest)| rest.trim_start_matches('.'));
    issue.path = if rest.is_empty() { format!("row {line}") } else { format!("row {line}: {rest}") };
    if let Some((before, after)) = issue.message.split_once("The user at index ") {
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if let Some(earlier) = digits.parse::<usize>().ok().and_then(|i| lines.get(i)) {
            issue.message = format!("{before}The user on row {earlier}{}", &after[digits.len()..]);
        }
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(parsed: &ParsedCsv) -> Vec<(&str, IssueCode)> {
        parsed.issues.iter().map(|i| (i.path.as_str(), i.code)).collect()
    }

    #[test]
    fn rows_with_errors_are_left_out_with_line_numbered_issues() {
        let text = "Email,First Name,frist_name,Policies Consent\n\
                    ada@example.com,Ada,x,yes\n\
                    \n\
                    not-an-email,Bob,,no\n\
                    ADA@example.com,\"Ada\nagain\",,maybe\n\
                    grace@example.com,Grace,,1\n";
        let parsed = parse_users_csv(text);
        let kept: Vec<(usize, Option<u32>)> = parsed.prepared.ready.iter().map(|r| (r.row.index, r.row.line)).collect();
        assert_eq!(kept, [(0, Some(2)), (3, Some(7))]);
        assert_eq!(
            parsed.prepared.input.row(0),
            r#"{"email":"ada@example.com","firstName":"Ada","policiesConsent":true}"#
        );
        assert_eq!(
            paths(&parsed),
            [
                ("column 3", IssueCode::UnknownColumn),
                ("row 4: email", IssueCode::InvalidEmail),
                ("row 5: policiesConsent", IssueCode::InvalidType),
                ("row 5: email", IssueCode::DuplicateEmail),
            ]
        );
        assert_eq!(
            parsed.issues[0].message,
            "Column \"frist_name\" is not a user field (did you mean \"firstName\"?); its cells are ignored."
        );
        assert!(
            parsed.issues[3].message.starts_with("The user on row 2 has the same email"),
            "{}",
            parsed.issues[3].message
        );
        assert_eq!(parsed.prepared.input.len(), 4);
    }

    #[test]
    fn warnings_keep_their_row_and_file_problems_are_issues() {
        let parsed = parse_users_csv("email,btcWallet\na@b.co,3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6,extra\n");
        assert_eq!(parsed.prepared.ready.len(), 1);
        assert_eq!(
            paths(&parsed),
            [("row 2", IssueCode::InvalidCsv), ("row 2: btcWallet", IssueCode::ChecksumMismatch)]
        );
        let empty = parse_users_csv("");
        assert_eq!(paths(&empty), [("row 1", IssueCode::InvalidCsv)]);
        assert_eq!(empty.prepared.input.len(), 0);
    }
}
