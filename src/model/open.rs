//! Open response enums: the API adds values over time, and a client must not fail on them
//! nor lose them.

use serde::de::{value::StrDeserializer, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A response enum value: a variant this library knows, or a newer one kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Open<T> {
    /// A value this library knows.
    Known(T),
    /// A value this library does not know; serialized back unchanged.
    Other(String),
}

impl<T> From<T> for Open<T> {
    fn from(value: T) -> Self {
        Open::Known(value)
    }
}

impl<T: Serialize> Serialize for Open<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Open::Known(value) => value.serialize(serializer),
            Open::Other(value) => serializer.serialize_str(value),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Open<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let known = T::deserialize(StrDeserializer::<serde::de::value::Error>::new(&text));
        Ok(known.map_or(Open::Other(text), Open::Known))
    }
}

// Not derived: tsify would describe the Rust enum (`{ Known: T } | { Other: string }`), not
// the plain string on the wire. `(string & {})` keeps editors suggesting the known values.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_OPEN: &str = r#"
/**
 * A response enum value: one of the known values `T`, or a value added to the API later.
 */
export type Open<T extends string> = T | (string & {});
"#;
