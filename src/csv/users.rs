//! CSV text → validated users: what `parseUsersCsv` returns.

use super::columns::Columns;
use super::fix_row::fix_record;
use super::options::CsvOptions;
use super::reader::Patch;
use super::reader::Record;
use super::record_user;
use super::row::parse_boolean;
use super::tape::UsersTape;
use super::{read_rows, CsvProblem, UnknownColumn};
use crate::import::report::RowRef;
use crate::json::Json;
use crate::text::{cat, dec, owned, split_once};
use crate::validate::custom_fields::{CustomFields, Uniques};
use crate::validate::report::Path;
use crate::validate::{
    cap_issues, did_you_mean_field, echo, Fix, IssueCode, RowValidator, Unique, ValidationIssue, MAX_ISSUES,
};
use std::borrow::Cow;

/// The users of a CSV file, validated.
#[derive(Debug, Default)]
pub struct ParsedCsv {
    /// Each data row's line in the file; a row's index is its place here.
    pub lines: Vec<u32>,
    /// The rows without errors, by index.
    pub kept: Vec<usize>,
    /// File problems, unknown columns, each refused row's issues and each kept row's warnings,
    /// paths like `"row 13: email"`.
    pub issues: Vec<ValidationIssue>,
    /// Every row as a tape, from which the kept ones are built as JavaScript objects.
    pub tape: UsersTape,
    /// With `fix`: each value a mechanical fix changed (already changed on the tape), in row order.
    pub fixes: Vec<Fix>,
}

/// Reads and validates a CSV export of users. Each record is validated as it is read, as the user
/// object it stands for, with no JSON text in between; repeats across the file are found once at
/// the end, several times cheaper than a table consulted row by row. With `options.fix`, a row
/// whose issues carry fixes gets them and is validated again: only those rows cost more.
pub fn parse_users_csv(text: &str, options: &CsvOptions) -> ParsedCsv {
    parse_users_csv_with(text, options, None)
}

/// [`parse_users_csv`], each row also held to the environment's custom fields (whose columns
/// `options` maps: [`CsvOptions::map_custom_fields`]).
#[cfg_attr(size_opt, optimize(size))]
pub fn parse_users_csv_with(text: &str, options: &CsvOptions, custom: Option<&CustomFields>) -> ParsedCsv {
    // The byte order mark is one UTF-16 unit of the caller's string that the reader does not see.
    // A `&str` prefix: a compare, where a `char` one brings its own function.
    let (text, bom) = match text.strip_prefix("\u{FEFF}") {
        Some(rest) => (rest, 1),
        None => (text, 0),
    };
    let (mut problems, mut unknown) = (Vec::new(), Vec::new());
    let mut tape = None;
    // Room for the rows at once: growing these two was 0.5 % of the call. Only tried: the guess
    // is from the first lines.
    let rows = estimated_rows(text);
    let (mut lines, mut row_issues) = (Vec::new(), Vec::new());
    let _ = (lines.try_reserve(rows), row_issues.try_reserve(rows));
    let mut validator = RowValidator::deferred(rows);
    let mut fixes = Vec::new();
    let mut patch = Patch::default();
    let mut uniques = Uniques::default();
    read_rows(text, options, &mut problems, &mut unknown, &mut |columns, record, problem| {
        let tape = tape.get_or_insert_with(|| UsersTape::new(columns, bom));
        let index = lines.len();
        lines.push(record.line);
        let Some(message) = problem else {
            let (mut issues, mut unique) = checked(validator.check_alone(index, record_user::user(columns, record)));
            if let Some(custom) = custom.filter(|c| !c.is_empty()) {
                check_custom_fields(custom, &mut uniques, columns, record, index, &mut issues);
            }
            let fixed = if options.fix { fix_record(columns, record, index, &issues, &mut patch) } else { None };
            match fixed {
                Some((fixed, row_fixes)) => {
                    tape.write_row(columns, &fixed);
                    (issues, unique) = checked(validator.check_alone(index, record_user::user(columns, &fixed)));
                    fixes.extend(row_fixes);
                }
                None => tape.write_row(columns, record),
            }
            if let Some(unique) = unique {
                validator.remember(index, unique, &mut issues);
            }
            row_issues.push(issues);
            return;
        };
        tape.write_row(columns, record);
        row_issues.push(vec![shifted_row(index, message)]);
    });
    // A file that cannot be read as users gives none, and only its own problems.
    if !problems.is_empty() {
        let issues = file_issues(problems, unknown);
        return ParsedCsv { lines, kept: Vec::new(), issues, tape: tape.unwrap_or_default(), fixes: Vec::new() };
    }
    let (mut issues, omitted) = bounded_file_issues(problems, unknown);
    for (row, issue) in validator.finish() {
        if let Some(issues) = row_issues.get_mut(row) {
            issues.push(issue);
        }
    }
    if let Some(custom) = custom {
        issues.extend(custom.warnings(None));
    }
    let (mut kept, mut warnings) = (Vec::new(), Vec::new());
    for (index, row) in row_issues.into_iter().enumerate() {
        if row.is_empty() {
            kept.push(index);
            continue;
        }
        let at = RowRef { index, line: lines.get(index).copied() };
        let row: Vec<ValidationIssue> = row.into_iter().map(|issue| relabel_csv_issue(issue, at, &lines)).collect();
        if row.iter().any(ValidationIssue::is_error) {
            issues.extend(row);
        } else {
            kept.push(index);
            warnings.extend(row);
        }
    }
    issues.extend(warnings);
    cap_issues(&mut issues, omitted, false);
    ParsedCsv { lines, kept, issues, tape: tape.unwrap_or_default(), fixes }
}

/// Row `index`'s custom fields, with those of the rows before. Out of the row's closure, which
/// runs for every row and had this inlined with the metadata object's building.
#[inline(never)]
fn check_custom_fields(
    custom: &CustomFields,
    uniques: &mut Uniques,
    columns: &Columns,
    record: &Record,
    index: usize,
    issues: &mut Vec<ValidationIssue>,
) {
    // Fixes never touch metadata: the record as read is the row's metadata as sent.
    let user = metadata_of(columns, record);
    let root = Path::Root;
    custom.check_user(&user, &root.index(index), issues);
    uniques.check(custom, index, &user, issues);
}

/// About how many rows `text` has, and an eighth more, from the lines in its first 64 KiB: room
/// for the table of repeats at once, which otherwise doubles, copying megabytes, once a file is
/// longer than guessed.
fn estimated_rows(text: &str) -> usize {
    let sample = &text.as_bytes()[..text.len().min(1 << 16)];
    match sample.iter().filter(|&&b| b == b'\n').count() {
        // Exports run about 100 bytes a row.
        0 => text.len() / 100,
        lines => (lines as u64 * text.len() as u64 / sample.len() as u64 / 8 * 9) as usize,
    }
    // A file that starts with blank lines would guess a row for every byte or two.
    .min(text.len() / 16)
}

/// The user object of `record` as far as custom fields look: `{ metadata }` of its metadata
/// columns' filled cells (yes/no cells as booleans, as they are sent).
pub(crate) fn metadata_of<'r>(columns: &Columns, record: &'r Record<'_, '_>) -> Json<'r> {
    // A loop of pushes: the iterator's `collect` was a function of its own, as large as this.
    let mut entries = Vec::new();
    for m in columns.metadata.iter().filter(|m| record.filled(m.column)) {
        let cell = record.get(m.column);
        let value = match parse_boolean(cell).filter(|_| m.boolean) {
            Some(value) => Json::Bool(value),
            None => Json::String(Cow::Borrowed(cell)),
        };
        entries.push((Cow::Owned(m.key.clone()), value));
    }
    Json::Object(vec![(Cow::Borrowed("metadata"), Json::Object(entries))])
}

/// A row's issues, and its unique values to remember unless it could not be read.
fn checked<'a>(
    result: Result<(Vec<ValidationIssue>, Unique<'a>), Vec<ValidationIssue>>,
) -> (Vec<ValidationIssue>, Option<Unique<'a>>) {
    match result {
        Ok((issues, unique)) => (issues, Some(unique)),
        Err(issues) => (issues, None),
    }
}

/// What a column that names no field most likely meant. Two fields are objects, which a cell
/// cannot hold: for them, the columns that build them.
fn unknown_column_hint(name: &str) -> String {
    match did_you_mean_field(name) {
        Some("metadata") => owned(" (metadata comes from one column per key, named metadata.<key>)"),
        Some("wallets") => {
            owned(" (a wallet comes from the columns walletAddress, walletChain, walletName and walletProvider)")
        }
        Some(field) => cat(&[" (did you mean \"", field, "\"?)"]),
        None => String::new(),
    }
}

/// The issue of row `index` whose cells cannot be trusted (see [`super::CsvRow::problem`]). The row
/// is refused as it is, unchecked, so it claims no email or username that a later row may use.
pub fn shifted_row(index: usize, problem: String) -> ValidationIssue {
    ValidationIssue::new(cat(&["[", &dec(index as u64), "]"]), IssueCode::InvalidCsv, problem)
}

/// The file's own problems (no header, a quote never closed; errors) and unknown columns
/// (warnings) as issues, paths like `"row 3"` and `"column 2"`.
pub fn file_issues(problems: Vec<CsvProblem>, unknown_columns: Vec<UnknownColumn>) -> Vec<ValidationIssue> {
    let (mut issues, omitted) = bounded_file_issues(problems, unknown_columns);
    cap_issues(&mut issues, omitted, false);
    issues
}

/// [`file_issues`] before the cap: past it, an unknown column is only counted (the second value),
/// its hint never looked for (a header of a million columns).
#[cfg_attr(size_opt, optimize(size))]
fn bounded_file_issues(
    problems: Vec<CsvProblem>,
    unknown_columns: Vec<UnknownColumn>,
) -> (Vec<ValidationIssue>, usize) {
    let mut issues = Vec::new();
    for p in problems {
        let mut issue = ValidationIssue::new(cat(&["row ", &dec(p.line.into())]), IssueCode::InvalidCsv, p.message);
        issue.line = Some(p.line);
        issues.push(issue);
    }
    let mut omitted = 0;
    for column in unknown_columns {
        if issues.len() > MAX_ISSUES {
            omitted += 1;
            continue;
        }
        let name = echo(&column.name);
        let message = match &column.filled_by {
            Some((other, field)) => {
                cat(&["Column ", &name, " is ignored: column ", &echo(other), " fills ", field, "."])
            }
            None => cat(&[
                "Column ",
                &name,
                " is not a user field",
                &unknown_column_hint(&column.name),
                "; its cells are ignored.",
            ]),
        };
        let path = cat(&["column ", &dec(column.column as u64 + 1)]);
        issues.push(ValidationIssue::new(path, IssueCode::UnknownColumn, message));
    }
    (issues, omitted)
}

/// `"[12].email"` → `"row 14: email"` (the row's line in the file); a repeat names the earlier
/// row by its line too.
#[cfg_attr(size_opt, optimize(size))]
pub fn relabel_csv_issue(mut issue: ValidationIssue, row: RowRef, lines: &[u32]) -> ValidationIssue {
    let line = row.line.unwrap_or(0);
    issue.line = row.line;
    // Every cell is text: say which texts a boolean column takes.
    if issue.code == IssueCode::InvalidType && issue.message.ends_with(" must be true or false, not a string.") {
        let field = owned(split_once(&issue.message, b' ').map_or(&issue.message[..], |(first, _)| first));
        issue.message = cat(&[&field, " takes ", super::row::BOOLEAN_CELLS, "."]);
    }
    let rest =
        split_once(&issue.path, b']').map_or("", |(_, rest)| &rest[rest.bytes().take_while(|&b| b == b'.').count()..]);
    issue.path =
        if rest.is_empty() { cat(&["row ", &dec(line.into())]) } else { cat(&["row ", &dec(line.into()), ": ", rest]) };
    // By bytes: `split_once` with a `&str` is the one use of core's substring searcher left in
    // the module (0.9 KB gzip).
    const MARK: &str = "The user at index ";
    let at = issue.message.as_bytes().windows(MARK.len()).position(|w| w == MARK.as_bytes());
    if let Some((before, after)) = at.map(|at| (&issue.message[..at], &issue.message[at + MARK.len()..])) {
        // The index's digits, read as `str::parse::<usize>` reads them (none or too many: no index).
        let len = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after.as_bytes()[..len]
            .iter()
            .try_fold(0usize, |n, &b| n.checked_mul(10)?.checked_add(usize::from(b - b'0')))
            .filter(|_| len > 0);
        if let Some(earlier) = index.and_then(|i| lines.get(i)) {
            issue.message = cat(&[before, "The user on row ", &dec((*earlier).into()), &after[len..]]);
        }
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::tape::tests::row_json;

    /// The guess sizes tables of the rows' values (32 bytes each, two a row): a file of 64 KiB of
    /// blank lines and then 60 MB guessed 68 million rows, 4.3 GB, more than wasm can address,
    /// which aborted the instance.
    #[test]
    fn the_row_guess_stays_within_the_text() {
        let blank_first = format!("email\n{}{}", "\n".repeat(1 << 16), "a@example.com\n".repeat(4_000_000));
        assert!(estimated_rows(&blank_first) <= blank_first.len() / 16);
        let users = format!("email,First Name\n{}", "someone@example.com,Someone Else\n".repeat(10_000));
        let guess = estimated_rows(&users);
        assert!((10_000..=11_300).contains(&guess), "{guess}");
    }
    use crate::import::{prepare, Input};

    fn parse_users_csv(text: &str) -> ParsedCsv {
        super::parse_users_csv(text, &CsvOptions::default())
    }

    fn read_users_csv(text: &str) -> crate::csv::CsvUsers {
        crate::csv::read_users_csv(text, &CsvOptions::default())
    }

    fn paths(parsed: &ParsedCsv) -> Vec<(&str, IssueCode)> {
        parsed.issues.iter().map(|i| (i.path.as_str(), i.code)).collect()
    }

    /// The user the tape holds for row `index` of `text`.
    fn tape_row(parsed: &ParsedCsv, text: &str, index: usize) -> serde_json::Value {
        let (text, copied) = (utf16(text), utf16(&parsed.tape.copied));
        row_json(&parsed.tape, &text, &copied, parsed.tape.rows[index]).0
    }

    fn utf16(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
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
        let kept: Vec<(usize, u32)> = parsed.kept.iter().map(|&index| (index, parsed.lines[index])).collect();
        assert_eq!(kept, [(0, 2), (3, 7)]);
        assert_eq!(
            tape_row(&parsed, text, 0),
            serde_json::json!({"email": "ada@example.com", "firstName": "Ada", "policiesConsent": true})
        );
        assert_eq!(
            paths(&parsed),
            [
                ("column 3", IssueCode::UnknownColumn),
                ("row 4: email", IssueCode::InvalidEmail),
                ("row 5: firstName", IssueCode::InvalidText),
                ("row 5: policiesConsent", IssueCode::InvalidType),
                ("row 5: email", IssueCode::DuplicateEmail),
            ]
        );
        assert_eq!(
            parsed.issues[0].message,
            "Column \"frist_name\" is not a user field (did you mean \"firstName\"?); its cells are ignored."
        );
        assert!(
            parsed.issues[4].message.starts_with("The user on row 2 has the same email"),
            "{}",
            parsed.issues[4].message
        );
        assert_eq!(parsed.lines.len(), 4);
    }

    /// 3 000 rows over a header of every kind of column, cells drawn from good and bad values.
    fn random_csv() -> String {
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
        text
    }

    /// Checking each record as read, repeats at the end, must agree with checking the JSON of
    /// each row one by one, and with checking that JSON up front.
    #[test]
    fn checking_records_agrees_with_checking_their_json() {
        checking_records_agrees_with_checking_their_json_with(CsvOptions::default());
    }

    /// With `fix`, the fixed records are judged as the JSON text of the fixed rows is.
    #[test]
    fn checking_fixed_records_agrees_with_checking_their_json() {
        checking_records_agrees_with_checking_their_json_with(CsvOptions { fix: true, ..CsvOptions::default() });
    }

    fn checking_records_agrees_with_checking_their_json_with(options: CsvOptions) {
        let text = random_csv();
        let parsed = super::parse_users_csv(&text, &options);
        let up_front = prepare(Input::from_csv_with(&text, &options).unwrap());
        assert_eq!(up_front.input.fixes, parsed.fixes);
        assert_eq!(parsed.fixes.is_empty(), !options.fix, "random rows have fixes to make");
        let mut input = Input::from_csv_with(&text, &options).unwrap();
        input.checked = None;
        let row_by_row = prepare(input);
        assert_eq!(up_front.ready, row_by_row.ready, "the same rows, spans and keys");
        assert_eq!(up_front.rejected, row_by_row.rejected);
        assert_eq!(up_front.warnings, row_by_row.warnings);
        let ready: Vec<usize> = row_by_row.ready.iter().map(|r| r.row.index).collect();
        assert_eq!(parsed.kept, ready);
        let mut issues = row_by_row.input.file_issues.clone();
        issues.extend(row_by_row.rejected.iter().flat_map(|r| r.issues.iter().cloned()));
        issues.extend(row_by_row.warnings.iter().cloned());
        // parseUsersCsv lists 1 000 and says how many more there were; the import keeps every row's.
        assert!(issues.len() > 1000, "the cap is reached: {}", issues.len());
        crate::validate::cap_issues(&mut issues, 0, false);
        assert_eq!(parsed.issues, issues);
        let (refused, kept) = (row_by_row.rejected.len(), row_by_row.ready.len());
        assert!(refused > 300 && kept > 300, "both kinds of row are tried: {refused} refused, {kept} kept");
        assert!(row_by_row.rejected.iter().flat_map(|r| &r.issues).any(|i| i.code == IssueCode::DuplicateEmail));
    }

    /// The tape holds the same users as the JSON text, kept rows and refused ones alike.
    #[test]
    fn the_tape_holds_the_users_the_json_does() {
        let with_proto = "email,metadata.__proto__,alias\na@b.co,{},x\n";
        // Copied: a doubled quote, and a U+FFFD that JavaScript's text may hold as a broken
        // character; the rest placed past a byte order mark and characters of 2 to 4 bytes.
        let copied = "\u{FEFF}alias,email,metadata.x\n\"a\"\"b\",é@x.io,😀 \u{FFFD}\nplain,b@x.io,ü😀\n";
        let long_cell = format!("alias,email\n{},a@b.co\n", "é".repeat(70_000));
        // Past the short form's 4 096 columns: 4 905 cells, 4 904 metadata and the email. The
        // random rows copy each cell with a doubled quote.
        let keys: String = (0..9_000).map(|k| format!("metadata.k{k},")).collect();
        let wide = format!("{keys}email\n{}a@b.co\n", "v,".repeat(9_000));
        let cases = [(with_proto.into(), 0), (copied.into(), 2), (long_cell, 1), (wide, 4_905), (random_csv(), 190)];
        for (text, long_ops) in cases {
            let parsed = parse_users_csv(&text);
            let users = read_users_csv(&text);
            assert_eq!(parsed.tape.rows.len(), users.rows.len());
            let mut long = 0;
            let (text16, copied) = (utf16(&text), utf16(&parsed.tape.copied));
            for (index, &start) in parsed.tape.rows.iter().enumerate() {
                let json: serde_json::Value = serde_json::from_str(users.json(index)).unwrap();
                let (built, long_in_row) = row_json(&parsed.tape, &text16, &copied, start);
                assert_eq!(built, json, "row {index}");
                long += long_in_row;
            }
            assert_eq!(long, long_ops);
        }
    }

    #[test]
    fn warnings_keep_their_row_and_shifted_rows_are_refused() {
        let text = "email,btcWallet\na@b.co,3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6\nb@b.co,1,extra\nb@b.co,\n";
        let parsed = parse_users_csv(text);
        assert_eq!(parsed.kept, [0, 2], "the shifted row claims no email: the last row is no repeat");
        assert_eq!(
            paths(&parsed),
            [("row 3", IssueCode::InvalidCsv), ("row 2: btcWallet", IssueCode::ChecksumMismatch)]
        );
        let input = Input::from_csv(text).unwrap();
        let prepared = prepare(input);
        assert_eq!(prepared.rejected.len(), 1);
        assert_eq!(prepared.rejected[0].issues[0].path, "row 3");
    }

    #[test]
    fn a_file_that_cannot_be_read_as_users_gives_none() {
        let unterminated = "email,firstName\nada@example.com,\"Ada\nbob@example.com,Bob\ncee@example.com,Cee\n";
        let two_emails = "email,E-mail\na@b.co,c@d.co\n";
        for text in ["", "\r\n", unterminated, two_emails, "nom,courriel\nx,y\n", "em\0ail\nx\n"] {
            let parsed = parse_users_csv(text);
            assert!(parsed.kept.is_empty(), "{text:?}");
            assert!(parsed.issues.iter().any(|i| i.code == IssueCode::InvalidCsv && i.is_error()), "{text:?}");
            assert_eq!(Input::from_csv(text).unwrap_err(), parsed.issues, "{text:?}");
        }
        assert_eq!(paths(&parse_users_csv(unterminated)), [("row 2", IssueCode::InvalidCsv)]);
        let forced = CsvOptions { delimiter: Some(b','), ..CsvOptions::default() };
        let semicolons = super::parse_users_csv("email;firstName\nx@example.com;X\n", &forced);
        assert!(
            semicolons.issues[0].message.contains("separated by a semicolon, not a comma"),
            "{:?}",
            semicolons.issues
        );
        assert!(parse_users_csv("em\0ail\nx\n").issues[0].message.contains("UTF-16"));
        // Only unknown columns, but a metadata or wallet column: rows carry data.
        assert_eq!(parse_users_csv("nom,metadata.plan\nx,pro\n").kept, [0]);
        assert_eq!(parse_users_csv("walletAddress\nx\n").lines.len(), 1);
    }

    #[test]
    fn object_columns_are_explained_not_suggested_back() {
        let parsed = parse_users_csv("email,metadata,Wallets,frist name\na@b.co,{},x,y\n");
        let messages: Vec<&str> = parsed.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Column \"metadata\" is not a user field (metadata comes from one column per key, named metadata.<key>); its cells are ignored.",
                "Column \"Wallets\" is not a user field (a wallet comes from the columns walletAddress, walletChain, walletName and walletProvider); its cells are ignored.",
                "Column \"frist name\" is not a user field (did you mean \"firstName\"?); its cells are ignored.",
            ]
        );
    }

    #[test]
    fn a_field_inside_a_longer_column_name_is_suggested() {
        let parsed = parse_users_csv("firstName,Work Email,Home Phone Number\nAda,a@b.co,+1\n");
        let messages: Vec<&str> = parsed.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Column \"Work Email\" is not a user field (did you mean \"email\"?); its cells are ignored.",
                "Column \"Home Phone Number\" is not a user field (did you mean \"phoneNumber\"?); its cells are ignored.",
            ]
        );
    }

    #[test]
    fn cells_are_echoed_short_and_boolean_cells_are_explained() {
        let long = "x".repeat(1_000);
        let parsed = parse_users_csv(&format!("email,{long},policiesConsent\na@b.co,1,maybe\n"));
        let messages: Vec<&str> = parsed.issues.iter().map(|i| i.message.as_str()).collect();
        assert!(messages[0].len() < 120, "{}", messages[0]);
        assert_eq!(
            messages[1],
            "policiesConsent takes true, false, yes, no, y, n, 1, 0 or x (for true), in any case, or an empty cell."
        );
    }

    #[test]
    fn a_thousand_issues_at_most_and_a_count_of_the_rest() {
        // 3 000 columns that are no field: warnings; their hints are looked for 1 001 times only.
        let header: Vec<String> = (0..3000).map(|i| format!("extra{i}")).collect();
        let text = format!("email,{}\na@example.com{}\n", header.join(","), ",1".repeat(3000));
        let started = std::time::Instant::now();
        let parsed = parse_users_csv(&text);
        assert_eq!((parsed.kept.len(), parsed.issues.len()), (1, 1001));
        let last = &parsed.issues[1000];
        assert_eq!((last.code, last.severity), (IssueCode::TooManyIssues, crate::validate::Severity::Warning));
        assert!(last.message.starts_with("2000 more issues were left out"), "{}", last.message);
        assert_eq!(file_issues(Vec::new(), Vec::new()), Vec::new());
        // 1 500 refused rows: errors, in row order, then the count.
        let rows: Vec<String> = (0..1500).map(|i| format!("user{i}@example.com,XX")).collect();
        let parsed = parse_users_csv(&format!("email,country\n{}\n", rows.join("\n")));
        assert_eq!((parsed.kept.len(), parsed.issues.len()), (0, 1001));
        assert_eq!(parsed.issues[999].path, "row 1001: country");
        assert_eq!(
            (parsed.issues[1000].code, parsed.issues[1000].severity),
            (IssueCode::TooManyIssues, crate::validate::Severity::Error)
        );
        assert!(parsed.issues[1000].message.starts_with("500 more"));
        assert!(started.elapsed().as_secs() < 20);
    }

    /// The earlier row's index read by bytes, as `str::parse::<usize>` read it: none, leading
    /// zeros, an index past the lines, one past `usize`.
    #[test]
    fn a_repeat_s_index_reads_as_parse_reads_it() {
        let lines = [2u32, 3, 5, 8];
        for index in ["", "0", "3", "03", "4", "12", "4294967296", "99999999999999999999", "x"] {
            let message = format!("Repeats email: The user at index {index} has it.");
            let issue = ValidationIssue::new("[1].email", IssueCode::InvalidType, message.clone());
            let relabelled = relabel_csv_issue(issue, RowRef { index: 1, line: Some(3) }, &lines).message;
            let digits: String = index.chars().take_while(char::is_ascii_digit).collect();
            let expected = match digits.parse::<usize>().ok().and_then(|i| lines.get(i)) {
                Some(line) => {
                    message.replace(&format!("The user at index {digits}"), &format!("The user on row {line}"))
                }
                None => message,
            };
            assert_eq!(relabelled, expected, "{index:?}");
        }
    }
}
