//! One item of the body of `POST /environments/{environmentId}/users/bulk`.

use serde::{Deserialize, Serialize};

use super::{AdditionalAddressType, Chain, JsonObject, OAuthProvider, UserUpdate, WalletProvider};

/// A user to create (or, with `upsert`, to update): the updatable fields plus identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// The updatable fields, inlined on the wire.
    #[serde(flatten)]
    pub fields: UserUpdate,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// RFC 3339 date-time at which the email was verified; marks it verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified_at: Option<String>,
    /// Wallets of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallets: Option<Vec<NewUserWallet>>,
    /// OAuth accounts of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_accounts: Option<Vec<OAuthAccount>>,
}

/// A wallet of a new user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewUserWallet {
    /// Address of the wallet on its chain.
    pub public_wallet_address: String,
    /// Chain of the wallet.
    pub chain: Chain,
    /// Name of the wallet (e.g. `metamask`).
    pub wallet_name: String,
    /// How the wallet is connected.
    pub wallet_provider: WalletProvider,
    /// Further addresses of the same wallet (e.g. Bitcoin ordinals and payment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_wallet_addresses: Option<Vec<AdditionalWalletAddress>>,
}

/// A further address of a new user's wallet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AdditionalWalletAddress {
    /// The address.
    pub address: String,
    /// Public key behind the address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// What the address is for.
    #[serde(rename = "type")]
    pub kind: AdditionalAddressType,
}

/// An OAuth account of a new user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OAuthAccount {
    /// The OAuth provider.
    pub provider: OAuthProvider,
    /// Account id at the provider.
    pub account_id: String,
    /// Email addresses of the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    /// Display name at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Username at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Photo URLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photos: Option<Vec<String>>,
    /// Raw profile from the provider: a JSON object (typed `object`, as `metadata` is).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "object"))]
    pub profile: Option<JsonObject>,
}
