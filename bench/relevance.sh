#!/usr/bin/env bash
# Benchmark (not a test): relevance on the judged dev queries of ../shared/eval, as the peers
# were measured (../shared/README.md): the index of ../shared/corpus/*.jsonl with every title
# left empty; the sample of every entity, title/uk and title/en query and the first 600
# title/ru and summary/ru queries in file order; each query as a user typed it, through
# `slovo-search --batch --format trec --limit 100`; scored by ../shared/eval/evaluate.py.
# Also prints the batch's average time per query.
# Usage: bench/relevance.sh [BUILD_DIR [INDEX_DIR]]   (default: build-bench, built here as
# Release; INDEX_DIR, when given, is kept and reused if it exists)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
shared=${SLOVO_SHARED:-../shared}
[ -d "$shared/corpus" ] && [ -f "$shared/eval/evaluate.py" ] ||
    { echo "bench/relevance.sh: no corpus or eval data in $shared" >&2; exit 1; }

if [ -z "${1:-}" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSLOVO_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
idx=${2:-$work/idx}

if [ ! -d "$idx" ]; then
    mkdir -p "$work/corpus"
    python3 - "$shared"/corpus/*.jsonl >"$work/corpus/untitled.jsonl" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        a["title"] = ""
        print(json.dumps(a, ensure_ascii=False))
PY
    "$build/indexer/slovo-index" -q -d "$idx" "$work/corpus"
fi

awk -F'\t' '$2 == "entity" || ($2 == "title" && ($3 == "uk" || $3 == "en")) ||
            ($2 == "title" && $3 == "ru" && ++tr <= 600) ||
            ($2 == "summary" && $3 == "ru" && ++sr <= 600)' \
    "$shared/eval/queries.dev.tsv" >"$work/queries.tsv"
queries=$(wc -l <"$work/queries.tsv")

start=$(date +%s.%N)
"$build/searcher/slovo-search" -d "$idx" --batch --format trec --limit 100 \
    <"$work/queries.tsv" >"$work/slovo.run"
end=$(date +%s.%N)
python3 "$shared/eval/evaluate.py" "$work/queries.tsv" "$shared/eval/qrels.dev.tsv" "$work/slovo.run"
awk -v s="$start" -v e="$end" -v n="$queries" \
    'BEGIN { printf "\n%d queries in %.2f s: %.2f ms a query (index opening and dictionaries included)\n", n, e - s, 1000 * (e - s) / n }'
