#!/usr/bin/env bash
# End-to-end: an index in use. While slovo-index writes (committing often), a second indexer
# on the same index fails at once with a clear message, and searches keep answering, each
# seeing a whole committed state. Usage: concurrency.sh BUILD_DIR
set -uo pipefail
bin=$1
index_cmd=$bin/indexer/slovo-index
search_cmd=$bin/searcher/slovo-search
tmp=$(mktemp -d)
indexer=
trap '[ -n "$indexer" ] && { kill "$indexer"; kill -CONT "$indexer"; } 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/check.sh"

# Articles that all contain "новости" and differ otherwise (little: searches use --all, or
# they would fold into one hit as near-duplicates).
articles=6000
python3 - "$articles" >"$tmp/feed.jsonl" <<'PY'
import json, sys
towns = ["Тверь", "Казань", "Самара", "Омск", "Пермь", "Тула", "Курск", "Орёл"]
things = ["мост", "школу", "больницу", "парк", "вокзал", "библиотеку", "стадион"]
for i in range(int(sys.argv[1])):
    town, thing = towns[i % len(towns)], things[i % len(things)]
    text = (f"Главные новости дня номер {i}: в городе {town} открыли {thing}. "
            f"Жители города {town} давно ждали, когда откроют {thing}. " * 3)
    print(json.dumps({"id": f"n{i}", "title": f"Новости: {town}, {i}", "text": text},
                     ensure_ascii=False))
PY
printf 'Другая новость\n\nТекст другой новости.\n' >"$tmp/other.txt"

idx=$tmp/idx
# Rules only: the searches then start in milliseconds, and many run during the indexing.
"$index_cmd" -d "$idx" -q -m rules --commit-every 100 "$tmp/feed.jsonl" >"$tmp/index.out" 2>&1 &
indexer=$!
# Wait until the first articles are committed.
for _ in $(seq 600); do
    "$search_cmd" -d "$idx" новости >/dev/null 2>&1 && break
    sleep 0.05
done

# Stopped where it is, it holds the index's lock until it goes on: the second indexer then
# meets it however fast the first one runs. Were the second to wait for the lock, it would
# wait for ever: timeout stops it (exit 124) and the check below fails.
kill -STOP "$indexer"
start=$(date +%s)
timeout 10 "$index_cmd" -d "$idx" "$tmp/other.txt" >"$tmp/second.out" 2>&1
status=$?
took=$(($(date +%s) - start))
if kill -0 "$indexer" 2>/dev/null; then
    check "a second indexer on the same index exits 4 (got $status)" test "$status" -eq 4
    check "... at once (${took} s)" test "$took" -le 2
    check "... saying that the index is locked" grep -q "is locked by another writer" "$tmp/second.out"
else
    not_ok "the first indexer was still running when the second started"
fi

# Searches while the indexer commits: each one answers, and the number of articles found
# never goes down. The first few run with the indexer stopped wherever it was (in a commit,
# say), and it goes on for a moment between them: however fast the machine indexes, they
# meet it during its run. The others run beside it.
paused_searches=5
searches=0
bad=0
last=0
shrank=0
while kill -0 "$indexer" 2>/dev/null; do
    "$search_cmd" -d "$idx" --all --json --limit 1 новости >"$tmp/q.json" 2>"$tmp/q.err"
    status=$?
    searches=$((searches + 1))
    kill -CONT "$indexer" 2>/dev/null
    if [ "$searches" -lt "$paused_searches" ]; then
        sleep 0.05
        kill -STOP "$indexer" 2>/dev/null
    fi
    if [ "$status" -ne 0 ]; then
        bad=$((bad + 1))
        cat "$tmp/q.err" >>"$tmp/failures"
        continue
    fi
    total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/q.json")
    [ "$total" -lt "$last" ] && shrank=$((shrank + 1))
    last=$total
done
wait "$indexer"
status=$?
indexer=
check "the indexer finishes (exit 0, got $status)" test "$status" -eq 0
check "searches ran while it wrote ($searches)" test "$searches" -ge 3
check "no search failed while the index was written ($bad of $searches)" test "$bad" -eq 0
[ -s "$tmp/failures" ] && head -5 "$tmp/failures"
check "the number of matches never went down" test "$shrank" -eq 0
"$search_cmd" -d "$idx" --all --json --limit 1 новости >"$tmp/q.json"
check "in the end every article is found" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["total"] == int(sys.argv[2])' "$tmp/q.json" "$articles"

finish
