//! The import engine on any input and any sequence of answers and failures (whole-batch refusals
//! that split batches, 429s that slow the pacer included): every row is accounted for exactly once.
#![no_main]
use dynamic_users::import::{prepare_array, Engine, Failure, Next, Pacer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&script, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let Ok(prepared) = prepare_array(text) else { return };
    let total = prepared.input.len();
    let pace = if script % 2 == 0 { f64::INFINITY } else { 600.0 };
    let mut engine = Engine::prepared(prepared, 1 + usize::from(script % 7), 2).paced(Pacer::new(pace));
    let mut step = u32::from(script);
    // A fake clock: each attempt waits its turn and takes 7 ms.
    let mut now = 0.0;
    while let Some(batch) = engine.next_batch() {
        loop {
            now += engine.wait_ms(now) + 7.0;
            if !engine.sending(batch, now) {
                break;
            }
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
                3 => match step % 3 {
                    0 => Failure::Status { status: 429, code: None, message: "x".into(), retry_after_ms: Some(1000.0) },
                    1 => Failure::Status { status: 400, code: None, message: "x".into(), retry_after_ms: None },
                    _ => Failure::Status { status: 503, code: None, message: "x".into(), retry_after_ms: None },
                },
                _ => Failure::Status {
                    status: 422,
                    code: Some("invalid_user".into()),
                    message: "x".into(),
                    retry_after_ms: None,
                },
            };
            if engine.failed(batch, failure, 0.5, now) == Next::Settled {
                break;
            }
        }
        if step % 11 == 0 {
            engine.abort();
        }
    }
    let report = engine.report();
    let seen = report.created.len()
        + report.updated.len()
        + report.failed.len()
        + report.rejected.len()
        + report.not_sent.len()
        + report.ambiguous.len();
    assert_eq!(seen, total);
});
