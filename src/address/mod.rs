//! Wallet address decoding for the six top-level wallet fields and the `chain` of wallet entries
//! (SPEC section 4). The API's patterns come first (`validate::patterns`); these decoders then
//! judge what the API takes, so their verdicts are warnings: the API stores such an address, but
//! it is almost surely a typo or another network's.
//!
//! Wrong shape (prefix, length, alphabet, version, program length) is [`AddressVerdict::Malformed`];
//! a right-shaped address whose checksum fails is [`AddressVerdict::ChecksumMismatch`]. The valid
//! path does not allocate; messages are built only for failures and never quote the input.

mod alphabet;
mod base58check;
mod bech32;
mod cashaddr;
mod ckb;
mod eip55;
mod keccak;

use crate::text::cat;

/// Outcome of checking one address string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressVerdict {
    Valid,
    /// Wrong shape for the chain (prefix, length, alphabet, version, program length).
    Malformed(String),
    /// Right shape but the checksum does not hold.
    ChecksumMismatch(String),
}

/// The six top-level wallet fields of a user record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletField {
    Btc,
    Ltc,
    Doge,
    Kda,
    Ckb,
    Kas,
}

/// Longest address accepted for chains without a format rule, counted in characters.
const GENERIC_MAX_CHARS: usize = 255;
// `check_generic`'s message writes it as text (`crate::text::cat`, not `format!`).
const _: () = assert!(GENERIC_MAX_CHARS == 255);
/// `k:` plus a 32-byte ed25519 public key in hex.
const KDA_HEX_LEN: usize = 64;
const SOL_KEY_LEN: usize = 32;

/// A Base58Check / segwit coin: which leading characters, version bytes and hrps it uses.
struct UtxoCoin {
    name: &'static str,
    /// The sentence shown when the address has none of the coin's prefixes.
    forms: &'static str,
    /// Leading characters of its Base58Check addresses (a cheap pre-filter for the message).
    leading: &'static [u8],
    versions: &'static [u8],
    hrps: &'static [&'static str],
}

// Mainnet only, as the API's patterns (SPEC sections 2 and 4).
const BTC: UtxoCoin = UtxoCoin {
    name: "BTC",
    forms: "A BTC address starts with 1 or 3 (Base58Check) or bc1 (bech32).",
    leading: b"13",
    versions: &[0x00, 0x05],
    hrps: &["bc"],
};

const LTC: UtxoCoin = UtxoCoin {
    name: "LTC",
    forms: "An LTC address starts with L, M or 3 (Base58Check).",
    leading: b"LM3",
    versions: &[0x30, 0x32, 0x05],
    hrps: &[],
};

const DOGE: UtxoCoin = UtxoCoin {
    name: "DOGE",
    forms: "A DOGE address starts with D (Base58Check).",
    leading: b"D",
    versions: &[0x1e],
    hrps: &[],
};

/// Checks the address in one of the six top-level wallet fields.
pub fn check_field_address(field: WalletField, address: &str) -> AddressVerdict {
    match field {
        WalletField::Btc => check_utxo(&BTC, address),
        WalletField::Ltc => check_utxo(&LTC, address),
        WalletField::Doge => check_utxo(&DOGE, address),
        WalletField::Kda => check_kda(address),
        WalletField::Ckb => check_ckb(address),
        WalletField::Kas => check_kaspa(address),
    }
}

/// Checks a wallet entry's address against its `chain`, one of the API's chains (already
/// validated by the caller). Chains without a format here only get the generic length check.
pub fn check_chain_address(chain: &str, address: &str) -> AddressVerdict {
    match chain {
        "ETH" | "EVM" => check_evm(chain, address),
        "SOL" => check_sol(address),
        "BTC" => check_utxo(&BTC, address),
        _ => check_generic(chain, address),
    }
}

/// Not generic, and out of line: each caller's copy of `String::from` cost 60 bytes of wasm.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn malformed(msg: &str) -> AddressVerdict {
    AddressVerdict::Malformed(msg.to_owned())
}

/// "This BTC address …": `rest` after the coin's name.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn this(name: &str, rest: &str) -> AddressVerdict {
    AddressVerdict::Malformed(cat(&["This ", name, rest]))
}

#[cfg_attr(size_opt, optimize(size))]
fn checksum_mismatch(coin: &str) -> AddressVerdict {
    AddressVerdict::ChecksumMismatch(cat(&[
        "The checksum of this ",
        coin,
        " address does not match; check for a typo.",
    ]))
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn check_utxo(coin: &UtxoCoin, address: &str) -> AddressVerdict {
    let is_segwit = coin
        .hrps
        .iter()
        .any(|hrp| starts_with_ignore_case(address, hrp) && address.as_bytes().get(hrp.len()) == Some(&b'1'));
    if is_segwit {
        return match bech32::check_segwit(address, coin.hrps) {
            Ok(()) => AddressVerdict::Valid,
            Err(e) => bech32_verdict(coin.name, e),
        };
    }
    if !address.as_bytes().first().is_some_and(|c| coin.leading.contains(c)) {
        return malformed(coin.forms);
    }
    let name = coin.name;
    match base58check::check(address, coin.versions) {
        Ok(()) => AddressVerdict::Valid,
        Err(base58check::Error::InvalidChar) => {
            this(name, " address contains characters outside the Base58 alphabet (0, O, I and l are not allowed).")
        }
        Err(base58check::Error::Length) => {
            this(name, " address has the wrong length for a Base58Check address (25 bytes once decoded).")
        }
        Err(base58check::Error::Version) => AddressVerdict::Malformed(cat(&[
            "This ",
            name,
            " address has a version byte that belongs to no ",
            name,
            " address type.",
        ])),
        Err(base58check::Error::Checksum) => checksum_mismatch(name),
    }
}

#[cfg_attr(size_opt, optimize(size))]
fn bech32_verdict(name: &str, e: bech32::Error) -> AddressVerdict {
    use bech32::Error as E;
    match e {
        E::TooLong => this(name, " address is too long for a bech32 address."),
        E::MixedCase => this(name, " address mixes upper and lower case, which bech32 does not allow."),
        E::InvalidChar => this(
            name,
            " address contains characters outside the bech32 alphabet (1, b, i and o are not allowed after the prefix).",
        ),
        E::WrongHrp => this(name, " address has an unknown bech32 prefix."),
        E::TooShort => this(name, " address is too short."),
        E::Padding => this(name, " address has invalid padding bits at the end of its data."),
        E::WitnessVersion => this(name, " address has a witness version above 16."),
        E::ProgramLength => this(
            name,
            " address has a witness program of the wrong length (20 or 32 bytes for v0, 2 to 40 bytes for v1 and later).",
        ),
        E::Checksum => checksum_mismatch(name),
        E::WrongVariant => AddressVerdict::ChecksumMismatch(cat(&[
            "This ",
            name,
            " address uses the wrong checksum type for its witness version (bech32 for v0, bech32m for v1 and later); check for a typo.",
        ])),
    }
}

fn check_kda(address: &str) -> AddressVerdict {
    let ok = address
        .strip_prefix("k:")
        .is_some_and(|hex| hex.len() == KDA_HEX_LEN && hex.bytes().all(|c| c.is_ascii_hexdigit()));
    if ok {
        AddressVerdict::Valid
    } else {
        malformed("A KDA account is k: followed by 64 hexadecimal characters.")
    }
}

fn check_ckb(address: &str) -> AddressVerdict {
    match ckb::check(address) {
        Ok(()) => AddressVerdict::Valid,
        Err(ckb::Error::Bech32(bech32::Error::WrongHrp)) => {
            malformed("A CKB address starts with ckb1 (mainnet) or ckt1 (testnet).")
        }
        Err(ckb::Error::Bech32(e)) => bech32_verdict("CKB", e),
        Err(ckb::Error::Format) => malformed("This CKB address has an unknown payload format."),
        Err(ckb::Error::Layout) => malformed(
            "This CKB address has a payload of the wrong length or content for its format.",
        ),
        Err(ckb::Error::WrongVariant) => AddressVerdict::ChecksumMismatch(
            "This CKB address uses the wrong checksum type for its format (bech32m for the full format, bech32 for the short and old full formats); check for a typo.".into(),
        ),
    }
}

fn check_kaspa(address: &str) -> AddressVerdict {
    use cashaddr::Error as E;
    // Mainnet only, as the API's pattern.
    if !address.starts_with("kaspa:") {
        return malformed("A Kaspa address starts with kaspa:.");
    }
    match cashaddr::check_kaspa(address) {
        Ok(()) => AddressVerdict::Valid,
        Err(E::Prefix) => malformed("A Kaspa address starts with kaspa:."),
        Err(E::Length) => malformed(
            "This Kaspa address has the wrong length (61 or 63 characters after the prefix).",
        ),
        Err(E::InvalidChar) => malformed(
            "This Kaspa address contains characters outside its lowercase bech32 alphabet (1, b, i and o are not allowed).",
        ),
        Err(E::Version) => malformed("This Kaspa address has an unknown address type."),
        Err(E::PayloadLength) => {
            malformed("This Kaspa address has the wrong length for its address type.")
        }
        Err(E::Padding) => {
            malformed("This Kaspa address has invalid padding bits at the end of its data.")
        }
        Err(E::Checksum) => checksum_mismatch("Kaspa"),
    }
}

fn check_evm(chain: &str, address: &str) -> AddressVerdict {
    match eip55::check(address) {
        Ok(()) => AddressVerdict::Valid,
        Err(eip55::Error::Shape) => {
            AddressVerdict::Malformed(cat(&["An ", chain, " address is 0x followed by 40 hexadecimal characters."]))
        }
        Err(eip55::Error::Checksum) => AddressVerdict::ChecksumMismatch(cat(&[
            "The mixed-case (EIP-55) checksum of this ",
            chain,
            " address does not match; check for a typo.",
        ])),
    }
}

fn check_sol(address: &str) -> AddressVerdict {
    let mut buf = [0u8; SOL_KEY_LEN];
    match base58check::decode(address, &mut buf) {
        Ok(key) if key.len() == SOL_KEY_LEN => AddressVerdict::Valid,
        Err(base58check::Error::InvalidChar) => malformed(
            "This SOL address contains characters outside the Base58 alphabet (0, O, I and l are not allowed).",
        ),
        _ => malformed("A SOL address is Base58 text that decodes to exactly 32 bytes."),
    }
}

fn check_generic(chain: &str, address: &str) -> AddressVerdict {
    if address.is_empty() {
        return AddressVerdict::Malformed(cat(&["The ", chain, " address is empty."]));
    }
    // Only count characters when the byte length could exceed the limit.
    if address.len() > GENERIC_MAX_CHARS && address.chars().nth(GENERIC_MAX_CHARS).is_some() {
        return AddressVerdict::Malformed(cat(&["The ", chain, " address may be at most 255 characters long."]));
    }
    AddressVerdict::Valid
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressVerdict::*;

    const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /// Published addresses per field (BIP examples, Bitcoin wiki, wallet test suites, RFC 0021,
    /// rusty-kaspa tests).
    fn valid_cases() -> Vec<(WalletField, &'static str)> {
        use WalletField::*;
        vec![
            (Btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            (Btc, "16L5yRNPTuciSgXGHqYwn9N6NeoKqopAu"),
            (Btc, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            (Btc, "31nM1WuowNDzocNxPPW9NQWJEtwWpjfcLj"),
            (Btc, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            (Btc, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
            (Btc, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            (Btc, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
            (Ltc, "LKKHMBjCU89fyFNgSRprDoD8Jb25N8uWvd"),
            (Ltc, "M7zVKQKmtV5Rc7erVGVVC3khZbXxsS5HEX"),
            (Ltc, "31nM1WuowNDzocNxPPW9NQWJEtwWpjfcLj"),
            (Doge, "D8osUgxgU4J2yEhCzN5xQQ42tuuG7qBdri"),
            (Doge, "D5ERdEN1gsouFSs7zsq7VYJxyWP6dP28H1"),
            (Ckb, "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqxwquc4"),
            (Ckb, "ckb1qyqt8xaupvm8837nv3gtc9x0ekkj64vud3jqfwyw5v"),
            (Ckb, "ckb1qjda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xw3vumhs9nvu786dj9p0q5elx66t24n3kxgj53qks"),
            (Ckb, "ckt1qyqw5ps6f323lqhwzdcg0jy74ums73dssqdsxrh34h"),
            (Ckb, "ckt1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqv5dsed9par23x4g58seaw58j3ym5ml2hs8ztche"),
            (Kas, "kaspa:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj"),
            (Kas, "kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e"),
        ]
    }

    /// Replaces the character at `i` with the next one in `alphabet`.
    fn typo(s: &str, i: usize, alphabet: &str) -> String {
        let c = s.as_bytes()[i].to_ascii_lowercase();
        let lower_alphabet = alphabet.to_ascii_lowercase();
        let pos = lower_alphabet.bytes().position(|a| a == c).unwrap();
        let mut next = alphabet.as_bytes()[(pos + 1) % alphabet.len()];
        if s.as_bytes()[i].is_ascii_uppercase() {
            next = next.to_ascii_uppercase();
        }
        let mut out = s.to_string();
        out.replace_range(i..=i, std::str::from_utf8(&[next]).unwrap());
        out
    }

    fn assert_malformed(v: AddressVerdict, what: &str) {
        match v {
            Malformed(msg) => {
                assert!(msg.ends_with('.'), "{what}: {msg}");
                assert!(msg.len() < 200, "{what}: {msg}");
            }
            other => panic!("{what}: expected Malformed, got {other:?}"),
        }
    }

    fn assert_checksum_mismatch(v: AddressVerdict, what: &str) {
        match v {
            ChecksumMismatch(msg) => assert!(msg.ends_with('.'), "{what}: {msg}"),
            other => panic!("{what}: expected ChecksumMismatch, got {other:?}"),
        }
    }

    #[test]
    fn published_field_addresses_are_valid() {
        for (field, a) in valid_cases() {
            assert_eq!(check_field_address(field, a), Valid, "{field:?} {a}");
        }
        assert_eq!(
            check_field_address(WalletField::Kda, "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94"),
            Valid
        );
    }

    #[test]
    fn one_character_typo_is_a_checksum_mismatch() {
        for (field, a) in valid_cases() {
            // Change a character in the middle of the data part, keeping its alphabet.
            let lower = a.to_ascii_lowercase();
            let (start, alphabet) = if field == WalletField::Kas {
                (a.find(':').unwrap() + 1, BECH32)
            } else if ["bc1", "tb1", "ltc1", "ckb1", "ckt1"].iter().any(|p| lower.starts_with(p)) {
                (a.rfind('1').unwrap() + 1, BECH32)
            } else {
                (1, BASE58)
            };
            let i = start + (a.len() - start) / 2;
            let t = typo(a, i, alphabet);
            assert_checksum_mismatch(check_field_address(field, &t), &t);
        }
    }

    #[test]
    fn btc_chain_matches_the_btc_field() {
        for (field, a) in valid_cases() {
            if field == WalletField::Btc {
                assert_eq!(check_chain_address("BTC", a), Valid, "{a}");
            }
        }
        assert_malformed(check_chain_address("BTC", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"), "ltc on BTC");
    }

    #[test]
    fn cross_coin_and_shape_errors_are_malformed() {
        use WalletField::*;
        let cases: &[(WalletField, &str)] = &[
            // Testnets and the address types the API's patterns refuse (SPEC section 2).
            (Btc, "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn"),
            (Btc, "n3GNqMveyvaPvUbH469vDRadqpJMPc84JA"),
            (Btc, "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc"),
            (Btc, "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"),
            (Btc, "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c"),
            (Ltc, "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"),
            (Doge, "A6T5s5B1Saja9yAJWxQN8SNXvNzxaoFdcy"),
            (Doge, "ADNbM5fBujCRBW1vqezNeAWmnsLp19ki3n"),
            (Doge, "9xqCpm3DpUYSzcoQSPb5SEGDwn9NRqwZnH"),
            (Doge, "9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3"),
            (Kas, "kaspatest:qxaqrlzlf6wes72en3568khahq66wf27tuhfxn5nytkd8tcep2c0vrse6gdmpks"),
            // Right alphabet, wrong coin.
            (Btc, "LKKHMBjCU89fyFNgSRprDoD8Jb25N8uWvd"),
            (Ltc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            (Ltc, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            (Doge, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            (Doge, "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"),
            // A P2SH address shared by BTC and LTC is no DOGE address.
            (Doge, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            // Truncated / extended Base58Check.
            (Btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf"),
            (Btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaaaaa"),
            // Outside the Base58 alphabet.
            (Btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a"),
            (Doge, "D8osUgxgU4J2yEhCzN5xQQ42tuuG7qBdrI"),
            // BIP-350: witness version 17, 1-byte program, mixed case, bad padding.
            (Btc, "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R"),
            (Btc, "bc1pw5dgrnzv"),
            (Btc, "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq"),
            (Btc, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf"),
            (Btc, "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut"),
            // KDA: wrong prefix, length, alphabet.
            (Kda, "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c9"),
            (Kda, "K:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94"),
            (Kda, "w:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94"),
            (Kda, "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c9g"),
            (Kda, "554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94"),
            // CKB: wrong hrp, alphabet, bitcoin address.
            (Ckb, "ckt1q9876543210abcdefghijklmnopqrstuvwxyz"),
            (Ckb, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            // Kaspa: wrong prefix, length, uppercase.
            (Kas, "kaspax:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj"),
            (Kas, "qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj"),
            (Kas, "kaspa:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmf"),
            (Kas, "kaspa:QP0L70ZD5X85TTWD6JV7G3S3A8LLZJ96D8DNCN4ZMHV4TLZX5K2JYQH70XMFJ"),
        ];
        for &(field, a) in cases {
            assert_malformed(check_field_address(field, a), &format!("{field:?} {a}"));
        }
    }

    #[test]
    fn bech32_variant_mismatch_is_a_checksum_mismatch() {
        // BIP-350: v1+ with a bech32 checksum, v0 with a bech32m checksum.
        for a in [
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        ] {
            assert_checksum_mismatch(check_field_address(WalletField::Btc, a), a);
        }
    }

    #[test]
    fn evm_chains() {
        for chain in ["ETH", "EVM"] {
            for a in [
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0x52908400098527886E0F7030069857D2E4169EE7",
                "0xde709f2102306220921060314715629080e2fb77",
            ] {
                assert_eq!(check_chain_address(chain, a), Valid, "{a}");
            }
            assert_checksum_mismatch(
                check_chain_address(chain, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"),
                "flipped case",
            );
            assert_checksum_mismatch(check_chain_address(chain, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAec"), "typo");
            assert_malformed(check_chain_address(chain, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"), "short");
            assert_malformed(check_chain_address(chain, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"), "btc");
        }
    }

    #[test]
    fn sol_chain() {
        // System program (32 zero bytes) and the SPL Token program id.
        assert_eq!(check_chain_address("SOL", "11111111111111111111111111111111"), Valid);
        assert_eq!(check_chain_address("SOL", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), Valid);
        assert_malformed(check_chain_address("SOL", "1111111111111111111111111111111"), "31 bytes");
        assert_malformed(check_chain_address("SOL", "111111111111111111111111111111111"), "33 bytes");
        assert_malformed(check_chain_address("SOL", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D0"), "alphabet");
        assert_malformed(check_chain_address("SOL", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), "evm");
    }

    #[test]
    fn generic_chains_check_length_in_characters() {
        for chain in ["FLOW", "ALGO", "STARK", "COSMOS", "ECLIPSE", "SUI", "SPARK", "TRON", "APTOS", "TON"] {
            assert_eq!(check_chain_address(chain, "anything at all"), Valid);
            assert_eq!(check_chain_address(chain, &"é".repeat(255)), Valid, "255 chars, 510 bytes");
            assert_eq!(check_chain_address(chain, &"🦀".repeat(255)), Valid);
            assert_malformed(check_chain_address(chain, ""), "empty");
            assert_malformed(check_chain_address(chain, &"a".repeat(256)), "256 chars");
            assert_malformed(check_chain_address(chain, &"🦀".repeat(256)), "256 emoji");
        }
    }

    #[test]
    fn hostile_input_is_malformed_without_panicking() {
        let long_ascii = "1".repeat(10_000);
        let long_bech32 = format!("bc1{}", "q".repeat(10_000));
        let long_ckb = format!("ckb1{}", "q".repeat(10_000));
        let long_kas = format!("kaspa:{}", "q".repeat(10_000));
        let long_eth = format!("0x{}", "a".repeat(10_000));
        let long_emoji = "🦀".repeat(10_000);
        let inputs = [
            "",
            " ",
            ":",
            "k:",
            "0x",
            "bc1",
            "ckb1",
            "kaspa:",
            "🦀",
            "bc1🦀",
            "kaspa:🦀",
            "ckb1qyqt8xaupvm8837nv3gtc9x0ekkj64vud3jqfwyw5🦀",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNé",
            "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7cé",
            "\u{0}\u{7f}\u{80}",
            long_ascii.as_str(),
            long_bech32.as_str(),
            long_ckb.as_str(),
            long_kas.as_str(),
            long_eth.as_str(),
            long_emoji.as_str(),
        ];
        use WalletField::*;
        for a in inputs {
            for field in [Btc, Ltc, Doge, Kda, Ckb, Kas] {
                assert_malformed(check_field_address(field, a), &format!("{field:?}"));
            }
            for chain in ["ETH", "EVM", "SOL", "BTC"] {
                assert_malformed(check_chain_address(chain, a), chain);
            }
        }
    }

    #[test]
    fn mutated_addresses_never_panic() {
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d_u64);
        let mut next = || rng.next();
        let pool = ['q', 'p', '1', '0', 'O', 'l', 'z', 'Z', ':', 'x', 'é', '🦀', '\0'];
        let fields = [
            WalletField::Btc,
            WalletField::Ltc,
            WalletField::Doge,
            WalletField::Kda,
            WalletField::Ckb,
            WalletField::Kas,
        ];
        let chain_seeds = ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"];
        for seed in valid_cases().into_iter().map(|(_, seed)| seed).chain(chain_seeds) {
            for _ in 0..300 {
                let mut chars: Vec<char> = seed.chars().collect();
                for _ in 0..1 + next() % 3 {
                    let i = (next() as usize) % (chars.len() + 1);
                    let c = pool[(next() as usize) % pool.len()];
                    match next() % 3 {
                        0 if i < chars.len() => chars[i] = c,
                        1 if i < chars.len() => {
                            chars.remove(i);
                        }
                        _ => chars.insert(i, c),
                    }
                }
                let s: String = chars.into_iter().collect();
                for field in fields {
                    if let Malformed(m) | ChecksumMismatch(m) = check_field_address(field, &s) {
                        assert!(m.ends_with('.'));
                    }
                }
                for chain in ["ETH", "EVM", "SOL", "BTC", "TON"] {
                    let valid = check_chain_address(chain, &s) == Valid;
                    // The formats are ASCII letters and digits (hex, Base58, bech32).
                    assert!(!valid || chain == "TON" || s.bytes().all(|b| b.is_ascii_alphanumeric()), "{chain} {s:?}");
                }
            }
        }
    }

    #[test]
    fn messages_never_echo_the_input() {
        let a = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb";
        for v in [
            check_field_address(WalletField::Btc, a),
            check_field_address(WalletField::Ltc, a),
            check_chain_address("ETH", a),
        ] {
            let (Malformed(msg) | ChecksumMismatch(msg)) = v else {
                panic!("expected a failure");
            };
            assert!(!msg.contains("DivfN"), "{msg}");
        }
    }

    /// The project's seed examples: verdicts recorded from this implementation (regression).
    #[test]
    fn seed_examples() {
        use WalletField::*;
        let show = |v: &AddressVerdict| match v {
            Valid => "Valid".to_string(),
            Malformed(m) => format!("Malformed: {m}"),
            ChecksumMismatch(m) => format!("ChecksumMismatch: {m}"),
        };
        for (field, a) in [
            (Btc, "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5"),
            (Ltc, "LUttH43tQ4x4qniCKr1Rqo8ESeXFPdv9ax"),
            (Doge, "DPcy35vmuk8GXcfu1vgFFEeij3BuYYJQKB"),
            (Kda, "k:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
            (Ckb, "ckt1q9876543210abcdefghijklmnopqrstuvwxyz"),
            (Kas, "kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m"),
        ] {
            println!("{field:?} {a} -> {}", show(&check_field_address(field, a)));
        }
        let eth = "0xbF394748301603f18d953C90F0b087CBEC0E1834";
        println!("ETH {eth} -> {}", show(&check_chain_address("ETH", eth)));
    }
}
