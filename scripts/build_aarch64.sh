#!/usr/bin/env bash
# Cross-builds ember for AArch64 Linux into BUILD_DIR (default: build-aarch64/COMPILER), with
# Debian's gcc cross toolchain (the default) or clang, against the arm64 sysroot
# build-aarch64/sysroot (scripts/aarch64_sysroot.sh), installing what is missing first.
# TARGETs limit the build (such as ember ember_tests); without them everything is built.
#
#   scripts/build_aarch64.sh [gcc|clang] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
compiler=gcc
if [[ ${1:-} == gcc || ${1:-} == clang ]]; then
  compiler=$1
  shift
fi
toolchain=cmake/aarch64-linux-gnu.cmake
[[ $compiler == clang ]] && toolchain=cmake/aarch64-linux-gnu-clang.cmake
bash scripts/setup.sh --aarch64
bash scripts/aarch64_sysroot.sh build-aarch64/sysroot
build_dir=${BUILD_DIR:-build-aarch64/$compiler}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PWD/$toolchain" >/dev/null
targets=()
for target in "$@"; do
  targets+=(--target "$target")
done
cmake --build "$build_dir" -j2 "${targets[@]}"
