//! A user as the API returns it, and its parts.
//!
//! Every field is optional so that a response never fails to decode for a missing field,
//! and every object keeps the fields this library does not know in `extra`. The TypeScript types
//! say `T | null` where the API sends null (as Dynamic's own SDK types do): an unset name, say.

use serde::{Deserialize, Serialize};

use super::{
    AdditionalAddressType, Chain, ChainalysisResult, CredentialFormat, JsonObject, MfaBackupCodeAcknowledgement,
    MfaDeviceType, OAuthProvider, Open, WalletProvider,
};

/// A user of an environment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// User id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Environment the user belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_environment_id: Option<String>,
    /// Wallets, emails, OAuth accounts, … the user has proven to own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_credentials: Option<Vec<VerifiedCredential>>,
    /// Credential the user last verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_verified_credential_id: Option<String>,
    /// Current session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Display alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub alias: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub country: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub email: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub first_name: Option<String>,
    /// Job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub job_title: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub last_name: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub phone_number: Option<String>,
    /// Whether the user consented to the policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "boolean | null"))]
    pub policies_consent: Option<bool>,
    /// T-shirt size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub t_shirt_size: Option<String>,
    /// Team.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub team: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub username: Option<String>,
    /// First visit (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_visit: Option<String>,
    /// Last visit (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_visit: Option<String>,
    /// Whether the user was created by this request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_user: Option<bool>,
    /// Free-form custom data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    /// MFA backup code acknowledgement.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Open<MfaBackupCodeAcknowledgement> | null"))]
    pub mfa_backup_code_acknowledgement: Option<Open<MfaBackupCodeAcknowledgement>>,
    /// Bitcoin address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub btc_wallet: Option<String>,
    /// Kadena account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub kda_wallet: Option<String>,
    /// Litecoin address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ltc_wallet: Option<String>,
    /// Nervos CKB address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ckb_wallet: Option<String>,
    /// Kaspa address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub kas_wallet: Option<String>,
    /// Dogecoin address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub doge_wallet: Option<String>,
    /// Whether the user receives email notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "boolean | null"))]
    pub email_notification: Option<bool>,
    /// Whether the user receives Discord notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "boolean | null"))]
    pub discord_notification: Option<bool>,
    /// Whether the user receives the newsletter.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "boolean | null"))]
    pub newsletter_notification: Option<bool>,
    /// Access lists the user is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<String>>,
    /// Space-separated scopes (e.g. `superuser marketing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Profile fields the environment requires and the user has not filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_fields: Option<Vec<MissingField>>,
    /// Public key of the primary wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_public_key: Option<String>,
    /// Name of the primary wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet: Option<String>,
    /// Chain of the primary wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<Open<Chain>>,
    /// Creation time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Sessions of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Vec<Session>>,
    /// Wallets of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallets: Option<Vec<UserWallet>>,
    /// Chainalysis sanctions checks of the user's wallets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chainalysis_checks: Option<Vec<ChainalysisCheck>>,
    /// OAuth accounts of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_accounts: Option<Vec<UserOAuthAccount>>,
    /// MFA devices of the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_devices: Option<Vec<MfaDevice>>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Something the user has proven to own: a wallet, an email, an OAuth account, a passkey, ….
///
/// Keys are snake_case on the wire, except `refId`, `signerRefId`, `phoneNumber`,
/// `phoneCountryCode`, `isoCountryCode`, `lastSelectedAt` and `signInEnabled`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct VerifiedCredential {
    /// Credential id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Wallet address (blockchain credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Chain of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// Id of the wallet or account at its provider.
    #[serde(rename = "refId", skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// Id of the signer behind a smart-contract wallet.
    #[serde(rename = "signerRefId", skip_serializing_if = "Option::is_none")]
    pub signer_ref_id: Option<String>,
    /// Email address (email credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Name service record (e.g. ENS) of the address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_service: Option<NameService>,
    /// Human-readable identifier of the credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_identifier: Option<String>,
    /// Name of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_name: Option<String>,
    /// How the wallet is connected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_provider: Option<Open<WalletProvider>>,
    /// Provider-specific properties of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_properties: Option<WalletProperties>,
    /// Kind of credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Open<CredentialFormat>>,
    /// OAuth provider (OAuth credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_provider: Option<Open<OAuthProvider>>,
    /// Username at the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_username: Option<String>,
    /// Display name at the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub oauth_display_name: Option<String>,
    /// Account id at the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub oauth_account_id: Option<String>,
    /// Phone number without country code (phone credentials).
    #[serde(rename = "phoneNumber", skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Dialing code of the phone number (e.g. `1`).
    #[serde(rename = "phoneCountryCode", skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
    /// ISO 3166-1 alpha-2 country of the phone number.
    #[serde(rename = "isoCountryCode", skip_serializing_if = "Option::is_none")]
    pub iso_country_code: Option<String>,
    /// Photo URLs at the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_account_photos: Option<Vec<String>>,
    /// Email addresses at the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_emails: Option<Vec<String>>,
    /// Raw data from the OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_metadata: Option<JsonObject>,
    /// Users this credential belonged to before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_users: Option<Vec<String>>,
    /// Id of the embedded wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub embedded_wallet_id: Option<String>,
    /// Further addresses of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_additional_addresses: Option<Vec<WalletAdditionalAddress>>,
    /// When the user last selected this credential (RFC 3339).
    #[serde(rename = "lastSelectedAt", skip_serializing_if = "Option::is_none")]
    pub last_selected_at: Option<String>,
    /// Whether the credential may be used to sign in.
    #[serde(rename = "signInEnabled", skip_serializing_if = "Option::is_none")]
    pub sign_in_enabled: Option<bool>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Name service record (e.g. ENS) of an address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NameService {
    /// Avatar URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Resolved name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Provider-specific properties of a wallet (camelCase on the wire, even inside a credential).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WalletProperties {
    /// Turnkey sub-organization id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub turnkey_sub_organization_id: Option<String>,
    /// Turnkey private key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub turnkey_private_key_id: Option<String>,
    /// Turnkey HD wallet id.
    // camelCase would give `turnkeyHdWalletId`.
    #[serde(rename = "turnkeyHDWalletId", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub turnkey_hd_wallet_id: Option<String>,
    /// Whether an authenticator is attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_authenticator_attached: Option<bool>,
    /// Turnkey user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub turnkey_user_id: Option<String>,
    /// Whether the wallet supports session keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_session_key_compatible: Option<bool>,
    /// Wallet version (e.g. `V1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// ECDSA provider of a smart-contract wallet (e.g. `zerodev_signer_to_ecdsa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecdsa_provider_type: Option<String>,
    /// ERC-4337 entry point version (e.g. `v6`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_point_version: Option<String>,
    /// ZeroDev kernel version (e.g. `v2_4`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel_version: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A further address of a credential's wallet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WalletAdditionalAddress {
    /// The address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Public key behind the address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// What the address is for.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Open<AdditionalAddressType>>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A wallet of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UserWallet {
    /// Wallet id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Chain of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<Open<Chain>>,
    /// Address or public key of the wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// How the wallet is connected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Open<WalletProvider>>,
    /// Provider-specific properties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<WalletProperties>,
    /// When the user last selected this wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub last_selected_at: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A session of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Session id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Start of the session (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Client IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ip_address: Option<String>,
    /// Client user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub user_agent: Option<String>,
    /// When the session was revoked (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub revoked_at: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A Chainalysis sanctions check of a wallet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChainalysisCheck {
    /// Check id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When the check ran (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Outcome of the check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Open<ChainalysisResult>>,
    /// Wallet that was checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_public_key: Option<String>,
    /// Raw answer of Chainalysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// An OAuth account of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UserOAuthAccount {
    /// Account id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The OAuth provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Open<OAuthProvider>>,
    /// Username at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_username: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// An MFA device of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MfaDevice {
    /// Kind of device.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Open<MfaDeviceType>>,
    /// Whether the device has been verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Device id (UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When the device was added (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When the device was verified (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<String>,
    /// Whether this is the user's default device.
    #[serde(rename = "default", skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Name the user gave the device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A profile field the environment asks for and the user has not filled in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MissingField {
    /// Field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the field is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Whether the field is enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether the value must be unique in the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique: Option<bool>,
    /// Whether the value must be verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<bool>,
    /// Kind of field (e.g. `standard`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Rules a value must follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_rules: Option<ValidationRules>,
    /// Kind of input (e.g. `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_type: Option<String>,
    /// Label shown to the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Position in the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Rules a value of a profile field must follow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ValidationRules {
    /// Whether the value must be unique in the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique: Option<bool>,
    /// Regular expression the value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// The values a select field offers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_options: Option<Vec<ValidOption>>,
    /// Text of a checkbox field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkbox_text: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// One value a select field offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ValidOption {
    /// Label of the option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}
