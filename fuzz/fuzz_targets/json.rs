//! Our JSON reader against serde_json on arbitrary text: the same texts accepted, the same values
//! read, whether read as a tree or skipped, and the same items found in an array (as `RawValue`s).
//! Must never panic.
#![no_main]
use dynamic_users::json::{Json, Reader};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = Reader::new(text).read_whole::<Json>();
    match (ours, serde_json::from_str::<Json>(text)) {
        (Ok(ours), Ok(theirs)) => assert!(ours.same_as(&theirs), "{ours:?} / {theirs:?}"),
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!("ours {ours:?}, serde_json {theirs:?}"),
    }
    let ours = Reader::new(text).read_whole::<IgnoredAny>();
    assert_eq!(ours.is_ok(), serde_json::from_str::<IgnoredAny>(text).is_ok());
    let base = text.as_ptr() as usize;
    let theirs = serde_json::from_str::<Vec<&RawValue>>(text).ok().map(|items| {
        items
            .iter()
            .map(|raw| raw.get().as_ptr() as usize - base)
            .zip(&items)
            .map(|(at, raw)| at..at + raw.get().len())
            .collect()
    });
    assert_eq!(Reader::array_items(text), theirs);
});
