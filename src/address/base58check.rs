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

/// The longest value [`decode`] takes.
const MAX_BYTES: usize = 64;

/// Decodes `input` into the tail of `buf`, returning the decoded bytes.
///
/// Fails with [`Error::Length`] rather than growing when the value does not fit `buf`.
pub fn decode<'b>(input: &str, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    // Each character adds at most one byte, so this bounds the work before decoding.
    if input.len() > 2 * buf.len() || buf.len() > MAX_BYTES {
        return Err(Error::Length);
    }
    // The number in little-endian 32-bit limbs, five digits at a time (58^5 < 2^32): a seventh
    // of the multiplications of a byte at a time, digit by digit.
    let mut limbs = [0u32; MAX_BYTES / 4 + 2];
    let mut used = 0;
    for chunk in input.as_bytes().chunks(5) {
        let (mut scale, mut value) = (1u64, 0u64);
        for &c in chunk {
            let digit = match ALPHABET_REV.get(usize::from(c)) {
                Some(&d) if d != 0xff => u64::from(d),
                _ => return Err(Error::InvalidChar),
            };
            scale *= 58;
            value = value * 58 + digit;
        }
        let mut carry = value;
        for limb in &mut limbs[..used] {
            let t = u64::from(*limb) * scale + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        // limb * 58^5 + carry < 2^62, so one more limb always holds the carry.
        if carry > 0 {
            *limbs.get_mut(used).ok_or(Error::Length)? = carry as u32;
            used += 1;
        }
    }
    let top = used.checked_sub(1).map_or(0, |i| 4 - limbs[i].leading_zeros() as usize / 8);
    let significant = used.saturating_sub(1) * 4 + top;
    // Each leading '1' stands for a leading zero byte.
    let zeros = input.bytes().take_while(|&c| c == b'1').count();
    let cap = buf.len();
    let start = cap.checked_sub(significant + zeros).ok_or(Error::Length)?;
    buf.fill(0);
    for (k, slot) in buf.iter_mut().rev().take(significant).enumerate() {
        *slot = (limbs[k / 4] >> (8 * (k % 4))) as u8;
    }
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

    /// Digit by digit into a growing big-endian byte vector: the textbook decoder.
    fn reference_decode(input: &str) -> Option<Vec<u8>> {
        let mut number: Vec<u8> = Vec::new();
        for c in input.bytes() {
            let mut carry = u32::from(*ALPHABET_REV.get(usize::from(c)).filter(|&&d| d != 0xff)?);
            for byte in number.iter_mut().rev() {
                carry += u32::from(*byte) * 58;
                *byte = carry as u8;
                carry >>= 8;
            }
            while carry > 0 {
                number.insert(0, carry as u8);
                carry >>= 8;
            }
        }
        let zeros = input.bytes().take_while(|&c| c == b'1').count();
        Some([vec![0; zeros], number].concat())
    }

    #[test]
    fn decode_agrees_with_the_textbook_decoder() {
        let mut rng = crate::test_rng::Rng(0x2545_F491_4F6C_DD1Du64);
        let mut next = || rng.next();
        for _ in 0..20_000 {
            let len = (next() % 50) as usize;
            let ones = if next() % 4 == 0 { (next() % 4) as usize } else { 0 };
            let text: String = std::iter::repeat('1')
                .take(ones)
                .chain((0..len).map(|_| char::from(ALPHABET[(next() % 58) as usize])))
                .collect();
            let want = reference_decode(&text).unwrap();
            let mut buf = [0u8; 25];
            match decode(&text, &mut buf) {
                Ok(got) => assert_eq!(got, want.as_slice(), "{text}"),
                Err(e) => assert!(want.len() > 25 && e == Error::Length, "{text}: {e:?}"),
            }
        }
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
