//! Enumerations on the wire, each variant renamed to its exact wire string.
//!
//! Request fields use them as they are (closed); response fields wrap them in
//! [`Open`](super::Open) so that a value added to the API later is kept.

use serde::{Deserialize, Serialize};

/// Chain of a wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "UPPERCASE")]
pub enum Chain {
    Eth,
    Evm,
    Flow,
    Sol,
    Algo,
    Stark,
    Cosmos,
    Btc,
    Eclipse,
    Sui,
    Spark,
    Tron,
    Aptos,
    Ton,
    Stellar,
}

/// How a wallet is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum WalletProvider {
    BrowserExtension,
    CustodialService,
    WalletConnect,
    QrCode,
    DeepLink,
    EmbeddedWallet,
    SmartContractWallet,
}

/// Kind of an additional address of a wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum AdditionalAddressType {
    Ordinals,
    Payment,
    Cosmos,
    Evm,
    Ton,
}

/// Provider of an OAuth account or of a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum OAuthProvider {
    EmailOnly,
    MagicLink,
    Apple,
    Bitbucket,
    Coinbasesocial,
    Discord,
    Epicgames,
    Facebook,
    Farcaster,
    Github,
    Gitlab,
    Google,
    Instagram,
    Linkedin,
    Microsoft,
    Twitch,
    Twitter,
    Blocto,
    Banxa,
    CoinbaseOnramp,
    CryptoDotCom,
    Dynamic,
    Alchemy,
    Zerodev,
    Telegram,
    Turnkey,
    CoinbaseWaas,
    Sms,
    Spotify,
    Tiktok,
    Line,
    Steam,
    Shopify,
    Zksync,
    Kraken,
    Blockaid,
    Passkey,
    Okta,
    Sendgrid,
    Resend,
}

/// Whether the user has acknowledged their MFA backup codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum MfaBackupCodeAcknowledgement {
    Pending,
    Complete,
}

/// Kind of a verified credential (response only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum CredentialFormat {
    Blockchain,
    Email,
    Oauth,
    Passkey,
    PhoneNumber,
    ExternalUser,
}

/// Kind of an MFA device (response only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum MfaDeviceType {
    Totp,
    Passkey,
    Email,
}

/// Outcome of a Chainalysis sanctions check (response only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "UPPERCASE")]
pub enum ChainalysisResult {
    Ok,
    Blocked,
    Failed,
}

/// Why the API refused one user of a bulk request: its unprocessable-entity codes that
/// concern users (response only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BulkFailureCode {
    EmailAlreadyExists,
    UsernameAlreadyExists,
    InvalidEmail,
    InvalidEmailAddress,
    InvalidUsername,
    InvalidPhone,
    InvalidWalletAddress,
    InvalidChainAddressMatch,
    MetadataSizeExceeded,
    InvalidMetadataValue,
    CustomFieldNotUnique,
    CustomFieldDataNotUnique,
    DuplicateExists,
    InvalidUser,
    TooManyRequests,
}

// The wire strings of the request enums, as validators look them up without a serde round trip.

/// Wire values of `mfaBackupCodeAcknowledgement`.
pub const MFA_BACKUP_CODE_ACKNOWLEDGEMENTS: &[&str] = &["pending", "complete"];

/// A wallet's `chain`.
pub const CHAINS: &[&str] = &[
    "ETH", "EVM", "FLOW", "SOL", "ALGO", "STARK", "COSMOS", "BTC", "ECLIPSE", "SUI", "SPARK", "TRON", "APTOS", "TON",
    "STELLAR",
];

/// A wallet's `walletProvider`.
pub const WALLET_PROVIDERS: &[&str] = &[
    "browserExtension",
    "custodialService",
    "walletConnect",
    "qrCode",
    "deepLink",
    "embeddedWallet",
    "smartContractWallet",
];

/// An additional wallet address's `type`.
pub const ADDITIONAL_ADDRESS_TYPES: &[&str] = &["ordinals", "payment", "cosmos", "evm", "ton"];

/// An OAuth account's `provider`.
pub const OAUTH_PROVIDERS: &[&str] = &[
    "emailOnly",
    "magicLink",
    "apple",
    "bitbucket",
    "coinbasesocial",
    "discord",
    "epicgames",
    "facebook",
    "farcaster",
    "github",
    "gitlab",
    "google",
    "instagram",
    "linkedin",
    "microsoft",
    "twitch",
    "twitter",
    "blocto",
    "banxa",
    "coinbaseOnramp",
    "cryptoDotCom",
    "dynamic",
    "alchemy",
    "zerodev",
    "telegram",
    "turnkey",
    "coinbaseWaas",
    "sms",
    "spotify",
    "tiktok",
    "line",
    "steam",
    "shopify",
    "zksync",
    "kraken",
    "blockaid",
    "passkey",
    "okta",
    "sendgrid",
    "resend",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Each listed string is a variant's wire form, and the list has one entry per variant.
    fn same_as_enum<T: DeserializeOwned + Serialize>(wire: &[&str], variants: usize) {
        assert_eq!(wire.len(), variants);
        for s in wire {
            let value: T = serde_json::from_value(serde_json::json!(s)).unwrap_or_else(|_| panic!("{s}"));
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::json!(s));
        }
    }

    #[test]
    fn wire_lists_match_the_enums() {
        same_as_enum::<MfaBackupCodeAcknowledgement>(MFA_BACKUP_CODE_ACKNOWLEDGEMENTS, 2);
        same_as_enum::<Chain>(CHAINS, 15);
        same_as_enum::<WalletProvider>(WALLET_PROVIDERS, 7);
        same_as_enum::<AdditionalAddressType>(ADDITIONAL_ADDRESS_TYPES, 5);
        same_as_enum::<OAuthProvider>(OAUTH_PROVIDERS, 40);
    }
}
