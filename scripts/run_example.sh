#!/usr/bin/env bash
# Builds ember and runs its bundled example, examples/hello.erl, in -bare mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p build/examples
erlc -o build/examples examples/hello.erl
./build/ember -bare -pa build/examples -s hello main
