#!/usr/bin/env bash
# Scores Slovo's morphology on the gold sets of ../shared/stemgold with their own scorer,
# through `slovo-search --analyze` as a user would run it, and fails below the targets
# (type-level b3F at least MIN_B3F, over-stemming OI at most MAX_OI ppm).
# Usage: stemgold.sh SLOVO_SEARCH SHARED_DIR
set -uo pipefail
search=$1
shared=$2
if [ ! -f "$shared/stemgold/stemeval.py" ]; then
    echo "stemgold: no gold data in $shared/stemgold"
    # The data is part of the project's workplace: in CI its absence is a failure.
    [ -n "${CI:-}" ] && exit 1
    exit 77
fi

failures=0
passed=0
#     gold  language morphology min_b3F max_OI
while read -r gold lang morph min_b3f max_oi; do
    row=$(python3 "$shared/stemgold/stemeval.py" --types --format tsv \
        --cmd "slovo=$search --analyze --lang $lang --morphology $morph" \
        "$shared/stemgold/$gold" | awk -F'\t' 'NR == 2 { print $10, $7 }')
    read -r b3f oi <<<"$row"
    if [ -n "$b3f" ] && awk -v b="$b3f" -v o="$oi" -v mb="$min_b3f" -v mo="$max_oi" \
        'BEGIN { exit !(b >= mb && o <= mo) }'; then
        passed=$((passed + 1))
        echo "ok - $gold $morph: b3F $b3f (>= $min_b3f), OI $oi ppm (<= $max_oi)"
    else
        failures=$((failures + 1))
        echo "not ok - $gold $morph: b3F ${b3f:-?} (>= $min_b3f), OI ${oi:-?} ppm (<= $max_oi)"
    fi
done <<'TARGETS'
uk.dev.tsv uk rules 0.92 20
ru.dev.tsv ru rules 0.925 20
uk.dev.tsv uk dict 0.975 5
ru.dev.tsv ru dict 0.95 5
TARGETS

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
