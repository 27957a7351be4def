#!/usr/bin/env bash
# Fetches OTP's own test suites for the installed erlang package: Debian's source package of
# exactly that version (apt-get source, through a private apt configuration so the machine's
# own sources stay untouched), of which only the suites ember is checked against, and the
# distribution example run_dist.sh uses (kernel's gen_tcp_dist), are unpacked. Nothing fetched
# is committed; a second call with the same DIR reuses what is there.
#
#   scripts/fetch_otp_suites.sh DIR      # prints the unpacked source root on stdout
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
version=$(dpkg-query -W -f='${Version}' erlang-base)
upstream=${version#*:}
upstream=${upstream%%+*}
root=$dir/otp-OTP-$upstream
wanted=(erts/emulator/test lib/stdlib/test lib/compiler/test lib/common_test/test_server
        lib/kernel/examples/gen_tcp_dist)

if ! ls "$dir"/erlang_"$upstream"*.orig.tar.xz > /dev/null 2>&1; then
  apt=$dir/apt
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  cat > "$apt/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
  opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  apt-get "${opts[@]}" -qq update >&2
  (cd "$dir" && apt-get "${opts[@]}" -qq --download-only source "erlang=$version" >&2)
fi
# .complete names what was unpacked: a longer list unpacks again.
if [[ ! -f $root/.complete || $(cat "$root/.complete") != "${wanted[*]}" ]]; then
  rm -rf "$root"
  tar -C "$dir" -xJf "$dir"/erlang_"$upstream"*.orig.tar.xz "${wanted[@]/#/otp-OTP-$upstream/}"
  echo "${wanted[*]}" > "$root/.complete"
fi
echo "$root"
