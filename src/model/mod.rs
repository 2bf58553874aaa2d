//! Wire models of the two Dynamic endpoints: request bodies, responses and their enums.
//!
//! Requests are closed (typed calls send only what the API accepts); responses are open
//! (unknown fields and enum values are kept and serialized back unchanged).

pub mod enums;
mod new_user;
mod nullable;
mod open;
mod responses;
mod user;
mod user_update;

#[cfg(test)]
mod tests;

pub use enums::{
    AdditionalAddressType, BulkFailureCode, Chain, ChainalysisResult, CredentialFormat, MfaBackupCodeAcknowledgement,
    MfaDeviceType, OAuthProvider, WalletProvider,
};
pub use new_user::{AdditionalWalletAddress, NewUser, NewUserWallet, OAuthAccount};
pub use open::Open;
pub use responses::{BulkFailure, BulkUserCreateResponse, UserResponse};
pub use user::{
    ChainalysisCheck, MfaDevice, MissingField, NameService, Session, User, UserOAuthAccount, UserWallet, ValidOption,
    ValidationRules, VerifiedCredential, WalletAdditionalAddress, WalletProperties,
};
pub use user_update::UserUpdate;

/// A JSON object (`metadata`, `profile`, `oauth_metadata`, unknown fields).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

// tsify names the alias as written; declare it once rather than override every field.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_JSON_OBJECT: &str = r#"
/**
 * A JSON object (`metadata`, `profile`, `oauth_metadata`, unknown fields).
 */
export type JsonObject = Record<string, unknown>;
"#;
