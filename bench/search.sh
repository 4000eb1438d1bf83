#!/usr/bin/env bash
# Benchmark (not a test): search latency beside Sphinx 2.2.11 in the same run. 300 short
# queries — the first two or three words of dev headlines (../shared/eval/queries.dev.tsv),
# Russian and Ukrainian — on the index of ../shared/corpus/*.jsonl; each engine runs every
# query once cold and 5 times warm; p50 and p95 of the per-query warm medians. Slovo is timed
# in process (search, then the top 10 with their fields and snippets: bench/search.c),
# Sphinx through ../shared/peers (one SphinxQL round trip over an open socket, top 10 ids).
# Slovo runs before and after Sphinx; the last line gives the ratio of warm p95s for each.
# Usage: bench/search.sh [BUILD_DIR]   (default: build-bench, built here as Release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
shared=${SLOVO_SHARED:-../shared}
[ -d "$shared/corpus" ] || { echo "bench/search.sh: no corpus at $shared/corpus" >&2; exit 1; }
scripts/deps.sh sphinxsearch

if [ -z "${1:-}" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSLOVO_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 150 Russian and 150 Ukrainian headlines, their first two or three words.
python3 - "$shared/eval/queries.dev.tsv" >"$work/queries.txt" <<'PY'
import re, sys
picked = {"ru": [], "uk": []}
for line in open(sys.argv[1], encoding="utf-8"):
    qid, kind, lang, query = line.rstrip("\n").split("\t", 3)
    words = re.findall(r"\w+", query)
    if kind == "title" and lang in picked and len(picked[lang]) < 150 and len(words) >= 3:
        picked[lang].append(" ".join(words[: 2 + len(picked[lang]) % 2]))
for lang in ("ru", "uk"):
    print("\n".join(picked[lang]))
PY
cat "$shared"/corpus/*.jsonl >"$work/all.jsonl"

cc -O2 -std=c11 -Iinclude bench/search.c -L"$build/lib" -lslovo -Wl,-rpath,"$PWD/$build/lib" \
    -o "$work/search"
"$build/indexer/slovo-index" -q -d "$work/idx" "$shared/corpus"
# Slovo is timed before and after Sphinx: the machine's speed drifts, and the two figures
# show by how much within the run.
echo "== slovo (in process, top 10 with fields and snippets)"
"$work/search" "$work/idx" "$work/queries.txt" 5 | tee "$work/slovo1.txt"

echo "== sphinx (SphinxQL, top 10 ids; ../shared/peers)"
PEERS=sphinx DROP_CACHES=0 "$shared/peers/run.sh" "$work/all.jsonl" "$work/queries.txt" \
    "$work/peers" >"$work/peers.log" 2>&1 || { tail -20 "$work/peers.log"; exit 1; }
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { printf "warm p50 %.3f ms, p95 %.3f ms; cold p50 %.3f ms, p95 %.3f ms\n",
             $col["query_p50_ms"], $col["query_p95_ms"], $col["cold_p50_ms"], $col["cold_p95_ms"] }' \
    "$work/peers/summary.tsv" | tee "$work/sphinx.txt"

echo "== slovo again"
"$work/search" "$work/idx" "$work/queries.txt" 5 | tee "$work/slovo2.txt"

p95() { sed -n 's/^warm p50 [0-9.]* ms, p95 \([0-9.]*\) ms.*/\1/p' "$1"; }
awk -v a="$(p95 "$work/slovo1.txt")" -v b="$(p95 "$work/slovo2.txt")" -v s="$(p95 "$work/sphinx.txt")" \
    'BEGIN { printf "\nslovo / sphinx, warm p95: %.2fx before, %.2fx after\n", a / s, b / s }'
