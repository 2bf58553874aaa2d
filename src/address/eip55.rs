//! Ethereum-style `0x` + 40-hex addresses with the EIP-55 mixed-case checksum.

const HEX_LEN: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Shape,
    Checksum,
}

/// Bit 7 of every byte: 8 letters at a time.
const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;
/// The bit that makes an ASCII letter lower case, in every byte.
const CASE: u64 = 0x2020_2020_2020_2020;

/// Bit 7 of each byte of `w` set where that byte is in `lo..=hi`; every byte must be ASCII (below
/// 0x80, so that no subtraction borrows from the next byte).
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    (w | HIGH).wrapping_sub(ONES * lo as u64) & (HIGH | ONES * hi as u64).wrapping_sub(w) & HIGH
}

/// Accepts all-lowercase or all-uppercase hex as unchecksummed; mixed case must match EIP-55.
/// Eight letters at a time, in words: a byte loop took a third as long as the hash.
pub fn check(address: &str) -> Result<(), Error> {
    let Some(hex) = address.strip_prefix("0x") else {
        return Err(Error::Shape);
    };
    let Ok(hex) = <&[u8; HEX_LEN]>::try_from(hex.as_bytes()) else {
        return Err(Error::Shape);
    };
    // One pass: the shape, and which cases the letters have. Of hex digits and letters, only the
    // letters have bit 6 set, and only the lower case ones bit 5 as well.
    let mut words = [0; HEX_LEN / 8];
    let (mut lower, mut upper) = (0, 0);
    for (w, bytes) in words.iter_mut().zip(hex.chunks_exact(8)) {
        *w = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        if *w & HIGH != 0 || (in_range(*w, b'0', b'9') | in_range(*w | CASE, b'a', b'f')) != HIGH {
            return Err(Error::Shape);
        }
        lower |= *w & *w << 1;
        upper |= *w & !(*w << 1);
    }
    if lower & HIGH >> 1 == 0 || upper & HIGH >> 1 == 0 {
        return Ok(());
    }

    // Keccak-256 of the address in lower case (the digits' bit 5 is set already).
    let [w0, w1, w2, w3, w4] = words;
    let [h0, h1, h2] = super::keccak::keccak256_40(&[w0 | CASE, w1 | CASE, w2 | CASE, w3 | CASE, w4 | CASE]);
    // Letter i must be uppercase exactly when nibble i of the hash is 8 or more: the high bit of
    // byte i / 2 (of the hash's little-endian lanes) for even i, bit 3 for odd i. Eight letters
    // take four bytes of the hash, spread to one per two bytes of a word.
    for (w, h) in words.into_iter().zip([h0, h0 >> 32, h1, h1 >> 32, h2]) {
        let h = h & 0xffff_ffff;
        let h = (h | h << 16) & 0x0000_ffff_0000_ffff;
        let h = (h | h << 8) & 0x00ff_00ff_00ff_00ff;
        let upper_wanted = (h & 0x0080_0080_0080_0080) | (h & 0x0008_0008_0008_0008) << 12;
        // Bit 5 clear (upper case) against the hash, where bit 6 is set (letters).
        if (!(w << 2) ^ upper_wanted) & w << 1 & HIGH != 0 {
            return Err(Error::Checksum);
        }
    }
    Ok(())
}

/// The first 24 bytes of Keccak-256 of the 40 hex letters in lower case, as three lanes.
#[cfg(test)]
fn keccak256_of_lowercase(hex: &[u8; HEX_LEN]) -> [u64; 3] {
    let lane = |i: usize| u64::from_le_bytes(hex[i * 8..][..8].try_into().unwrap()) | CASE;
    super::keccak::keccak256_40(&[lane(0), lane(1), lane(2), lane(3), lane(4)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time check `check` replaced: the reference for its words.
    fn check_bytewise(address: &str) -> Result<(), Error> {
        let Some(hex) = address.strip_prefix("0x") else {
            return Err(Error::Shape);
        };
        let Ok(hex) = <&[u8; HEX_LEN]>::try_from(hex.as_bytes()) else {
            return Err(Error::Shape);
        };
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err(Error::Shape);
        }
        if !(hex.iter().any(u8::is_ascii_lowercase) && hex.iter().any(u8::is_ascii_uppercase)) {
            return Ok(());
        }
        let hash = keccak256_of_lowercase(hex);
        let matches = hex.iter().enumerate().all(|(i, c)| {
            let bit = (i % 16 / 2) * 8 + if i % 2 == 0 { 7 } else { 3 };
            !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (hash[i / 16] >> bit & 1 == 1)
        });
        if matches {
            Ok(())
        } else {
            Err(Error::Checksum)
        }
    }

    /// xorshift64*: reproducible inputs without a dependency.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed >> 12;
        *seed ^= *seed << 25;
        *seed ^= *seed >> 27;
        seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// EIP-55 casing of 40 lower-case hex letters, byte by byte from the hash.
    fn checksummed(lower: &str) -> String {
        let hash = keccak256_of_lowercase(lower.as_bytes().try_into().unwrap());
        let cased: String = lower
            .char_indices()
            .map(|(i, c)| {
                let bit = (i % 16 / 2) * 8 + if i % 2 == 0 { 7 } else { 3 };
                if hash[i / 16] >> bit & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        format!("0x{cased}")
    }

    #[test]
    fn words_agree_with_bytes_on_random_and_hostile_addresses() {
        // Hex letters and digits, their neighbours in ASCII (/ : @ G ` g), bytes that OR 0x20
        // turns into digits or letters (0x10..0x19, 0x41..0x46 are letters already), non-ASCII.
        let alphabet: Vec<char> = "0123456789abcdefABCDEF/:@G`gFf\u{10}\u{19}\u{16}\u{7f}é€".chars().collect();
        let hex: Vec<char> = "0123456789abcdef".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d;
        let (mut valid, mut mismatched, mut malformed) = (0, 0, 0);
        for n in 0..30_000 {
            let lower: String = (0..40).map(|_| hex[next(&mut seed) as usize % 16]).collect();
            let mut address = checksummed(&lower);
            match n % 3 {
                // As checksummed (valid whenever it has both cases).
                0 => {}
                // One letter's case flipped.
                1 => {
                    let i = 2 + next(&mut seed) as usize % 40;
                    let c = address.as_bytes()[i];
                    if c.is_ascii_alphabetic() {
                        address.replace_range(i..=i, &((c ^ 0x20) as char).to_string());
                    }
                }
                // A few characters from the hostile alphabet.
                _ => {
                    let mut chars: Vec<char> = address.chars().collect();
                    for _ in 0..1 + next(&mut seed) % 3 {
                        let i = 2 + next(&mut seed) as usize % 40;
                        chars[i] = alphabet[next(&mut seed) as usize % alphabet.len()];
                    }
                    // Now and then a two-byte character for two: still 40 bytes. Without
                    // the ASCII test, the words would take ù (C3 B9) and ¹ (C2 B9) for digits.
                    if n % 9 == 2 {
                        let i = 2 + next(&mut seed) as usize % 39;
                        let two_bytes = ['é', 'ù', '¹', '¿'];
                        chars.splice(i..i + 2, [two_bytes[next(&mut seed) as usize % 4]]);
                    }
                    address = chars.into_iter().collect();
                }
            }
            let want = check_bytewise(&address);
            assert_eq!(check(&address), want, "{address:?}");
            match want {
                Ok(()) => valid += 1,
                Err(Error::Checksum) => mismatched += 1,
                Err(Error::Shape) => malformed += 1,
            }
        }
        // Every verdict was reached many times.
        assert!(valid > 5_000 && mismatched > 5_000 && malformed > 5_000, "{valid} {mismatched} {malformed}");
    }

    /// The examples in EIP-55's specification.
    const EIP55_EXAMPLES: [&str; 8] = [
        // All caps
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        // All lower
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        // Normal
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    #[test]
    fn eip55_examples_are_valid() {
        for a in EIP55_EXAMPLES {
            assert_eq!(check(a), Ok(()), "{a}");
        }
    }

    #[test]
    fn flipped_case_fails_the_checksum() {
        for a in &EIP55_EXAMPLES[4..] {
            // Flip the case of the last letter.
            let i = a.rfind(|c: char| c.is_ascii_alphabetic() && c != 'x').unwrap();
            let mut s = a.to_string();
            let c = s.as_bytes()[i];
            let flipped = if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
            s.replace_range(i..=i, std::str::from_utf8(&[flipped]).unwrap());
            assert_eq!(check(&s), Err(Error::Checksum), "{s}");
        }
    }

    #[test]
    fn every_flipped_letter_fails_the_checksum() {
        for a in &EIP55_EXAMPLES[4..] {
            for (i, c) in a.bytes().enumerate().skip(2).filter(|(_, c)| c.is_ascii_alphabetic()) {
                let mut s = a.as_bytes().to_vec();
                s[i] = c ^ 0x20;
                let s = String::from_utf8(s).unwrap();
                assert_eq!(check(&s), Err(Error::Checksum), "{s}");
            }
        }
    }

    #[test]
    fn shape_errors() {
        for a in [
            "",
            "0x",
            "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAé",
        ] {
            assert_eq!(check(a), Err(Error::Shape), "{a}");
        }
    }
}
