#!/usr/bin/env bash
# Two builds of our daemon, A and B, on the same list, round by round in turn on this machine: mean
# drop-to-.done time and CPU per round for each, also without the JIT compilers' threads (what a daemon
# that has run for long enough no longer spends). For telling whether a change made the daemon slower
# when the peers' figures from two separate runs are too noisy to say.
#
#   bench/ab.sh A.jar B.jar [LIST] [ROUNDS]
#
# A_OPTS and B_OPTS add JVM options to one side, e.g. one jar in two modes:
#   B_OPTS=-Ddownloader.kafka.brokers=127.0.0.1:19092 bench/ab.sh target/image-downloader.jar target/image-downloader.jar
#   B_OPTS="-Ddownloader.output=s3://images/ab -Ddownloader.s3.endpoint=http://127.0.0.1:19000" (after bench/s3.sh start)
#
# LIST defaults to the small scenario's list, served by the bench's own server on 127.0.0.1:18090
# (started here if nothing answers there). WARMUP (40) unreported warm-up rounds each come first: the JIT compilers are busy for the first 30 or so
# (in Kafka mode for about 100, and still compiling after 200: WARMUP=100 there).
set -euo pipefail
cd "$(dirname "$0")"
A=$(realpath "$1"); B=$(realpath "$2"); ROUNDS=${4:-20}; WARMUP=${WARMUP:-40}
SCRATCH=${BENCH_SCRATCH:-/dev/shm/imgdl-ab}
mkdir -p "$SCRATCH"
if ! curl -s -o /dev/null http://127.0.0.1:18090/__stats; then
  java Bench.java server --port 18090 > "$SCRATCH/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null' EXIT
  for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18090/__stats && break; sleep 0.1; done
fi
if [ -z "${3:-}" ]; then
  java Bench.java lists --base http://127.0.0.1:18090 --out "$SCRATCH/lists" > /dev/null
  LIST=$SCRATCH/lists/small-2000.txt
else
  LIST=$(realpath "$3")
fi

start() {   # name jar options -> pid
  local w=$SCRATCH/$1
  rm -rf "$w"; mkdir -p "$w/inbox" "$w/out"
  # shellcheck disable=SC2086
  # Every URL is on one host: the per-host cap is lifted to the default concurrency (16), as bench/run.sh does.
  # The side's options come last, so they can change these too (the output: a bucket instead of a folder).
  java -Ddownloader.http-port=0 -Ddownloader.inbox="$w/inbox" -Ddownloader.output="$w/out" -Ddownloader.poll-millis=20 \
       -Ddownloader.settle-millis=100 -Ddownloader.per-host-concurrency=16 $3 -jar "$2" > "$w/log" 2>&1 &
  echo $!
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The JIT compilers' threads, "tid ticks" each: a Kafka daemon's compilers are still busy after 200 rounds
# (its per-poll code gets hot slowly), which a daemon that has run for long enough no longer pays.
jit() {
  local t name
  for t in /proc/"$1"/task/*; do
    { read -r name < "$t/comm"; } 2>/dev/null || continue
    case "$name" in
      C1\ CompilerThre*|C2\ CompilerThre*) echo "${t##*/} $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')" ;;
    esac
  done
}
round() {   # name round pid -> "name millis ticks jit-ticks"
  local w=$SCRATCH/$1 c0 c1 t0 t1 j0 j1
  cp "$LIST" "$w/r$2.tmp"
  c0=$(cpu "$3"); j0=$(jit "$3"); t0=$(date +%s%N)
  mv "$w/r$2.tmp" "$w/inbox/r$2.txt"
  while [ ! -e "$w/inbox/.done/r$2.txt" ]; do sleep 0.005; done
  t1=$(date +%s%N); j1=$(jit "$3"); c1=$(cpu "$3")
  rm -rf "$w/out/r$2" "$w/out/r$2.report.csv" "$w/out/.r$2".*
  # The JIT's looks lie within the total's, and a compiler thread that came or went between them counts as
  # outside the JIT: the figure outside the JIT is never too low.
  echo "$1 $(( (t1 - t0) / 1000000 )) $(( c1 - c0 )) $(printf '%s\n--\n%s\n' "$j0" "$j1" | awk '
    /^--$/ { after = 1; next } NF == 2 { if (after) { if ($1 in before) d += $2 - before[$1] } else before[$1] = $2 }
    END { print d + 0 }')"
}
PA=$(start a "$A" "${A_OPTS:-}"); PB=$(start b "$B" "${B_OPTS:-}")
trap 'kill $PA $PB ${SERVER:-} 2>/dev/null' EXIT
sleep 5
for i in $(seq 1 "$WARMUP"); do round a "w$i" "$PA" > /dev/null; round b "w$i" "$PB" > /dev/null; done
for i in $(seq 1 "$ROUNDS"); do round a "m$i" "$PA"; round b "m$i" "$PB"; done | awk -v a="$A" -v b="$B" '
  { wall[$1] += $2; ticks[$1] += $3; jit[$1] += $4; n[$1]++ }
  END {
    printf "A %s: %.0f ms per round, %.2f s CPU (%.2f s outside the JIT compilers)\n", a, wall["a"] / n["a"], ticks["a"] / n["a"] / 100, (ticks["a"] - jit["a"]) / n["a"] / 100
    printf "B %s: %.0f ms per round, %.2f s CPU (%.2f s outside the JIT compilers)\n", b, wall["b"] / n["b"], ticks["b"] / n["b"] / 100, (ticks["b"] - jit["b"]) / n["b"] / 100
    printf "B/A: time %.2f, CPU %.2f, CPU outside the JIT compilers %.2f\n", wall["b"] / wall["a"], ticks["b"] / ticks["a"], (ticks["b"] - jit["b"]) / (ticks["a"] - jit["a"]) }'
