# check.sh: the TAP-like checks the end-to-end scripts share; source it, then call
# `check NAME COMMAND...` for each check and `finish` at the end.
failures=0
passed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failures=$((failures + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/    /'; }
check() { # check NAME COMMAND...: passes when the command succeeds
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}
finish() { # prints the tally; the script's status is 0 only when every check passed
    echo "$passed passed, $failures failed"
    [ "$failures" -eq 0 ]
}
