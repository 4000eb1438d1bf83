#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds app.c against it with
# `cc app.c $(pkg-config --cflags --libs slovo)` and runs it.
# Usage: install.sh BUILD_DIR APP_C   (APP_CFLAGS: extra flags, e.g. for sanitizers)
set -euo pipefail
build=$1
app=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
pc=$(find "$tmp/prefix" -name slovo.pc)
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir slovo)
# shellcheck disable=SC2046,SC2086
cc ${APP_CFLAGS:-} -std=c11 -Wall -Wextra -Werror "$app" $(pkg-config --cflags --libs slovo) \
    -Wl,-rpath,"$libdir" -o "$tmp/app"
"$tmp/app" "$tmp/index" | tee "$tmp/out"
grep -q '^1\. Кібератака на енергетиків$' "$tmp/out"
grep -q '\[кібербезпеки\]' "$tmp/out"
echo "1 passed, 0 failed"
