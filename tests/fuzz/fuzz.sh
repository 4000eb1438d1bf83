#!/usr/bin/env bash
# fuzz.sh SOURCE_DIR WORK_DIR SECONDS: builds the libFuzzer targets of tests/fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) against just the C sources each one needs, then runs
# each for SECONDS from a seed corpus written here. Fails on any crash, leak, sanitizer report
# or broken invariant; the input that caused it is left in WORK_DIR/crash-<target>-*.
#
# Exit status: 0 when every target ran clean, 1 on a failure, 77 (skipped) when clang or its
# libFuzzer runtime is missing, unless the environment variable CI is set, where that fails.
# CLANG=... picks another compiler.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: fuzz.sh SOURCE_DIR WORK_DIR SECONDS" >&2
    exit 2
fi
src=$(cd "$1" && pwd)
work=$2
secs=$3
clang=${CLANG:-clang}

mkdir -p "$work"
work=$(cd "$work" && pwd)

missing() {
    if [ -n "${CI:-}" ]; then
        echo "fuzz.sh: $1, and CI is set: failing" >&2
        exit 1
    fi
    echo "fuzz.sh: $1: skipped" >&2
    exit 77
}

command -v "$clang" >/dev/null 2>&1 || missing "$clang not found"
flags=(-std=c11 -g -O1 -D_XOPEN_SOURCE=700 -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Werror
       -I"$src/include" -I"$src/lib")
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) '\
'{ (void)d; (void)n; return 0; }\n' >"$work/probe.c"
"$clang" "${flags[@]}" "$work/probe.c" -o "$work/probe" 2>"$work/probe.log" ||
    missing "$clang cannot build a libFuzzer target (see $work/probe.log)"

icu=$(pkg-config --cflags --libs icu-uc icu-i18n) || { echo "fuzz.sh: ICU not found" >&2; exit 1; }

echo "fuzz.sh: building in $work"
"$clang" "${flags[@]}" "$src/tests/fuzz/fuzz_qparse.c" "$src/lib/qparse.c" \
    -o "$work/fuzz_qparse"
# shellcheck disable=SC2086 # pkg-config output is a list of words
"$clang" "${flags[@]}" "$src/tests/fuzz/fuzz_analyzer.c" "$src/lib/analyzer.c" \
    "$src/lib/utf8.c" $icu -o "$work/fuzz_analyzer"

# Seeds: one file per line of a here-document.
seed() {
    local dir=$1 i=0 line
    rm -rf "$dir"
    mkdir -p "$dir"
    while IFS= read -r line; do
        printf '%s' "$line" >"$dir/seed$i"
        i=$((i + 1))
    done
}

seed "$work/seed_qparse" <<'SEEDS'
выборы Москва OR Киев
"выборы в Москве" -референдум
=слово выбор* title:(Путин AND Байден)
source:"Українська правда" lang:uk date:2021-03-01..2021-06-30
date:>=2020-01 date:<2021 date:2020.. date:..2021-06 lang:ru,en
(a OR (b -c)) NOT "d e" | f & g + h
Нью-Йорк п’ять пʼять 10:30 Covid-19: bbc.com 3,5
«цитата» — тире … ‘кавычки’ “quotes”
title:-a title:"b c" source:bbc.com lang:other date:2021-02-29
((((a)))) ) ( "unclosed
SEEDS
printf 'a \xff\xfe \xd0 \xe2\x80 b*' >"$work/seed_qparse/invalid_utf8"

seed "$work/seed_analyzer" <<'SEEDS'
Итоги выборов в Москве: явка 25,3% (данные ЦИК).
П’ять, п'ять і пʼять — одне слово; ґанок, їжак, Євген.
Нью-Йорк, кибер-атака, 2020-2021, COVID-19, Рutin, Microsоft.
Ёлка, зелёная; ударе́ние, со­фт; 😀 эмодзи!
Українська правда повідомляє: «Київ» — столиця.
SEEDS
printf 'Мир\xffмир \xed\xa0\x80 \xf0\x9f\x98 \xc0\xaf' >"$work/seed_analyzer/invalid_utf8"
# U+115F, a letter that normalizes to nothing: once an empty token
printf 'a \xe1\x85\x9f b-\xe1\x85\x9f' >"$work/seed_analyzer/ignorable"

cat >"$work/qparse.dict" <<'DICT'
"OR"
"AND"
"NOT"
"title:"
"source:"
"lang:"
"date:"
".."
">="
"<="
"\""
"-("
"=\xd1\x81"
"*"
"\xe2\x80\x99"
"\xc2\xab"
"2021-02-29"
DICT

status=0
for target in qparse analyzer; do
    corpus="$work/corpus_$target"
    mkdir -p "$corpus"
    dict=()
    [ "$target" = qparse ] && dict=(-dict="$work/qparse.dict")
    echo "fuzz.sh: running fuzz_$target for $secs s"
    if "$work/fuzz_$target" "$corpus" "$work/seed_$target" "${dict[@]}" \
        -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/crash-$target-" \
        >"$work/$target.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$target.log")
        echo "fuzz.sh: fuzz_$target: ${runs:-?} runs, ${rate:-?}/s, no crash"
    else
        echo "fuzz.sh: fuzz_$target FAILED; the end of $work/$target.log:" >&2
        tail -n 40 "$work/$target.log" >&2
        status=1
    fi
done
exit $status
