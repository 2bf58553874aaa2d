//! The JavaScript boundary: the only code that knows about wasm-bindgen. It converts values in and
//! out, sends and waits, and calls the core; it holds no rules of its own.
//!
//! The `client` feature (on by default) adds the HTTP client and the import engine; `csv` adds
//! `parseUsersCsv`. Without them the module holds the pure validators only: the package's
//! `dynamic-users/validate` entry.

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "csv")]
mod convert;
mod csv;
pub(crate) mod custom_fields;
#[cfg(any(feature = "client", feature = "csv"))]
mod error;
#[cfg(feature = "client")]
mod import;
pub(crate) mod input;
#[cfg(feature = "client")]
mod task;
#[cfg(feature = "client")]
mod timer;
#[cfg(feature = "client")]
mod transport;
mod validate;

#[cfg(feature = "client")]
pub use client::DynamicUsersClient;
// Every future goes in boxed, as one type: the polling code is then in the wasm once rather than
// once for each async function.
#[cfg(feature = "client")]
use task::spawn;

/// What a call's promise settles with.
#[cfg(feature = "client")]
type Settled = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;

pub use csv::fix_users;
#[cfg(feature = "csv")]
pub use csv::parse_users_csv_js;
#[cfg(feature = "client")]
pub use error::is_dynamic_users_error;
pub use validate::{validate_bulk_users, validate_field, validate_new_user, validate_user_update, USER_FIELD_TS};
