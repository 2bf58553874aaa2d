# The way in: `make demo` runs the main job, `make test` runs every test.
# Each target installs what it needs (idempotently, quick when already there).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

EMULATOR := target/release/dynamic-users-emulator
# The emulator's address reaches tests/wasm_client.rs at compile time (scripts/with-emulator.sh).
# The test runner is wasm-bindgen's, with its page server's thread pool fixed (tools/wasm-test-runner).
WASM_TEST := scripts/with-emulator.sh env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$(CURDIR)/target/tools/runner/release/wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --test wasm --test wasm_client

.PHONY: demo test pkg anatomy bench emulator emulator-bin tools test-native test-wasm-node test-wasm-chromium test-js test-e2e test-fuzz fuzz screenshots clean

## demo: the dashboard (www/) on a seeded local emulator; prints one URL; Ctrl-C stops it all
demo: pkg emulator-bin
	scripts/demo.sh

## test: native core tests, wasm tests in Node and headless Chromium, packaged-install tests
test: test-native test-fuzz test-wasm-node test-wasm-chromium test-js test-e2e

## pkg: build the npm package into pkg/
pkg: tools
	scripts/build-pkg.sh

## anatomy: README "Where the bytes go" from twiggy on both modules, as built (not part of make test)
anatomy: pkg
	command -v twiggy >/dev/null || cargo install twiggy --locked
	node scripts/anatomy.mjs

## bench: validation against Ajv, import against a plain fetch loop, CSV against papaparse
bench: pkg emulator-bin
	scripts/ensure-tools.sh browser
	node --expose-gc bench/validate.bench.mjs
	node bench/import.bench.mjs

## emulator: the local Dynamic API emulator (flags: make emulator ARGS="--port 0")
emulator: emulator-bin
	$(EMULATOR) $(ARGS)

emulator-bin:
	cargo build --release -p dynamic-users-emulator

tools: node_modules/.package-lock.json
	scripts/ensure-tools.sh rust

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

test-native:
	cargo test --workspace

test-wasm-node: tools emulator-bin
	scripts/ensure-tools.sh runner
	$(WASM_TEST)

test-wasm-chromium: tools emulator-bin
	scripts/ensure-tools.sh runner browser
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver $(WASM_TEST)

test-js: pkg emulator-bin
	scripts/ensure-tools.sh browser
	node --test --test-reporter=spec tests/js/

## test-fuzz: every fuzz target for a few seconds (make fuzz runs them longer)
test-fuzz:
	scripts/fuzz.sh 5

## fuzz: every fuzz target for FUZZ_SECONDS each (default 300)
fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),300)

## test-e2e: the dashboard end to end in headless Chromium against the emulator
test-e2e: pkg emulator-bin
	scripts/ensure-tools.sh browser
	node --test --test-reporter=spec tests/e2e/

## screenshots: the e2e tests, refreshing the committed www/screenshots/*.png
screenshots: pkg emulator-bin
	scripts/ensure-tools.sh browser
	UPDATE_SCREENSHOTS=1 node --test tests/e2e/

clean:
	rm -rf target pkg node_modules tests/js/.scratch tests/e2e/.artifacts bench/.work
