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
    use crate::import::{prepare, Input};

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

    /// Checking every row up front, repeats at the end, must agree with checking row by row.
    #[test]
    fn checking_up_front_agrees_with_checking_row_by_row() {
        const HEADER: &str = "Email,user_name,First Name,policiesConsent,btcWallet,metadata.plan,metadata.Plan,\
                              walletAddress,walletChain,walletName,walletProvider,id,country,emailVerifiedAt,Tshirt size";
        const CELLS: [&[&str]; 15] = [
            &["a@x.io", "A@X.IO", "b@x.io", "not an email", "\"q\"\"uote@x.io\"", "é@x.io"],
            &["ann", "Ann", "bob_1", "bad name", "\"ann\""],
            &["Ann", "\"Lee, Jr\"", "\"multi\nline\"", "x\\y"],
            &["yes", "no", "1", "0", "TRUE", "maybe"],
            &[
                "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5",
                "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                "zz",
            ],
            &["pro", "\"a \"\"b\"\"\""],
            &["team"],
            &["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "nope"],
            &["ETH", "EVM", "BTC", "XYZ"],
            &["MetaMask"],
            &["browserExtension", "fax"],
            &["95b11417-f18f-457f-8804-68e361f9164f", "95B11417-F18F-457F-8804-68E361F9164F", "short"],
            &["US", "uk", "XK"],
            &["2024-03-01T12:00:00Z", "2024-02-30T10:00:00Z"],
            &["L"],
        ];
        let mut rng = crate::test_rng::Rng(0x9E37_79B9_7F4A_7C15u64);
        let mut next = || rng.next();
        let mut text = String::from(HEADER);
        for row in 0..3_000 {
            text.push('\n');
            let mut cells: Vec<String> = CELLS
                .iter()
                .map(|options| match next() % 8 {
                    0..=2 => "",
                    3..=6 => options[0],
                    _ => options[(next() % options.len() as u64) as usize],
                })
                .map(String::from)
                .collect();
            // A wallet is all four cells or none, mostly.
            if next() % 4 != 0 {
                let filled = next() % 2 == 0;
                // Columns 7 to 10: walletAddress, walletChain, walletName, walletProvider.
                let wallet = 7..11;
                for (cell, options) in cells[wallet.clone()].iter_mut().zip(&CELLS[wallet]) {
                    *cell = if filled { options[0].to_owned() } else { String::new() };
                }
            }
            // Mostly unique emails and usernames (repeats of the few above are refused), no id.
            if next() % 8 != 0 {
                cells[0] = format!("user{row}@x.io");
                cells[1] = format!("user_{row}");
                cells[11] = String::new();
            }
            text.push_str(&cells.join(","));
        }
        let up_front = parse_users_csv(&text);
        let mut input = Input::from_csv(&text);
        input.checked = None;
        let row_by_row = prepare(input);
        assert_eq!(up_front.prepared.ready, row_by_row.ready, "the same rows, spans and keys");
        assert_eq!(up_front.prepared.rejected, row_by_row.rejected);
        assert_eq!(up_front.prepared.warnings, row_by_row.warnings);
        let (refused, kept) = (row_by_row.rejected.len(), row_by_row.ready.len());
        assert!(refused > 300 && kept > 300, "both kinds of row are tried: {refused} refused, {kept} kept");
        assert!(row_by_row.rejected.iter().flat_map(|r| &r.issues).any(|i| i.code == IssueCode::DuplicateEmail));
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
