#!/usr/bin/env bash
# Benchmark (not a test): indexing speed, index size and peak memory on the shared corpus
# (../shared/corpus/*.jsonl), beside Sphinx 2.2.11's indexer in the same run.
#   1. Sphinx `indexer` (morphology stem_enru, the config of ../shared/peers) from an xmlpipe2
#      file prepared beforehand, so that its time is indexing only;
#   2. slovo-index on the JSON Lines files, as they are (default --jobs: every core);
#   3. slovo-index --jobs 1 on the same files;
#   4. slovo-index on the same articles written one file each (plain text);
#   5. slovo-index run again on the JSON Lines with nothing changed (incremental);
#   6. 1 and 2 again, SLOVO_BENCH_PAIRS - 1 times (default 2): the speed of a shared machine
#      drifts by a fifth between runs, so each pair's ratio and their median are printed.
# Each is timed with /usr/bin/time -v. Usage: bench/index.sh [BUILD_DIR]
# (default: build-bench, built here as Release).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
shared=${SLOVO_SHARED:-../shared}
corpus=$shared/corpus
[ -d "$corpus" ] || { echo "bench/index.sh: no corpus at $corpus" >&2; exit 1; }
scripts/deps.sh time sphinxsearch

if [ -z "${1:-}" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSLOVO_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
index_cmd=$build/indexer/slovo-index
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bytes=$(cat "$corpus"/*.jsonl | wc -c)
articles=$(cat "$corpus"/*.jsonl | wc -l)

# timed NAME COMMAND...: runs it under /usr/bin/time -v, appends a row to $work/rows
# (name, seconds, peak RSS in kB).
timed() {
    local name=$1; shift
    /usr/bin/time -v -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
        { echo "bench/index.sh: $name failed:"; tail -5 "$work/$name.err"; exit 1; } >&2
    local s rss
    s=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$work/time")
    echo "$name $s $rss" >>"$work/rows"
}

# Sphinx's input, prepared beforehand (not timed).
cat "$corpus"/*.jsonl >"$work/all.jsonl"
python3 "$shared/peers/peers.py" xmlpipe "$work/all.jsonl" >"$work/all.xml"
mkdir -p "$work/sphinx"
sed -e "s|^    xmlpipe_command = .*|    xmlpipe_command = cat '$work/all.xml'|" \
    -e "s|@DATA@|$work/sphinx|g" -e "s|@MEM_LIMIT@|1024M|" -e "s|@PORT@|9399|" \
    "$shared/peers/sphinx.conf.in" >"$work/sphinx.conf"

# The same articles one file each, as plain text (title, header lines, body).
python3 - "$work/all.jsonl" "$work/files" <<'PY'
import json, os, sys
out = sys.argv[2]
for n, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    a = json.loads(line)
    d = os.path.join(out, "%03d" % (n // 1000))
    os.makedirs(d, exist_ok=True)
    head = [(a.get("title") or "").replace("\n", " ").strip() or "-", ""]
    for k in ("date", "source", "url", "lang"):
        if a.get(k):
            head.append("%s: %s" % (k, a[k]))
    with open(os.path.join(d, "%06d.txt" % n), "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n\n" + (a.get("text") or "") + "\n")
PY
files_bytes=$(du -sb --apparent-size "$work/files" | cut -f1)
# The prepared files on disk before any run is timed, so that their write-back does not
# compete with the first runs for the disk (slovo-index commits with fdatasync).
sync

timed sphinx indexer --config "$work/sphinx.conf" --all
sphinx_bytes=$(cat "$work/sphinx"/idx.* | wc -c)
timed slovo "$index_cmd" -d "$work/idx" "$corpus"
slovo_bytes=$(du -sb "$work/idx" | cut -f1)
timed slovo_j1 "$index_cmd" -j 1 -d "$work/idx1" "$corpus"
timed slovo_files "$index_cmd" -d "$work/idxf" "$work/files"
files_index_bytes=$(du -sb "$work/idxf" | cut -f1)
timed slovo_rerun "$index_cmd" -d "$work/idx" "$corpus"
pairs=${SLOVO_BENCH_PAIRS:-3}
for pair in $(seq 2 "$pairs"); do
    rm -rf "$work/sphinx"/idx.* "$work/idx_pair"
    timed "sphinx_$pair" indexer --config "$work/sphinx.conf" --all
    timed "slovo_$pair" "$index_cmd" -d "$work/idx_pair" "$corpus"
done

echo "corpus: $corpus, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $articles articles; $(nproc) cores"
awk -v b="$bytes" -v a="$articles" -v fb="$files_bytes" -v sb="$sphinx_bytes" \
    -v ib="$slovo_bytes" -v fib="$files_index_bytes" -v pairs="$pairs" '
function row(label, s, rss, input, index_bytes) {
    if (s < 0.01)
        s = 0.01 # below the resolution of /usr/bin/time
    printf "%-34s %8.2f %8.2f %9.0f %10s %9s %8.0f\n", label, s, input / 1e6 / s, a / s,
        index_bytes ? sprintf("%.1f", index_bytes / 1e6) : "-",
        index_bytes ? sprintf("%.2f", index_bytes / input) : "-", rss / 1024
}
{ s[$1] = $2; rss[$1] = $3 }
END {
    printf "%-34s %8s %8s %9s %10s %9s %8s\n", "run", "seconds", "MB/s", "art/s", "index MB",
        "x input", "RSS MB"
    row("sphinx indexer (prepared xmlpipe2)", s["sphinx"], rss["sphinx"], b, sb)
    row("slovo-index, JSON Lines", s["slovo"], rss["slovo"], b, ib)
    row("slovo-index --jobs 1, JSON Lines", s["slovo_j1"], rss["slovo_j1"], b, 0)
    row("slovo-index, one file an article", s["slovo_files"], rss["slovo_files"], fb, fib)
    row("slovo-index again, nothing changed", s["slovo_rerun"], rss["slovo_rerun"], b, 0)
    printf "\nslovo / sphinx throughput: %.2fx (--jobs 1: %.2fx)\n", s["sphinx"] / s["slovo"],
        s["sphinx"] / s["slovo_j1"]
    ratio[1] = s["sphinx"] / s["slovo"]
    for (p = 2; p <= pairs; p++) {
        ratio[p] = s["sphinx_" p] / s["slovo_" p]
        printf "  pair %d: %.2fx (%.2f s / %.2f s)\n", p, ratio[p], s["sphinx_" p], s["slovo_" p]
    }
    for (i = 2; i <= pairs; i++) # insertion sort, for the median
        for (j = i; j > 1 && ratio[j - 1] > ratio[j]; j--) {
            t = ratio[j]; ratio[j] = ratio[j - 1]; ratio[j - 1] = t
        }
    m = pairs % 2 ? ratio[(pairs + 1) / 2] : (ratio[pairs / 2] + ratio[pairs / 2 + 1]) / 2
    printf "median of the %d pairs: %.2fx\n", pairs, m
    printf "unchanged re-run / full run: under %.2f %%\n", 100 * (s["slovo_rerun"] + 0.01) / s["slovo"]
}' "$work/rows"
