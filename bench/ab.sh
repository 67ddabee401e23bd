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
# THREADS=1 also prints each side's CPU per round by thread (jstack names them).
#
# LIST defaults to the small scenario's list, served by the bench's own server on 127.0.0.1:18090
# (started here if nothing answers there). WARMUP (40) unreported warm-up rounds each come first: the JIT compilers are busy for the first 30 or so
# (in Kafka mode for about 100, and still compiling after 200: WARMUP=100 there).
set -euo pipefail
# The jars and the list are named from where the script was called.
A=$(realpath "$1"); B=$(realpath "$2"); LIST=${3:+$(realpath "$3")}; ROUNDS=${4:-20}; WARMUP=${WARMUP:-40}
cd "$(dirname "$0")"
SCRATCH=${BENCH_SCRATCH:-/dev/shm/imgdl-ab}
mkdir -p "$SCRATCH"
if ! curl -s -o /dev/null http://127.0.0.1:18090/__stats; then
  java Bench.java server --port 18090 > "$SCRATCH/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null' EXIT
  for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18090/__stats && break; sleep 0.1; done
fi
if [ -z "$LIST" ]; then
  java Bench.java lists --base http://127.0.0.1:18090 --out "$SCRATCH/lists" > /dev/null
  LIST=$SCRATCH/lists/small-2000.txt
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
# Every thread of the daemon, "tid ticks jit" (jit 1 for the JIT compilers' threads): a Kafka daemon's
# compilers are still busy after 200 rounds (its per-poll code gets hot slowly), which a daemon that has run
# for long enough no longer pays.
# Shell builtins only: a process per thread takes seconds, inside the window whose CPU a round counts.
threads() {
  local t name stat f j
  for t in /proc/"$1"/task/*; do
    { read -r name < "$t/comm" && read -r stat < "$t/stat"; } 2>/dev/null || continue
    case "$name" in C1\ CompilerThre*|C2\ CompilerThre*) j=1 ;; *) j=0 ;; esac
    read -ra f <<< "${stat##*) }"
    echo "${t##*/} $(( f[11] + f[12] )) $j"
  done
}
# "tid ticks" of the threads that ran between two looks of threads(), the JIT's if $3 is 1 (only those in
# both looks), or all.
ran() {
  printf '%s\n--\n%s\n' "$1" "$2" | awk -v only="${3:-}" '
    /^--$/ { after = 1; next } NF == 3 && (only == "" || $3 == only) {
      if (!after) before[$1] = $2; else if (!($1 in before)) { if (only == "") print $1, $2 } else if ($2 > before[$1]) print $1, $2 - before[$1] }'
}
round() {   # name round pid -> "name millis ticks jit-ticks"
  local w=$SCRATCH/$1 c0 c1 t0 t1 j0 j1
  cp "$LIST" "$w/r$2.tmp"
  c0=$(cpu "$3"); j0=$(threads "$3"); t0=$(date +%s%N)
  mv "$w/r$2.tmp" "$w/inbox/r$2.txt"
  while [ ! -e "$w/inbox/.done/r$2.txt" ]; do sleep 0.005; done
  t1=$(date +%s%N); j1=$(threads "$3"); c1=$(cpu "$3")
  rm -rf "$w/out/r$2" "$w/out/r$2.report.csv" "$w/out/.r$2".*
  [ "${2#m}" != "$2" ] && ran "$j0" "$j1" >> "$w/threads"   # measured rounds (m1, m2, ...) only
  # The threads' looks lie within the total's, and a compiler thread that came or went between them counts
  # as outside the JIT: the figure outside the JIT is never too low.
  echo "$1 $(( (t1 - t0) / 1000000 )) $(( c1 - c0 )) $(ran "$j0" "$j1" 1 | awk '{ d += $2 } END { print d + 0 }')"
}
# THREADS=1: each side's CPU per round by thread, its threads named as the JVM names them (numbers
# folded, so that the 16 download threads are one line): where one side's extra CPU goes.
by_thread() {   # name pid
  jstack "$2" 2>/dev/null | sed -n 's/^"\(.*\)".* nid=\([0-9a-fx]*\).*/\2 \1/p' | while read -r nid name; do
    echo "$((nid)) $name"; done > "$SCRATCH/$1/names" || true
  [ -s "$SCRATCH/$1/names" ] || echo "  (jstack named no thread: threads by number)"
  awk -v rounds="$ROUNDS" 'FILENAME == ARGV[1] { n = $1; $1 = ""; gsub(/[0-9]+/, "N"); names[n] = substr($0, 2); next }
    { cpu[($1 in names) ? names[$1] : "(not named by jstack) thread " $1] += $2 }
    END { for (g in cpu) printf "%8.3f s  %s\n", cpu[g] / rounds / 100, g }' "$SCRATCH/$1/names" "$SCRATCH/$1/threads" |
    sort -rn | awk '$1 >= 0.001' | head -20 || true
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
if [ -n "${THREADS:-}" ]; then
  echo "CPU per round by thread, A:"; by_thread a "$PA"
  echo "CPU per round by thread, B:"; by_thread b "$PB"
fi
