use super::*;
use crate::validate::{validate_json_with, Severity, MAX_ISSUES};

/// Compiles as the wasm's `new RegExp(regex)` would, for the patterns these tests use (the
/// `regex` crate has no look-around: such patterns count as not compiling here).
fn regex_compiler() -> impl FnMut(&str) -> Option<Matcher> {
    |pattern: &str| regex::Regex::new(pattern).ok().map(|re| Box::new(move |v: &str| re.is_match(v)) as Matcher)
}

fn fields(json: &str) -> CustomFields {
    CustomFields::parse(json, &mut regex_compiler()).unwrap()
}

const KYC: &str = r#"[
  {"id":"1","key":"kyc","name":"kycId","enabled":true,"required":true,"fieldType":"text","position":0,
   "validationRules":{"regex":"^[A-Z]{2}\\d{4}$","unique":true}},
  {"id":"2","key":"tier","name":"tier","enabled":true,"required":false,"fieldType":"select","position":1,
   "validationRules":{"validOptions":[{"label":"Gold","key":"g"},{"label":"Silver"}]}},
  {"id":"3","key":"terms","name":"terms","enabled":true,"required":true,"fieldType":"checkbox","position":2,
   "validationRules":{"checkboxText":"I accept the terms"}},
  {"id":"4","key":"off","name":"off","enabled":false,"required":true,"fieldType":"text","position":3},
  {"id":"5","key":"nick","name":"nick","enabled":true,"required":false,"fieldType":"text","position":4,"futureMember":1}
]"#;

fn check(body: Body, text: &str) -> Vec<(String, IssueCode)> {
    let issues = validate_json_with(body, text, Some(&fields(KYC))).issues;
    issues.into_iter().map(|i| (i.path, i.code)).collect()
}

#[test]
fn a_report_with_custom_fields_is_capped_once() {
    // 1 500 users, each missing the two required fields and one with a bad email too: the report
    // lists 1 000 issues in row order and one that counts the other 2 001.
    let rows: Vec<String> = (0..1500)
        .map(|i| if i == 10 { r#"{"email":"x"}"#.to_owned() } else { format!(r#"{{"email":"u{i}@example.com"}}"#) })
        .collect();
    let text = format!("[{}]", rows.join(","));
    let report = validate_json_with(Body::BulkUsers, &text, Some(&fields(KYC)));
    assert_eq!(report.issues.len(), MAX_ISSUES + 1);
    assert_eq!(report.issues[20].path, "[10].email");
    assert_eq!(report.issues[21].path, "[10].metadata.kycId");
    let last = report.issues.last().unwrap();
    assert_eq!(last.code, IssueCode::TooManyIssues);
    assert!(last.message.starts_with("2001 more issues"), "{}", last.message);
}

fn codes(body: Body, text: &str) -> Vec<IssueCode> {
    check(body, text).into_iter().map(|(_, c)| c).collect()
}

#[test]
fn each_rule_and_its_code() {
    let good = r#"{"email":"a@x.io","metadata":{"kycId":"AB1234","tier":"Gold","terms":true}}"#;
    assert!(check(Body::NewUser, good).is_empty());
    // Required: missing, empty, null, no metadata at all; a checkbox must be true.
    assert_eq!(
        check(Body::NewUser, r#"{"metadata":{"kycId":"","terms":false}}"#),
        [
            ("metadata.kycId".to_owned(), IssueCode::CustomFieldRequired),
            ("metadata.terms".into(), IssueCode::CustomFieldRequired)
        ]
    );
    assert_eq!(codes(Body::NewUser, r#"{"email":"a@x.io"}"#), [IssueCode::CustomFieldRequired; 2]);
    assert_eq!(codes(Body::NewUser, r#"{"metadata":{"kycId":null,"terms":true}}"#), [IssueCode::CustomFieldRequired]);
    // Pattern, option (by label, exactly), types.
    let bad = r#"{"metadata":{"kycId":"ab1234","tier":"gold","terms":"yes","nick":5}}"#;
    assert_eq!(
        check(Body::NewUser, bad),
        [
            ("metadata.kycId".to_owned(), IssueCode::CustomFieldPattern),
            ("metadata.tier".into(), IssueCode::CustomFieldOption),
            ("metadata.terms".into(), IssueCode::InvalidType),
            ("metadata.nick".into(), IssueCode::InvalidType),
        ]
    );
    let mut issues = Vec::new();
    fields(KYC).check_body(Body::NewUser, bad, &mut issues);
    assert_eq!(issues[1].fix.as_deref(), Some("Gold"), "a select value in another case has its fix");
    assert_eq!(issues[1].message, r#"metadata.tier has no option "gold": use "Gold"."#);
    assert!(issues[0].message.contains("^[A-Z]{2}\\\\d{4}$"), "{}", issues[0].message);
    let mut issues = Vec::new();
    fields(KYC).check_body(
        Body::NewUser,
        r#"{"metadata":{"kycId":"AB1234","tier":"Bronze","terms":true}}"#,
        &mut issues,
    );
    assert_eq!(issues[0].message, r#"metadata.tier has no option "Bronze": use "Gold" or "Silver"."#);
    assert!(issues.iter().all(|i| i.severity == Severity::Error));
    // A disabled field does not apply; a pattern is a search, as RegExp.test is.
    assert!(check(Body::NewUser, r#"{"metadata":{"kycId":"AB1234","terms":true,"off":""}}"#).is_empty());
}

#[test]
fn updates_are_checked_only_when_they_set_metadata() {
    assert!(check(Body::UserUpdate, r#"{"firstName":"Ada"}"#).is_empty());
    assert_eq!(codes(Body::UserUpdate, r#"{"metadata":{"terms":true}}"#), [IssueCode::CustomFieldRequired]);
}

#[test]
fn unique_values_repeat_across_rows_in_row_order() {
    let rows = r#"[
      {"email":"a@x.io","metadata":{"kycId":"AB1234","terms":true}},
      {"email":"bad","metadata":{"kycId":"CD1234","terms":true}},
      {"email":"c@x.io","metadata":{"kycId":"AB1234","terms":true}},
      {"email":"d@x.io","metadata":{"kycId":"AB1234","terms":false}}
    ]"#;
    assert_eq!(
        check(Body::BulkUsers, rows),
        [
            ("[1].email".to_owned(), IssueCode::InvalidEmail),
            ("[2].metadata.kycId".into(), IssueCode::CustomFieldDuplicate),
            ("[3].metadata.terms".into(), IssueCode::CustomFieldRequired),
            ("[3].metadata.kycId".into(), IssueCode::CustomFieldDuplicate),
        ]
    );
    let mut issues = Vec::new();
    fields(KYC).check_body(Body::BulkUsers, rows, &mut issues);
    let repeat = issues.iter().find(|i| i.path == "[3].metadata.kycId").unwrap();
    assert!(repeat.message.contains("row 0"), "{}", repeat.message);
    // A value that is not unique-checked (not a string, empty) never repeats.
    assert!(codes(
        Body::BulkUsers,
        r#"[{"metadata":{"kycId":"","terms":true}},{"metadata":{"kycId":"","terms":true}}]"#
    )
    .iter()
    .all(|c| *c == IssueCode::CustomFieldRequired));
}

#[test]
fn a_pattern_that_does_not_compile_is_one_warning_and_the_field_unchecked() {
    let f = fields(r#"[{"name":"code","fieldType":"text","required":true,"validationRules":{"regex":"(unclosed"}}]"#);
    let mut issues = Vec::new();
    f.check_body(Body::BulkUsers, r#"[{"metadata":{"code":"x"}},{"metadata":{"code":"y"}}]"#, &mut issues);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!((issues[0].code, issues[0].severity), (IssueCode::CustomFieldUnchecked, Severity::Warning));
    assert_eq!(issues[0].path, "metadata.code");
    // Required still applies.
    let mut issues = Vec::new();
    f.check_body(Body::NewUser, "{}", &mut issues);
    assert_eq!(
        issues.iter().map(|i| i.code).collect::<Vec<_>>(),
        [IssueCode::CustomFieldUnchecked, IssueCode::CustomFieldRequired]
    );
}

#[test]
fn values_too_long_to_match_safely_are_a_warning() {
    // Polynomial backtracking (`a*a*…`): bounded by the value's length.
    let f = fields(r#"[{"name":"n","fieldType":"text","validationRules":{"regex":"^a*a*a*b$"}}]"#);
    let long = format!(r#"{{"metadata":{{"n":"{}!"}}}}"#, "a".repeat(MAX_PATTERN_INPUT));
    let mut issues = Vec::new();
    f.check_body(Body::NewUser, &long, &mut issues);
    assert_eq!(
        issues.iter().map(|i| (i.code, i.severity)).collect::<Vec<_>>(),
        [(IssueCode::CustomFieldUnchecked, Severity::Warning)]
    );
    let mut issues = Vec::new();
    f.check_body(Body::NewUser, r#"{"metadata":{"n":"aaa!"}}"#, &mut issues);
    assert_eq!(issues[0].code, IssueCode::CustomFieldPattern);
}

#[test]
fn patterns_that_repeat_a_repeating_group_are_not_run() {
    for evil in [
        "^(a+)+$",
        "(a*)*",
        "^(\\w+\\s?)*$",
        "(?:x{2,})+",
        "((ab)+c)*",
        "^([a-z0-9]+[-.]?)*@",
        "(a{1,3}){2,}",
        "(?<n>\\d+)+",
    ] {
        assert!(nests_quantifiers(evil), "{evil}");
    }
    for fine in [
        "^[A-Z]{2}\\d{4}$",
        "(\\d{3}-)+",
        "(a+){2}",
        "(a|b)+",
        "[(a+)]+",
        "\\(a+\\)+",
        "a{,3}+",
        "(?:ab)*c+",
        "^(a+b)?$",
        "",
        "((",
    ] {
        assert!(!nests_quantifiers(fine), "{fine}");
    }
    // Such a pattern is never run: one warning for the field, and a short value that would take
    // seconds (30 characters) is not matched.
    let f = fields(r#"[{"name":"n","fieldType":"text","validationRules":{"regex":"^(a+)+$"}}]"#);
    let value = format!(r#"{{"metadata":{{"n":"{}!"}}}}"#, "a".repeat(30));
    let mut issues = Vec::new();
    f.check_body(Body::NewUser, &value, &mut issues);
    assert_eq!(
        issues.iter().map(|i| (i.path.as_str(), i.code)).collect::<Vec<_>>(),
        [("metadata.n", IssueCode::CustomFieldUnchecked)]
    );
    assert!(issues[0].message.contains("exponential time"), "{}", issues[0].message);
}

#[test]
fn validate_field_takes_metadata_paths() {
    let f = fields(KYC);
    fn value(text: &str) -> Json<'_> {
        json::parse(text).unwrap()
    }
    assert_eq!(f.check_field("metadata.kycId", Some(&value("\"AB1234\""))), Some(vec![]));
    assert_eq!(f.check_field("metadata.kycId", None).unwrap()[0].code, IssueCode::CustomFieldRequired);
    assert_eq!(f.check_field("metadata.tier", Some(&value("\"Bronze\""))).unwrap()[0].path, "metadata.tier");
    assert_eq!(f.check_field("metadata.terms", Some(&value("false"))).unwrap()[0].code, IssueCode::CustomFieldRequired);
    assert_eq!(f.check_field("metadata.plan", None), None, "not a custom field");
    assert_eq!(f.check_field("metadata.off", None), None, "disabled");
    assert_eq!(f.check_field("kycId", None), None);
}

#[test]
fn wrong_shapes_are_named() {
    let error = |json: &str| CustomFields::parse(json, &mut regex_compiler()).err().unwrap_or_default();
    assert_eq!(error("{}"), "options.customFields must be an array of custom fields, as getCustomFields returns.");
    assert_eq!(error("[1]"), "options.customFields[0] must be an object.");
    assert_eq!(error(r#"[{"fieldType":"text"}]"#), "options.customFields[0].name must be a non-empty string.");
    assert_eq!(error(r#"[{"name":1,"fieldType":"text"}]"#), "options.customFields[0].name must be a string.");
    assert_eq!(
        error(r#"[{"name":"","fieldType":"text"}]"#),
        "options.customFields[0].name must be a non-empty string."
    );
    assert_eq!(
        error(r#"[{"name":"a","fieldType":"date"}]"#),
        r#"options.customFields[0].fieldType must be "text", "checkbox" or "select"."#
    );
    assert_eq!(
        error(r#"[{"name":"a","fieldType":"text","enabled":"yes"}]"#),
        "options.customFields[0].enabled must be true or false."
    );
    assert_eq!(
        error(r#"[{"name":"a","fieldType":"text","validationRules":[]}]"#),
        "options.customFields[0].validationRules must be an object."
    );
    assert_eq!(
        error(r#"[{"name":"a","fieldType":"select","validationRules":{"validOptions":[{"key":"x"}]}}]"#),
        "options.customFields[0].validationRules.validOptions[0].label must be a string."
    );
    assert_eq!(
        error(r#"[{"name":"a","fieldType":"text","validationRules":{"regex":1}}]"#),
        "options.customFields[0].validationRules.regex must be a string."
    );
    // Nulls the API may send for absent rules are absent.
    assert!(CustomFields::parse(
        r#"[{"name":"a","fieldType":"text","validationRules":{"regex":null,"unique":null}}]"#,
        &mut regex_compiler()
    )
    .is_ok());
    assert!(fields("[]").is_empty());
}

#[test]
fn columns_name_and_label() {
    let f = fields(r#"[{"name":"kycId","label":"KYC id","fieldType":"text"},{"name":"terms","fieldType":"checkbox"}]"#);
    assert_eq!(f.columns().collect::<Vec<_>>(), [("kycId", Some("KYC id")), ("terms", None)]);
    assert!(f.is_checkbox("terms") && !f.is_checkbox("kycId"));
}
