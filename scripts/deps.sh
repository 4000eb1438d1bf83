#!/usr/bin/env bash
# Installs the Debian packages Slovo needs to build and test, when any is missing, and the
# extra packages named as arguments (the benchmarks need a few more).
# As root it runs apt-get directly, otherwise through sudo. Usage: deps.sh [PACKAGE...]
set -euo pipefail

packages=(cmake make gcc g++ pkg-config python3
          libxapian-dev libstemmer-dev libicu-dev libjson-c-dev libcmocka-dev libxxhash-dev
          libxml2-dev libzstd-dev zlib1g-dev libhunspell-dev libjemalloc-dev hunspell-ru hunspell-uk clang libclang-rt-14-dev "$@")

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
