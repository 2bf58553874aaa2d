//! The wallet-address decoders (Base58Check, bech32/bech32m, CKB, Kaspa, EIP-55) on any string.
#![no_main]
use dynamic_users::address::{check_chain_address, check_field_address, WalletField};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for field in
        [WalletField::Btc, WalletField::Ltc, WalletField::Doge, WalletField::Kda, WalletField::Ckb, WalletField::Kas]
    {
        let _ = check_field_address(field, &text);
    }
    for chain in ["ETH", "EVM", "SOL", "BTC", "FLOW"] {
        let _ = check_chain_address(chain, &text);
    }
});
