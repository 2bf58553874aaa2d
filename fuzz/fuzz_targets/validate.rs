//! Every validator on arbitrary text: JSON or not, any depth, any strings. Must never panic.
#![no_main]
use dynamic_users::validate::{validate_field_json, validate_json, Body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for body in [Body::UserUpdate, Body::NewUser, Body::BulkUsers] {
        let report = validate_json(body, text);
        assert_eq!(report.valid, !report.issues.iter().any(|i| i.is_error()));
    }
    // The first line names the field, the rest is its value.
    let (field, value) = text.split_once('\n').unwrap_or((text, "null"));
    let _ = validate_field_json(field, Some(value));
    let _ = validate_field_json(field, None);
});
