#!/usr/bin/env bash
# End-to-end: incremental re-indexing (files added, changed, touched, deleted; JSON lines
# changed and removed) and interruption (SIGINT and SIGKILL at random moments) on the real
# binaries. Usage: incremental.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
index_cmd=$bin/indexer/slovo-index
search_cmd=$bin/searcher/slovo-search
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/check.sh"
hits() { # hits QUERY: the number of articles found (exit 1, no hits, still prints JSON)
    "$search_cmd" -d "$idx" --json --limit 1000 "$1" >"$tmp/hits.json" 2>/dev/null
    python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hits"]))' "$tmp/hits.json"
}
run() { "$index_cmd" -d "$idx" "$docs" >"$tmp/run.out" 2>"$tmp/run.err"; }

idx=$tmp/idx
docs=$tmp/docs
mkdir -p "$docs"
printf 'Первая новость\n\nВ городе открыли мост через реку.\n' >"$docs/a.txt"
printf 'Вторая новость\n\nНа заводе запустили новую линию.\n' >"$docs/b.txt"
printf '%s\n' '{"id":"j1","title":"Погода","text":"Завтра ожидается гроза."}' \
    '{"id":"j2","title":"Спорт","text":"Команда выиграла финал."}' \
    '{"id":"j3","title":"Наука","text":"Учёные нашли комету."}' >"$docs/feed.jsonl"
run
check "the first run indexes everything" grep -q "^the index now holds 5 articles$" "$tmp/run.out"
cp "$tmp/run.out" "$tmp/first.out"

printf 'Третья новость\n\nВ парке посадили тюльпаны.\n' >"$docs/c.txt"
run
check "a new file is added" grep -q "(1 added, 0 replaced) from 1 file" "$tmp/run.out"
check "... the others are not read again" grep -q "^unchanged: 3 files not read again" "$tmp/run.out"
check "... and its words are found" test "$(hits тюльпаны)" = 1
check "the first run compacted the index, the second (a few articles) did not" \
    bash -c "grep -q '^compacted the index' '$tmp/first.out' && ! grep -q compacted '$tmp/run.out'"
check "... and left nothing beside it" test ! -e "$idx.compacting"
mkdir -p "$tmp/here.idx"
(cd "$tmp/here.idx" && "$index_cmd" -d . "$docs") >"$tmp/here.out" 2>&1
check "an index named '.' is compacted too" \
    bash -c "grep -q '^compacted the index' '$tmp/here.out' && ! grep -q warning '$tmp/here.out'"
check "... and answers" bash -c "'$search_cmd' -d '$tmp/here.idx' тюльпаны >/dev/null"

sleep 0.01
printf 'Первая новость\n\nВ городе открыли тоннель под рекой.\n' >"$docs/a.txt"
run
check "a changed file replaces its article" grep -q "(0 added, 1 replaced) from 1 file" "$tmp/run.out"
check "... its new words are found" test "$(hits тоннель)" = 1
check "... its old words are not" test "$(hits мост)" = 0

rm "$docs/b.txt"
run
check "a deleted file's article is deleted" grep -q "^deleted 1 article whose files" "$tmp/run.out"
check "... and no longer found" test "$(hits завод)" = 0
check "... the index holds the rest" grep -q "^the index now holds 5 articles$" "$tmp/run.out"

printf '%s\n' '{"id":"j1","title":"Погода","text":"Завтра ожидается гроза."}' \
    '{"id":"j2","title":"Спорт","text":"Команда проиграла полуфинал."}' \
    '{"id":"j4","title":"Культура","text":"В театре премьера оперы."}' >"$docs/feed.jsonl"
run
check "in a changed JSON Lines file, a changed line replaces its article, a new one is added" \
    grep -q "(1 added, 1 replaced) from 1 file" "$tmp/run.out"
check "... an unchanged line is not rewritten" grep -q ", 1 article not rewritten$" "$tmp/run.out"
check "... a removed line's article is deleted" grep -q "^deleted 1 article" "$tmp/run.out"
check "... and its words are not found" test "$(hits комета)" = 0
check "... the changed article is found by its new words" test "$(hits полуфинал)" = 1

cp "$docs/c.txt" "$tmp/c.txt"
: >"$docs/c.txt"
run
check "an emptied file's article is deleted" grep -q "^deleted 1 article" "$tmp/run.out"
check "... and no longer found" test "$(hits тюльпаны)" = 0
check "... the index holds the rest" grep -q "^the index now holds 4 articles$" "$tmp/run.out"
run
check "... and the next run, finding it still empty, keeps them" \
    grep -q "^the index now holds 4 articles$" "$tmp/run.out"
cp "$tmp/c.txt" "$docs/c.txt"
run
check "... filled again, it gives its article back" test "$(hits тюльпаны)" = 1

touch "$docs/c.txt"
run
check "a touched but unchanged file is not read again" \
    grep -q "^unchanged: 3 files not read again" "$tmp/run.out"
check "... and nothing is rewritten" grep -q "(0 added, 0 replaced) from 0 files" "$tmp/run.out"

# Interruption. A corpus big enough to be caught in the middle, made of the sample articles.
big=$tmp/big
mkdir -p "$big"
python3 - "$src/corpus" "$big/feed.jsonl" <<'PY'
import glob, json, sys
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(3000):
        t = texts[i % len(texts)]
        out.write(json.dumps({"id": f"g{i}", "title": f"статья{i}", "text": t}, ensure_ascii=False) + "\n")
PY
idx=$tmp/big.idx
docs=$big
# Bounded in time: under the sanitizers on a busy machine, a round took up to 6.7 s (18
# rounds in 120 s once).
deadline=$((SECONDS + 240))
kills=0
broken=0
for round in $(seq 1 24); do
    [ $SECONDS -lt $deadline ] || break
    sig=KILL
    [ $((round % 2)) -eq 0 ] && sig=INT
    "$index_cmd" -d "$idx" -q "$big" >"$tmp/kill.out" 2>"$tmp/kill.err" &
    pid=$!
    sleep "0.$(printf '%02d' $((RANDOM % 60 + 5)))"
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    status=$?
    kills=$((kills + 1))
    if [ "$sig" = INT ] && [ "$status" -ne 0 ] && ! { [ "$status" -eq 130 ] && grep -q "interrupted" "$tmp/kill.err"; }; then
        broken=$((broken + 1)); echo "    SIGINT: exit $status: $(cat "$tmp/kill.err")"
    fi
    # The index opens and every hit is a whole article: title and text both there.
    "$search_cmd" -d "$idx" --json --limit 50 новость >"$tmp/kill.json" 2>"$tmp/kill.search"
    s=$?
    if [ -d "$idx" ] && [ $s -gt 1 ] && ! grep -q "no index" "$tmp/kill.search"; then
        broken=$((broken + 1)); echo "    search after $sig: exit $s: $(cat "$tmp/kill.search")"
    elif [ $s -eq 0 ] && ! python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert all(h["title"].startswith("статья") and h["snippet"] for h in d["hits"])' "$tmp/kill.json"; then
        broken=$((broken + 1)); echo "    a hit that is not a whole article after $sig"
    fi
done
check "interrupted $kills times (SIGKILL and SIGINT at random moments): the index always opens with whole articles" test "$broken" -eq 0
check "at least 20 interruptions were tried" test "$kills" -ge 20
"$index_cmd" -d "$idx" "$big" >"$tmp/final.out" 2>&1
check "the next run completes the work" grep -q "^the index now holds 3000 articles$" "$tmp/final.out"
"$index_cmd" -d "$idx" "$big" >"$tmp/again.out" 2>&1
check "... after which nothing is left to do" grep -q "^unchanged: 1 file not read again" "$tmp/again.out"
check "... nor to compact" bash -c "! grep -q compacted '$tmp/again.out'"
"$index_cmd" -d "$idx" --compact "$big" >"$tmp/compact.out" 2>&1
check "--compact compacts even when nothing changed" grep -q "^compacted the index" "$tmp/compact.out"
check "... and the compacted index answers" test "$(hits статья2999)" = 1
echo '{"id":"late","title":"Поздняя","text":"Над городом пролетел дирижабль."}' >"$big/late.jsonl"
"$index_cmd" -d "$idx" --no-compact --full "$big" >"$tmp/full.out" 2>&1
check "... and takes new articles" test "$(hits дирижабль)" = 1
check "--no-compact: a --full run is left as written" bash -c "! grep -q compacted '$tmp/full.out'"

# A directory of small files: with --jobs, a file's signature is saved after its articles
# are written, while the next files are read. Interrupted, the next run completes the work.
many=$tmp/many
mkdir -p "$many"
for i in $(seq 1 400); do
    printf 'Заметка %d\n\nВ номере %d напечатали заметку о погоде.\n' "$i" "$i" >"$many/$i.txt"
done
idx=$tmp/many.idx
for round in 1 2 3 4; do
    "$index_cmd" -d "$idx" -j 2 -q "$many" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 5 + 2))"
    kill -s "$([ $((round % 2)) -eq 0 ] && echo INT || echo KILL)" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
"$index_cmd" -d "$idx" -j 2 "$many" >"$tmp/many.out" 2>&1
check "a directory of files, interrupted 4 times, is complete after the next run" \
    grep -q "^the index now holds 400 articles$" "$tmp/many.out"
"$index_cmd" -d "$idx" -j 2 "$many" >"$tmp/many2.out" 2>&1
check "... and every file's signature is saved" \
    grep -q "^unchanged: 400 files not read again" "$tmp/many2.out"

finish
