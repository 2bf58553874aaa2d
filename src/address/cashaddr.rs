//! Kaspa addresses: `prefix:payload`, where the payload is the bech32 charset carrying a
//! version byte, the key or script hash, and a 40-bit cashaddr-style BCH checksum.
//!
//! Follows rusty-kaspa `crypto/addresses`: the checksum covers the low 5 bits of each prefix
//! character, a 0 separator, the payload values and eight zero values; only lowercase is valid.

use super::bech32::{char_value, regroup_to_bytes};

/// Network prefixes rusty-kaspa's `Prefix` parses.
const PREFIXES: [&str; 4] = ["kaspa", "kaspatest", "kaspasim", "kaspadev"];
const CHECKSUM_CHARS: usize = 8;
/// Version byte plus a 32-byte payload is 53 characters; plus a 33-byte payload, 55.
const SHORT_CHARS: usize = 53 + CHECKSUM_CHARS;
const LONG_CHARS: usize = 55 + CHECKSUM_CHARS;

const GENERATORS: [u64; 5] = [0x98_f2bc_8e61, 0x79_b76d_99e2, 0xf3_3e5f_b3c4, 0xae_2eab_e2a8, 0x1e_4f43_e470];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Prefix,
    Length,
    InvalidChar,
    Checksum,
    Version,
    /// The payload length does not fit its version (e.g. a 33-byte key with version 0).
    PayloadLength,
    Padding,
}

fn polymod_step(chk: u64, value: u8) -> u64 {
    let top = (chk >> 35) as usize;
    ((chk & 0x07_ffff_ffff) << 5) ^ u64::from(value) ^ GENERATOR_SUMS[top]
}

/// The cashaddr generators, combined by [`super::alphabet::generator_sums`].
const GENERATOR_SUMS: [u64; 32] = super::alphabet::generator_sums(GENERATORS);

/// Checks a Kaspa address (`kaspa:`, `kaspatest:`, `kaspasim:` or `kaspadev:`).
pub fn check_kaspa(address: &str) -> Result<(), Error> {
    let (prefix, payload) = crate::text::split_once(address, b':').ok_or(Error::Prefix)?;
    if !PREFIXES.contains(&prefix) {
        return Err(Error::Prefix);
    }
    let payload = payload.as_bytes();
    if payload.len() != SHORT_CHARS && payload.len() != LONG_CHARS {
        return Err(Error::Length);
    }
    if payload.iter().any(|&c| char_value(c).is_none()) {
        return Err(Error::InvalidChar);
    }
    let values = || payload.iter().map(|&c| char_value(c).unwrap_or(0));
    let data_len = payload.len() - CHECKSUM_CHARS;

    let mut chk = prefix.bytes().fold(1, |chk, c| polymod_step(chk, c & 0x1f));
    chk = polymod_step(chk, 0);
    chk = values().take(data_len).fold(chk, polymod_step);
    chk = (0..CHECKSUM_CHARS).fold(chk, |chk, _| polymod_step(chk, 0));
    let expected = values().skip(data_len).fold(0u64, |acc, v| (acc << 5) | u64::from(v));
    if chk ^ 1 != expected {
        return Err(Error::Checksum);
    }

    let mut version = [0u8; 1];
    let byte_len = regroup_to_bytes(values().take(data_len), &mut version).map_err(|_| Error::Padding)?;
    let key_len = match version[0] {
        0 | 8 => 32,
        1 => 33,
        _ => return Err(Error::Version),
    };
    if byte_len != 1 + key_len {
        return Err(Error::PayloadLength);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors from rusty-kaspa `crypto/addresses/src/lib.rs` tests.
    const VALID: [&str; 5] = [
        "kaspatest:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhqrxplya",
        "kaspatest:qyqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhe837j2d",
        "kaspatest:qxaqrlzlf6wes72en3568khahq66wf27tuhfxn5nytkd8tcep2c0vrse6gdmpks",
        "kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e",
        "kaspa:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj",
    ];

    #[test]
    fn rusty_kaspa_vectors_are_valid() {
        for a in VALID {
            assert_eq!(check_kaspa(a), Ok(()), "{a}");
        }
    }

    #[test]
    fn rusty_kaspa_error_vectors() {
        let base = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e";
        assert_eq!(
            check_kaspa("kaspa:qqqqqqqqqqqqq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e"),
            Err(Error::InvalidChar)
        );
        assert_eq!(check_kaspa(&format!("kaspa1:{base}")), Err(Error::Prefix));
        assert_eq!(check_kaspa(&format!("kaspa{base}")), Err(Error::Prefix));
        assert_eq!(
            check_kaspa("kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4l"),
            Err(Error::Checksum)
        );
        // rusty-kaspa calls a dropped character a bad checksum; the length rule sees it first.
        assert_eq!(
            check_kaspa("kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e"),
            Err(Error::Length)
        );
    }

    #[test]
    fn checksum_binds_the_prefix() {
        assert_eq!(
            check_kaspa("kaspadev:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e"),
            Err(Error::Checksum)
        );
    }

    #[test]
    fn uppercase_is_rejected_like_rusty_kaspa() {
        let upper = VALID[3].to_ascii_uppercase().replacen("KASPA", "kaspa", 1);
        assert_eq!(check_kaspa(&upper), Err(Error::InvalidChar));
        assert_eq!(check_kaspa(&VALID[3].to_ascii_uppercase()), Err(Error::Prefix));
    }
}
