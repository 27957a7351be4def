#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking ember needs.
# Idempotent; run as root (or with sudo available) on Debian 12.
#
#   scripts/setup.sh [--compilers | --aarch64]
#   --compilers  also clang 14 and 16 and LLVM's libc++, which scripts/test_compilers.sh builds with
#   --aarch64    also the cross compilers and qemu-user that scripts/build_aarch64.sh needs
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  zlib1g-dev libpcre2-dev
  catch2 libbenchmark-dev
  erlang-nox erlang-dev erlang-common-test elixir
  time gnuplot-nox valgrind bc locales
)
case ${1:-} in
  "") ;;
  --compilers) packages+=(clang-14 clang-16 libc++-14-dev libc++abi-14-dev) ;;
  --aarch64) packages+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu clang qemu-user) ;;
  *) sed -n '/^#   scripts/,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
