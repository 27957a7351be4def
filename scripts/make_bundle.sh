#!/usr/bin/env bash
# Assembles an app bundle: ember and exactly what a phone app ships to boot, laid out as an OTP
# root so that ember finds everything beside itself and runs from any directory:
#
#   OUT/bin/ember            ember, stripped
#   OUT/bin/start.boot       the boot script (OTP's start_clean: kernel and stdlib)
#   OUT/lib/erts-V/ebin      OTP's preloaded modules
#   OUT/lib/kernel-V/ebin, OUT/lib/stdlib-V/ebin, OUT/lib/elixir/ebin (with --elixir)
#   OUT/lib/ember/ebin       ember's own modules
#   OUT/lib/APP/ebin         each APP_EBIN given (APP: the name of the directory above it)
#
# and prints the bundle's size, in all and by part.
#
#   scripts/make_bundle.sh [--ember FILE] [--strip PROGRAM] [--elixir] OUT APP_EBIN...
set -euo pipefail
cd "$(dirname "$0")/.."
ember=build/ember
strip=strip
elixir=false
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --ember) ember=$2; shift 2 ;;
    --strip) strip=$2; shift 2 ;;
    --elixir) elixir=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -lt 1 ]]; then
  echo "usage: $0 [--ember FILE] [--strip PROGRAM] [--elixir] OUT APP_EBIN..." >&2
  exit 2
fi
out=$1
shift
root=$(erl -noshell -eval 'io:format("~s", [code:root_dir()]), halt().')
ebin_of() { erl -noshell -eval "io:format(\"~s\", [code:lib_dir($1, ebin)]), halt()."; }
rm -rf "$out" && mkdir -p "$out/bin" "$out/lib"
"$strip" -o "$out/bin/ember" "$ember"
cp "$root/bin/start.boot" "$out/bin/start.boot"
erts=$(basename "$(ebin_of erts | xargs dirname)")
mkdir -p "$out/lib/$erts" && cp -r "$(ebin_of erts)" "$out/lib/$erts/ebin"
for app in kernel stdlib; do
  dir=$(dirname "$(ebin_of $app)")
  mkdir -p "$out/lib/$(basename "$dir")" && cp -r "$dir/ebin" "$out/lib/$(basename "$dir")/ebin"
done
if $elixir; then
  mkdir -p "$out/lib/elixir" && cp -r "$(elixir -e 'IO.write(:code.lib_dir(:elixir, :ebin))')" "$out/lib/elixir/ebin"
fi
build=$(dirname "$ember")
mkdir -p "$out/lib/ember" && cp -r "$build/lib/ember/ebin" "$out/lib/ember/ebin"
for ebin in "$@"; do
  app=$(basename "$(cd "$ebin/.." && pwd)")
  mkdir -p "$out/lib/$app" && cp -r "$ebin/." "$out/lib/$app/ebin"
done
echo "bundle $out: $(du -sk "$out" | cut -f1) KB"
(cd "$out" && du -sk bin/ember lib/* | sort -k2)
