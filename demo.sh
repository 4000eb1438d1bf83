#!/usr/bin/env bash
# Installs what is missing, builds Slovo, indexes the sample corpus and runs an example
# search. Usage: ./demo.sh [QUERY...]   (default query: кибербезопасность)
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
rm -rf build/demo.index
echo "\$ slovo-index -d build/demo.index corpus/"
build/indexer/slovo-index -d build/demo.index corpus/
echo
if [ $# -eq 0 ]; then set -- кибербезопасность; fi
echo "\$ slovo-search -d build/demo.index --limit 3 $*"
build/searcher/slovo-search -d build/demo.index --limit 3 "$@"
