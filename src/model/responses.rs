//! Bodies of the two successful answers.

use serde::{Deserialize, Serialize};

use super::{BulkFailureCode, JsonObject, Open, User};

/// Answer of `PUT /users/{userId}` (200).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UserResponse {
    /// The user after the update.
    pub user: User,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Answer of `POST /environments/{environmentId}/users/bulk` (201).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(from = "BulkUserCreateWire")]
pub struct BulkUserCreateResponse {
    /// Users that were created.
    pub created: Vec<User>,
    /// Users that already existed and were updated (with `upsert=true`).
    pub updated: Vec<User>,
    /// Users the API refused, each with the reason.
    pub failed: Vec<BulkFailure>,
    /// Number of users in the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}

// Decoding goes through this twin so that a list the API leaves out reads as empty, while
// the public type (and its TypeScript) keeps the lists required: they are always written.
#[derive(Deserialize)]
struct BulkUserCreateWire {
    #[serde(default)]
    created: Vec<User>,
    #[serde(default)]
    updated: Vec<User>,
    #[serde(default)]
    failed: Vec<BulkFailure>,
    total: Option<u64>,
    #[serde(flatten)]
    extra: JsonObject,
}

impl From<BulkUserCreateWire> for BulkUserCreateResponse {
    fn from(wire: BulkUserCreateWire) -> Self {
        let BulkUserCreateWire { created, updated, failed, total, extra } = wire;
        Self { created, updated, failed, total, extra }
    }
}

/// One user the API refused in a bulk request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct BulkFailure {
    /// The refused user, as the API echoes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Message of the API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Machine-readable reason (e.g. `email_already_exists`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Open<BulkFailureCode>>,
    /// Fields this library does not know yet, kept as received.
    #[serde(flatten)]
    pub extra: JsonObject,
}
