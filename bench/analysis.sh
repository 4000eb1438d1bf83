#!/usr/bin/env bash
# Benchmark (not a test): words/s of the whole analysis (tokenize + normalize + stem) over the
# shared corpus (../shared/corpus/*.jsonl), with the rules only and with the hunspell
# dictionaries (cold and cached), on one core; also the dictionaries' load time and memory.
# Usage: bench/analysis.sh [BUILD_DIR [MAX_MB]]   (default: build-bench, Release; 20 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
max_mb=${2:-20}
corpus=${SLOVO_SHARED:-../shared}/corpus
[ -d "$corpus" ] || { echo "bench/analysis.sh: no corpus at $corpus" >&2; exit 1; }

if [ -z "${1:-}" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSLOVO_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The small corpora first, the large Russian one last, so both languages are in any cut.
files=$(ls -S -r "$corpus"/*.jsonl)
libs=$(pkg-config --libs xapian-core icu-uc icu-i18n json-c libxxhash libzstd hunspell libxml-2.0)
cc -O2 -std=c11 -D_GNU_SOURCE -Ilib -Iinclude bench/analysis.c "$build/lib/libslovo.a" \
    $libs -lstemmer -lstdc++ -lm -pthread -o "$work/analysis"
"$work/analysis" "$max_mb" $files
