//! Every validator on arbitrary text: JSON or not, any depth, any strings. Must never panic, and
//! lists at most MAX_ISSUES issues and one that counts the rest.
#![no_main]
use dynamic_users::validate::{validate_field_json, validate_json, Body, IssueCode, ValidationIssue, MAX_ISSUES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for body in [Body::UserUpdate, Body::NewUser, Body::BulkUsers] {
        let report = validate_json(body, text);
        assert_eq!(report.valid, !report.issues.iter().any(|i| i.is_error()));
        capped(&report.issues);
    }
    // The first line names the field, the rest is its value.
    let (field, value) = text.split_once('\n').unwrap_or((text, "null"));
    capped(&validate_field_json(field, Some(value)));
    capped(&validate_field_json(field, None));
});

fn capped(issues: &[ValidationIssue]) {
    assert!(issues.len() <= MAX_ISSUES + 1);
    let counted = issues.iter().position(|i| i.code == IssueCode::TooManyIssues);
    assert!(counted.is_none_or(|at| at == MAX_ISSUES && at + 1 == issues.len()), "{counted:?} of {}", issues.len());
}
