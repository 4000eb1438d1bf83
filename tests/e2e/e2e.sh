#!/usr/bin/env bash
# End-to-end: drives the real slovo-index and slovo-search on the shipped corpus/ and on
# small bad inputs written here. Usage: e2e.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
index_cmd=$bin/indexer/slovo-index
search_cmd=$bin/searcher/slovo-search
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/check.sh"

# JSON field of the search output, by a Python expression over `d`.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }

idx=$tmp/idx
"$index_cmd" -d "$idx" "$src/corpus" >"$tmp/index.out" 2>"$tmp/index.err"
check "slovo-index corpus/ exits 0" test $? -eq 0
check "the summary counts the articles" grep -Eq '^indexed [0-9]{2,} articles' "$tmp/index.out"
check "nothing in corpus/ is skipped" test ! -s "$tmp/index.err"
total=$(sed -n 's/^the index now holds \([0-9]*\) articles$/\1/p' "$tmp/index.out")

"$index_cmd" -d "$idx" "$src/corpus" >"$tmp/reindex.out" 2>&1
check "a second run reads no unchanged file" \
    grep -q "^unchanged: $total files not read again, 0 articles not rewritten$" "$tmp/reindex.out"
"$index_cmd" -d "$idx" --full "$src/corpus" >"$tmp/full.out" 2>&1
check "--full reads everything again and replaces instead of duplicating" \
    grep -q "(0 added, $total replaced)" "$tmp/full.out"
check "... leaving the same number of articles" \
    grep -q "^the index now holds $total articles$" "$tmp/full.out"

seed=000_68c6da0ae4160371.txt
for q in кибербезопасность невмешательство; do
    "$search_cmd" -d "$idx" --json "$q" >"$tmp/q.json"
    check "'$q' exits 0" test $? -eq 0
    first=$(json 'd["hits"][0]["path"]' "$tmp/q.json" 2>&1)
    check "'$q' puts the seed article first (got $first)" test "${first##*/}" = "$seed"
done

"$search_cmd" -d "$idx" --json кибербезопасность >"$tmp/q.json"
check "--json parses and has the documented fields" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["query"] == "кибербезопасность" and d["total"] >= 1 and d["took_ms"] >= 0
h = d["hits"][0]
assert h["rank"] == 1 and h["score"] > 0 and h["title"] and h["lang"] == "ru", h
assert "<b>кибербезопасности</b>" in h["snippet"], h["snippet"]
' "$tmp/q.json"
"$search_cmd" -d "$idx" --json $'кибербезопасность \xd0' >"$tmp/bad-utf8.json"
check "--json echoes a query of invalid UTF-8 as valid UTF-8 (U+FFFD)" python3 -c '
import json, sys
assert json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))["query"].endswith("\ufffd")
' "$tmp/bad-utf8.json"

# A Ukrainian query finds Ukrainian articles through other inflected forms: some hit's
# snippet highlights a form other than the one typed.
found_by_other_form() { # QUERY
    "$search_cmd" -d "$idx" --json --limit 50 "$1" >"$tmp/uk.json" || return 1
    python3 -c '
import json, re, sys
q = sys.argv[2]
d = json.load(open(sys.argv[1]))
forms = {f.lower() for h in d["hits"] if h["lang"] == "uk"
         for f in re.findall(r"<b>(.*?)</b>", h["snippet"])}
assert forms - {q}, f"no other form of {q} highlighted in Ukrainian hits: {forms}"
' "$tmp/uk.json" "$1"
}
check "кібербезпека finds a Ukrainian article through another form" found_by_other_form кібербезпека
check "вибори finds a Ukrainian article through another form" found_by_other_form вибори
check "Україна finds a Ukrainian article through another form" found_by_other_form Україна

"$search_cmd" -d "$idx" --lang uk --json вибори >"$tmp/lang.json"
check "--lang uk returns only Ukrainian articles" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["hits"] and all(h["lang"] == "uk" for h in d["hits"]), d' "$tmp/lang.json"

"$search_cmd" -d "$idx" --from 2030-01-01 выборы >/dev/null 2>&1
check "a date range with no articles exits 1 (no hits)" test $? -eq 1

"$search_cmd" -d "$idx" кибербезопасность >"$tmp/text.out"
check "text output starts with rank 1 and the seed's title" \
    grep -q '^1\. Путин призвал США начать диалог по кибербезопасности' "$tmp/text.out"
check "text output has no terminal escapes when piped" bash -c "! grep -q $'\033' '$tmp/text.out'"
# Dates as Russian and Ukrainian sites write them, and as RSS feeds do, are dates too.
mkdir -p "$tmp/dates"
printf '%s\n' '{"id":"d1","title":"Вечер","text":"Концерт в филармонии.","date":"16.06.2021"}' \
    '{"id":"d2","title":"Вечір","text":"Концерт у філармонії.","date":"Wed, 16 Jun 2021 19:00:00 +0300"}' \
    '{"id":"d3","title":"Утро","text":"Концерт в парке.","date":"2021-07-01"}' >"$tmp/dates/d.jsonl"
"$index_cmd" -q -d "$tmp/dates.idx" "$tmp/dates"
"$search_cmd" -d "$tmp/dates.idx" --batch --all <<<$'q\tконцерт date:2021-06' >"$tmp/dates.run"
check "dd.mm.yyyy and RFC 2822 dates match date: queries" \
    bash -c "grep -q ' d1 ' '$tmp/dates.run' && grep -q ' d2 ' '$tmp/dates.run' && ! grep -q ' d3 ' '$tmp/dates.run'"

# An article's own control characters (an escape sequence in its title and text) are shown
# as spaces: they must not drive the reader's terminal.
mkdir -p "$tmp/esc"
printf '{"id":"e1","title":"Red \\u001b[31mtitle\\u009b","text":"Текст про \\u001b[31mгрозу\\u001b[0m и ливень."}\n' \
    >"$tmp/esc/e.jsonl"
"$index_cmd" -q -d "$tmp/esc.idx" "$tmp/esc"
"$search_cmd" -d "$tmp/esc.idx" ливень >"$tmp/esc.out" 2>&1
check "control characters of an article are not printed" \
    bash -c "grep -q 'Red  \[31mtitle' '$tmp/esc.out' && grep -q 'про \[31mгрозу' '$tmp/esc.out' &&
             ! grep -q $'\033' '$tmp/esc.out' && ! grep -q $'\xc2\x9b' '$tmp/esc.out'"

"$search_cmd" -d "$tmp/no-such-index" выборы >"$tmp/missing.out" 2>&1
check "a nonexistent index exits 4" test $? -eq 4
check "a nonexistent index names it" grep -q "no index at '$tmp/no-such-index'" "$tmp/missing.out"

"$search_cmd" -d "$idx" '«»!?' >"$tmp/empty.out" 2>&1
check "a query with no words exits 3 with a message" \
    bash -c "test $? -eq 3 && grep -q 'no word to search for' '$tmp/empty.out'"

"$search_cmd" --limit abc x >/dev/null 2>&1
check "a bad option value exits 2" test $? -eq 2
"$search_cmd" -d "$idx" кибербезопасность -выборы >/dev/null 2>"$tmp/minus.err"
check "a -word before '--' is refused with a hint (exit 2)" \
    bash -c "test $? -eq 2 && grep -q \"put the query after '--'\" '$tmp/minus.err'"
"$search_cmd" -d "$idx" -- кибербезопасность -выборы >/dev/null 2>&1
check "... after '--' it excludes the word" test $? -eq 0
"$search_cmd" -d "$idx" --offset 100000 кибербезопасность >/dev/null 2>"$tmp/offset.err"
check "an --offset past the matches exits 1 and says so, not that nothing matches" \
    bash -c "test $? -eq 1 && grep -q 'no articles past the first 100000' '$tmp/offset.err'"
"$search_cmd" -d "$idx" --limit 0 кибербезопасность >/dev/null 2>&1
check "--limit 0 is refused (exit 2), not read as the default" test $? -eq 2
if [ -w /dev/full ]; then
    "$search_cmd" -d "$idx" кибербезопасность >/dev/full 2>"$tmp/full.err"
    check "results that cannot be written (a full disk) exit 5" \
        bash -c "test $? -eq 5 && grep -q 'writing the results' '$tmp/full.err'"
fi
check "slovo-search --help explains the options" bash -c "'$search_cmd' --help | grep -q -- '--json'"
check "slovo-index --help documents the exit codes" bash -c "'$index_cmd' --help | grep -q 'Exit status'"

printf 'Україні\n\nп’ять НЬЮ-ЙОРКЕ\n' | "$search_cmd" --analyze --lang uk >"$tmp/analyze.out"
check "--analyze prints the terms of each line, a line each (dictionary lemmas)" \
    diff -u <(printf 'україна\n\nп'"'"'ять ньюйорк нью йорк\n') "$tmp/analyze.out"
printf 'Україні\n\nп’ять НЬЮ-ЙОРКЕ\n' |
    "$search_cmd" --analyze --lang uk --morphology rules >"$tmp/analyze.out"
check "--analyze --morphology rules gives the rule stems" \
    diff -u <(printf 'україн\n\nп'"'"'ят ньюйорк нью йорк\n') "$tmp/analyze.out"
echo слово | "$search_cmd" --analyze --lang xx >/dev/null 2>&1
check "--analyze with an unknown --lang exits 2" test $? -eq 2

"$index_cmd" -d "$idx" --morphology rules "$src/corpus/ru-01-vybory-moskva.txt" >"$tmp/morph.out" 2>&1
check "a different --morphology on an existing index is refused (exit 2)" test $? -eq 2
check "... and the message says what the index was built with" \
    grep -q "was built with --morphology dict" "$tmp/morph.out"

# Bad input is reported with file and line and skipped; the rest is indexed.
mkdir -p "$tmp/bad/.hidden"
# (a good file before the skipped ones: with threads, skipping a file once dropped the
# articles queued before it)
printf 'Первый\n\nСтатья о погоде в области.\n' >"$tmp/bad/a-first.txt"
printf 'Заголовок\n\nТекст о выборах в городе.\n' >"$tmp/bad/good.txt"
printf '\x00\x01\x02binary' >"$tmp/bad/blob.txt"
: >"$tmp/bad/empty.txt"
printf '{"id":"a","title":"Выборы","text":"Итоги голосования."}\n{"id":"b", broken\n{"id":"c","text":"Новости дня."}\n{"id":"d","title":"","text":" — "}\n' \
    >"$tmp/bad/feed.jsonl"
printf 'Скрытый\n\nНе должен попасть в индекс.\n' >"$tmp/bad/.hidden/secret.txt"
printf 'png' >"$tmp/bad/picture.png"
printf 'Почта\n\nПочтальон \xff\xfe принес телеграмму.\n' >"$tmp/bad/latin1.txt"
"$index_cmd" -d "$tmp/bad.idx" "$tmp/bad" >"$tmp/bad.out" 2>"$tmp/bad.err"
check "bad input does not stop the indexer (exit 0)" test $? -eq 0
check "the broken JSON line is reported with its line" grep -q "feed.jsonl:2: skipped" "$tmp/bad.err"
check "the binary file is reported" grep -q "blob.txt: skipped" "$tmp/bad.err"
check "the empty file is reported" grep -q "empty.txt: skipped" "$tmp/bad.err"
check "invalid UTF-8 is reported as repaired" \
    grep -q "latin1.txt:3: warning: invalid UTF-8 at byte" "$tmp/bad.err"
check "the good articles are indexed, hidden files are not" \
    grep -q "^the index now holds 5 articles$" "$tmp/bad.out"
check "the summary gives the reasons for skipping" \
    grep -q "^skipped: 1 empty article, 1 invalid record, 2 files (binary, empty or unreadable)$" "$tmp/bad.out"
"$search_cmd" -d "$tmp/bad.idx" телеграмма >/dev/null 2>&1
check "the repaired article is searchable" test $? -eq 0
"$index_cmd" -d "$tmp/bad.idx" "$tmp/does-not-exist" >/dev/null 2>&1
check "a missing PATH exits 3" test $? -eq 3

# File names in windows-1251 (not UTF-8) of the same length: two articles, not one replacing
# the other (each name became all U+FFFD in the id).
mkdir -p "$tmp/cp1251"
printf 'Отчет\n\nГодовой отчет компании.\n' >"$tmp/cp1251/"$'\xce\xf2\xf7\xe5\xf2'.txt
printf 'Новое\n\nНовое здание школы.\n' >"$tmp/cp1251/"$'\xcd\xee\xe2\xee\xe5'.txt
"$index_cmd" -d "$tmp/cp1251.idx" "$tmp/cp1251" >"$tmp/cp1251.out" 2>&1
check "two files named in windows-1251 give two articles" \
    grep -q "^the index now holds 2 articles$" "$tmp/cp1251.out"

# Links back to a directory above are not followed (two of them once made the paths
# multiply), and an index kept inside the corpus is not read as articles.
mkdir -p "$tmp/loop/sub"
printf 'Петля\n\nСтатья в папке со ссылками.\n' >"$tmp/loop/sub/a.txt"
ln -s .. "$tmp/loop/sub/up"
ln -s . "$tmp/loop/self"
(cd "$tmp/loop" && timeout 60 "$index_cmd" . >"$tmp/loop.out" 2>"$tmp/loop.err")
check "links back up do not hold the indexer (exit 0 within a minute)" test $? -eq 0
check "... they are reported" grep -q "sub/up: skipped: a link back to a directory above it" \
    "$tmp/loop.err"
check "... and the article is read once" grep -q "^indexed 1 article (1 added, 0 replaced)" \
    "$tmp/loop.out"
(cd "$tmp/loop" && timeout 60 "$index_cmd" . >/dev/null 2>"$tmp/loop2.err")
check "the index inside the corpus is not read as articles" \
    bash -c "! grep -v 'a link back' '$tmp/loop2.err' | grep -q ."

# --jobs: the same index whatever the number of threads, bad input included, and enough
# articles (1800 in three JSON Lines files, one id given twice) for the threads' ring of
# batches to fill and go round several times.
mkdir -p "$tmp/many"
python3 - "$src/corpus" "$tmp/many" <<'PY'
import json, pathlib, sys
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
for f in range(3):
    with open(f"{sys.argv[2]}/part{f}.jsonl", "w", encoding="utf-8") as out:
        for i in range(600):
            n = f * 600 + i
            text = f"Сводка номер {n}. " + texts[n % len(texts)][: 300 + n % 1500]
            doc_id = "again" if i == 599 else f"m{n}"
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
PY
for j in 1 3; do
    "$index_cmd" -d "$tmp/jobs$j.idx" -j "$j" "$src/corpus" "$tmp/bad" "$tmp/many" \
        >"$tmp/jobs$j.out" 2>"$tmp/jobs$j.err"
    check "--jobs $j exits 0" test $? -eq 0
done
check "--jobs 3 indexes every article, the one given thrice once" \
    grep -q "^the index now holds $((total + 5 + 1798)) articles$" "$tmp/jobs3.out"
# (the words' positions and the stored fields are values, in the postlist table; there is no
# position table, and no document data)
check "the index has no position table" test ! -e "$tmp/jobs1.idx/position.glass"
check "the index has no document data table" test ! -e "$tmp/jobs1.idx/docdata.glass"
for table in postlist termlist; do
    check "--jobs 1 and --jobs 3 write the same $table table" \
        cmp "$tmp/jobs1.idx/$table.glass" "$tmp/jobs3.idx/$table.glass"
done
check "... and report the same skipped input" diff <(sort "$tmp/jobs1.err") <(sort "$tmp/jobs3.err")
for q in кибербезопасность вибори выборах; do
    "$search_cmd" -d "$tmp/jobs1.idx" --json --limit 50 "$q" | grep -v took_ms >"$tmp/j1.json"
    "$search_cmd" -d "$tmp/jobs3.idx" --json --limit 50 "$q" | grep -v took_ms >"$tmp/j3.json"
    check "--jobs 1 and --jobs 3 give the same hits for '$q'" diff "$tmp/j1.json" "$tmp/j3.json"
done
# A file read again: a record that comes back after a change of the same id wins, with
# threads as without (the later line replaces the earlier one).
mkdir -p "$tmp/again"
printf '{"id":"X","text":"Кит"}\n' >"$tmp/again/f.jsonl"
"$index_cmd" -q -j 2 -d "$tmp/again.idx" "$tmp/again"
printf '{"id":"X","text":"Слон"}\n{"id":"X","text":"Кит"}\n' >"$tmp/again/f.jsonl"
"$index_cmd" -q -j 2 -d "$tmp/again.idx" "$tmp/again"
"$search_cmd" -d "$tmp/again.idx" кит >/dev/null 2>&1
check "--jobs 2 re-reading a file keeps its last record of an id" test $? -eq 0
"$search_cmd" -d "$tmp/again.idx" слон >/dev/null 2>&1
check "... and not the one it replaced" test $? -eq 1
"$index_cmd" -d "$tmp/jobs1.idx" -j 0 "$src/corpus" >/dev/null 2>&1
check "--jobs 0 is refused (exit 2)" test $? -eq 2

# --batch: a TREC run that the shared evaluate.py scores.
seed_id=$(realpath "$src/corpus/$seed")
printf 'q1\tкибербезопасность\nq2\ttitle\tru\tПутин призвал США начать диалог\n\nq3\n' |
    "$search_cmd" -d "$idx" --batch --format trec --limit 5 >"$tmp/run.trec" 2>"$tmp/run.err"
check "--batch reports a line without a query, with its number (exit 5)" test $? -eq 5
check "... on stderr" grep -q "stdin:4: expected ID<TAB>QUERY" "$tmp/run.err"
check "--batch prints 'qid Q0 id rank score slovo' lines, ranks from 1" awk '
    NF != 6 || $2 != "Q0" || $6 != "slovo" || $4 != (($1 == last) ? rank + 1 : 1) { exit 1 }
    { last = $1; rank = $4 } END { exit NR < 2 }' "$tmp/run.trec"
printf 'q1\tкибербезопасность\nq2\t(выборы\nq3\tвыборы\n' |
    "$search_cmd" -d "$idx" --batch --limit 5 >"$tmp/run2.trec" 2>"$tmp/run2.err"
check "--batch with a query that has an error exits 3" test $? -eq 3
check "... reports it with its line" grep -q "stdin:2: query q2: .*unbalanced" "$tmp/run2.err"
check "... and runs the others" bash -c "grep -q '^q1 ' '$tmp/run2.trec' && grep -q '^q3 ' '$tmp/run2.trec'"
printf '\tвыборы\nq 1\tвыборы\n' | "$search_cmd" -d "$idx" --batch >"$tmp/run3.trec" 2>&1
check "--batch refuses an empty ID or one with a space, which would break TREC lines (exit 5)" \
    bash -c "test $? -eq 5 && test \$(grep -c 'an ID of no spaces' '$tmp/run3.trec') -eq 2"
# A reprint folds into its story in a search, but a run ranks articles: --batch lists both.
mkdir -p "$tmp/dups"
text="Рада ухвалила закон про публічні закупівлі ліків для лікарень у другому читанні."
text="$text Документ підтримали двісті сорок депутатів, він набуде чинності з січня."
text="$text Міністерство охорони здоров'я отримає право купувати препарати через міжнародні"
text="$text організації, а лікарні зможуть обирати постачальників без тривалих тендерів."
text="$text Опозиція вимагала відкласти голосування, але більшість проголосувала за."
printf '{"id":"one","text":"%s"}\n{"id":"two","text":"%s"}\n' "$text" "$text" \
    >"$tmp/dups/reprints.jsonl"
"$index_cmd" -q -d "$tmp/dups.idx" "$tmp/dups" >/dev/null 2>&1
"$search_cmd" -d "$tmp/dups.idx" --json закупівлі >"$tmp/dups.json" 2>&1
check "a search shows the reprint as one hit that counts the other" \
    grep -q '"duplicates":1' "$tmp/dups.json"
printf 'q1\tзакупівлі ліків\n' | "$search_cmd" -d "$tmp/dups.idx" --batch >"$tmp/dups.trec"
check "--batch lists both articles of the story" \
    awk '{ ids = ids " " $3 } END { exit !(NR == 2 && ids ~ / one/ && ids ~ / two/) }' \
    "$tmp/dups.trec"

eval_py=$src/../shared/eval/evaluate.py
if [ -f "$eval_py" ]; then
    printf 'q1\ttitle\tru\tкибербезопасность\nq2\ttitle\tru\tПутин призвал США\n' >"$tmp/q.tsv"
    printf 'q1\t0\t%s\t1\nq2\t0\t%s\t1\n' "$seed_id" "$seed_id" >"$tmp/qrels.tsv"
    python3 "$eval_py" "$tmp/q.tsv" "$tmp/qrels.tsv" "$tmp/run.trec" >"$tmp/eval.out" 2>&1
    check "evaluate.py reads the run: the seed article first for both (MRR@10 1.0)" \
        awk '$2 == "all" && $4 == "1.0000" { found = 1 } END { exit !found }' "$tmp/eval.out"
elif [ -n "${CI:-}" ]; then
    not_ok "../shared/eval/evaluate.py is missing"
fi

"$index_cmd" -d "$tmp/mem.idx" --max-memory 64 "$src/corpus" >"$tmp/mem.out" 2>&1
check "--max-memory 64 (a commit every few MB) indexes everything" \
    grep -q "^the index now holds $total articles$" "$tmp/mem.out"
"$index_cmd" -d "$tmp/mem.idx" --max-memory 10 "$src/corpus" >/dev/null 2>&1
check "--max-memory below 64 MB is refused (exit 2)" test $? -eq 2

# Formats and encodings: a saved page with menus and scripts, legacy-encoded texts.
mkdir -p "$tmp/fmt"
cat >"$tmp/fmt/page.html" <<'HTML'
<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">
<title>Вибори мера — Полтавський край</title>
<meta property="og:site_name" content="Полтавський край">
<meta property="article:published_time" content="2021-10-31T09:00:00+02:00">
<link rel="canonical" href="https://example.org/vybory-mera">
<script>var kotlovan = "реклама";</script><style>.menu{color:red}</style></head>
<body><nav class="menu"><a href="/">Гороскоп</a> <a href="/sport">Футбол</a></nav>
<article><h1>Вибори мера Полтави</h1><p>Виборча комісія оголосила підсумки голосування.</p>
<!-- коментар редактора: перевірити --><p>Явка склала 41 відсоток.</p></article>
<footer>Усі права захищено</footer></body></html>
HTML
printf 'Выборы в Твери\n\nИзбирательная комиссия подвела итоги голосования в Твери.\n' |
    iconv -f UTF-8 -t WINDOWS-1251 >"$tmp/fmt/cp1251.txt"
printf 'Паводок в Коломне\n\nВода в Оке поднялась на два метра, в Коломне объявлен режим ЧС.\n' |
    iconv -f UTF-8 -t KOI8-R >"$tmp/fmt/koi8.txt"
printf 'Повінь на Закарпатті\n\nРічка Тиса вийшла з берегів біля Хуста.\n' |
    iconv -f UTF-8 -t UTF-16 >"$tmp/fmt/utf16.txt"
"$index_cmd" -d "$tmp/fmt.idx" "$tmp/fmt" >"$tmp/fmt.out" 2>"$tmp/fmt.err"
check "HTML and legacy encodings index without a notice" test ! -s "$tmp/fmt.err"
"$search_cmd" -d "$tmp/fmt.idx" --json голосування >"$tmp/q.json"
check "the HTML article's title, date, source and url come from the markup" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["hits"][0]
assert h["title"] == "Вибори мера Полтави", h
assert h["date"].startswith("2021-10-31") and h["source"] == "Полтавський край", h
assert h["url"] == "https://example.org/vybory-mera" and h["lang"] == "uk", h
' "$tmp/q.json"
for w in Гороскоп Футбол kotlovan реклама коментар захищено; do
    "$search_cmd" -d "$tmp/fmt.idx" "$w" >/dev/null 2>&1
    check "HTML menus, scripts, comments and footers are not indexed ($w)" test $? -eq 1
done
for w in Тверь Коломна Тиса; do
    "$search_cmd" -d "$tmp/fmt.idx" --json "$w" >"$tmp/q.json"
    check "a converted text is found by '$w'" test $? -eq 0
done
check "converted titles read correctly" \
    grep -q '"title":"Повінь на Закарпатті"' "$tmp/q.json"

finish
