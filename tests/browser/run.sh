#!/usr/bin/env bash
# Accessibility tests of the built site in a real headless Chromium (see README.md).
# Usage, from anywhere: bash tests/browser/run.sh
# Idempotent: installs Debian's chromium only when /usr/bin/chromium is missing and
# the npm packages only when node_modules is missing or older than package-lock.json,
# builds the bundled site into a temporary folder, then runs node's test runner.
# Set PLANVERK_SITE=<folder> to test an already built site instead of building one.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

run() {
  printf '+ %s\n' "$*"
  "$@"
}
as_root() {
  if [ "$(id -u)" = 0 ]; then run "$@"; else run sudo "$@"; fi
}

# 1. The browser: Debian's chromium, never a download of its own.
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
printf '# browser: %s\n' "$("$chromium" --version 2>/dev/null | head -n1)"

# Java for the Nu Html Checker (vnu).
if ! command -v java >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless
fi

# 2. Node 20 or newer (its built-in test runner; playwright-core needs 20).
if ! command -v node >/dev/null 2>&1; then
  echo "run.sh: node is not installed; Node.js 20 or newer is needed" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "run.sh: node $(node --version) is too old; Node.js 20 or newer is needed" >&2
  exit 1
fi

# 3. The npm packages (playwright-core, axe-core), exactly as package-lock.json says.
stamp="$here/node_modules/.planverk-lock-sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 run npm ci --no-audit --no-fund --ignore-scripts)
  printf '%s\n' "$want" >"$stamp"
fi

# 4. The site, built fresh from the bundled content.
site_tmp=""
if [ -n "${PLANVERK_SITE:-}" ]; then
  site="$PLANVERK_SITE"
  printf '# testing the site already built at %s\n' "$site"
else
  site="$(mktemp -d "${TMPDIR:-/tmp}/planverk-site.XXXXXX")"
  site_tmp="$site"
  trap 'rm -rf "$site_tmp"' EXIT
  (cd "$root" && run cargo run --locked --quiet -- build --output "$site")
fi

# 5. The tests. Node's spec reporter prints its summary before the list of failures;
# it is printed again at the very end, so that the log closes with the counts.
cd "$here"
export PLANVERK_SITE="$site"
log="$(mktemp "${TMPDIR:-/tmp}/planverk-browser-tests.XXXXXX")"
trap 'rm -rf "$log" ${site_tmp:+"$site_tmp"}' EXIT
set +e
run node --test --test-reporter=spec site.test.js 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e
printf '\n# summary (%s)\n' "$(basename "$site")"
grep -E '^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$log" || true
exit "$status"
