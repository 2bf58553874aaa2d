//! Byte searches a word (8 bytes) at a time, over every byte of inputs of tens of megabytes: the
//! CSV reader looks for the end of every cell, the JSON reader and writer for a string's end or
//! escapes. (serde_json scans a `usize` at a time: 4 bytes on wasm32.)

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that equals `byte`. Only the lowest mark is sure: a borrow
/// can mark a byte above a real match, never one below it, so the first match is always right.
fn equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `word` below `limit` (at most 0x80), lowest mark sure as above.
fn below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS
}

/// The first position in `bytes` whose byte `marks` (per word) and `is` (per byte) pick.
fn find(bytes: &[u8], marks: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    for (i, word) in words.by_ref().enumerate() {
        let found = marks(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        if found != 0 {
            return Some(i * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = bytes.len() - words.remainder().len();
    words.remainder().iter().position(|&b| is(b)).map(|p| tail + p)
}

/// The first `delimiter` (a comma, say), CR or LF: where an unquoted cell ends.
#[inline]
pub fn cell_end(bytes: &[u8], delimiter: u8) -> Option<usize> {
    find(
        bytes,
        |w| equal(w, delimiter) | equal(w, b'\r') | equal(w, b'\n'),
        |b| b == delimiter || b == b'\r' || b == b'\n',
    )
}

/// The first quote, CR or LF: what a quoted cell must look at.
pub fn quote_or_line_end(bytes: &[u8]) -> Option<usize> {
    find(bytes, |w| equal(w, b'"') | equal(w, b'\r') | equal(w, b'\n'), |b| matches!(b, b'"' | b'\r' | b'\n'))
}

/// The first byte a JSON string must escape: a quote, a backslash or a control character.
pub fn json_escape(bytes: &[u8]) -> Option<usize> {
    find(bytes, |w| equal(w, b'"') | equal(w, b'\\') | below(w, 0x20), |b| b < 0x20 || b == b'"' || b == b'\\')
}

/// `a == b`, a word at a time. wasm32's `memcmp` compares a byte at a time, and a field name is
/// compared for every key read and an enum's values for every value.
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let word = |s: &[u8], at: usize| s.get(at..at + 8).map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()));
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last word may overlap the one before it.
    word(a, len - 8) == word(b, len - 8)
}

/// Whether `bytes` are UTF-8, as `str::from_utf8` judges them (no overlong forms, surrogates or
/// code points past U+10FFFF): ASCII a word at a time, the rest by its lead byte's ranges. For
/// answers of megabytes; core's, with its table, was 0.9 KB of the main module.
#[cfg(all(feature = "client", any(target_arch = "wasm32", test)))]
pub fn is_utf8(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            if u64::from_le_bytes(word.try_into().unwrap_or_default()) & HIGHS == 0 {
                at += 8;
                continue;
            }
        }
        let (len, second) = match bytes[at] {
            0x00..=0x7F => (1, 0..=0),
            0xC2..=0xDF => (2, 0x80..=0xBF),
            0xE0 => (3, 0xA0..=0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80..=0xBF),
            0xED => (3, 0x80..=0x9F),
            0xF0 => (4, 0x90..=0xBF),
            0xF1..=0xF3 => (4, 0x80..=0xBF),
            0xF4 => (4, 0x80..=0x8F),
            _ => return false,
        };
        if len > 1 {
            let Some(rest) = bytes.get(at + 1..at + len) else { return false };
            if !second.contains(&rest[0]) || rest[1..].iter().any(|&b| b & 0xC0 != 0x80) {
                return false;
            }
        }
        at += len;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    #[test]
    fn words_find_what_bytes_find() {
        let alphabet = b"ab,;|\t\r\n\"\\\x00\x1f\x20\x7f\x80\xff\xc3";
        let mut rng = Rng(11);
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
            let by_byte = |is: fn(u8) -> bool| bytes.iter().position(|&b| is(b));
            assert_eq!(cell_end(&bytes, b','), by_byte(|b| matches!(b, b',' | b'\r' | b'\n')), "{bytes:?}");
            assert_eq!(cell_end(&bytes, b';'), by_byte(|b| matches!(b, b';' | b'\r' | b'\n')), "{bytes:?}");
            assert_eq!(cell_end(&bytes, b'\t'), by_byte(|b| matches!(b, b'\t' | b'\r' | b'\n')), "{bytes:?}");
            assert_eq!(cell_end(&bytes, b'|'), by_byte(|b| matches!(b, b'|' | b'\r' | b'\n')), "{bytes:?}");
            assert_eq!(quote_or_line_end(&bytes), by_byte(|b| matches!(b, b'"' | b'\r' | b'\n')), "{bytes:?}");
            assert_eq!(json_escape(&bytes), by_byte(|b| b < 0x20 || b == b'"' || b == b'\\'), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_as_std_judges_it() {
        let mut rng = Rng(13);
        // Bytes around every edge of the lead and continuation ranges, and text that is valid.
        let edges = [
            0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
            0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff, b'a',
        ];
        let chars =
            ["é", "€", "😀", "\u{10FFFF}", "\u{FFFD}", "\u{D7FF}", "\u{E000}", "\u{80}", "\u{800}", "\u{10000}"];
        let mut accepted = 0;
        for _ in 0..200_000 {
            let len = (rng.next() % 24) as usize;
            let bytes: Vec<u8> = (0..len)
                .flat_map(|_| match rng.next() % 4 {
                    0 => vec![edges[(rng.next() % edges.len() as u64) as usize]],
                    1 => chars[(rng.next() % chars.len() as u64) as usize].as_bytes().to_vec(),
                    2 => chars[(rng.next() % chars.len() as u64) as usize].as_bytes()[1..].to_vec(),
                    _ => b"xxxxxxx".to_vec(),
                })
                .collect();
            let std = std::str::from_utf8(&bytes).is_ok();
            assert_eq!(is_utf8(&bytes), std, "{bytes:x?}");
            accepted += usize::from(std && bytes.iter().any(|&b| b >= 0x80));
        }
        assert!(accepted > 1000, "{accepted}");
        for text in ["", "é", "aaaaaaaaé", "😀aaaaaaaaaaaaaaa😀", &"€".repeat(100)] {
            assert!(is_utf8(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn same_is_slice_equality() {
        let mut rng = Rng(12);
        for _ in 0..20_000 {
            let len = (rng.next() % 30) as usize;
            let a: Vec<u8> = (0..len).map(|_| b"ab"[(rng.next() % 2) as usize]).collect();
            let mut b = a.clone();
            match rng.next() % 3 {
                0 => {}
                1 if len > 0 => b[(rng.next() % len as u64) as usize] ^= 1,
                _ => b.push(b'a'),
            }
            assert_eq!(same(&a, &b), a == b, "{a:?} {b:?}");
        }
    }
}
