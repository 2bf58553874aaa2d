//! The differential test's helpers (see `../differential.rs`).

pub mod chars;
pub mod harness;
pub mod iso;
pub mod rng;
pub mod values;
