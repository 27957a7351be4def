#!/usr/bin/env bash
# Cross-builds ember for AArch64 Linux and tests it under qemu-user (scripts/build_aarch64.sh
# sets everything up): with gcc, the unit tests and the whole differential suite through ctest
# (ember runs under qemu-aarch64, erl on the host gives the reference outputs), the embedding
# example and an app bundle booting from its own directory; with clang (unless --gcc-only, as
# CI runs it for time: clang itself is tested on x86-64 by scripts/test_compilers.sh), the unit
# tests. Then that the build configures without Catch2, as for the NDK's and Xcode's sysroots,
# which have none (nor Google Benchmark, which the arm64 sysroot lacks too), and what of Android
# can be compiled without the NDK (scripts/check_android.sh).
#
#   scripts/test_aarch64.sh [--gcc-only]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build_aarch64.sh gcc ember ember_tests ember_embed_example
ctest --test-dir build-aarch64/gcc --output-on-failure
qemu=(qemu-aarch64 -L "$PWD/build-aarch64/sysroot")
# Needs a fresh atom table, so it runs in a process of its own.
"${qemu[@]}" build-aarch64/gcc/ember_tests "[.atom-index]"
test/run_embed.sh build-aarch64/gcc build-aarch64/gcc/embed "${qemu[@]}"
test/run_bundle.sh --strip aarch64-linux-gnu-strip build-aarch64/gcc/ember build-aarch64/gcc/bundle "${qemu[@]}"
if [[ ${1:-} != --gcc-only ]]; then
  bash scripts/build_aarch64.sh clang ember ember_tests
  "${qemu[@]}" build-aarch64/clang/ember_tests
fi
# Configuring alone tells (a few seconds).
no_catch2=build-aarch64/no-catch2
cmake -S . -B "$no_catch2" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON > "$no_catch2.log"
targets=$(ninja -C "$no_catch2" -t targets all)
if ! grep -q "^ember:" <<< "$targets" || grep -q "^ember_tests:\|^ember_micro:" <<< "$targets"; then
  echo "FAIL a build without Catch2 and Google Benchmark should have ember and neither ember_tests nor ember_micro" >&2
  exit 1
fi
echo "ok a build without Catch2 and Google Benchmark configures, leaving out ember_tests and ember_micro"
bash scripts/check_android.sh
