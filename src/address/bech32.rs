//! Bech32 (BIP-173) and bech32m (BIP-350) decoding, and the segwit address rules on top.
//!
//! Decoding never allocates: the data part is read straight from the input string and
//! regrouped into bytes on the fly.

/// The 32 data characters; a character's index is its 5-bit value.
pub const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// Per ASCII byte: its 5-bit value when it is a data character in either case, and flags for its
/// case and for a byte that is no data character (or no printable ASCII), so that one load per
/// character both sums it and checks it.
const TABLE: [u8; 128] = {
    let rev = super::alphabet::reverse(CHARSET);
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let value = rev[c.to_ascii_lowercase() as usize];
        table[b] = if value == 0xff { ODD } else { value };
        if c.is_ascii_lowercase() {
            table[b] |= LOWER;
        } else if c.is_ascii_uppercase() {
            table[b] |= UPPER;
        }
        b += 1;
    }
    table
};
const LOWER: u8 = 0x20;
const UPPER: u8 = 0x40;
/// Not a data character (nor printable ASCII; bytes past ASCII read as this too).
const ODD: u8 = 0x80;

fn table(c: u8) -> u8 {
    TABLE.get(usize::from(c)).map_or(ODD, |&t| t)
}

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
    let t = table(c);
    (t & (ODD | UPPER) == 0).then_some(t & 31)
}

fn polymod_step(chk: u32, value: u8) -> u32 {
    let top = (chk >> 25) as usize;
    ((chk & 0x01ff_ffff) << 5) ^ u32::from(value) ^ GENERATOR_SUMS[top]
}

/// The BIP-173 generators, combined by [`super::alphabet::generator_sums`]; all fit in 30 bits,
/// so 32-bit entries keep them whole.
const GENERATOR_SUMS: [u32; 32] = {
    let sums = super::alphabet::generator_sums([0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]);
    let mut out = [0; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = sums[i] as u32;
        i += 1;
    }
    out
};

/// A bech32 string whose checksum holds; `data` is the data part without the checksum.
#[derive(Debug)]
pub struct Checked<'a> {
    pub variant: Variant,
    data: &'a [u8],
}

impl Checked<'_> {
    /// The 5-bit values of the data part (already validated as charset characters).
    pub fn values(&self) -> impl Iterator<Item = u8> + '_ {
        self.data.iter().map(|&c| table(c) & 31)
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
    // The separator is the last '1'; known hrps contain no '1' except in test vectors, where
    // the data part can hold none either, so "hrp followed by 1" is the same rule.
    let Some((hrp, data)) = hrps.iter().find_map(|hrp| {
        let n = hrp.len();
        let head = bytes.get(..n)?;
        (head.eq_ignore_ascii_case(hrp.as_bytes()) && bytes.get(n) == Some(&b'1'))
            .then(|| (hrp.as_bytes(), bytes.get(n + 1..).unwrap_or_default()))
    }) else {
        return Err(shape_error(bytes, Error::WrongHrp));
    };
    let mut chk = hrp.iter().fold(1, |chk, &c| polymod_step(chk, c >> 5));
    chk = polymod_step(chk, 0);
    chk = hrp.iter().fold(chk, |chk, &c| polymod_step(chk, c & 31));
    // The hrp's case (its bytes equal the known hrp's but for case), then every data character
    // summed and classed by one load; anything odd is sorted out by `shape_error`.
    let mut flags = bytes.iter().take(hrp.len()).fold(0, |flags, &c| flags | table(c) & (LOWER | UPPER));
    for &c in data {
        let t = table(c);
        flags |= t;
        chk = polymod_step(chk, t & 31);
    }
    if flags & ODD != 0 || flags & (LOWER | UPPER) == LOWER | UPPER || !hrp.iter().all(|c| (33..=126).contains(c)) {
        return Err(shape_error(bytes, Error::InvalidChar));
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

/// The first of the shape errors in the order they are reported: a byte outside printable ASCII,
/// then mixed case, then `last` (no known hrp, or a data byte outside the charset).
#[cold]
fn shape_error(bytes: &[u8], last: Error) -> Error {
    let (mut outside, mut lower, mut upper) = (false, false, false);
    for &c in bytes {
        outside |= !(33..=126).contains(&c);
        lower |= c.is_ascii_lowercase();
        upper |= c.is_ascii_uppercase();
    }
    if outside {
        Error::InvalidChar
    } else if lower && upper {
        Error::MixedCase
    } else {
        last
    }
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
    let version = checked.values().next().ok_or(Error::TooShort)?;
    if version > 16 {
        return Err(Error::WitnessVersion);
    }
    // What `regroup_to_bytes` finds without the bytes: a byte per 8 bits of the program's 5-bit
    // values, and the bits left over (fewer than 5, all zero) end its last value.
    let values = checked.data.len() - 1;
    let spare = values * 5 % 8;
    let last = checked.data.last().map_or(0, |&c| table(c) & 31);
    if spare >= 5 || last & ((1 << spare) - 1) != 0 {
        return Err(Error::Padding);
    }
    let program_len = values * 5 / 8;
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

    /// `decode` and `check_segwit` as they read before the one-load table and the counted
    /// regrouping: a pass for the shape, a search of the charset per character, the program's
    /// bytes regrouped to count them.
    fn old_decode<'a>(s: &'a str, hrps: &[&str], max_len: usize) -> Result<(Variant, &'a [u8]), Error> {
        let rev = super::super::alphabet::reverse(CHARSET);
        let value = |c: u8| rev.get(usize::from(c)).copied().filter(|&v| v != 0xff);
        let bytes = s.as_bytes();
        if bytes.len() > max_len {
            return Err(Error::TooLong);
        }
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
        for &c in data {
            chk = polymod_step(chk, value(c.to_ascii_lowercase()).ok_or(Error::InvalidChar)?);
        }
        let payload_len = data.len().checked_sub(CHECKSUM_LEN).ok_or(Error::TooShort)?;
        let variant = match chk {
            BECH32_CONST => Variant::Bech32,
            BECH32M_CONST => Variant::Bech32m,
            _ => return Err(Error::Checksum),
        };
        Ok((variant, &data[..payload_len]))
    }

    fn old_check_segwit(s: &str, hrps: &[&str]) -> Result<(), Error> {
        let (variant, data) = old_decode(s, hrps, SEGWIT_MAX_LEN)?;
        let mut values = data.iter().map(|&c| char_value(c.to_ascii_lowercase()).unwrap());
        let version = values.next().ok_or(Error::TooShort)?;
        if version > 16 {
            return Err(Error::WitnessVersion);
        }
        let program_len = regroup_to_bytes(values, &mut [])?;
        if !(2..=40).contains(&program_len) || (version == 0 && program_len != 20 && program_len != 32) {
            return Err(Error::ProgramLength);
        }
        if variant != if version == 0 { Variant::Bech32 } else { Variant::Bech32m } {
            return Err(Error::WrongVariant);
        }
        Ok(())
    }

    /// `hrp`, `1`, `values` and the checksum of `variant` (BIP-173's `bech32_create_checksum`).
    fn encode(hrp: &str, values: &[u8], constant: u32) -> String {
        let mut chk = hrp.bytes().fold(1, |chk, c| polymod_step(chk, c >> 5));
        chk = polymod_step(chk, 0);
        chk = hrp.bytes().fold(chk, |chk, c| polymod_step(chk, c & 31));
        chk = values.iter().fold(chk, |chk, &v| polymod_step(chk, v));
        chk = (0..6).fold(chk, |chk, _| polymod_step(chk, 0)) ^ constant;
        let checksum = (0..6).map(|i| ((chk >> (5 * (5 - i))) & 31) as u8);
        let data: String =
            values.iter().copied().chain(checksum).map(|v| char::from(CHARSET[usize::from(v)])).collect();
        format!("{hrp}1{data}")
    }

    #[test]
    fn decode_and_segwit_as_before() {
        let mut rng = crate::test_rng::Rng(173);
        let pool = ["q", "p", "z", "l", "7", "Q", "L", "1", "b", "i", "o", "B", "O", " ", "\u{7f}", "é", "?", "~"];
        let heads = ["bc1", "BC1", "tb1", "Bc1", "b", "", "?1", " 1", "bc1q", "bc1p"];
        let hrp_lists: [&[&str]; 4] = [&["bc"], &["bc", "tb"], &["?"], &[" "]];
        for round in 0..200_000 {
            let s = if round % 3 == 0 {
                // Checksums that hold: every padding, version and program length is reached.
                let len = (rng.next() % 70) as usize;
                let mut values: Vec<u8> = (0..len).map(|_| (rng.next() % 32) as u8).collect();
                if let Some(version) = values.first_mut() {
                    *version %= 18;
                }
                let hrp = ["bc", "tb", "?"][(rng.next() % 3) as usize];
                let s = encode(hrp, &values, [BECH32_CONST, BECH32M_CONST][(rng.next() % 2) as usize]);
                match rng.next() % 4 {
                    0 => s.to_ascii_uppercase(),
                    1 if !s.is_empty() => {
                        let mut s = s.into_bytes();
                        let i = (rng.next() % s.len() as u64) as usize;
                        s[i] = pool[(rng.next() % pool.len() as u64) as usize].as_bytes()[0].min(0x7f);
                        String::from_utf8(s).unwrap()
                    }
                    _ => s,
                }
            } else {
                let len = (rng.next() % 70) as usize;
                let head = heads[(rng.next() % heads.len() as u64) as usize];
                head.to_string()
                    + &(0..len).map(|_| pool[(rng.next() % pool.len() as u64) as usize]).collect::<String>()
            };
            for hrps in hrp_lists {
                for max in [SEGWIT_MAX_LEN, 20] {
                    let new = decode(&s, hrps, max).map(|c| (c.variant, c.data));
                    assert_eq!(new, old_decode(&s, hrps, max), "{s:?} {hrps:?}");
                }
                assert_eq!(check_segwit(&s, hrps), old_check_segwit(&s, hrps), "{s:?} {hrps:?}");
            }
        }
    }

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
