//! A local emulator of two Dynamic user-management REST endpoints
//! (`POST /environments/{id}/users/bulk`, `PUT /users/{id}`), backed by SQLite, with
//! fault injection. See README.md.
#![recursion_limit = "256"]

pub mod api;
pub mod config;
pub mod custom_fields;
pub mod faults;
pub mod schema;
pub mod server;
pub mod store;
pub mod timefmt;
pub mod user;
pub mod validate;

pub use config::{Config, DEMO_ENVIRONMENT_ID, parse_args};
pub use server::{RunningServer, start};
