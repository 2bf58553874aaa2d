//! Base58 (Bitcoin alphabet) decoding into a caller-sized buffer, and Base58Check.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Reverse of [`ALPHABET`]; 0xff marks characters outside it (0, O, I, l, non-ASCII).
const ALPHABET_REV: [u8; 128] = super::alphabet::reverse(ALPHABET);

/// Decoded length of a P2PKH/P2SH address: version, 20-byte hash, 4-byte checksum.
const CHECK_LEN: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    InvalidChar,
    /// Decodes to a different number of bytes than the buffer (or the format) holds.
    Length,
    Version,
    Checksum,
}

/// Decodes `input` into the tail of `buf`, returning the decoded bytes.
///
/// Fails with [`Error::Length`] rather than growing when the value does not fit `buf`.
pub fn decode<'b>(input: &str, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    // Each character adds at most one byte, so this bounds the work before decoding.
    if input.len() > 2 * buf.len() {
        return Err(Error::Length);
    }
    buf.fill(0);
    let cap = buf.len();
    // Big-endian number growing leftwards from the end of `buf`; `used` bytes are live.
    let mut used = 0usize;
    for &c in input.as_bytes() {
        let digit = match ALPHABET_REV.get(usize::from(c)) {
            Some(&d) if d != 0xff => u32::from(d),
            _ => return Err(Error::InvalidChar),
        };
        let mut carry = digit;
        for byte in buf.iter_mut().rev().take(used) {
            carry += u32::from(*byte) * 58;
            *byte = carry as u8;
            carry >>= 8;
        }
        while carry > 0 {
            used += 1;
            let slot = cap.checked_sub(used).and_then(|i| buf.get_mut(i));
            let Some(slot) = slot else {
                return Err(Error::Length);
            };
            *slot = carry as u8;
            carry >>= 8;
        }
    }
    // Each leading '1' stands for a leading zero byte, which `buf` already holds.
    let zeros = input.bytes().take_while(|&c| c == b'1').count();
    let start = cap.checked_sub(used + zeros).ok_or(Error::Length)?;
    buf.get(start..).ok_or(Error::Length)
}

/// Checks a Base58Check P2PKH/P2SH address whose version byte must be one of `versions`.
pub fn check(input: &str, versions: &[u8]) -> Result<(), Error> {
    let mut buf = [0u8; CHECK_LEN];
    let decoded = decode(input, &mut buf)?;
    let Ok(decoded) = <&[u8; CHECK_LEN]>::try_from(decoded) else {
        return Err(Error::Length);
    };
    let (body, checksum) = decoded.split_at(CHECK_LEN - 4);
    if !body.first().is_some_and(|v| versions.contains(v)) {
        return Err(Error::Version);
    }
    let hash = Sha256::digest(Sha256::digest(body));
    if hash.get(..4) != Some(checksum) {
        return Err(Error::Checksum);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_known_base58_values() {
        // Vectors from draft-msporny-base58 and Bitcoin Core's base58_encode_decode.json.
        let mut buf = [0u8; 32];
        assert_eq!(decode("2NEpo7TZRRrLZSi2U", &mut buf), Ok(&b"Hello World!"[..]));
        assert_eq!(decode("1111111111", &mut buf), Ok(&[0u8; 10][..]), "leading ones are zero bytes");
        assert_eq!(decode("", &mut buf), Ok(&[][..]));
        assert_eq!(decode("1", &mut buf), Ok(&[0u8][..]));
        assert_eq!(decode("2g", &mut buf), Ok(&[0x61u8][..]));
        assert_eq!(decode("a3gV", &mut buf), Ok(&b"bbb"[..]));
        assert_eq!(decode("aPEr", &mut buf), Ok(&b"ccc"[..]));
        let decoded = decode("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L", &mut buf).unwrap();
        assert_eq!(decoded.len(), 25);
        assert_eq!(decoded[..3], [0x00, 0xeb, 0x15]);
        assert_eq!(decoded[21..], [0x72, 0xc0, 0x66, 0x47]);
    }

    #[test]
    fn decode_rejects_bad_alphabet_and_overflow() {
        let mut buf = [0u8; 4];
        for bad in ["0", "O", "I", "l", "é", "+"] {
            assert_eq!(decode(bad, &mut buf), Err(Error::InvalidChar), "{bad}");
        }
        assert_eq!(decode("7YXq9G", &mut buf), Ok(&[0xff, 0xff, 0xff, 0xff][..]));
        assert_eq!(decode("7YXq9H", &mut buf), Err(Error::Length));
        assert_eq!(decode("11111", &mut buf), Err(Error::Length));
        assert_eq!(decode(&"z".repeat(10_000), &mut buf), Err(Error::Length));
    }

    #[test]
    fn base58check_bitcoin_addresses() {
        let btc = [0x00, 0x05, 0x6f, 0xc4];
        // Genesis coinbase address and the Bitcoin wiki's P2SH example.
        assert_eq!(check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", &btc), Ok(()));
        assert_eq!(check("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", &btc), Ok(()));
        assert_eq!(check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", &btc), Err(Error::Checksum));
        assert_eq!(check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", &[0x30]), Err(Error::Version));
        assert_eq!(check("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf", &btc), Err(Error::Length));
    }
}
