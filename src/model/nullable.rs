//! Fields that are optional *and* nullable: `None` = absent (leave the field alone),
//! `Some(None)` = `null` (clear it on the server), `Some(Some(v))` = set it.
//!
//! Use with `#[serde(default, deserialize_with = "nullable::deserialize",
//! skip_serializing_if = "Option::is_none")]`. Serializing needs no helper: `Some(None)`
//! already writes `null`. Deserializing does, because serde would read `null` as `None`.

use serde::{Deserialize, Deserializer};

/// Reads a present field, `null` included, as `Some(_)`; an absent one stays at its default `None`.
pub(super) fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
