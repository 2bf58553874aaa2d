//! Body of `PUT /users/{userId}`.

use serde::{Deserialize, Serialize};

use super::{nullable, JsonObject, MfaBackupCodeAcknowledgement};

/// Fields of a user that can be updated; an absent field is left unchanged.
// Nullable fields are `Option<Option<T>>`: `None` omits the field, `Some(None)` sends `null`,
// which clears it on the server. tsify would type them `T | undefined`, hence the overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    /// User id (36-character UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Free-form custom data: a JSON object (typed `object`, as Dynamic's SDK does, so that an
    /// interface without an index signature fits; an array is reported by validation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "object"))]
    pub metadata: Option<JsonObject>,
    /// MFA backup code acknowledgement; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "MfaBackupCodeAcknowledgement | null"))]
    pub mfa_backup_code_acknowledgement: Option<Option<MfaBackupCodeAcknowledgement>>,
    /// T-shirt size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t_shirt_size: Option<String>,
    /// Team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Whether the user consented to the policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies_consent: Option<bool>,
    /// ISO 3166-1 alpha-2 country code; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub country: Option<Option<String>>,
    /// Username (ASCII letters, digits, `-`, `_`); `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub username: Option<Option<String>>,
    /// Bitcoin address; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub btc_wallet: Option<Option<String>>,
    /// Kadena account; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub kda_wallet: Option<Option<String>>,
    /// Litecoin address; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ltc_wallet: Option<Option<String>>,
    /// Nervos CKB address; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ckb_wallet: Option<Option<String>>,
    /// Kaspa address; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub kas_wallet: Option<Option<String>>,
    /// Dogecoin address; `null` clears it.
    #[serde(default, deserialize_with = "nullable::deserialize", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub doge_wallet: Option<Option<String>>,
    /// Whether the user receives email notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_notification: Option<bool>,
    /// Whether the user receives Discord notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discord_notification: Option<bool>,
    /// Whether the user receives the newsletter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newsletter_notification: Option<bool>,
}
