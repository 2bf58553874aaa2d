//! parseUsersCsv's core on any text, with and without `fix`: every data row is kept or refused (or
//! the file as a whole), and checking each record as it is read judges every row as checking its
//! JSON text does (for `fix`, the JSON text of the fixed row, as `importUsers` sends it).
#![no_main]
use dynamic_users::csv::{parse_users_csv, CsvOptions};
use dynamic_users::import::{prepare, Input};
use dynamic_users::validate::{cap_issues, IssueCode, MAX_ISSUES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for fix in [false, true] {
        let options = CsvOptions { fix, ..CsvOptions::default() };
        let parsed = parse_users_csv(&text, &options);
        let input = match Input::from_csv_with(&text, &options) {
            Ok(input) => input,
            // A file that cannot be read as users: no user, and the same issues both ways.
            Err(issues) => {
                assert!(parsed.kept.is_empty());
                assert_eq!(parsed.issues, issues);
                continue;
            }
        };
        assert_eq!(parsed.fixes, input.fixes);
        let json = prepare(input);
        assert_eq!(json.ready.len() + json.rejected.len(), json.input.len());
        assert_eq!(parsed.lines.len(), json.input.len());
        let ready: Vec<usize> = json.ready.iter().map(|r| r.row.index).collect();
        assert_eq!(parsed.kept, ready);
        let mut issues = json.input.file_issues.clone();
        issues.extend(json.rejected.iter().flat_map(|r| r.issues.iter().cloned()));
        issues.extend(json.warnings.iter().cloned());
        // parseUsersCsv lists at most MAX_ISSUES and one that counts the rest; the import's file
        // issues are capped on their own.
        assert!(parsed.issues.len() <= MAX_ISSUES + 1);
        if json.input.file_issues.last().is_some_and(|i| i.code == IssueCode::TooManyIssues) {
            assert_eq!(parsed.issues[..MAX_ISSUES], issues[..MAX_ISSUES]);
        } else {
            cap_issues(&mut issues, 0, false);
            assert_eq!(parsed.issues, issues);
        }
    }
});
