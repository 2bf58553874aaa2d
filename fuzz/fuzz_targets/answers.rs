//! What comes back from the network: Retry-After values, success and error bodies, bulk answers,
//! and the typed response models.
#![no_main]
use dynamic_users::client::response::{check_success, decode_failure, Expect};
use dynamic_users::client::retry::parse_retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(ms) = parse_retry_after(&text, 1_700_000_000_000.0) {
        assert!(ms >= 0.0);
    }
    let _ = check_success(200, &text, Expect::User);
    let _ = check_success(201, &text, Expect::Bulk);
    let error = decode_failure(422, &text, None);
    assert!(error.message.len() < 1000);
    let _ = dynamic_users::import::answer_entries(&text);
    if let Ok(answer) = serde_json::from_str::<dynamic_users::model::BulkUserCreateResponse>(&text) {
        // What decodes encodes again (unknown fields included).
        assert!(serde_json::to_string(&answer).is_ok());
    }
    let _ = serde_json::from_str::<dynamic_users::model::UserResponse>(&text);
});
