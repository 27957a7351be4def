# Helpers the stress cases share; run_stress.sh sources this before each case.
#
# A case runs a VM under an address-space cap (prlimit --as) and a timeout, then checks how it
# ended: its exit status, a line of its stderr, its stdout. Where erts itself can run under the
# same cap, the case runs both and wants them to end alike.

# run NAME CAP VM MODULE FUNCTION [ARG...]: runs MODULE:FUNCTION on VM (erl or ember) in $work,
# with $code_path (default: $work, where the stress modules are compiled) as its code path;
# leaves NAME.out, NAME.err and NAME.rc in $work.
run() {
  local name=$1 cap=$2 vm=$3 module=$4 function=$5
  shift 5
  local cmd
  if [[ $vm == erl ]]; then
    cmd=(erl -noshell -pa "${code_path:-$work}" -s "$module" "$function" "$@" -s erlang halt)
  else
    cmd=("$EMBER" -bare -pa "${code_path:-$work}" -s "$module" "$function" "$@")
  fi
  local rc=0
  (cd "$work" && ERL_CRASH_DUMP_SECONDS=0 timeout -k 5 "$STRESS_TIMEOUT" prlimit --as="$cap" "${cmd[@]}" \
      < /dev/null > "$work/$name.out" 2> "$work/$name.err") || rc=$?
  echo "$rc" > "$work/$name.rc"
}

# The checks below report what they find wrong and set case_failed; the case goes on, so one
# run shows every difference.
case_failed=0

# expect NAME STATUS REGEX: the run ended with STATUS and a stderr line matching REGEX
# (grep -E; erts ends its lines with \r\n). A status over 128 is a signal, never right.
expect() {
  local name=$1 status=$2 regex=$3 rc
  rc=$(cat "$work/$name.rc")
  if [[ $rc != "$status" ]]; then
    echo "  $name: exit status $rc, expected $status"
    sed 's/^/    /' "$work/$name.err" | head -5 | cut -c1-200
    case_failed=1
  elif [[ -n $regex ]] && ! tr -d '\r' < "$work/$name.err" | grep -qE "$regex"; then
    echo "  $name: no stderr line matches: $regex"
    sed 's/^/    /' "$work/$name.err" | head -5 | cut -c1-200
    case_failed=1
  fi
}

# same_stdout A B: two runs printed the same.
same_stdout() {
  if ! cmp -s "$work/$1.out" "$work/$2.out"; then
    echo "  $1 and $2 printed differently:"
    diff "$work/$1.out" "$work/$2.out" | head -10 | cut -c1-200 | sed 's/^/    /'
    case_failed=1
  fi
}
