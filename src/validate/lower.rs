//! Unicode lower case, for comparing emails and usernames across rows (and answers to rows).
//!
//! In wasm the JavaScript engine's `toLowerCase` maps non-ASCII text: the same full, locale-free
//! Unicode mapping as `str::to_lowercase`, without shipping std's 11 KB case table in the module.
//! Natively (tests, fuzzing) it is std's.

/// `s` in lower case.
pub fn to_lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    non_ascii(s)
}

#[cfg(target_arch = "wasm32")]
fn non_ascii(s: &str) -> String {
    crate::wasm::input::to_rust_string(&js_sys::JsString::from(s).to_lower_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn non_ascii(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::to_lowercase;

    #[test]
    fn lowers_ascii_and_unicode_alike() {
        for (s, want) in
            [("Ada@Example.COM", "ada@example.com"), ("ÄRGER", "ärger"), ("ΟΔΟΣ", "οδος"), ("İ", "i̇"), ("", "")]
        {
            assert_eq!(to_lowercase(s), want, "{s}");
        }
    }
}
