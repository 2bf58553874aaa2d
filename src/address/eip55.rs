//! Ethereum-style `0x` + 40-hex addresses with the EIP-55 mixed-case checksum.

const HEX_LEN: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Shape,
    Checksum,
}

/// Accepts all-lowercase or all-uppercase hex as unchecksummed; mixed case must match EIP-55.
pub fn check(address: &str) -> Result<(), Error> {
    let Some(hex) = address.strip_prefix("0x") else {
        return Err(Error::Shape);
    };
    let Ok(hex) = <&[u8; HEX_LEN]>::try_from(hex.as_bytes()) else {
        return Err(Error::Shape);
    };
    // One pass: the shape, and which cases the letters have.
    let (mut has_lower, mut has_upper) = (false, false);
    for c in hex {
        if !c.is_ascii_hexdigit() {
            return Err(Error::Shape);
        }
        has_lower |= c.is_ascii_lowercase();
        has_upper |= c.is_ascii_uppercase();
    }
    if !(has_lower && has_upper) {
        return Ok(());
    }

    let hash = keccak256_of_lowercase(hex);
    // Letter i must be uppercase exactly when nibble i of the hash is 8 or more: the high bit of
    // byte i / 2 (of the hash's little-endian lanes) for even i, bit 3 for odd i.
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

/// The first 40 nibbles of Keccak-256 of the 40 hex letters in lower case, as the first three
/// lanes of the state. Forty bytes fit in one block of the sponge (rate 136), so this absorbs,
/// pads and squeezes by hand around one permutation (src/address/keccak.rs). The letters go
/// straight into the lanes, the hash is read from them: no block to fill and copy.
fn keccak256_of_lowercase(hex: &[u8; HEX_LEN]) -> [u64; 3] {
    let mut state = [0u64; 25];
    for (lane, bytes) in state.iter_mut().zip(hex.chunks_exact(8)) {
        // Lower case, 8 letters at a time: the hex digits' 0x20 bit is set already.
        let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        *lane = word | 0x2020_2020_2020_2020;
    }
    // Keccak padding (not SHA-3's): 0x01 after the message (byte 40), 0x80 in the block's last
    // byte (135, the top byte of lane 16).
    state[HEX_LEN / 8] = 0x01;
    state[16] = 0x80 << 56;
    super::keccak::f1600_first3(state)
}

#[cfg(test)]
mod tests {
    use super::*;

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
