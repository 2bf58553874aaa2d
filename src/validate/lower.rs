//! Unicode lower case, for comparing emails and usernames across rows (and answers to rows).
//!
//! The letters of most names (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic) and the
//! scripts without case are lowered here, a character at a time. Any other text goes whole to
//! the JavaScript engine's `toLowerCase` in wasm: the same full, locale-free Unicode mapping as
//! `str::to_lowercase`, without shipping std's 11 KB case table in the module. Natively (tests,
//! fuzzing) it is std's. Crossing to JavaScript for each non-ASCII username was 4 % of
//! `validateBulkUsers` on names in several scripts.

/// `s` in lower case; `None` when it already is, as far as [`simple_lower`] tells.
#[inline(never)]
pub fn lowered(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    // The UTF-8 decoded here, not by `chars()` (a call per character in wasm), and ASCII that is
    // not a capital skipped at once: these are the usernames of every row with a non-ASCII one.
    while let Some(&lead) = b.get(at) {
        if lead < 0x80 && !lead.is_ascii_uppercase() {
            at += 1;
            continue;
        }
        let (c, len) = super::letters::decode(b, at)?;
        let Some(lower) = simple_lower(c) else { return Some(non_ascii(s)) };
        if lower != c {
            if out.is_empty() {
                out = b.to_vec();
            }
            // Each change keeps the length in UTF-8: one byte (ASCII) or two.
            let two = [0xC0 | (lower >> 6) as u8, 0x80 | (lower & 0x3F) as u8];
            let new: &[u8] = if lower < 0x80 { &[lower as u8] } else { &two };
            if let Some(slot) = out.get_mut(at..at + new.len()) {
                slot.copy_from_slice(new);
            }
        }
        at += len;
    }
    if out.is_empty() {
        return None;
    }
    // SAFETY: `out` is `s` with the UTF-8 of some characters replaced by the UTF-8 of others
    // of the same length, in place: UTF-8 still (`from_utf8` would bring 0.7 KB of wasm).
    Some(unsafe { String::from_utf8_unchecked(out) })
}

/// The lower case of code point `u` when it is one character of the same UTF-8 length that a
/// few ranges give; `None` for the rest, and for `Σ` (final sigma depends on what follows) and
/// `İ` (two characters).
#[inline]
fn simple_lower(u: u32) -> Option<u32> {
    Some(if u < 0x100 {
        // ASCII and Latin-1: A-Z and À-Þ but ×.
        if (0x41..=0x5A).contains(&u) || (0xC0..=0xDE).contains(&u) && u != 0xD7 {
            u + 0x20
        } else {
            u
        }
    } else if u < 0x180 {
        // Latin Extended-A: upper and lower case in pairs, the upper one first (even, then odd
        // from U+0139 to U+0148 and U+0179 to U+017E), and a few without a pair.
        if u == 0x130 {
            return None;
        }
        if u == 0x178 {
            0xFF
        } else if u == 0x138 || u == 0x149 || u == 0x17F {
            u
        } else if (0x139..=0x148).contains(&u) || u >= 0x179 {
            u + (u & 1)
        } else {
            u | 1
        }
    } else if (0x386..=0x3CE).contains(&u) {
        match u {
            0x386 => 0x3AC,
            0x388..=0x38A => u + 0x25,
            0x38C => 0x3CC,
            0x38E..=0x38F => u + 0x3F,
            0x391..=0x3A1 | 0x3A4..=0x3AB => u + 0x20,
            0x390 | 0x3AC..=0x3CE => u,
            _ => return None,
        }
    } else if (0x400..=0x45F).contains(&u) {
        // Cyrillic: Ѐ-Џ, А-Я, then the lower case of both.
        match u {
            0x400..=0x40F => u + 0x50,
            0x410..=0x42F => u + 0x20,
            _ => u,
        }
    } else if (0x590..=0x7FF).contains(&u)
        || (0x900..=0xFFF).contains(&u)
        || (0x3000..=0x9FFF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
    {
        // Hebrew, Arabic, Indic, Thai, CJK, kana and Hangul: no case.
        u
    } else {
        return None;
    })
}

#[cfg(target_arch = "wasm32")]
#[cold]
fn non_ascii(s: &str) -> String {
    crate::wasm::input::to_rust_string(&js_sys::JsString::from(s).to_lower_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn non_ascii(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{lowered, simple_lower};

    #[test]
    fn lowers_ascii_and_unicode_alike() {
        for (s, want) in [
            ("Ada@Example.COM", "ada@example.com"),
            ("ÄRGER", "ärger"),
            ("ΟΔΟΣ", "οδος"),
            ("ΟΔΟΣ ΟΔΟΣ", "οδος οδος"),
            ("İ", "i̇"),
            ("Иван_Петров", "иван_петров"),
            ("ΣΟΦΊΑ", "σοφία"),
            ("ŁUKASZ Ÿ", "łukasz ÿ"),
            ("Ǆemal", "ǆemal"),
            ("Ⅻa", "ⅻa"),
        ] {
            assert_eq!(lowered(s).as_deref(), Some(want), "{s}");
        }
        for s in ["", "ada", "josé", "иван_петров", "σοφία", "李雷", "민준", "محمد", "łukasz"]
        {
            assert_eq!(lowered(s), None, "{s}");
        }
    }

    /// `lowered` as it read before it decoded the UTF-8 itself.
    fn old_lowered(s: &str) -> Option<String> {
        let mut out = Vec::new();
        let mut at = 0;
        for c in s.chars() {
            let Some(lower) = simple_lower(c as u32) else { return Some(s.to_lowercase()) };
            if lower != c as u32 {
                if out.is_empty() {
                    out = s.as_bytes().to_vec();
                }
                let mut two = [0; 4];
                out[at..at + c.len_utf8()]
                    .copy_from_slice(char::from_u32(lower).unwrap().encode_utf8(&mut two).as_bytes());
            }
            at += c.len_utf8();
        }
        (!out.is_empty()).then(|| String::from_utf8(out).unwrap())
    }

    #[test]
    fn lowers_as_before() {
        let pool = [
            "a", "Z", "_", "3", "é", "É", "Ÿ", "Ł", "ΣΟ", "ά", "Ж", "ж", "Ѐ", "İ", "李", "한", "ア", "\u{301}", "🚀",
            "Ǆ", "ϴ",
        ];
        let mut rng = crate::test_rng::Rng(8);
        for _ in 0..200_000 {
            let len = (rng.next() % 10) as usize;
            let s: String = (0..len).map(|_| pool[(rng.next() % pool.len() as u64) as usize]).collect();
            assert_eq!(lowered(&s), old_lowered(&s), "{s:?}");
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("A{c}b");
            assert_eq!(lowered(&s), old_lowered(&s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_ranges_lower_as_std_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(lower) = simple_lower(c as u32) {
                let lower = char::from_u32(lower).unwrap();
                assert_eq!(c.to_lowercase().collect::<String>(), lower.to_string(), "U+{:04X}", c as u32);
                assert_eq!(c.len_utf8(), lower.len_utf8(), "U+{:04X}", c as u32);
            }
        }
    }
}
