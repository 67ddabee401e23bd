#!/usr/bin/env bash
# bench/scaleout.sh  —  scale-out over Kafka on this machine: 1, 2 and 3 daemon processes sharing one
# inbox, one output folder and one broker (bench/kafka.sh) download a latency-bound list (2,000 images at
# +200 ms per request, downloader.concurrency 8 per daemon, so the 2 shared cores are not the limit).
# Prints images/s from drop to .done for each count, and the ratio to N x one daemon.
#
# Environment: JAR (target/image-downloader.jar), ROUNDS (2 per daemon count), LAT (200), CONC (8),
# BENCH_SCRATCH (/dev/shm/imgdl-scaleout).
set -euo pipefail
cd "$(dirname "$0")"
JAR=$(realpath "${JAR:-../target/image-downloader.jar}")
ROUNDS=${ROUNDS:-2}; LAT=${LAT:-200}; CONC=${CONC:-8}
SCRATCH=${BENCH_SCRATCH:-/dev/shm/imgdl-scaleout}
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; ./kafka.sh stop "$SCRATCH/kafka" || true; }
trap cleanup EXIT
if ! curl -s -o /dev/null http://127.0.0.1:18090/__stats; then
  java Bench.java server --port 18090 > "$SCRATCH/server.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18090/__stats && break; sleep 0.1; done
fi
java Bench.java lists --base http://127.0.0.1:18090 --out "$SCRATCH/lists" > /dev/null
sed "s#/img/#/lat/$LAT/img/#" "$SCRATCH/lists/small-2000.txt" > "$SCRATCH/lat.txt"
./kafka.sh start "$SCRATCH/kafka" > /dev/null

declare -A RATE
for n in 1 2 3; do
  W=$SCRATCH/n$n; mkdir -p "$W/inbox" "$W/out"
  DAEMONS=()
  for d in $(seq 1 "$n"); do
    java -Ddownloader.http-port=0 -Ddownloader.inbox="$W/inbox" -Ddownloader.output="$W/out" -Ddownloader.poll-millis=50 \
         -Ddownloader.settle-millis=100 -Ddownloader.concurrency="$CONC" \
         -Ddownloader.kafka.brokers=127.0.0.1:19092 -Ddownloader.kafka.group="bench-n$n" \
         -Ddownloader.kafka.items-topic="bench-n$n.items" -Ddownloader.kafka.outcomes-topic="bench-n$n.outcomes" \
         -jar "$JAR" > "$W/daemon$d.log" 2>&1 &
    DAEMONS+=($!); PIDS+=($!)
  done
  for d in $(seq 1 "$n"); do
    for _ in $(seq 300); do grep -q "answer; topics" "$W/daemon$d.log" && break; sleep 0.2; done
    grep -q "answer; topics" "$W/daemon$d.log" || { echo "daemon $d of $n did not reach the broker: $W/daemon$d.log"; exit 1; }
  done
  sleep 3   # every daemon in the consumer group before the first list
  total=0
  for r in $(seq 0 "$ROUNDS"); do   # round 0 warms up
    cp "$SCRATCH/lat.txt" "$W/r$r.tmp"
    t0=$(date +%s%N); mv "$W/r$r.tmp" "$W/inbox/r$r.txt"
    while [ ! -e "$W/inbox/.done/r$r.txt" ]; do sleep 0.02; done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    java Bench.java check --list "$SCRATCH/lat.txt" --dir "$W/out/r$r" > "$W/check$r.log" || { echo "round $r: files differ, see $W/check$r.log"; exit 1; }
    echo "$n daemon(s), round $r: $ms ms drop->.done"
    [ "$r" -gt 0 ] && total=$((total + ms))
  done
  RATE[$n]=$(awk -v t="$total" -v r="$ROUNDS" 'BEGIN { printf "%.1f", 2000 / (t / r / 1000) }')
  kill "${DAEMONS[@]}"; wait "${DAEMONS[@]}" 2>/dev/null || true
done
echo
echo "| daemons | images/s (drop->.done) | / (N x one daemon) |"
echo "|---:|---:|---:|"
for n in 1 2 3; do
  awk -v n="$n" -v r="${RATE[$n]}" -v one="${RATE[1]}" 'BEGIN { printf "| %d | %s | %.2f |\n", n, r, r / (n * one) }'
done
