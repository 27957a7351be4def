#!/usr/bin/env bash
# Makes DIR an arm64 sysroot for cross-building ember and running it under qemu-user: Debian's
# arm64 packages of the C and C++ runtimes and of the libraries ember links (zlib, PCRE2,
# Catch2's header), and Android's logging header for scripts/check_android.sh, fetched with
# apt-get download through a private apt configuration (the machine's own architectures and
# sources stay untouched) and unpacked with dpkg -x. A second call with the same DIR and package
# list reuses what is there.
#
#   scripts/aarch64_sysroot.sh DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
packages=(libc6 libc6-dev linux-libc-dev libgcc-s1 libstdc++6 zlib1g zlib1g-dev libpcre2-8-0
          libpcre2-dev catch2 android-liblog-dev)
mkdir -p "$1"
sysroot=$(cd "$1" && pwd)
stamp=$sysroot/.complete
[[ -f $stamp && $(cat "$stamp") == "${packages[*]}" ]] && exit 0

apt=$sysroot.apt
rm -rf "$sysroot" "$apt"
mkdir -p "$sysroot" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
cat > "$apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
# arm64 as apt's only architecture, and no installed packages, so names need no :arm64 and
# nothing of the host's dpkg database matters.
opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::State::status=/dev/null
      -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root)
apt-get "${opts[@]}" -qq update
(cd "$apt/debs" && apt-get "${opts[@]}" -qq download "${packages[@]}")
for deb in "$apt"/debs/*.deb; do
  dpkg -x "$deb" "$sysroot"
done
# The packages' absolute links (libc's libm.so -> /lib/...) would name the host's files: make
# them point inside the sysroot.
find "$sysroot" -type l -lname '/*' | while read -r link; do
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$(readlink "$link")")" "$link"
done
rm -rf "$apt"
echo "${packages[*]}" > "$stamp"
