use super::*;
use crate::test_rng::Rng;

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
    // A semicolon file is then explained as one.
    let users = read_users_csv("sep=;\nemail;firstName\na@b.co;A\n");
    assert!(users.problems[0].message.contains("separated by \";\""), "{:?}", users.problems);
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
}

#[test]
fn short_rows_have_empty_cells_and_long_rows_are_a_problem_of_their_own() {
    // Trailing empty cells past the header (line 4) carry nothing and are no problem.
    let users = read_users_csv("email,alias,team\na@b.co\nc@d.co,x,y,z,\ne@f.co,,t,\n");
    assert_eq!(users.problems, vec![], "not the file's: the row's");
    let problems: Vec<_> = users.rows.iter().map(|row| row.problem.as_deref()).collect();
    assert_eq!(
        problems,
        [
            None,
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
    };
    assert_eq!(read_users_csv(""), none);
    assert_eq!(read_users_csv("\u{FEFF}"), none);
    assert_eq!(read_users_csv("\r\n\n"), none);
    for text in ["email,alias", "email,alias\n", "email,alias\r\n\r\n"] {
        assert_eq!(
            read_users_csv(text),
            CsvUsers { body: "[]".into(), rows: vec![], unknown_columns: vec![], problems: vec![] }
        );
    }
}

#[test]
fn control_characters_and_non_ascii_make_valid_json() {
    let users = read_users_csv("alias,metadata.k\\ey\n\"\u{0}\u{1f}\\\u{7f}é😀\u{2028}\",\"\u{8}\u{c}\"\n");
    assert_eq!(
        users.json(0),
        "{\"alias\":\"\\u0000\\u001f\\\\\u{7f}é😀\u{2028}\",\"metadata\":{\"k\\\\ey\":\"\\u0008\\u000c\"}}"
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
