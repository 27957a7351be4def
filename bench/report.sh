#!/usr/bin/env bash
# Writes the results of bench/run.sh as NAME.md (tables) and NAME.png (the ratio of each
# program, plotted with gnuplot). Called by bench/run.sh with its working files:
#   report.sh TABLE GEOMEANS PENDING "ERL_START_US EMBER_START_US" "ERL_WORDS EMBER_WORDS" SETTINGS NAME
set -euo pipefail
table=$1 geomeans=$2 pending=$3 startup=$4 words=$5 settings=$6 name=$7
read -r erl_words ember_words <<< "$words"
otp=$(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')

{
  echo "# ember against erl, $(date +%F), commit $(git rev-parse --short HEAD)"
  echo
  echo "Machine: $cpu, $(nproc) cores. Reference: OTP $otp (erts with its JIT). $settings."
  echo "Command: \`bash bench/run.sh\`. Times are medians of the workload timed inside each VM;"
  echo "a ratio above 1 means ember is slower. RSS is the peak of the whole OS process."
  echo
  echo "| group | program | erl (ms) | ember (ms) | ratio | CPU ratio | erl RSS (MB) | ember RSS (MB) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  awk '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$table"
  awk '{group = $1; program = $2; $1 = $2 = ""; sub(/^ +/, "")
        printf "| %s | %s | | | pending on ember: %s | | | |\n", group, program, $0}' "$pending"
  echo
  echo "Geometric mean of the ratios per group:"
  echo
  echo "| group | ratio | programs |"
  echo "|---|---:|---:|"
  awk '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$geomeans"
  echo
  echo "Start-up, exec to exit (median) and peak RSS; ember boots through build/bin:"
  echo
  echo "| command | erl (ms) | erl RSS (MB) | ember (ms) | ember RSS (MB) |"
  echo "|---|---:|---:|---:|---:|"
  awk '{printf "| %s | %.1f | %.1f | %.1f | %.1f |\n", ($1 == "erl_boot" ? "`-noshell -eval '"'"'halt().'"'"'`" : "`elixir -e '"'"'IO.puts(1)'"'"'`"), $2 / 1000, $3 / 1024, $4 / 1000, $5 / 1024}' "$startup"
  echo
  echo "Words per freshly spawned process: erl $erl_words, ember $ember_words."
} > "$name.md"

awk '{print $2, $5}' "$table" > "$name.dat"
gnuplot <<EOF
set terminal pngcairo noenhanced size 1000,460 font "sans,10"
set output "$name.png"
set title "ember / erl, wall time per program (below 1: ember faster)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7 relative
set logscale y 2
set yrange [0.125:16]
set ytics ("1/8" 0.125, "1/4" 0.25, "1/2" 0.5, "1" 1, "2" 2, "4" 4, "8" 8, "16" 16)
set xtics rotate by -45 scale 0
set grid ytics
unset key
plot "$name.dat" using 2:xtic(1) linecolor rgb "#c0504d", 1 with lines linecolor rgb "black" linewidth 2
EOF
rm -f "$name.dat"
