# SmartCal's everyday commands. Most wrap `cargo xtask`, which installs the pinned tools
# (wasm32 target, trunk, wasm-bindgen-cli) on first use; `cargo xtask` alone lists its commands.

# List the recipes.
default:
    @just --list

# Build the SPA and the release server, then serve on 127.0.0.1:8080 (SQLite at data/smartcal.db).
run *ARGS:
    cargo xtask run {{ARGS}}

# Build the SPA (dist/) and the release binary target/release/smartcal.
build:
    cargo xtask build

# Build the SPA, then run every test.
test:
    cargo xtask test

# Regenerate openapi.yaml from the server's routes.
openapi:
    cargo xtask openapi

# Benchmarks against the targets: criterion, then load on SQLite and PostgreSQL; writes docs/BENCHMARKS.md.
bench:
    cargo xtask bench

# Regenerate the README's screenshots (docs/screenshots/) in headless Debian Chromium.
screenshots:
    cargo xtask screenshots

# Build the SPA once, then run the server from a debug build.
dev *ARGS:
    cargo xtask spa
    cargo run -p smartcal-server -- serve {{ARGS}}

# Format all code.
fmt:
    cargo fmt --all

# Lint the native crates, then the SPA for its real target; warnings are errors.
lint:
    cargo clippy --all-targets -- -D warnings
    cargo clippy -p smartcal-frontend --target wasm32-unknown-unknown -- -D warnings

# Fuzz the API from openapi.yaml with schemathesis (bounded; fails on any 5xx or spec violation).
fuzz:
    cargo xtask fuzz
