//! The client's logic, free of I/O: options, requests, the error type, answers and the retry
//! policy. The wasm edge (`crate::wasm::client`) only sends, sleeps and converts.

pub mod config;
pub mod error;
pub mod request;
pub mod response;
pub mod retry;

pub use config::ClientConfig;
pub use error::{ClientError, ErrorKind};
pub use request::{HttpRequest, Method};
pub use retry::{Outcome, RetryPolicy};
