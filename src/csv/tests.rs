use super::*;
use crate::test_rng::Rng;

/// The users of `text` with no options: columns by their names, the delimiter detected.
fn read_users_csv(text: &str) -> CsvUsers {
    super::read_users_csv(text, &CsvOptions::default())
}

/// The rows as `(line, json)`, asserting that the file has no problem.
fn rows(text: &str) -> Vec<(u32, String)> {
    let users = read_users_csv(text);
    assert_eq!(users.problems, vec![], "{text:?}");
    lines_and_json(&users).into_iter().map(|(line, json)| (line, json.to_owned())).collect()
}

/// Each row's line and JSON text.
fn lines_and_json(users: &CsvUsers) -> Vec<(u32, &str)> {
    (0..users.rows.len()).map(|i| (users.rows[i].line, users.json(i))).collect()
}

fn row(line: u32, json: &str) -> (u32, String) {
    (line, json.to_owned())
}

fn problem(line: u32, message: &str) -> CsvProblem {
    CsvProblem { line, message: message.to_owned() }
}

#[test]
fn plain_rows_become_user_objects_in_header_order() {
    assert_eq!(
        rows("email,firstName,lastName\na@b.co,Ann,Lee\nc@d.co,Bob,Ray\n"),
        vec![
            row(2, r#"{"email":"a@b.co","firstName":"Ann","lastName":"Lee"}"#),
            row(3, r#"{"email":"c@d.co","firstName":"Bob","lastName":"Ray"}"#),
        ]
    );
}

#[test]
fn quoted_cells_keep_commas_quotes_and_newlines_and_later_lines_stay_right() {
    let text = "email,firstName,jobTitle\n\"a@b.co\",\"Lee, Ann\",\"the \"\"boss\"\"\"\nc@d.co,\"two\nlines\",\"three\r\nmore\nlines\"\ne@f.co,Eve,\"\"\n";
    assert_eq!(
        rows(text),
        vec![
            row(2, r#"{"email":"a@b.co","firstName":"Lee, Ann","jobTitle":"the \"boss\""}"#),
            row(3, r#"{"email":"c@d.co","firstName":"two\nlines","jobTitle":"three\r\nmore\nlines"}"#),
            row(7, r#"{"email":"e@f.co","firstName":"Eve"}"#),
        ]
    );
}

#[test]
fn text_after_a_closing_quote_is_kept_as_csv_core_does() {
    assert_eq!(rows("alias,team\n\"a\"b\"c,\"x\"\"y\"z\n"), vec![row(2, r#"{"alias":"ab\"c","team":"x\"yz"}"#)]);
}

#[test]
fn a_quote_inside_an_unquoted_cell_is_text() {
    assert_eq!(rows("alias\n5\" disk\n"), vec![row(2, r#"{"alias":"5\" disk"}"#)]);
}

#[test]
fn crlf_lf_and_lone_cr_line_ends_mix() {
    assert_eq!(
        rows("email,alias\r\na@b.co,x\nc@d.co,y\re@f.co,z\r\n"),
        vec![
            row(2, r#"{"email":"a@b.co","alias":"x"}"#),
            row(3, r#"{"email":"c@d.co","alias":"y"}"#),
            row(4, r#"{"email":"e@f.co","alias":"z"}"#),
        ]
    );
}

#[test]
fn a_bom_is_ignored_and_the_last_newline_is_optional() {
    assert_eq!(rows("\u{FEFF}email\na@b.co"), vec![row(2, r#"{"email":"a@b.co"}"#)]);
    // Only at the start: anywhere else it is data.
    assert_eq!(rows("email\n\u{FEFF}a@b.co"), vec![row(2, "{\"email\":\"\u{FEFF}a@b.co\"}")]);
}

#[test]
fn blank_lines_are_skipped_anywhere() {
    let text = "\n\r\nemail\n\na@b.co\r\n\r\n\nc@d.co\n\n\n";
    assert_eq!(rows(text), vec![row(5, r#"{"email":"a@b.co"}"#), row(8, r#"{"email":"c@d.co"}"#)]);
    // A row of only empty cells (",,", "", or spaces) is as blank as a blank line.
    assert_eq!(rows("alias\n \n\"\"\n,,\n \t, \nx\n"), vec![row(6, r#"{"alias":"x"}"#)]);
    // A cell of spaces is absent, as an empty one; spaces around a value stay for validation to name.
    assert_eq!(rows("email,country,alias\na@b.co,  , x \n"), vec![row(2, r#"{"email":"a@b.co","alias":" x "}"#)]);
}

#[test]
fn headers_match_whatever_the_case_and_separators() {
    let text = "first_name,Last Name,JOB-TITLE,tshirtsize, e-mail ,Phone.Number,mfa_backup_code_acknowledgement\nA,B,C,L,a@b.co,+1,ok\n";
    assert_eq!(
        rows(text),
        vec![row(
            2,
            r#"{"firstName":"A","lastName":"B","jobTitle":"C","tShirtSize":"L","email":"a@b.co","phoneNumber":"+1","mfaBackupCodeAcknowledgement":"ok"}"#
        )]
    );
}

#[test]
fn an_excel_separator_line_is_not_the_header() {
    assert_eq!(rows("sep=,\r\nemail\r\na@b.co\r\n"), vec![row(3, r#"{"email":"a@b.co"}"#)]);
    assert_eq!(rows("\u{feff}SEP=,\nemail\na@b.co"), vec![row(3, r#"{"email":"a@b.co"}"#)]);
    // The line declares the delimiter, whatever the header looks like.
    let a = row(3, r#"{"email":"a@b.co","firstName":"A"}"#);
    assert_eq!(rows("sep=;\nemail;firstName\na@b.co;A\n"), vec![a.clone()]);
    assert_eq!(rows("sep=|\r\nemail|firstName\r\na@b.co|A"), vec![a.clone()]);
    assert_eq!(rows("sep=\t\remail\tfirstName\ra@b.co\tA\r"), vec![a.clone()]);
    assert_eq!(rows("sep=;\nemail,x;firstName\na@b.co,x;A\n"), vec![row(3, r#"{"firstName":"A"}"#)]);
    assert_eq!(read_users_csv("sep=,x\nalias\n").problems[0].line, 1, "a longer line is a header");
}

#[test]
fn common_export_names_map_to_their_fields() {
    let text = "Email Address,Given Name,Family Name,Phone,Country Code\na@b.co,Ada,Lovelace,+44,GB\n";
    assert_eq!(
        rows(text),
        vec![row(
            2,
            r#"{"email":"a@b.co","firstName":"Ada","lastName":"Lovelace","phoneNumber":"+44","country":"GB"}"#
        )]
    );
    assert_eq!(rows("E-mail Address,Surname\na@b.co,L\n"), vec![row(2, r#"{"email":"a@b.co","lastName":"L"}"#)]);
    // Beside the field's own name, an alias is ignored, and said so; two aliases of one field
    // are a problem as two exact names are.
    let users = read_users_csv("Surname,Last Name\nL,M\n");
    assert_eq!(lines_and_json(&users), [(2, r#"{"lastName":"M"}"#)]);
    assert_eq!(
        users.unknown_columns,
        [UnknownColumn { column: 0, name: "Surname".into(), filled_by: Some(("Last Name".into(), "lastName")) }]
    );
    assert_eq!(read_users_csv("Surname,Family Name\nL,M\n").problems.len(), 1);
    // Whatever the order: the field's own name fills it, and every alias is said to be ignored.
    for header in ["Surname,Family Name,Last Name", "Last Name,Surname,Family Name", "Surname,Last Name,Family Name"] {
        let users = read_users_csv(&format!("{header}\nA,B,C\n"));
        assert_eq!(users.problems, vec![], "{header}");
        let last = header.split(',').position(|h| h == "Last Name").unwrap();
        let expected = format!(r#"{{"lastName":"{}"}}"#, ["A", "B", "C"][last]);
        assert_eq!(lines_and_json(&users), [(2, expected.as_str())], "{header}");
        assert_eq!(users.unknown_columns.len(), 2, "{header}");
        assert!(users.unknown_columns.iter().all(|c| c.filled_by == Some(("Last Name".into(), "lastName"))));
    }
    // Google Contacts' first email and phone.
    assert_eq!(
        rows("Given Name,E-mail 1 - Value,Phone 1 - Value\nAda,a@b.co,+44\n"),
        vec![row(2, r#"{"firstName":"Ada","email":"a@b.co","phoneNumber":"+44"}"#)]
    );
    // Shopify: a country's name and its code; the code fills country, wherever it stands.
    let users = read_users_csv("Country,Country Code,email\nUnited Kingdom,GB,a@b.co\n");
    assert_eq!(lines_and_json(&users), [(2, r#"{"country":"GB","email":"a@b.co"}"#)]);
    assert_eq!(users.unknown_columns[0].filled_by, Some(("Country Code".into(), "country")));
}

#[test]
fn every_field_has_its_column() {
    let names = [
        "id",
        "alias",
        "firstName",
        "lastName",
        "jobTitle",
        "phoneNumber",
        "tShirtSize",
        "team",
        "country",
        "username",
        "btcWallet",
        "kdaWallet",
        "ltcWallet",
        "ckbWallet",
        "kasWallet",
        "dogeWallet",
        "email",
        "emailVerifiedAt",
        "mfaBackupCodeAcknowledgement",
    ];
    let text = format!("{}\n{}\n", names.join(","), names.join(","));
    let expected: Vec<String> = names.iter().map(|name| format!("\"{name}\":\"{name}\"")).collect();
    assert_eq!(rows(&text), vec![row(2, &format!("{{{}}}", expected.join(",")))]);
}

#[test]
fn cells_are_not_trimmed_and_empty_cells_are_left_out() {
    // Spaces around a value stay (validation names them); a cell of only spaces or tabs is empty.
    assert_eq!(rows("email,firstName,lastName,team\n a@b.co ,,\t,\n"), vec![row(2, r#"{"email":" a@b.co "}"#)]);
}

#[test]
fn booleans_are_read_in_any_case_and_other_text_is_kept() {
    let text = "policiesConsent,email_notification,Discord Notification,newsletterNotification\n\
                TRUE,no, 1 ,False\n\
                Yes,0,maybe,\n\
                ,, ,true\n";
    assert_eq!(
        rows(text),
        vec![
            row(
                2,
                r#"{"policiesConsent":true,"emailNotification":false,"discordNotification":true,"newsletterNotification":false}"#
            ),
            row(3, r#"{"policiesConsent":true,"emailNotification":false,"discordNotification":"maybe"}"#),
            row(4, r#"{"newsletterNotification":true}"#),
        ]
    );
}

#[test]
fn metadata_columns_build_one_object_where_the_first_one_is() {
    let text = "email,metadata.plan,alias,METADATA. Sign Up Source ,Metadata.quote\"d\n\
                a@b.co,pro,x,ads,\"\"\"q\"\"\"\n\
                c@d.co,,y,,\n\
                e@f.co,,z,web,\n";
    assert_eq!(
        rows(text),
        vec![
            row(
                2,
                r#"{"email":"a@b.co","metadata":{"plan":"pro","Sign Up Source":"ads","quote\"d":"\"q\""},"alias":"x"}"#
            ),
            row(3, r#"{"email":"c@d.co","alias":"y"}"#),
            row(4, r#"{"email":"e@f.co","metadata":{"Sign Up Source":"web"},"alias":"z"}"#),
        ]
    );
}

#[test]
fn wallet_columns_build_one_wallet_with_the_parts_given() {
    let text = "wallet_name,email,Wallet Address,walletChain,WALLET-PROVIDER\n\
                MetaMask,a@b.co,0xabc,EVM,browserExtension\n\
                ,c@d.co,,SOL,\n\
                ,e@f.co,,,\n";
    assert_eq!(
        rows(text),
        vec![
            row(
                2,
                r#"{"wallets":[{"publicWalletAddress":"0xabc","chain":"EVM","walletName":"MetaMask","walletProvider":"browserExtension"}],"email":"a@b.co"}"#
            ),
            row(3, r#"{"wallets":[{"chain":"SOL"}],"email":"c@d.co"}"#),
            row(4, r#"{"email":"e@f.co"}"#),
        ]
    );
}

#[test]
fn unknown_columns_are_reported_once_and_their_cells_ignored() {
    let users = read_users_csv("email,Favourite Colour,metadata.,metadata\na@b.co,red,x,y\nc@d.co,blue,z,w\n");
    assert_eq!(users.problems, vec![]);
    assert_eq!(
        users.unknown_columns,
        vec![
            UnknownColumn { column: 1, name: "Favourite Colour".into(), filled_by: None },
            UnknownColumn { column: 2, name: "metadata.".into(), filled_by: None },
            UnknownColumn { column: 3, name: "metadata".into(), filled_by: None },
        ]
    );
    let json: Vec<_> = lines_and_json(&users).into_iter().map(|(_, json)| json).collect();
    assert_eq!(json, [r#"{"email":"a@b.co"}"#, r#"{"email":"c@d.co"}"#]);
}

#[test]
fn two_columns_for_one_field_or_metadata_key_are_a_problem() {
    let users =
        read_users_csv("\nEmail,e-mail,metadata.plan,Metadata.plan ,metadata.Plan\na@b.co,x@y.z,pro,free,team\n");
    assert_eq!(
        users.problems,
        vec![
            problem(2, "The columns \"Email\" and \"e-mail\" both name email; keep one of them."),
            problem(
                2,
                "The columns \"metadata.plan\" and \"Metadata.plan \" both name metadata.plan; keep one of them."
            ),
        ]
    );
    assert_eq!(users.unknown_columns, vec![]);
    assert_eq!(lines_and_json(&users), [(3, r#"{"email":"a@b.co","metadata":{"plan":"pro","Plan":"team"}}"#)]);
    // Each repeat names the first column with its key, keys interleaved.
    let users = read_users_csv("metadata.b,metadata.a, metadata.b,Metadata.a,METADATA.b\n1,2,3,4,5\n");
    let messages: Vec<&str> = users.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "The columns \"metadata.b\" and \" metadata.b\" both name metadata.b; keep one of them.",
            "The columns \"metadata.a\" and \"Metadata.a\" both name metadata.a; keep one of them.",
            "The columns \"metadata.b\" and \"METADATA.b\" both name metadata.b; keep one of them.",
        ]
    );
    assert_eq!(lines_and_json(&users), [(2, r#"{"metadata":{"b":"1","a":"2"}}"#)]);
}

#[test]
fn short_and_long_rows_are_a_problem_of_their_own() {
    // Trailing empty cells past the header (line 4) carry nothing and are no problem; a short row
    // (line 2) may have its cells in the wrong columns.
    let users = read_users_csv("email,alias,team\na@b.co\nc@d.co,x,y,z,\ne@f.co,,t,\n");
    assert_eq!(users.problems, vec![], "not the file's: the row's");
    let problems: Vec<_> = users.rows.iter().map(|row| row.problem.as_deref()).collect();
    assert_eq!(
        problems,
        [
            Some("This row has 1 cells but the header has 3: a line break in an unquoted cell, or a missing comma, moves the cells after it. The row is not imported."),
            Some("This row has 5 cells but the header has 3: a cell with a comma must be quoted. The row is not imported."),
            None
        ]
    );
    let json = lines_and_json(&users);
    assert_eq!(
        json,
        [
            (2, r#"{"email":"a@b.co"}"#),
            (3, r#"{"email":"c@d.co","alias":"x","team":"y"}"#),
            (4, r#"{"email":"e@f.co","team":"t"}"#),
        ]
    );
}

#[test]
fn an_unterminated_quote_is_a_problem_and_its_text_is_kept() {
    let users = read_users_csv("email,alias\na@b.co,ok\nc@d.co,\"never\nclosed, at all\n");
    assert_eq!(
        users.problems,
        vec![problem(
            3,
            "A quoted cell that starts on this line is never closed, so the rest of the file was read as its text. \
             Close the quote; nothing of the file is imported until then."
        )]
    );
    let json = lines_and_json(&users);
    assert_eq!(
        json,
        [(2, r#"{"email":"a@b.co","alias":"ok"}"#), (3, r#"{"email":"c@d.co","alias":"never\nclosed, at all\n"}"#)]
    );

    // With a doubled quote inside, and in the header itself.
    let users = read_users_csv("alias\n\"a\"\"b");
    assert_eq!(users.problems.len(), 1);
    assert_eq!(users.json(0), r#"{"alias":"a\"b"}"#);
    let users = read_users_csv("email,\"alias");
    assert_eq!(users.problems[0].line, 1);
    assert_eq!(users.unknown_columns, vec![]);
}

#[test]
fn no_header_and_header_only() {
    let none = CsvUsers {
        body: "[]".into(),
        rows: vec![],
        unknown_columns: vec![],
        problems: vec![problem(1, "The CSV file has no header row.")],
        fixes: vec![],
    };
    assert_eq!(read_users_csv(""), none);
    assert_eq!(read_users_csv("\u{FEFF}"), none);
    assert_eq!(read_users_csv("\r\n\n"), none);
    for text in ["email,alias", "email,alias\n", "email,alias\r\n\r\n"] {
        assert_eq!(
            read_users_csv(text),
            CsvUsers { body: "[]".into(), rows: vec![], unknown_columns: vec![], problems: vec![], fixes: vec![] }
        );
    }
}

#[test]
fn control_characters_and_non_ascii_make_valid_json() {
    let users = read_users_csv("alias,metadata.k\\ey\n\"\u{0}\u{1f}\\\u{7f}é😀\u{2028}\",\"\u{8}\u{c}\"\n");
    assert_eq!(
        users.json(0),
        "{\"alias\":\"\\u0000\\u001f\\\\\u{7f}é😀\u{2028}\",\"metadata\":{\"k\\\\ey\":\"\\b\\f\"}}"
    );
    let value: serde_json::Value = serde_json::from_str(users.json(0)).unwrap();
    assert_eq!(value["alias"], "\u{0}\u{1f}\\\u{7f}é😀\u{2028}");
    assert_eq!(value["metadata"]["k\\ey"], "\u{8}\u{c}");
}

#[test]
fn random_input_never_panics_and_always_gives_valid_json() {
    // Mostly the bytes that matter to CSV, so that quotes and line ends meet in every way.
    const ALPHABET: &[u8] = b"\",,\r\n\n\\ aZ1\x00\xC3\xA9\xFF";
    const HEADERS: [&str; 6] =
        ["email,metadata.a,walletChain,policiesConsent,", "x,Metadata.b", "", "\"", "wallet_name\r\n", "alias,alias"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..10_000 {
        let length = (rng.next() % 64) as usize;
        let mut bytes = HEADERS[(rng.next() % 6) as usize].as_bytes().to_vec();
        for _ in 0..length {
            let next = rng.next();
            let byte = if next % 4 == 0 { (next >> 8) as u8 } else { ALPHABET[(next >> 8) as usize % ALPHABET.len()] };
            bytes.push(byte);
        }
        let text = String::from_utf8_lossy(&bytes);
        let users = read_users_csv(&text);
        let lines = text.split('\n').count() as u32 + text.matches('\r').count() as u32;
        let all: Vec<serde_json::Value> = serde_json::from_str(&users.body).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(all.len(), users.rows.len());
        for (i, row) in users.rows.iter().enumerate() {
            let value: serde_json::Value =
                serde_json::from_str(users.json(i)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!(value.is_object());
            assert!(row.line >= 1 && row.line <= lines, "{text:?}");
        }
        for problem in &users.problems {
            assert!(problem.line >= 1 && problem.line <= lines, "{text:?}");
        }
    }
}

#[test]
fn a_hundred_thousand_rows() {
    let mut text =
        String::from("email,First Name,last_name,metadata.plan,policiesConsent,walletAddress,walletChain\r\n");
    for i in 0..100_000 {
        let plan = if i % 3 == 0 { "\"pro, yearly\"" } else { "free" };
        text.push_str(&format!("user{i}@example.com,Ann {i},\"Lee\nJr\",{plan},{},0x{i:040x},EVM\r\n", i % 2 == 0));
    }
    let started = std::time::Instant::now();
    let users = read_users_csv(&text);
    let elapsed = started.elapsed();
    println!("100 000 rows, {} MB: {elapsed:?}", text.len() / 1_000_000);
    assert_eq!(users.problems, vec![]);
    assert_eq!(users.rows.len(), 100_000);
    // Each record spans two lines.
    assert_eq!(users.rows[99_999].line, 200_000);
    assert_eq!(
        users.json(3),
        format!(
            r#"{{"email":"user3@example.com","firstName":"Ann 3","lastName":"Lee\nJr","metadata":{{"plan":"pro, yearly"}},"policiesConsent":false,"wallets":[{{"publicWalletAddress":"0x{:040x}","chain":"EVM"}}]}}"#,
            3
        )
    );
    assert_eq!(users.rows[50_000].line, 100_002);
    assert!(users.json(50_000).starts_with(r#"{"email":"user50000@example.com","firstName":"Ann 50000","#));
}

#[test]
fn a_wide_header_over_blank_lines_reserves_no_more_than_the_text_allows() {
    // 2 000 long metadata columns over 100 000 empty rows: an estimate of keys a line would ask
    // for gigabytes, which in wasm would abort the instance instead of failing the allocation.
    let header: Vec<String> = (0..2_000).map(|i| format!("metadata.a_rather_long_key_number_{i}")).collect();
    let text = format!("{}\n{}", header.join(","), ",\n".repeat(100_000));
    let users = read_users_csv(&text);
    assert_eq!(users.rows.len(), 0);
    assert!(users.body.capacity() <= 4 * text.len(), "{} for {} bytes", users.body.capacity(), text.len());
}

/// `parse_users_csv` with `fix: true` and these columns.
fn parse_fixing(text: &str, columns: &[(&str, Option<&str>)]) -> super::ParsedCsv {
    let mut options = CsvOptions { fix: true, ..CsvOptions::default() };
    for (header, target) in columns {
        options.map_column((*header).to_owned(), *target).unwrap();
    }
    super::parse_users_csv(text, &options)
}

/// Each fix as `(index, line, path, from, to)`.
fn fix_list(parsed: &super::ParsedCsv) -> Vec<(usize, u32, &str, &str, &str)> {
    let fixes = parsed.fixes.iter();
    fixes.map(|f| (f.index, f.line.unwrap(), f.path.as_str(), f.from.as_str(), f.to.as_str())).collect()
}

/// The kept rows' lines, and the error issues as `(path, code)`.
fn kept_and_errors(parsed: &super::ParsedCsv) -> (Vec<u32>, Vec<(&str, crate::validate::IssueCode)>) {
    let kept = parsed.kept.iter().map(|&i| parsed.lines[i]).collect();
    let errors = parsed.issues.iter().filter(|i| i.is_error()).map(|i| (i.path.as_str(), i.code)).collect();
    (kept, errors)
}

#[test]
fn a_hubspot_export_imports_with_its_fixes() {
    use crate::validate::IssueCode;
    let parsed = parse_fixing(include_str!("../../tests/fixtures/csv/hubspot-contacts.csv"), &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (0, 2, "phoneNumber", "+1 (917) 111-3333", "+1 917 111-3333"),
            (0, 2, "country", "United States", "US"),
            (1, 3, "email", " grace@example.com", "grace@example.com"),
            (1, 3, "country", "United Kingdom", "GB"),
            (2, 4, "phoneNumber", "(91) 123 4567", "91 123 4567"),
            (2, 4, "country", "spain", "ES"),
            (3, 5, "country", "South Korea", "KR"),
        ]
    );
    // The row with no mechanical fix stays an error, checked after the others were fixed.
    let errors = vec![("row 6: email", IssueCode::InvalidEmail), ("row 6: country", IssueCode::InvalidCountry)];
    assert_eq!(kept_and_errors(&parsed), (vec![2, 3, 4, 5], errors));
    // "Marketing contact status" is no yes-or-no: left unmapped; the mobile number gives way to the main one.
    let unknown: Vec<&str> =
        parsed.issues.iter().filter(|i| i.code == IssueCode::UnknownColumn).map(|i| i.message.as_str()).collect();
    assert!(
        unknown.contains(&"Column \"Mobile Phone Number\" is ignored: column \"Phone Number\" fills phoneNumber."),
        "{unknown:?}"
    );
    assert!(
        unknown.iter().any(|m| m.starts_with("Column \"Marketing contact status\" is not a user field")),
        "{unknown:?}"
    );
}

#[test]
fn a_salesforce_export_imports_with_its_fixes() {
    let parsed = parse_fixing(include_str!("../../tests/fixtures/csv/salesforce-contacts.csv"), &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (0, 2, "phoneNumber", "+33 (1) 44 27 00 00", "+33 1 44 27 00 00"),
            (0, 2, "country", "France", "FR"),
            (1, 3, "email", "NIKOLA@EXAMPLE.COM ", "NIKOLA@EXAMPLE.COM"),
            (1, 3, "phoneNumber", "(212) 555-0199", "212 555-0199"),
            (1, 3, "country", "USA", "US"),
            (2, 4, "country", "Israel", "IL"),
            (3, 5, "firstName", "Rene\u{301}", "Ren\u{e9}"),
            (3, 5, "country", "Vietnam", "VN"),
            (4, 6, "phoneNumber", "+7 (495) 123-45-67", "+7 495 123-45-67"),
            (4, 6, "country", "Russia", "RU"),
            (5, 7, "country", "Czech Republic", "CZ"),
            (6, 8, "country", "Turkey", "TR"),
        ]
    );
    assert_eq!(kept_and_errors(&parsed), ((2..=8).collect(), vec![]));
    let users = read_users_csv(include_str!("../../tests/fixtures/csv/salesforce-contacts.csv"));
    assert!(users.json(0).contains(r#""jobTitle":"Director of Research""#), "Title is the job title");
    assert!(!users.json(2).contains("phoneNumber"), "Mobile gives way to Phone");
}

#[test]
fn a_shopify_export_imports_with_its_fixes() {
    let text = include_str!("../../tests/fixtures/csv/shopify-customers.csv");
    let parsed = parse_fixing(text, &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (1, 3, "email", " liam@example.com ", "liam@example.com"),
            (1, 3, "country", "ca", "CA"),
            (2, 4, "country", "fr", "FR")
        ]
    );
    assert_eq!(kept_and_errors(&parsed), (vec![2, 3, 4, 5], vec![]));
    // The country code column, not the address; Accepts Email Marketing's yes and no.
    let users = read_users_csv(text);
    assert_eq!(
        users.json(0),
        r#"{"firstName":"Mia","lastName":"Wong","email":"mia@example.com","newsletterNotification":true,"country":"US","phoneNumber":"+12125550100"}"#
    );
    assert!(users.json(3).contains(r#""newsletterNotification":false"#));
}

#[test]
fn mailchimp_and_google_contacts_exports_import_with_their_fixes() {
    let parsed = parse_fixing(include_str!("../../tests/fixtures/csv/mailchimp-audience.csv"), &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (0, 2, "phoneNumber", "(555) 010-0100", "555 010-0100"),
            (1, 3, "email", " alex@example.com", "alex@example.com"),
            (1, 3, "phoneNumber", "+1 (555) 010-0101", "+1 555 010-0101"),
        ]
    );
    assert_eq!(kept_and_errors(&parsed), (vec![2, 3, 4], vec![]));
    let parsed = parse_fixing(include_str!("../../tests/fixtures/csv/google-contacts.csv"), &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (0, 2, "country", "United Kingdom", "GB"),
            (1, 3, "phoneNumber", "+44 (0)20 7946 0000", "+44 0 20 7946 0000"),
            (1, 3, "country", "UK", "GB"),
            (2, 4, "phoneNumber", "(757) 555-0100", "757 555-0100"),
            (2, 4, "country", "United States of America", "US"),
        ]
    );
    // Two addresses in one cell (" ::: ") pass the API's pattern: a warning with no fix.
    assert_eq!(kept_and_errors(&parsed), (vec![2, 3, 4], vec![]));
    let warning = parsed.issues.iter().find(|i| i.path == "row 3: email").unwrap();
    assert_eq!((warning.line, &warning.fix), (Some(3), &None));
}

#[test]
fn a_german_semicolon_file_maps_through_columns() {
    let text = include_str!("../../tests/fixtures/csv/excel-de-semicolons.csv");
    let columns = [
        ("E-Mail", Some("email")),
        ("Vorname", Some("firstName")),
        ("Nachname", Some("lastName")),
        ("Land", Some("country")),
        ("Telefon", Some("phoneNumber")),
        ("Umsatz", Some("metadata.umsatz")),
        ("Newsletter", None),
    ];
    let parsed = parse_fixing(text, &columns);
    assert_eq!(
        fix_list(&parsed),
        [
            (0, 2, "country", "Deutschland", "DE"),
            (0, 2, "phoneNumber", "+49 (30) 1234567", "+49 30 1234567"),
            (1, 3, "email", " bob@example.at ", "bob@example.at"),
            (1, 3, "country", "\u{d6}sterreich", "AT"),
            (2, 4, "country", "Schweiz", "CH"),
        ]
    );
    assert_eq!(kept_and_errors(&parsed), (vec![2, 3, 4, 5], vec![]));
    assert_eq!(parsed.issues, vec![], "every column mapped or ignored: no warning");
    // Without columns the German headers are unknown, but the delimiter is still found.
    let users = read_users_csv(text);
    assert_eq!(users.problems, vec![]);
    assert!(users.json(3).starts_with(r#"{"email":"dieter@example.de""#), "{}", users.json(3));
}

#[test]
fn the_delimiter_is_detected_from_the_header_outside_quotes() {
    let a = |line| row(line, r#"{"email":"a@b.co","firstName":"A"}"#);
    assert_eq!(rows("email;firstName\na@b.co;A\n"), vec![a(2)]);
    assert_eq!(rows("email\tfirstName\na@b.co\tA\n"), vec![a(2)]);
    assert_eq!(rows("email|firstName\na@b.co|A\n"), vec![a(2)]);
    // Commas inside a quoted header cell do not count; a tie goes to the comma.
    assert_eq!(rows("\"n,o,t,e\";email;firstName\nx;a@b.co;A\n"), vec![a(2)]);
    assert_eq!(rows("email,firstName;x\na@b.co,A;y\n"), vec![row(2, r#"{"email":"a@b.co"}"#)]);
    assert_eq!(rows("\r\n\r\nemail|firstName\r\na@b.co|A"), vec![a(4)]);
    // Given, it is used as it is.
    let options = CsvOptions { delimiter: Some(b'|'), ..CsvOptions::default() };
    let users = super::read_users_csv("email;x|firstName\na@b.co;y|A\n", &options);
    assert_eq!(lines_and_json(&users), [(2, r#"{"firstName":"A"}"#)]);
}

#[test]
fn the_callers_columns_win_and_null_ignores_without_a_warning() {
    let mut options = CsvOptions::default();
    options.map_column("Mail".into(), Some("email")).unwrap();
    options.map_column("Email".into(), None).unwrap();
    options.map_column("Opt-in".into(), Some("newsletterNotification")).unwrap();
    options.map_column("Firma".into(), Some("metadata.company")).unwrap();
    options.map_column("Wallet".into(), Some("walletAddress")).unwrap();
    let users =
        super::read_users_csv("Email,Mail,Opt-in,Firma,Wallet,Notes\nold@b.co,a@b.co,Yes,ACME,abc,hi\n", &options);
    assert_eq!(
        lines_and_json(&users),
        [(
            2,
            r#"{"email":"a@b.co","newsletterNotification":true,"metadata":{"company":"ACME"},"wallets":[{"publicWalletAddress":"abc"}]}"#
        )]
    );
    let unknown: Vec<&str> = users.unknown_columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(unknown, ["Notes"]);
    // A chosen column beats an exact name; two chosen for one field are the file's problem.
    let mut options = CsvOptions::default();
    options.map_column("A".into(), Some("email")).unwrap();
    options.map_column("B".into(), Some("email")).unwrap();
    assert_eq!(super::read_users_csv("A,B\nx,y\n", &options).problems.len(), 1);
}

#[test]
fn boolean_cells_take_the_usual_yes_and_no_forms() {
    let header = "email,policiesConsent\n";
    for (cell, value) in [
        ("true", "true"),
        ("TRUE", "true"),
        ("yes", "true"),
        ("Yes", "true"),
        ("y", "true"),
        ("Y", "true"),
        ("1", "true"),
        ("x", "true"),
        ("X", "true"),
        (" yes ", "true"),
        ("false", "false"),
        ("No", "false"),
        ("n", "false"),
        ("N", "false"),
        ("0", "false"),
    ] {
        let users = read_users_csv(&format!("{header}a@b.co,{cell}\n"));
        assert_eq!(users.json(0), format!(r#"{{"email":"a@b.co","policiesConsent":{value}}}"#), "{cell:?}");
    }
    assert_eq!(read_users_csv(&format!("{header}a@b.co,\n")).json(0), r#"{"email":"a@b.co"}"#, "empty: absent");
    for cell in ["ja", "maybe", "2", "on", "✓"] {
        let parsed = parse_fixing(&format!("{header}a@b.co,{cell}\n"), &[]);
        assert_eq!(parsed.kept, Vec::<usize>::new(), "{cell:?}");
        assert!(parsed.issues[0].message.contains("yes, no, y, n, 1, 0 or x"), "{:?}", parsed.issues);
        assert!(parsed.fixes.is_empty(), "no mechanical fix for {cell:?}");
    }
}

#[test]
fn without_fix_issues_carry_their_fix_and_line_and_nothing_changes() {
    let text = "email,country\n a@b.co,Germany\n";
    let parsed = super::parse_users_csv(text, &CsvOptions::default());
    assert!(parsed.kept.is_empty() && parsed.fixes.is_empty());
    let fixes: Vec<_> = parsed.issues.iter().map(|i| (i.path.as_str(), i.line, i.fix.as_deref())).collect();
    assert_eq!(fixes, [("row 2: email", Some(2), Some("a@b.co")), ("row 2: country", Some(2), Some("DE"))]);
}

#[test]
fn a_fixed_row_is_checked_again_repeats_included() {
    // Row 3 becomes a repeat of row 2 once trimmed: the repeat is found on the fixed value.
    let parsed = parse_fixing("email,username,country\na@b.co,ann,DE\n A@B.CO ,bob,uk\nc@d.co,Ann ,fr\n", &[]);
    assert_eq!(
        fix_list(&parsed),
        [
            (1, 3, "email", " A@B.CO ", "A@B.CO"),
            (1, 3, "country", "uk", "GB"),
            (2, 4, "username", "Ann ", "Ann"),
            (2, 4, "country", "fr", "FR")
        ]
    );
    let (kept, errors) = kept_and_errors(&parsed);
    use crate::validate::IssueCode::*;
    assert_eq!(
        (kept, errors),
        (vec![2], vec![("row 3: email", DuplicateEmail), ("row 4: username", DuplicateUsername)])
    );
    // Only what was fixed is copied: the tape holds the fixed text.
    let text = "email,username,country\na@b.co,ann,DE\n A@B.CO ,bob,uk\nc@d.co,Ann ,fr\n";
    let parsed = parse_fixing(text, &[]);
    let text16: Vec<u16> = text.encode_utf16().collect();
    let copied: Vec<u16> = parsed.tape.copied.encode_utf16().collect();
    let (user, _) = super::tape::tests::row_json(&parsed.tape, &text16, &copied, parsed.tape.rows[1]);
    assert_eq!(user, serde_json::json!({ "email": "A@B.CO", "username": "bob", "country": "GB" }));
}

#[test]
fn the_import_reads_fixed_rows_and_lists_the_fixes() {
    let options = CsvOptions { fix: true, ..CsvOptions::default() };
    let users = super::read_users_csv(
        "email;Country/Region;phone\n a@b.co;Turkey;(212) 555-0199\nb@b.co;Atlantis;1\n",
        &options,
    );
    assert_eq!(
        lines_and_json(&users),
        [
            (2, r#"{"email":"a@b.co","country":"TR","phoneNumber":"212 555-0199"}"#),
            (3, r#"{"email":"b@b.co","country":"Atlantis","phoneNumber":"1"}"#),
        ]
    );
    let paths: Vec<_> = users.fixes.iter().map(|f| (f.index, f.line, f.path.as_str())).collect();
    assert_eq!(paths, [(0, Some(2), "email"), (0, Some(2), "country"), (0, Some(2), "phoneNumber")]);
}

#[test]
fn rows_with_other_cell_counts_or_nul_bytes_are_refused_alone() {
    let parsed = parse_fixing("email,firstName\na@b.co,A\nb@b.co\nc@b.co,C,x\nd@b.co,D\u{0}\ne@b.co,E\n", &[]);
    let (kept, errors) = kept_and_errors(&parsed);
    use crate::validate::IssueCode::InvalidCsv;
    assert_eq!((kept, errors), (vec![2, 6], vec![("row 3", InvalidCsv), ("row 4", InvalidCsv), ("row 5", InvalidCsv)]));
    assert!(parsed.issues[2].message.contains("NUL"), "{:?}", parsed.issues[2]);
    assert_eq!(parsed.issues.iter().map(|i| i.line).collect::<Vec<_>>(), [Some(3), Some(4), Some(5)]);
}

mod custom_fields {
    use super::*;
    use crate::import::{prepare, Checked, Input, RowChecker};
    use crate::validate::{CustomFields, IssueCode, Matcher};

    const FIELDS: &str = r#"[
      {"name":"kycId","label":"KYC ID","fieldType":"text","required":true,"validationRules":{"regex":"^[A-Z]{2}\\d{4}$","unique":true}},
      {"name":"tier","fieldType":"select","validationRules":{"validOptions":[{"label":"Gold"},{"label":"Silver"}]}},
      {"name":"terms","fieldType":"checkbox","required":true}
    ]"#;

    fn fields() -> CustomFields {
        let mut compile =
            |p: &str| regex::Regex::new(p).ok().map(|re| Box::new(move |v: &str| re.is_match(v)) as Matcher);
        CustomFields::parse(FIELDS, &mut compile).unwrap()
    }

    fn options(custom: &CustomFields) -> CsvOptions {
        let mut options = CsvOptions::default();
        options.map_custom_fields(custom);
        options
    }

    const CSV: &str = "email,KYC ID,Tier,terms\n\
        a@x.io,AB1234,Gold,yes\n\
        b@x.io,ab1234,Gold,yes\n\
        c@x.io,AB1234,Bronze,no\n\
        d@x.io,CD1234,,x\n";

    #[test]
    fn columns_named_like_a_field_or_its_label_fill_its_metadata_and_checkboxes_are_booleans() {
        let custom = fields();
        let users = super::super::read_users_csv(CSV, &options(&custom));
        assert_eq!(users.json(0), r#"{"email":"a@x.io","metadata":{"kycId":"AB1234","tier":"Gold","terms":true}}"#);
        assert_eq!(users.json(2), r#"{"email":"c@x.io","metadata":{"kycId":"AB1234","tier":"Bronze","terms":false}}"#);
        // The caller's own choice wins over a custom field's name.
        let mut chosen = CsvOptions::default();
        chosen.map_column("Tier".into(), None).unwrap();
        chosen.map_custom_fields(&custom);
        let users = super::super::read_users_csv(CSV, &chosen);
        assert_eq!(users.json(3), r#"{"email":"d@x.io","metadata":{"kycId":"CD1234","terms":true}}"#);
    }

    #[test]
    fn parse_users_csv_checks_each_row_and_repeats_across_the_file() {
        let custom = fields();
        let parsed = parse_users_csv_with(CSV, &options(&custom), Some(&custom));
        let issues: Vec<(&str, IssueCode)> = parsed.issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            issues,
            [
                ("row 3: metadata.kycId", IssueCode::CustomFieldPattern),
                ("row 4: metadata.tier", IssueCode::CustomFieldOption),
                ("row 4: metadata.terms", IssueCode::CustomFieldRequired),
                ("row 4: metadata.kycId", IssueCode::CustomFieldDuplicate),
            ]
        );
        assert_eq!(parsed.kept, [0, 3]);
        // The tape builds the same booleans the JSON rows hold.
        let text16: Vec<u16> = CSV.encode_utf16().collect();
        let copied: Vec<u16> = parsed.tape.copied.encode_utf16().collect();
        let (user, _) = super::super::tape::tests::row_json(&parsed.tape, &text16, &copied, parsed.tape.rows[0]);
        let sent = super::super::read_users_csv(CSV, &options(&custom));
        assert_eq!(user, serde_json::from_str::<serde_json::Value>(sent.json(0)).unwrap());
        assert_eq!(user["metadata"]["terms"], serde_json::Value::Bool(true));
        // Without custom fields nothing of this is checked.
        assert!(parse_users_csv(CSV, &CsvOptions::default()).issues.iter().all(|i| i.code == IssueCode::UnknownColumn));
    }

    #[test]
    fn import_rows_are_held_to_the_fields_and_repeats_across_the_input() {
        let custom = fields();
        let mut input = Input::from_json(
            r#"[{"email":"a@x.io","metadata":{"kycId":"AB1234","terms":true}},
               {"email":"b@x.io","metadata":{"terms":true}},
               {"email":"c@x.io","metadata":{"kycId":"AB1234","terms":true}},
               {"email":"d@x.io","metadata":{"kycId":"CD1234","terms":true}}]"#
                .into(),
        )
        .unwrap();
        input.check_custom_fields(&custom);
        let verdicts: Vec<Result<usize, (usize, IssueCode)>> = RowChecker::new(&mut input)
            .map(|checked| match checked {
                Checked::Ready(row, _) => Ok(row.row.index),
                Checked::Rejected(row) => Err((row.row.index, row.issues[0].code)),
            })
            .collect();
        assert_eq!(
            verdicts,
            [Ok(0), Err((1, IssueCode::CustomFieldRequired)), Err((2, IssueCode::CustomFieldDuplicate)), Ok(3)]
        );
        // CSV input: the same rules on the rows as read, issues by line.
        let mut input = Input::from_csv_with(CSV, &options(&custom)).unwrap();
        input.check_custom_fields(&custom);
        let prepared = prepare(input);
        let rejected: Vec<(usize, &str)> =
            prepared.rejected.iter().map(|r| (r.row.index, r.issues[0].path.as_str())).collect();
        assert_eq!(rejected, [(1, "row 3: metadata.kycId"), (2, "row 4: metadata.tier")]);
    }
}

/// The NUL search 16 bytes a step finds what `contains` does, wherever the NUL is.
#[test]
fn nul_bytes_are_found_anywhere() {
    for len in 0..40 {
        let mut bytes = vec![b'a'; len];
        assert!(!holds_nul(&bytes));
        for at in 0..len {
            bytes[at] = 0;
            assert!(holds_nul(&bytes), "{len} {at}");
            // Bytes around a NUL that a borrow could mistake: 0x01 and 0x80.
            bytes[at] = 0x01;
            assert!(!holds_nul(&bytes), "{len} {at}");
            bytes[at] = 0x80;
            assert!(!holds_nul(&bytes), "{len} {at}");
            bytes[at] = b'a';
        }
    }
}

/// `parse_boolean` takes what a word-by-word comparison takes, in any case, with spaces around.
#[test]
fn boolean_cells_as_word_by_word() {
    fn word_by_word(cell: &str) -> Option<bool> {
        let cell = cell.trim();
        let is = |word: &str| cell.eq_ignore_ascii_case(word);
        if is("true") || is("yes") || is("y") || is("x") || cell == "1" {
            Some(true)
        } else if is("false") || is("no") || is("n") || cell == "0" {
            Some(false)
        } else {
            None
        }
    }
    let parts = ["t", "R", "u", "e", "f", "A", "l", "s", "y", "N", "o", "x", "1", "0", " ", "\u{A0}", "é", "İ", "K"];
    let mut rng = Rng(5);
    for _ in 0..50_000 {
        let len = (rng.next() % 8) as usize;
        let cell: String = (0..len).map(|_| parts[(rng.next() % parts.len() as u64) as usize]).collect();
        assert_eq!(row::parse_boolean(&cell), word_by_word(&cell), "{cell:?}");
    }
    for cell in ["TRUE", " yes ", "Y", "x", "1", "False", "no", "N", "0", "\u{A0}no\u{2003}", "nO", "10", "truee", "ye"]
    {
        assert_eq!(row::parse_boolean(cell), word_by_word(cell), "{cell:?}");
    }
}

/// The first line's `sep=` and the header's delimiter, found by bytes, as core's `char` patterns
/// (`split`, `trim_start_matches`) found them, on random lines of line breaks, delimiters,
/// quotes and non-ASCII text.
#[test]
fn separator_and_delimiter_by_bytes_as_by_char_patterns() {
    fn separator_by_chars(text: &str) -> Option<u8> {
        let line = text.split(['\r', '\n']).next().unwrap_or_default();
        let (sep, delimiter) = (line.get(..4)?, line.as_bytes().get(4..)?);
        (sep.eq_ignore_ascii_case("sep=") && delimiter.len() == 1 && DELIMITERS.contains(&delimiter[0]))
            .then(|| delimiter[0])
    }
    fn delimiter_by_chars(text: &str) -> u8 {
        let mut counts = [0usize; DELIMITERS.len()];
        let mut quoted = false;
        for &b in text.trim_start_matches(['\r', '\n']).as_bytes() {
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
    const PIECES: [&str; 14] = ["\r", "\n", "\r\n", "sep=", "SeP=", ",", ";", "\t", "|", "\"", "é", "email", "", "😀"];
    let mut rng = Rng(11);
    for _ in 0..50_000 {
        let text: String = (0..rng.next() % 9).map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize]).collect();
        assert_eq!(separator_line(&text), separator_by_chars(&text), "{text:?}");
        assert_eq!(detect_delimiter(&text), delimiter_by_chars(&text), "{text:?}");
    }
}
