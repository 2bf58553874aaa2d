//! Importing many users: validation of every row first, then batches sent at a steady pace
//! with bounded concurrency and retries (halving a batch the API refuses as a whole), and a
//! report that accounts for every row exactly once. Pure: the wasm driver (`crate::wasm::import`)
//! does the sending and waiting.

mod answer;
mod engine;
mod matching;
mod pacer;
mod prepare;
pub mod report;

pub use answer::{answer_entries, row_keys};
pub use engine::{BatchId, Engine, Failure, Next, ReadyRow, RowKeys};
pub use pacer::{Pacer, DEFAULT_REQUESTS_PER_MINUTE};
pub use prepare::{json_array, prepare, prepare_array, Checked, Input, Prepared, RowChecker};
pub use report::{ImportProgress, ImportReport};

/// Most users the API takes in one bulk body (its schema's `maxItems`): the default batch, and the largest.
pub const MAX_BATCH_SIZE: usize = 50;
/// Default rows per request: as many as the API takes, the fewest requests against its rate limit.
pub const DEFAULT_BATCH_SIZE: usize = MAX_BATCH_SIZE;
/// Default requests in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 4;

#[cfg(test)]
mod tests;
