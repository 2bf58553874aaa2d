//! Canonical composition (NFC) for the fix of decomposed text: macOS file names and some
//! keyboards write `e` + U+0301 where the API takes only `é` (a combining mark is not `\p{L}`).
//!
//! In wasm the JavaScript engine's `String.prototype.normalize("NFC")` does it, so the module
//! carries no composition tables (7 KB); natively (tests, fuzzing) the `unicode-normalization`
//! crate. Called only for a value that failed its pattern.

/// `s` in NFC; `None` when that changes nothing.
pub fn nfc(s: &str) -> Option<String> {
    // Every mark, jamo, singleton and second character of a pair lies at or above U+0300.
    if s.chars().all(|c| (c as u32) < 0x300) {
        return None;
    }
    let out = normalize(s);
    (out != s).then_some(out)
}

#[cfg(target_arch = "wasm32")]
fn normalize(s: &str) -> String {
    crate::wasm::input::to_rust_string(&js_sys::JsString::from(s).normalize("NFC"))
}

#[cfg(not(target_arch = "wasm32"))]
fn normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::nfc;

    #[test]
    fn decomposed_text_comes_out_composed() {
        assert_eq!(nfc("Jose\u{301}").as_deref(), Some("José"));
        assert_eq!(nfc("Zoe\u{308} Mu\u{308}ller").as_deref(), Some("Zoë Müller"));
        // Vietnamese: dot below (class 220) before circumflex (230), as NFD orders them.
        assert_eq!(nfc("Vie\u{323}\u{302}t").as_deref(), Some("Việt"));
        assert_eq!(nfc("Nguye\u{302}\u{303}n").as_deref(), Some("Nguyễn"));
        assert_eq!(nfc("\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}").as_deref(), Some("한글"));
        assert_eq!(nfc("Åström"), None);
        assert_eq!(nfc("plain"), None);
        // No composite: the mark stays.
        assert_eq!(nfc("q\u{301}"), None);
    }
}
