#!/usr/bin/env bash
# bench/scaleout.sh  —  scale-out over Kafka on this machine: 1, 2 and 3 daemon processes sharing one
# inbox, one output folder and one broker (bench/kafka.sh) download a latency-bound list spread over many
# hosts (2,000 images at +200 ms per request on 2,000 loopback addresses 127.1.x.y, downloader.concurrency 8
# per daemon, so the 2 shared cores are not the limit). Prints images/s from drop to .done for each count,
# the ratio to N x one daemon, and how many images each daemon downloaded.
#
# A daemon serves the hosts of its partitions, so its share of a list is its share of the list's hosts and
# the list ends when the busiest daemon ends: the hosts must be many for the shares to even out.
#
# Environment: JAR (target/image-downloader.jar), ROUNDS (2 per daemon count), LAT (200), CONC (8),
# HOSTS (2000: item i is on host i mod HOSTS), PARTITIONS (12), BENCH_PORT (18190, the bench server's, on every
# 127/8 address), KAFKA_PORT (19092), BENCH_SCRATCH (/dev/shm/imgdl-scaleout).
set -euo pipefail
cd "$(dirname "$0")"
JAR=$(realpath "${JAR:-../target/image-downloader.jar}")
ROUNDS=${ROUNDS:-2}; LAT=${LAT:-200}; CONC=${CONC:-8}; HOSTS=${HOSTS:-2000}; PARTITIONS=${PARTITIONS:-12}
PORT=${BENCH_PORT:-18190}; export KAFKA_PORT=${KAFKA_PORT:-19092}
SCRATCH=${BENCH_SCRATCH:-/dev/shm/imgdl-scaleout}
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; ./kafka.sh stop "$SCRATCH/kafka" || true; }
trap cleanup EXIT
if ! curl -s -o /dev/null "http://127.1.0.1:$PORT/__stats"; then
  java Bench.java server --port "$PORT" --any-loopback > "$SCRATCH/server.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.1.0.1:$PORT/__stats" && break; sleep 0.1; done
  curl -s -o /dev/null "http://127.1.0.1:$PORT/__stats" || { echo "no bench server on 127.1.0.1:$PORT: $SCRATCH/server.log"; exit 1; }
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then
  echo "something already listens on 127.0.0.1:$KAFKA_PORT; set KAFKA_PORT to a free port"; exit 1
fi
java Bench.java lists --base "http://127.0.0.1:$PORT" --out "$SCRATCH/lists" > "$SCRATCH/lists.log" 2>&1
# Item i on host 127.1.(h / 250).(1 + h % 250), h = i mod HOSTS, every one answering MS ms late.
awk -v lat="$LAT" -v hosts="$HOSTS" '{ h = (NR - 1) % hosts
  sub("//127\\.0\\.0\\.1:", "//127.1." int(h / 250) "." (1 + h % 250) ":"); sub("/img/", "/lat/" lat "/img/"); print }' \
  "$SCRATCH/lists/small-2000.txt" > "$SCRATCH/lat.txt"
ITEMS=$(wc -l < "$SCRATCH/lat.txt")
echo "list: $ITEMS images on $(cut -d/ -f3 "$SCRATCH/lat.txt" | sort -u | wc -l) distinct hosts, +$LAT ms each;" \
     "$PARTITIONS partitions; downloader.concurrency $CONC per daemon"
./kafka.sh start "$SCRATCH/kafka" > /dev/null

# Items this daemon has downloaded so far (its per-URL work, whoever took the list), from its metrics.
downloaded() { curl -s "http://127.0.0.1:$1/observe/metrics" | awk '/^image_downloader_download_seconds_count/ { print $2 }'; }

declare -A RATE SPREAD
for n in 1 2 3; do
  W=$SCRATCH/n$n; mkdir -p "$W/inbox" "$W/out"
  DAEMONS=(); VIEW=()
  for d in $(seq 1 "$n"); do
    java -Ddownloader.http-port=0 -Ddownloader.inbox="$W/inbox" -Ddownloader.output="$W/out" -Ddownloader.poll-millis=50 \
         -Ddownloader.settle-millis=100 -Ddownloader.concurrency="$CONC" -Ddownloader.kafka.partitions="$PARTITIONS" \
         -Ddownloader.kafka.brokers="127.0.0.1:$KAFKA_PORT" -Ddownloader.kafka.group="bench-n$n" \
         -Ddownloader.kafka.items-topic="bench-n$n.items" -Ddownloader.kafka.outcomes-topic="bench-n$n.outcomes" \
         -jar "$JAR" > "$W/daemon$d.log" 2>&1 &
    DAEMONS+=($!); PIDS+=($!)
  done
  for d in $(seq 1 "$n"); do
    for _ in $(seq 300); do grep -q "answer; topics" "$W/daemon$d.log" && break; sleep 0.2; done
    grep -q "answer; topics" "$W/daemon$d.log" || { echo "daemon $d of $n did not reach the broker: $W/daemon$d.log"; exit 1; }
    VIEW+=("$(grep -o "HttpServer started on 127.0.0.1:[0-9]*" "$W/daemon$d.log" | sed 's/.*://')")
  done
  sleep 3   # every daemon in the consumer group before the first list
  total=0; busiest=0
  for r in $(seq 0 "$ROUNDS"); do   # round 0 warms up
    before=(); for v in "${VIEW[@]}"; do before+=("$(downloaded "$v")"); done
    cp "$SCRATCH/lat.txt" "$W/r$r.tmp"
    t0=$(date +%s%N); mv "$W/r$r.tmp" "$W/inbox/r$r.txt"
    while [ ! -e "$W/inbox/.done/r$r.txt" ]; do sleep 0.02; done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    java Bench.java check --list "$SCRATCH/lat.txt" --dir "$W/out/r$r" > "$W/check$r.log" || { echo "round $r: files differ, see $W/check$r.log"; exit 1; }
    shares=(); most=0
    for i in "${!VIEW[@]}"; do
      s=$(( $(downloaded "${VIEW[$i]}") - before[i] )); shares+=("$s"); [ "$s" -gt "$most" ] && most=$s
    done
    echo "$n daemon(s), round $r: $ms ms drop->.done; images per daemon: $(IFS=/; echo "${shares[*]}"); load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$r" -gt 0 ]; then total=$((total + ms)); busiest=$((busiest + most)); fi
  done
  RATE[$n]=$(awk -v t="$total" -v r="$ROUNDS" -v i="$ITEMS" 'BEGIN { printf "%.1f", i / (t / r / 1000) }')
  # The most one could reach with this spread: the busiest daemon's images against an even share.
  SPREAD[$n]=$(awk -v b="$busiest" -v r="$ROUNDS" -v i="$ITEMS" -v n="$n" 'BEGIN { printf "%.2f", i / n / (b / r) }')
  kill "${DAEMONS[@]}"; wait "${DAEMONS[@]}" 2>/dev/null || true
done
echo
echo "| daemons | images/s (drop->.done) | / (N x one daemon) | even share / busiest daemon's images |"
echo "|---:|---:|---:|---:|"
for n in 1 2 3; do
  awk -v n="$n" -v r="${RATE[$n]}" -v one="${RATE[1]}" -v s="${SPREAD[$n]}" \
    'BEGIN { printf "| %d | %s | %.2f | %s |\n", n, r, r / (n * one), s }'
done
