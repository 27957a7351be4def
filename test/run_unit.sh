#!/usr/bin/env bash
# The Catch2 unit tests of a build, in the processes they need: most in one; those that need a
# fresh atom table in one of their own; those that read floats under a locale whose decimal
# point is a comma in one that runs under de_DE.UTF-8, compiled into BUILD_DIR/locale (a
# machine may have no locale but C installed).
#
#   test/run_unit.sh BUILD_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$1
"$build/ember_tests"
"$build/ember_tests" "[.atom-index]"
if [[ ! -d "$build/locale/de_DE.UTF-8" ]]; then
  mkdir -p "$build/locale"
  localedef -i de_DE -f UTF-8 "$build/locale/de_DE.UTF-8"
fi
LOCPATH="$build/locale" "$build/ember_tests" "[.comma-locale]"
