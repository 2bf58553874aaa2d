//! Base58 (Bitcoin alphabet) decoding into a caller-sized buffer, and Base58Check.

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
    let Ok(body) = <&[u8; CHECK_LEN - 4]>::try_from(body) else {
        return Err(Error::Length);
    };
    if checksum != double_sha256_head(body).to_be_bytes() {
        return Err(Error::Checksum);
    }
    Ok(())
}

/// The first four bytes of SHA-256(SHA-256(`body`)), as a big-endian word. Both hashes fit one
/// block each, so they are padded by hand and the first one's words go straight into the second
/// one's block, with none of a general hasher's buffering and byte conversions.
fn double_sha256_head(body: &[u8; CHECK_LEN - 4]) -> u32 {
    let mut block = [0u32; 16];
    // The body, then the padding's 0x80, big-endian; the length in bits ends the block.
    for (i, &b) in body.iter().chain(&[0x80]).enumerate() {
        block[i / 4] |= u32::from(b) << (24 - 8 * (i % 4));
    }
    block[15] = (body.len() * 8) as u32;
    let first = sha256_block(block);
    let mut block = [0u32; 16];
    block[..8].copy_from_slice(&first);
    block[8] = 0x8000_0000;
    block[15] = 256;
    sha256_block(block)[0]
}

/// SHA-256 of one padded block: the compression of `block` into the initial state (FIPS 180-4).
fn sha256_block(block: [u32; 16]) -> [u32; 8] {
    let mut w = [0u32; 64];
    w[..16].copy_from_slice(&block);
    for i in 16..64 {
        let (w15, w2) = (w[i - 15], w[i - 2]);
        let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
        let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
        w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
    }
    let mut v = SHA256_IV;
    for (&k, &w) in SHA256_K.iter().zip(&w) {
        let [a, b, c, d, e, f, g, h] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(k).wrapping_add(w);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        v = [t1.wrapping_add(s0).wrapping_add(maj), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    let mut out = SHA256_IV;
    for (out, v) in out.iter_mut().zip(v) {
        *out = out.wrapping_add(v);
    }
    out
}

const SHA256_IV: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const SHA256_K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
];

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
    fn double_sha256_as_the_sha2_crate() {
        use sha2::{Digest, Sha256};
        let mut rng = crate::test_rng::Rng(256);
        for round in 0..20_000 {
            let mut body = [0u8; CHECK_LEN - 4];
            for b in &mut body {
                *b = match round % 3 {
                    0 => 0,
                    1 => 0xff,
                    _ => rng.next() as u8,
                } ^ if round % 3 == 2 { 0 } else { (rng.next() % 2) as u8 };
            }
            let hash = Sha256::digest(Sha256::digest(body));
            assert_eq!(double_sha256_head(&body).to_be_bytes(), hash[..4], "{body:?}");
        }
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
