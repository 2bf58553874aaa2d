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

/// `s` cut at the first `byte` (ASCII), which neither side keeps: `str::split_once` by a loop,
/// without the char searcher and `memchr` it brings (1.5 KB of the validate module).
pub fn split_once(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == byte)?;
    Some((&s[..at], &s[at + 1..]))
}

/// A whole number written out on the stack, in decimal or upper-case hexadecimal.
pub struct Num {
    digits: [u8; 20],
    start: usize,
}

impl Num {
    /// `n` in decimal.
    pub fn dec(n: usize) -> Num {
        Num::new(n as u64, 10, 1)
    }

    /// `n` in upper-case hexadecimal, at least `width` digits (`{:04X}`).
    pub fn hex(n: u32, width: usize) -> Num {
        Num::new(u64::from(n), 16, width)
    }

    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    fn new(mut n: u64, radix: u64, width: usize) -> Num {
        let mut num = Num { digits: [b'0'; 20], start: 20 };
        while n != 0 || num.start > 20 - width {
            num.start -= 1;
            num.digits[num.start] = b"0123456789ABCDEF"[(n % radix) as usize];
            n /= radix;
        }
        num
    }

    /// The hexadecimal digits in lower case (`{:x}`).
    pub fn lower(mut self) -> Num {
        self.digits.make_ascii_lowercase();
        self
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits were written.
        std::str::from_utf8(&self.digits[self.start..]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_format_writes_them() {
        for n in [0, 1, 9, 10, 255, 1000, 65_535, 1_000_000, u32::MAX as usize] {
            assert_eq!(Num::dec(n).as_str(), format!("{n}"));
        }
        assert_eq!(Num::dec(usize::MAX).as_str(), format!("{}", usize::MAX));
        for n in [0, 0xA0, 0x200B, 0xFFFF, 0x1_0000, 0x10_FFFF, u32::MAX] {
            assert_eq!(Num::hex(n, 4).as_str(), format!("{n:04X}"));
            assert_eq!(Num::hex(n, 1).lower().as_str(), format!("{n:x}"));
            assert_eq!(Num::hex(n, 4).lower().as_str(), format!("{n:04x}"));
        }
        assert_eq!(cat(&["a", "", "bc", "é"]), "abcé");
        assert_eq!(cat(&[]), "");
        assert_eq!(split_once("kaspa:qp:x", b':'), Some(("kaspa", "qp:x")));
        assert_eq!(split_once("é:", b':'), Some(("é", "")));
        assert_eq!(split_once("abc", b':'), None);
    }
}
