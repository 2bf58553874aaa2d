//! Nervos CKB addresses (RFC 0021): a bech32/bech32m payload led by a format byte.

use super::bech32::{self, Variant};

const HRPS: [&str; 2] = ["ckb", "ckt"];
/// CKB drops BIP-173's 90-character limit; this still bounds the work while leaving room for
/// about 200 bytes of lock args (a secp256k1 full address is 95 characters).
pub const MAX_LEN: usize = 400;
const CODE_HASH_LEN: usize = 32;
const SHORT_ARGS_LEN: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Bech32(bech32::Error),
    Format,
    /// The payload is too short for its format or names an unknown hash type / code hash index.
    Layout,
    /// The checksum holds, but with the variant its format byte does not allow.
    WrongVariant,
}

/// Checks a `ckb1…` (mainnet) or `ckt1…` (testnet) address.
pub fn check(address: &str) -> Result<(), Error> {
    let checked = bech32::decode(address, &HRPS, MAX_LEN).map_err(Error::Bech32)?;
    // Format byte, then either code_hash_index or code_hash + hash_type.
    let mut head = [0u8; 2 + CODE_HASH_LEN];
    let len = bech32::regroup_to_bytes(checked.values(), &mut head).map_err(Error::Bech32)?;
    if len == 0 {
        return Err(Error::Layout);
    }
    let [format, index, ..] = head;
    let hash_type = head[1 + CODE_HASH_LEN];
    let (layout_ok, variant) = match format {
        // 0x00 | code_hash | hash_type | args; hash types data, type, data1, data2.
        0x00 => (len > 1 + CODE_HASH_LEN && matches!(hash_type, 0 | 1 | 2 | 4), Variant::Bech32m),
        // 0x01 | code_hash_index | args: secp256k1 and multisig take a 20-byte hash; anyone-can-pay
        // may add a minimum CKB and a minimum UDT amount, a byte each.
        0x01 => {
            let args = len - 2;
            let fits = match index {
                0 | 1 => args == SHORT_ARGS_LEN,
                2 => (SHORT_ARGS_LEN..=SHORT_ARGS_LEN + 2).contains(&args),
                _ => false,
            };
            (len >= 2 && fits, Variant::Bech32)
        }
        // 0x02 (data) / 0x04 (type) | code_hash | args
        0x02 | 0x04 => (len > CODE_HASH_LEN, Variant::Bech32),
        _ => return Err(Error::Format),
    };
    if !layout_ok {
        return Err(Error::Layout);
    }
    if checked.variant != variant {
        return Err(Error::WrongVariant);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 0021's examples and ckb-sdk-rust's address tests (mainnet).
    const RFC_MAINNET: [&str; 7] = [
        "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqxwquc4",
        "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsq9nnw7qkdnnclfkg59uzn8umtfd2kwxceqvguktl",
        "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsq4nnw7qkdnnclfkg59uzn8umtfd2kwxceqcydzyt",
        "ckb1qyqt8xaupvm8837nv3gtc9x0ekkj64vud3jqfwyw5v",
        "ckb1qyq5lv479ewscx3ms620sv34pgeuz6zagaaqklhtgg",
        "ckb1qjda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xw3vumhs9nvu786dj9p0q5elx66t24n3kxgj53qks",
        "ckb1qyqw5ps6f323lqhwzdcg0jy74ums73dssqdsmxfwet",
    ];
    /// Testnet addresses published in ckb-cli output and CKB SDK examples.
    const TESTNET: [&str; 3] = [
        "ckt1qyqw5ps6f323lqhwzdcg0jy74ums73dssqdsxrh34h",
        "ckt1qyqvsv5240xeh85wvnau2eky8pwrhh4jr8ts8vyj37",
        "ckt1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqv5dsed9par23x4g58seaw58j3ym5ml2hs8ztche",
    ];

    #[test]
    fn published_addresses_are_valid() {
        for a in RFC_MAINNET.iter().chain(&TESTNET) {
            assert_eq!(check(a), Ok(()), "{a}");
        }
    }

    #[test]
    fn wrong_variant_for_format() {
        // The RFC full-format example re-encoded as bech32 (full format requires bech32m).
        assert_eq!(
            check("ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqnjssah"),
            Err(Error::WrongVariant)
        );
    }

    #[test]
    fn shape_errors() {
        assert_eq!(check("ckt1q9876543210abcdefghijklmnopqrstuvwxyz"), Err(Error::Bech32(bech32::Error::InvalidChar)));
        assert_eq!(
            check("ckx1qyqw5ps6f323lqhwzdcg0jy74ums73dssqdsxrh34h"),
            Err(Error::Bech32(bech32::Error::WrongHrp))
        );
        assert_eq!(check(&format!("ckb1{}", "q".repeat(MAX_LEN))), Err(Error::Bech32(bech32::Error::TooLong)));
    }
}
