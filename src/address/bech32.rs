//! Bech32 (BIP-173) and bech32m (BIP-350) decoding, and the segwit address rules on top.
//!
//! Decoding never allocates: the data part is read straight from the input string and
//! regrouped into bytes on the fly.

/// The 32 data characters; a character's index is its 5-bit value.
pub const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// Reverse of [`CHARSET`] for lowercase ASCII; 0xff marks characters outside it.
const CHARSET_REV: [u8; 128] = super::alphabet::reverse(CHARSET);

const BECH32_CONST: u32 = 1;
const BECH32M_CONST: u32 = 0x2bc8_30a3;
const CHECKSUM_LEN: usize = 6;
/// BIP-173's overall length limit; CKB lifts it, so callers pass their own maximum.
pub const SEGWIT_MAX_LEN: usize = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Bech32,
    Bech32m,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    TooLong,
    MixedCase,
    /// A character outside printable ASCII, or outside [`CHARSET`] after the separator.
    InvalidChar,
    /// None of the expected human-readable parts followed by `1`.
    WrongHrp,
    /// Too few data characters to hold the checksum (or a segwit version).
    TooShort,
    Checksum,
    /// More than 4 padding bits, or non-zero padding bits, in the 5-to-8 regrouping.
    Padding,
    WitnessVersion,
    ProgramLength,
    /// The checksum holds, but with the variant the witness version does not allow.
    WrongVariant,
}

/// The 5-bit value of a lowercase data character.
pub fn char_value(c: u8) -> Option<u8> {
    match CHARSET_REV.get(usize::from(c)) {
        Some(&v) if v != 0xff => Some(v),
        _ => None,
    }
}

fn polymod_step(chk: u32, value: u8) -> u32 {
    let top = (chk >> 25) as usize;
    // The sums fit in 30 bits, so the cast keeps them whole.
    ((chk & 0x01ff_ffff) << 5) ^ u32::from(value) ^ GENERATOR_SUMS[top] as u32
}

/// The BIP-173 generators, combined by [`super::alphabet::generator_sums`]; all fit in 30 bits.
const GENERATOR_SUMS: [u64; 32] =
    super::alphabet::generator_sums([0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]);

/// A bech32 string whose checksum holds; `data` is the data part without the checksum.
#[derive(Debug)]
pub struct Checked<'a> {
    pub variant: Variant,
    data: &'a [u8],
}

impl Checked<'_> {
    /// The 5-bit values of the data part (already validated as charset characters).
    pub fn values(&self) -> impl Iterator<Item = u8> + '_ {
        self.data.iter().map(|&c| char_value(c.to_ascii_lowercase()).unwrap_or(0))
    }
}

/// Decodes `s` if it is a bech32/bech32m string for one of `hrps` (given in lowercase).
///
/// Shape problems are reported before the checksum so that a wrong prefix or alphabet is
/// never mistaken for a typo.
pub fn decode<'a>(s: &'a str, hrps: &[&str], max_len: usize) -> Result<Checked<'a>, Error> {
    let bytes = s.as_bytes();
    if bytes.len() > max_len {
        return Err(Error::TooLong);
    }
    // One pass over every character, then its findings in the order they are reported.
    let (mut outside, mut lower, mut upper) = (false, false, false);
    for &c in bytes {
        outside |= !(33..=126).contains(&c);
        lower |= c.is_ascii_lowercase();
        upper |= c.is_ascii_uppercase();
    }
    if outside {
        return Err(Error::InvalidChar);
    }
    if lower && upper {
        return Err(Error::MixedCase);
    }
    // The separator is the last '1'; known hrps contain no '1' except in test vectors, where
    // the data part can hold none either, so "hrp followed by 1" is the same rule.
    let (hrp, data) = hrps
        .iter()
        .find_map(|hrp| {
            let n = hrp.len();
            let head = bytes.get(..n)?;
            (head.eq_ignore_ascii_case(hrp.as_bytes()) && bytes.get(n) == Some(&b'1'))
                .then(|| (hrp.as_bytes(), bytes.get(n + 1..).unwrap_or_default()))
        })
        .ok_or(Error::WrongHrp)?;
    let mut chk = hrp.iter().fold(1, |chk, &c| polymod_step(chk, c >> 5));
    chk = polymod_step(chk, 0);
    chk = hrp.iter().fold(chk, |chk, &c| polymod_step(chk, c & 31));
    // The data characters checked and summed in one pass: a bad one is reported before a short
    // data part, as before the checksum.
    for &c in data {
        chk = polymod_step(chk, char_value(c.to_ascii_lowercase()).ok_or(Error::InvalidChar)?);
    }
    let Some(payload_len) = data.len().checked_sub(CHECKSUM_LEN) else {
        return Err(Error::TooShort);
    };
    let variant = match chk {
        BECH32_CONST => Variant::Bech32,
        BECH32M_CONST => Variant::Bech32m,
        _ => return Err(Error::Checksum),
    };
    Ok(Checked { variant, data: data.get(..payload_len).unwrap_or_default() })
}

/// Regroups 5-bit values into bytes (BIP-173 `convertbits(data, 5, 8, False)`), storing the
/// first `out.len()` bytes and returning the total count, so callers that only need a length
/// or a header pass a small buffer.
pub fn regroup_to_bytes(values: impl Iterator<Item = u8>, out: &mut [u8]) -> Result<usize, Error> {
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut count = 0usize;
    for v in values {
        // Keep only the bits not yet emitted (at most 12) so `acc` never overflows.
        acc = ((acc << 5) | u32::from(v)) & 0xfff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if let Some(slot) = out.get_mut(count) {
                *slot = (acc >> bits) as u8;
            }
            count += 1;
        }
    }
    if bits >= 5 || (acc << (8 - bits)) & 0xff != 0 {
        return Err(Error::Padding);
    }
    Ok(count)
}

/// Checks a native segwit address (BIP-173 for v0, BIP-350 for v1..v16) for one of `hrps`.
pub fn check_segwit(s: &str, hrps: &[&str]) -> Result<(), Error> {
    let checked = decode(s, hrps, SEGWIT_MAX_LEN)?;
    let mut values = checked.values();
    let version = values.next().ok_or(Error::TooShort)?;
    if version > 16 {
        return Err(Error::WitnessVersion);
    }
    let program_len = regroup_to_bytes(values, &mut [])?;
    if !(2..=40).contains(&program_len) || (version == 0 && program_len != 20 && program_len != 32) {
        return Err(Error::ProgramLength);
    }
    let expected = if version == 0 { Variant::Bech32 } else { Variant::Bech32m };
    if checked.variant != expected {
        return Err(Error::WrongVariant);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hrp of a BIP test vector: everything before the last '1'.
    fn hrp_of(s: &str) -> String {
        s[..s.rfind('1').unwrap()].to_ascii_lowercase()
    }

    fn decode_vector(s: &str) -> Result<Variant, Error> {
        let hrp = hrp_of(s);
        decode(s, &[hrp.as_str()], SEGWIT_MAX_LEN).map(|c| c.variant)
    }

    #[test]
    fn bip173_valid_bech32_strings() {
        for s in [
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ] {
            assert_eq!(decode_vector(s), Ok(Variant::Bech32), "{s}");
        }
    }

    #[test]
    fn bip350_valid_bech32m_strings() {
        for s in [
            "A1LQFN3A",
            "a1lqfn3a",
            "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
            "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
            "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
            "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
            "?1v759aa",
        ] {
            assert_eq!(decode_vector(s), Ok(Variant::Bech32m), "{s}");
        }
    }

    #[test]
    fn bip173_and_bip350_invalid_strings() {
        let cases: &[(&str, &str, Error)] = &[
            ("\u{20}1nwldj5", " ", Error::InvalidChar),
            ("\u{7f}1axkwrx", "\u{7f}", Error::InvalidChar),
            ("\u{80}1eym55h", "\u{80}", Error::InvalidChar),
            (
                "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
                "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio",
                Error::TooLong,
            ),
            ("pzry9x0s0muk", "pzry9x0s0muk", Error::WrongHrp),
            ("1pzry9x0s0muk", "bc", Error::WrongHrp),
            ("x1b4n0q5v", "x", Error::InvalidChar),
            ("li1dgmt3", "li", Error::TooShort),
            ("de1lg7wt\u{ff}", "de", Error::InvalidChar),
            ("A1G7SGD8", "a", Error::Checksum),
            ("10a06t8", "bc", Error::WrongHrp),
            ("1qzzfhee", "bc", Error::WrongHrp),
            ("qyrz8wqd2c9m", "qyrz8wqd2c9m", Error::WrongHrp),
            ("y1b0jsk6g", "y", Error::InvalidChar),
            ("lt1igcx5c0", "lt", Error::InvalidChar),
            ("in1muywd", "in", Error::TooShort),
            ("mm1crxm3i", "mm", Error::InvalidChar),
            ("au1s5cgom", "au", Error::InvalidChar),
            ("M1VUXWEZ", "m", Error::Checksum),
        ];
        for &(s, hrp, err) in cases {
            assert_eq!(decode(s, &[hrp], SEGWIT_MAX_LEN).map(|c| c.variant), Err(err), "{s:?}");
        }
    }

    #[test]
    fn bip173_and_bip350_valid_segwit_addresses() {
        for s in [
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
            // BIP-350 re-encodes BIP-173's v1+ examples with bech32m.
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            "BC1SW50QGDZ25J",
            "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ] {
            assert_eq!(check_segwit(s, &["bc", "tb"]), Ok(()), "{s}");
        }
    }

    #[test]
    fn bip173_and_bip350_invalid_segwit_addresses() {
        let cases: &[(&str, Error)] = &[
            // BIP-173
            ("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", Error::WrongHrp),
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Error::Checksum),
            ("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", Error::WitnessVersion),
            // Valid bech32 under BIP-173's v1+ rules; BIP-350 requires bech32m for v1+.
            ("bc1rw5uspcuh", Error::ProgramLength),
            ("bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90", Error::ProgramLength),
            ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Error::ProgramLength),
            ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", Error::MixedCase),
            ("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", Error::Padding),
            ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", Error::Padding),
            ("bc1gmk9yu", Error::TooShort),
            // BIP-350
            ("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", Error::WrongHrp),
            ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", Error::WrongVariant),
            ("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", Error::WrongVariant),
            ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", Error::WrongVariant),
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", Error::WrongVariant),
            ("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", Error::WrongVariant),
            ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", Error::InvalidChar),
            ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", Error::WitnessVersion),
            ("bc1pw5dgrnzv", Error::ProgramLength),
            ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", Error::ProgramLength),
            ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", Error::MixedCase),
            ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", Error::Padding),
            ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", Error::Padding),
        ];
        for &(s, err) in cases {
            assert_eq!(check_segwit(s, &["bc", "tb"]), Err(err), "{s}");
        }
    }
}
