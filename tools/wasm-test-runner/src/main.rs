//! `wasm-bindgen-test-runner`, built against the patched tiny_http (Cargo.toml says why).

fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
