#!/usr/bin/env bash
# The nginx recipe (deploy/nginx.conf), tested: a real nginx (Debian's package) serves the
# bundled plan, built with a sub-path in base_url, on loopback with exactly the recipe's
# configuration, and headless Chromium checks it: the server's CSP enforced, every asset and
# link under the sub-path, search, the 404 page per language, caching and compression.
# Usage, from anywhere: bash tests/deploy/run.sh
# Idempotent: installs nginx and Chromium (apt) and tests/browser's npm packages only when
# they are missing.
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

# 1. nginx, from Debian.
nginx="$(command -v nginx || true)"
[ -n "$nginx" ] || nginx=/usr/sbin/nginx
if [ ! -x "$nginx" ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
  nginx=/usr/sbin/nginx
fi
printf '# %s\n' "$("$nginx" -v 2>&1)"
# Chromium and the npm packages of tests/browser, installed as tests/browser/run.sh does.
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
browser="$root/tests/browser"
stamp="$browser/node_modules/.planverk-lock-sha256"
want="$(sha256sum "$browser/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 run npm ci --no-audit --no-fund --ignore-scripts)
  printf '%s\n' "$want" >"$stamp"
fi

# 2. The bundled plan, built for https://www.example.no/utviklingsplan/, copied to the folder
#    the recipe names (here under a temporary web root).
work="$(mktemp -d "${TMPDIR:-/tmp}/planverk-deploy.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/plan" "$work/www/html" "$work/logs"
cp -r "$root/content" "$root/themes" "$work/plan/"
sed -i 's|^base_url:.*|base_url: https://www.example.no/utviklingsplan/|' "$work/plan/content/site.yaml"
(cd "$root" && run cargo run --locked --quiet -- build --root "$work/plan" --output "$work/public")
cp -r "$work/public" "$work/www/html/utviklingsplan"
chmod -R a+rX "$work"

# 3. nginx on a free loopback port, with the recipe as it stands (only its folder moved).
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
sed "s|/var/www/html|$work/www/html|g" "$root/deploy/nginx.conf" >"$work/planverk.conf"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $work/logs/body;
  proxy_temp_path $work/logs/proxy;
  fastcgi_temp_path $work/logs/fastcgi;
  uwsgi_temp_path $work/logs/uwsgi;
  scgi_temp_path $work/logs/scgi;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    include $work/planverk.conf;
  }
}
CONF
run "$nginx" -t -q -c "$work/nginx.conf" -p "$work"
"$nginx" -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pid=$!
for _ in $(seq 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

# 4. The checks, in Chromium and over plain HTTP.
export PLANVERK_DEPLOY_URL="http://127.0.0.1:$port/utviklingsplan/"
export PLANVERK_SITE="$work/public"
cd "$root/tests/browser"
run node --test --test-reporter=spec "$here/nginx.test.js"
