//! The JavaScript boundary: the only code that knows about wasm-bindgen. It converts values in and
//! out, sends and waits, and calls the core; it holds no rules of its own.

mod client;
mod convert;
mod csv;
mod error;
mod import;
mod input;
mod timer;
mod transport;
mod validate;

pub use client::DynamicUsersClient;
pub use csv::{fix_users, parse_users_csv_js};
pub use error::is_dynamic_users_error;
pub use validate::{validate_bulk_users, validate_field, validate_new_user, validate_user_update, USER_FIELD_TS};
