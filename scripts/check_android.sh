#!/usr/bin/env bash
# What of Android can be checked without the NDK: the layers that meet the operating system
# (platform/ and cli/) compile for aarch64-linux-android26, with __ANDROID__ and the Android
# branches (logcat through Debian's port of Android's liblog header), against the arm64
# sysroot's C and C++ headers. Bionic's own headers come only with the NDK.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --aarch64
bash scripts/aarch64_sysroot.sh build-aarch64/sysroot
sysroot=build-aarch64/sysroot
clang_include=$(clang -print-resource-dir)/include
# glibc's headers mark mallinfo deprecated (for mallinfo2), which bionic's do not.
flags=(--target=aarch64-linux-android26 -std=gnu++20 -fsyntax-only -Wall -Wextra -Wno-unused-parameter
       -Werror -Wno-deprecated-declarations -nostdinc -nostdinc++ -I.
       -isystem /usr/aarch64-linux-gnu/include/c++/12 -isystem /usr/aarch64-linux-gnu/include/c++/12/aarch64-linux-gnu
       -isystem "$clang_include" -isystem "$sysroot/usr/include/aarch64-linux-gnu" -isystem "$sysroot/usr/include"
       -isystem "$sysroot/usr/include/android")
for source in platform/*.cpp cli/*.cpp; do
  clang++ "${flags[@]}" "$source"
done
echo "ok platform/ and cli/ compile for aarch64-linux-android26"
