#!/usr/bin/env bash
# planverk's benchmark: wall time and peak memory of `planverk build` on the bundled plan and on
# synthetic plans, side by side with Hugo + the Pagefind CLI on the same content, in one run.
#
# Usage: bash tests/bench/run.sh        (from anywhere; see tests/bench/README.md)
#
# Environment (all optional):
#   BENCH_SIZES="1000 10000"  synthetic plan sizes, in Markdown pages (e.g. "1000 10000 30000")
#   BENCH_RUNS=               timed runs per figure [default: 5 below 10,000 pages, 3 from 10,000]
#   BENCH_MEASURES=5          measures per section page
#   BENCH_SMA=0               share of the chapters also written in `sma` (e.g. 0.2); 0 = nb only
#   BENCH_HUGO=1              0 skips Hugo + Pagefind (planverk figures only)
#   BENCH_CHECK=1             0 skips the `planverk check` figure
#   BENCH_DIR=                where sites and outputs go [default: a new folder in /dev/shm or /tmp]
#   BENCH_KEEP=0              1 keeps BENCH_DIR afterwards (results.md and raw.tsv are always copied
#                             to tests/bench/results/ too)
#   BENCH_REPO=               the planverk tree whose bundled plan and themes/ are used, and which
#                             is built in release [default: the repository this script is in]
#   PLANVERK_BIN=             a planverk binary to measure instead of building BENCH_REPO
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "${BENCH_REPO:-$HERE/../..}" && pwd)
SIZES=${BENCH_SIZES:-"1000 10000"}
MEASURES=${BENCH_MEASURES:-5}
SMA=${BENCH_SMA:-0}
WITH_HUGO=${BENCH_HUGO:-1}
WITH_CHECK=${BENCH_CHECK:-1}
KEEP=${BENCH_KEEP:-0}

say() { printf '\n==> %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq >&2 || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
[ -x /usr/bin/time ] || { say "installing time"; apt_install time; }
command -v python3 >/dev/null || { say "installing python3"; apt_install python3; }
if [ "$WITH_HUGO" = 1 ]; then
    command -v hugo >/dev/null || { say "installing hugo"; apt_install hugo; }
    command -v npm >/dev/null || { say "installing nodejs and npm"; apt_install nodejs npm; }
    if [ ! -x "$HERE/node_modules/.bin/pagefind" ]; then
        say "installing pagefind (npm ci in tests/bench)"
        (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
    PAGEFIND="$HERE/node_modules/.bin/pagefind"
fi

if [ -n "${PLANVERK_BIN:-}" ]; then
    PLANVERK=$PLANVERK_BIN
else
    say "cargo build --release (waits if another cargo holds the lock)"
    (cd "$REPO" && cargo build --release --locked --quiet >&2)
    PLANVERK="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"
fi

# --- work folder -------------------------------------------------------------------------------
if [ -n "${BENCH_DIR:-}" ]; then
    WORK=$BENCH_DIR
    mkdir -p "$WORK"
else
    base=/tmp
    [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
    WORK=$(mktemp -d "$base/planverk-bench.XXXXXX")
fi
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
# Copies of the binary and the theme, so that a build or an edit elsewhere during the run cannot
# change what is measured.
cp "$PLANVERK" "$WORK/planverk"
PLANVERK="$WORK/planverk"
cp -r "$REPO/themes" "$WORK/themes"
cp "$REPO/content/site.yaml" "$WORK/site.yaml"
RAW="$WORK/raw.tsv"
printf 'case\tpages\ttool\trun\twall_s\trss_kb\tcpu_s\n' >"$RAW"

{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cores=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "work=$WORK"
    echo "planverk=$("$PLANVERK" --version 2>/dev/null | head -1) ($(cd "$REPO" && git describe --always --dirty 2>/dev/null || echo '?'))"
    if [ "$WITH_HUGO" = 1 ]; then
        echo "hugo=$(hugo version | awk '{print $2}')"
        echo "pagefind=$("$PAGEFIND" --version 2>/dev/null | tail -1)"
    fi
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$WORK/env.txt"

# measure CASE PAGES TOOL RUN -- COMMAND...: one timed run, appended to raw.tsv.
# Wall time from the monotonic clock (ms resolution); peak RSS and CPU time from GNU time.
measure() {
    local case=$1 pages=$2 tool=$3 run=$4
    shift 5
    local log="$WORK/last.log" stats="$WORK/last.time"
    local t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -f '%M %U %S' -o "$stats" "$@" >"$log" 2>&1; then
        t1=$(date +%s%N)
        echo "FAILED: $tool ($case, $pages pages): $*" >&2
        tail -n 30 "$log" >&2
        printf '%s\t%s\t%s\t%s\tFAIL\tFAIL\tFAIL\n' "$case" "$pages" "$tool" "$run" >>"$RAW"
        return 1
    fi
    t1=$(date +%s%N)
    # GNU time may print a warning line first; the figures are on the last line.
    read -r rss user sys < <(tail -n 1 "$stats")
    local wall cpu
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$pages" "$tool" "$run" "$wall" "$rss" "$cpu" >>"$RAW"
    printf '    %-8s %-9s %6s pages  run %s: %6.2f s  %6.0f MB\n' "$case" "$tool" "$pages" "$run" \
        "$wall" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" >&2
}

runs_for() {
    if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"
    elif [ "$1" -ge 10000 ]; then echo 3
    else echo 5
    fi
}

# --- (a) the bundled plan ------------------------------------------------------------------------
say "bundled plan ($REPO)"
bundled_pages=$(find "$REPO/content" -name '*.md' | wc -l)
out="$WORK/bundled-out"
if "$PLANVERK" build --root "$REPO" --output "$out" >"$WORK/last.log" 2>&1; then   # warm-up
    for i in $(seq "$(runs_for 1)"); do
        rm -rf "$out"
        measure bundled "$bundled_pages" planverk "$i" -- "$PLANVERK" build --root "$REPO" --output "$out" || break
    done
else
    echo "FAILED: planverk build of the bundled plan:" >&2
    tail -n 30 "$WORK/last.log" >&2
    printf 'bundled\t%s\tplanverk\t1\tFAIL\tFAIL\tFAIL\n' "$bundled_pages" >>"$RAW"
fi
rm -rf "$out"

# Save → reload in the preview, on a copy of the bundled plan (the script edits a page).
say "preview: save to reload event (bundled plan)"
mkdir -p "$WORK/bundled-site"
cp -r "$REPO/content" "$WORK/bundled-site/content"
cp -r "$WORK/themes" "$WORK/bundled-site/themes"
if reload=$(python3 "$HERE/reload.py" --root "$WORK/bundled-site" --binary "$PLANVERK" --runs 10); then
    echo "$reload" >&2
    echo "reload=$reload" >>"$WORK/env.txt"
else
    echo "reload=FAILED" >>"$WORK/env.txt"
fi
rm -rf "$WORK/bundled-site"

# --- (b)–(d) synthetic plans ---------------------------------------------------------------------
for size in $SIZES; do
    runs=$(runs_for "$size")
    site="$WORK/site-$size"
    say "synthetic plan: $size pages ($runs runs)"
    hugo_flag=()
    [ "$WITH_HUGO" = 1 ] || hugo_flag=(--no-hugo)
    python3 "$HERE/synth.py" --pages "$size" --out "$site" --themes "$WORK/themes" --site-yaml "$WORK/site.yaml" \
        --measures "$MEASURES" --sma "$SMA" "${hugo_flag[@]}"
    root="$site/planverk"
    pages=$(find "$root/content" -name '*.md' | wc -l)
    pv_out="$site/planverk-out"
    hugo_out="$site/hugo-out"

    pv_ok=1
    # (b) full builds, from an empty output folder, the tools taking turns run by run. There is no
    # warm-up run: the content is on tmpfs, and the first run is as cold as any other.
    for i in $(seq "$runs"); do
        if [ "$pv_ok" = 1 ]; then
            rm -rf "$pv_out" "$site/.planverk-cache"
            measure full "$pages" planverk "$i" -- "$PLANVERK" build --root "$root" --output "$pv_out" || pv_ok=0
        fi
        # Without the search index, to compare with Hugo alone.
        if [ "$pv_ok" = 1 ]; then
            rm -rf "$pv_out-nosearch"
            measure nosearch "$pages" planverk "$i" -- "$PLANVERK" build --no-search --root "$root" --output "$pv_out-nosearch" || true
            rm -rf "$pv_out-nosearch"
        fi
        if [ "$WITH_HUGO" = 1 ]; then
            rm -rf "$hugo_out"
            if measure full "$pages" hugo "$i" -- hugo --quiet --source "$site/hugo" --destination "$hugo_out"; then
                measure full "$pages" pagefind "$i" -- "$PAGEFIND" --site "$hugo_out" || true
            fi
        fi
    done

    # `planverk check`: everything but writing the output.
    if [ "$pv_ok" = 1 ] && [ "$WITH_CHECK" = 1 ]; then
        for i in $(seq "$runs"); do
            measure check "$pages" planverk "$i" -- "$PLANVERK" check --root "$root" || break
        done
    fi

    # (c) rebuilds into the output of the previous build, with its cache: nothing changed, then
    # after editing one page's text.
    if [ "$pv_ok" = 1 ]; then
        edit="$root/content/$(cat "$site/edit-page.txt")"
        [ -d "$pv_out" ] || "$PLANVERK" build --root "$root" --output "$pv_out" >/dev/null 2>&1
        for i in $(seq "$runs"); do
            measure same "$pages" planverk "$i" -- "$PLANVERK" build --root "$root" --output "$pv_out" || break
        done
        for i in $(seq "$runs"); do
            printf '\nEndret i kjøring %s av benchmarken.\n' "$i" >>"$edit"
            measure edit1 "$pages" planverk "$i" -- "$PLANVERK" build --root "$root" --output "$pv_out" || break
        done
        # The rebuild must equal a full build of the same content, byte for byte.
        rm -rf "$pv_out-fresh"
        if "$PLANVERK" build --root "$root" --output "$pv_out-fresh" >/dev/null 2>&1 \
            && diff -r "$pv_out" "$pv_out-fresh" >"$WORK/diff.txt" 2>&1; then
            echo "identical_$size=yes" >>"$WORK/env.txt"
        else
            echo "identical_$size=NO" >>"$WORK/env.txt"
            head -n 20 "$WORK/diff.txt" >&2
        fi
        rm -rf "$pv_out-fresh"
    fi
    [ "$KEEP" = 1 ] || rm -rf "$site"
done

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/env.txt"
python3 "$HERE/report.py" "$WORK/env.txt" "$RAW" | tee "$WORK/results.md"
mkdir -p "$HERE/results"
cp "$WORK/results.md" "$HERE/results/latest.md"
cp "$RAW" "$HERE/results/latest-raw.tsv"
echo >&2
echo "results: $HERE/results/latest.md (raw figures: latest-raw.tsv)" >&2
