#!/usr/bin/env bash
# Runs every test planverk has: formatting, lints, unit and integration tests.
# Usage: bash tests/run-all.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

# `build --pdf` is tested in cargo test (tests/citizen.rs) and needs Debian's Chromium, which the
# browser tests below use too.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  step "installing Chromium (apt) for the PDF and browser tests"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

step "cargo test"
cargo test --locked

step "planverk check on the bundled plan"
cargo run --locked --quiet -- check

step "browser tests: axe-core, keyboard, reflow, CSP, search in headless Chromium"
bash tests/browser/run.sh
