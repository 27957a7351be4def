#!/usr/bin/env bash
# Instruction coverage of the differential suite. Sums the counts ember wrote to DIR, prints
# the coverage of test/required_instructions.txt, and fails if a required instruction was not
# executed unless test/coverage_pending.txt lists it; a listed instruction that now runs also
# fails, so the pending list only ever shrinks.
set -euo pipefail
dir=$1
here=$(dirname "$0")
required=$(grep -v '^#' "$here/required_instructions.txt")
pending=$(grep -v '^#' "$here/coverage_pending.txt" 2>/dev/null || true)
covered=$(cat "$dir"/*.txt 2>/dev/null | awk '{n[$1] += $2} END {for (k in n) print k}' | sort)
total=0 hit=0 status=0
for op in $required; do
  total=$((total + 1))
  # the loader's names for return/try/catch carry a trailing underscore
  if grep -qx -e "$op" -e "${op}_" <<<"$covered"; then
    hit=$((hit + 1))
    if grep -qx "$op" <<<"$pending"; then
      echo "coverage: $op is covered now; remove it from test/coverage_pending.txt"
      status=1
    fi
  elif ! grep -qx "$op" <<<"$pending"; then
    echo "coverage: $op was never executed"
    status=1
  fi
done
echo "instruction coverage: $hit of $total required generic instructions executed"
exit $status
