//! Importing many users: validation of every row first, then batches sent with bounded
//! concurrency and retries, and a report that accounts for every row exactly once. Pure: the
//! wasm driver (`crate::wasm::import`) does the sending and waiting.

mod answer;
mod engine;
mod matching;
mod prepare;
pub mod report;

pub use answer::{answer_entries, row_keys};
pub use engine::{BatchId, Engine, Failure, Next, ReadyRow, RowKeys};
pub use prepare::{json_array, prepare, prepare_array, Checked, Input, Prepared, RowChecker};
pub use report::{ImportProgress, ImportReport};

/// Default rows per request: half the emulator's (and, as far as known, the API's) 1 000 limit,
/// which keeps each body around 100–250 KB and a failed batch's blast radius small.
pub const DEFAULT_BATCH_SIZE: usize = 500;
/// Default requests in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Largest batch the API is known to take.
pub const MAX_BATCH_SIZE: usize = 1000;

#[cfg(test)]
mod tests;
