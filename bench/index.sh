#!/usr/bin/env bash
# Benchmark (not a test): indexes the shared corpus (../shared/corpus/*.jsonl) from scratch
# and prints throughput (MB/s, articles/s), index size and peak memory, measured with
# /usr/bin/time -v. Usage: bench/index.sh [BUILD_DIR]   (default: build-bench, Release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
corpus=${SLOVO_SHARED:-../shared}/corpus
[ -d "$corpus" ] || { echo "bench/index.sh: no corpus at $corpus" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench/index.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

if [ -z "${1:-}" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSLOVO_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bytes=$(cat "$corpus"/*.jsonl | wc -c)
/usr/bin/time -v -o "$work/time" "$build/indexer/slovo-index" -d "$work/idx" "$corpus" \
    >"$work/out" 2>"$work/err"
seconds=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
          awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
rss_kb=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$work/time")
articles=$(sed -n 's/^the index now holds \([0-9]*\) articles$/\1/p' "$work/out")
index_bytes=$(du -sb "$work/idx" | cut -f1)

awk -v b="$bytes" -v s="$seconds" -v a="$articles" -v i="$index_bytes" -v r="$rss_kb" 'BEGIN {
    printf "corpus        %.1f MB, %d articles\n", b / 1e6, a
    printf "time          %.2f s\n", s
    printf "throughput    %.2f MB/s, %.0f articles/s\n", b / 1e6 / s, a / s
    printf "index size    %.1f MB (%.2fx the input)\n", i / 1e6, i / b
    printf "peak RSS      %.0f MB\n", r / 1024
}'
cat "$work/out"
