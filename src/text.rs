//! Messages built from pieces, without `core::fmt`: `format!` brings its machinery (argument
//! tables, padding, integer formatting; 1.2 KB gzip of the validate module) for what is
//! only joining text and writing a few numbers.

/// The pieces joined in one allocation: `cat(&[name, " must not be empty."])`.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
pub fn cat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// `s.to_owned()`, out of line: inlined, each copy of the allocation and its failure path cost
/// 50 to 60 bytes of wasm.
#[inline(never)]
pub fn owned(s: &str) -> String {
    s.to_owned()
}

/// `s.to_ascii_lowercase()`, out of line (see [`owned`]).
#[inline(never)]
pub fn ascii_lower(s: &str) -> String {
    let mut out = owned(s);
    out.make_ascii_lowercase();
    out
}

/// `s` cut at the first `byte` (ASCII), which neither side keeps: `str::split_once` by a loop,
/// without the char searcher and `memchr` it brings (1.5 KB of the validate module).
pub fn split_once(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == byte)?;
    Some((&s[..at], &s[at + 1..]))
}

/// `n` in decimal.
pub fn dec(n: u64) -> String {
    digits(n, 10, 1)
}

/// `n` in upper-case hexadecimal, at least `width` digits (`{:04X}`).
pub fn hex(n: u32, width: usize) -> String {
    digits(u64::from(n), 16, width)
}

/// Collected as chars, not checked by `str::from_utf8` (0.7 KB of the validate module).
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn digits(mut n: u64, radix: u64, width: usize) -> String {
    let mut reversed = [0u8; 20];
    let mut len = 0;
    while n != 0 || len < width {
        reversed[len] = b"0123456789ABCDEF"[(n % radix) as usize];
        n /= radix;
        len += 1;
    }
    reversed[..len].iter().rev().map(|&digit| char::from(digit)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_format_writes_them() {
        for n in [0, 1, 9, 10, 255, 1000, 65_535, 1_000_000, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(dec(n), format!("{n}"));
        }
        for n in [0, 0xA0, 0x200B, 0xFFFF, 0x1_0000, 0x10_FFFF, u32::MAX] {
            assert_eq!(hex(n, 4), format!("{n:04X}"));
            assert_eq!(hex(n, 1).to_ascii_lowercase(), format!("{n:x}"));
        }
        assert_eq!(cat(&["a", "", "bc", "é"]), "abcé");
        assert_eq!(cat(&[]), "");
        assert_eq!(split_once("kaspa:qp:x", b':'), Some(("kaspa", "qp:x")));
        assert_eq!(split_once("é:", b':'), Some(("é", "")));
        assert_eq!(split_once("abc", b':'), None);
    }
}
