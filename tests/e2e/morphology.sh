#!/usr/bin/env bash
# End-to-end: inflected forms find each other through the real slovo-index and slovo-search,
# with the dictionaries (--morphology dict, the default) and with the rules alone
# (--morphology rules). Small articles are written here, each with one form of a word; a
# search for another form must find it, and a word of an unrelated article must not.
# Usage: morphology.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
bin=$1
index_cmd=$bin/indexer/slovo-index
search_cmd=$bin/searcher/slovo-search
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/check.sh"

# Plain text articles: the title, a blank line, the body (lang: makes the language sure).
docs=$tmp/docs
mkdir -p "$docs"
article() { # FILE TITLE LANG BODY
    printf '%s\nlang: %s\n\n%s\n' "$2" "$3" "$4" >"$docs/$1"
}
article uk_cyber.txt "Захист банків" uk \
    "Фахівці говорять, що у кібербезпеці банків ще багато слабких місць."
article uk_country.txt "Погода на вихідні" uk \
    "Цими вихідними в Україні буде тепло і сонячно, без опадів."
article uk_vote.txt "Місцева політика" uk \
    "Підготовка до виборів триває. На виборах голосували активно, черги були довгими."
article ru_vote.txt "Городская политика" ru \
    "На выборах в городе голосовали активно, очереди были длинными."
article uk_rain.txt "Прогноз" uk \
    "Завтра в горах очікується дощ і сильний вітер."
article ru_match.txt "Спорт" ru \
    "Футбольный матч закончился вничью после долгой борьбы."

# The files of the hits for QUERY in index IDX, by name, sorted, one line.
hits() { # IDX QUERY
    "$search_cmd" -d "$1" --json --limit 50 "$2" >"$tmp/q.json"
    local rc=$?
    [ "$rc" -le 1 ] || { echo "slovo-search exited $rc"; return; }
    python3 -c '
import json, os, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(os.path.basename(h["path"]) for h in d["hits"])))
' "$tmp/q.json"
}

# finds IDX QUERY FILE: exactly FILE is found.
finds() {
    local got
    got=$(hits "$1" "$2")
    [ "$got" = "$3" ] || { echo "'$2' found [$got], expected [$3]"; return 1; }
}

for morph in dict rules; do
    idx=$tmp/$morph.idx
    "$index_cmd" -d "$idx" --morphology "$morph" "$docs" >"$tmp/index.out" 2>&1
    check "$morph: slovo-index exits 0" test $? -eq 0
    check "$morph: all six articles are indexed" grep -q '^the index now holds 6 articles$' \
        "$tmp/index.out"

    # The forms the brief names: the text has one form, the query another.
    check "$morph: кібербезпека finds кібербезпеці" finds "$idx" кібербезпека uk_cyber.txt
    check "$morph: Україна finds Україні" finds "$idx" Україна uk_country.txt
    check "$morph: вибори finds виборів and виборах" finds "$idx" вибори uk_vote.txt
    check "$morph: выборы finds выборах" finds "$idx" выборы ru_vote.txt
    # The other way round: the query form is in no article either.
    check "$morph: кібербезпеки finds кібербезпеці" finds "$idx" кібербезпеки uk_cyber.txt
    check "$morph: Україною finds Україні" finds "$idx" Україною uk_country.txt
    check "$morph: виборами finds виборів and виборах" finds "$idx" виборами uk_vote.txt
    check "$morph: выборов finds выборах" finds "$idx" выборов ru_vote.txt
    check "$morph: the text's own form finds it (виборах)" finds "$idx" виборах uk_vote.txt
    # Unrelated words stay apart.
    check "$morph: дощ finds only the forecast" finds "$idx" дощ uk_rain.txt
    check "$morph: дождь (a Russian word no article has) finds nothing" finds "$idx" дождь ""
    check "$morph: матчей finds only the match" finds "$idx" матчей ru_match.txt
    check "$morph: вибух (not вибори) finds nothing" finds "$idx" вибух ""
    check "$morph: безпека (not кібербезпека) finds nothing" finds "$idx" безпека ""
    "$search_cmd" -d "$idx" вулкан >/dev/null 2>&1
    check "$morph: no hit exits 1" test $? -eq 1
    "$search_cmd" -d "$idx" кібербезпека >/dev/null 2>&1
    check "$morph: a hit exits 0" test $? -eq 0
done

finish
