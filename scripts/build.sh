#!/usr/bin/env bash
# Installs what is missing, then configures and builds ember into BUILD_DIR (default: build).
# Extra arguments go to CMake, e.g. -DEMBER_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja "$@" >/dev/null
cmake --build "$build_dir" -j2
