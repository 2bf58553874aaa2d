//! The import engine on any input and any sequence of answers and failures: every row is
//! accounted for exactly once.
#![no_main]
use dynamic_users::import::{prepare_array, Engine, Failure, Next};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&script, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let Ok(prepared) = prepare_array(text) else { return };
    let total = prepared.input.len();
    let mut engine = Engine::prepared(prepared, 1 + usize::from(script % 7), 2);
    let mut step = u32::from(script);
    while let Some(batch) = engine.next_batch() {
        loop {
            engine.sending(batch);
            step = step.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let failure = match step % 5 {
                0 => {
                    if engine.answered(batch, r#"{"created":[],"updated":[],"failed":[]}"#) {
                        break;
                    }
                    Failure::Network { message: "x".into() }
                }
                1 => Failure::Network { message: "x".into() },
                2 => Failure::Timeout { message: "x".into() },
                3 => Failure::Status { status: 503, code: None, message: "x".into(), retry_after_ms: None },
                _ => Failure::Status { status: 422, code: Some("invalid_user".into()), message: "x".into(), retry_after_ms: None },
            };
            if engine.failed(batch, failure, 0.5) == Next::Settled {
                break;
            }
        }
        if step % 11 == 0 {
            engine.abort();
        }
    }
    let report = engine.report();
    let seen = report.created.len() + report.updated.len() + report.failed.len() + report.rejected.len() + report.not_sent.len() + report.ambiguous.len();
    assert_eq!(seen, total);
});
