//! The JavaScript boundary: the only code that knows about wasm-bindgen. It converts values in and
//! out and calls the core; it holds no logic of its own.

mod input;
mod validate;

pub use validate::{validate_bulk_users, validate_field, validate_new_user, validate_user_update, USER_FIELD_TS};
