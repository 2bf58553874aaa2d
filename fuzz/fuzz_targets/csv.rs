//! parseUsersCsv's core on any text: every data row ends up kept or refused, never lost.
#![no_main]
use dynamic_users::csv::parse_users_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_users_csv(&text);
    let prepared = &parsed.prepared;
    assert_eq!(prepared.ready.len() + prepared.rejected.len(), prepared.input.len());
});
