//! dynamic-users: validate Dynamic user records and call the Dynamic user-management API.
//!
//! The core is plain Rust with no I/O, tested natively:
//! - [`model`]: the wire types of both endpoints (requests and responses);
//! - [`validate`]: every field rule of the spec, reported as issues with stable codes;
//! - [`address`]: wallet-address codecs (Base58Check, bech32/bech32m, Kaspa, EIP-55);
//! - [`json`]: the JSON reader validators stream through, and a borrowed tree for the rest;
//! - [`client`]: requests, retries and typed errors of the two endpoints, with no network;
//! - [`import`]: the bulk import's state machine: batches, retries, answers matched to rows;
//! - [`csv`]: CSV exports read as users, for `importUsers` and `parseUsersCsv`;
//! - [`redact`]: the API token kept out of every message;
//! - `scan`: byte searches a word at a time, shared by the JSON and CSV readers.
//! - `text`: messages joined from pieces, without `core::fmt`.
//!
//! `wasm` (wasm32 only) is the thin JavaScript boundary: exports, conversions, TypeScript types.
//! Its `client` feature (default) adds the client and import exports, `csv` adds `parseUsersCsv`;
//! without them the module holds the pure validators only (the package's `dynamic-users/validate`).
//! The core modules are the same in every build: what no export reaches is left out at link time.
//!
//! The package's wasm is built by nightly with `--cfg size_opt` (scripts/build-pkg.sh): code that
//! runs only when something is wrong (messages, hints, fixes) is marked
//! `#[cfg_attr(size_opt, optimize(size))]` and compiled for size, the rest for speed.
#![cfg_attr(size_opt, feature(optimize_attribute))]

pub mod address;
pub mod client;
pub mod csv;
pub mod import;
pub mod json;
pub mod model;
pub mod redact;
mod scan;
mod text;
pub mod validate;

#[cfg(test)]
mod test_rng;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// Talc instead of the default dlmalloc: see Cargo.toml.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
