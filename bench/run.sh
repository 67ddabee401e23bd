#!/usr/bin/env bash
# bench/run.sh [SCENARIO ...]  —  time image-downloader (CLI and warm daemon) against curl, aria2c and wget2
# on a local synthetic HTTP server, check every output byte for byte, write bench/results/YYYYMMDD-HOST.md.
# Scenarios: small lat50 big1g million lists8 hosts20 https cats (default: all; cats only when CATS_LIST is set). See bench/README.md.
#
# Environment: RUNS (3) measured runs after WARMUP (1) warm-up run(s) per tool; BENCH_SCRATCH (/dev/shm/imgdl-bench);
# BENCH_PORT (18090, the next free one is taken); CATS_LIST (a list of http:// URLs replayed through the proxy
# mode); PEERS ("curl aria2c wget2"); MILLION_PEERS (0: peers skip the million list); LISTS8_PEERS ("curl": the peers
# that download lists8's 2,000 URLs as one list); JAR (target/image-downloader.jar, e.g. one built in another clone);
# BENCH_HOST (name in the results file, default hostname or "local"); DAEMON_POLL_MILLIS (50); DAEMON_SETTLE_MILLIS (200);
# PLAIN (1: also time bench/PlainClient.java, our per-URL work without Camel, where PWARM below has rounds);
# OURS_OPTS (JVM options added to our CLI and daemon in every scenario, e.g. -Ddownloader.per-host-concurrency=16);
# HTTPS_ETC_HOSTS (0; 1: append the https scenario's 16 host names to /etc/hosts where missing, so that peers without
# a --resolve option, aria2c and wget2, can take part; needs root).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
JAR=${JAR:-$REPO/target/image-downloader.jar}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SCRATCH=${BENCH_SCRATCH:-/dev/shm/imgdl-bench}
PORT=${BENCH_PORT:-18090}
PEERS=${PEERS:-curl aria2c wget2}
MILLION_PEERS=${MILLION_PEERS:-0}
LISTS8_PEERS=${LISTS8_PEERS:-curl}
CATS_LIST=${CATS_LIST:-}
PLAIN=${PLAIN:-1}
POLL=${DAEMON_POLL_MILLIS:-50}
SETTLE=${DAEMON_SETTLE_MILLIS:-200}
HOST_NAME=${BENCH_HOST:-$(hostname -s 2>/dev/null || true)}
HOST_NAME=${HOST_NAME:-local}
CLK_TCK=$(getconf CLK_TCK)

# scenario -> list file, concurrency, proxy mode, extra JVM options for our tool, timeout per run (s), title
# (lists8: the daemon gets small-2000 cut in 8 lists of 250, lists8-1.txt..lists8-8.txt, all dropped at once; peers get small-2000)
declare -A LIST=([small]=small-2000.txt [lat50]=lat50-1000.txt [big1g]=big1g.txt [million]=million.txt [lists8]=small-2000.txt [hosts20]=hosts20-2000.txt [https]=https-2000.txt [cats]=cats-real-http.txt)
declare -A CONC=([small]=16 [lat50]=64 [big1g]=16 [million]=16 [lists8]=16 [hosts20]=16 [https]=16 [cats]=16)
declare -A PROXY=([small]=0 [lat50]=0 [big1g]=0 [million]=0 [lists8]=0 [hosts20]=0 [https]=0 [cats]=1)
declare -A XMX=([small]="" [lat50]="" [big1g]=-Xmx256m [million]=-Xmx256m [lists8]="" [hosts20]="" [https]="" [cats]="")
declare -A TMO=([small]=180 [lat50]=180 [big1g]=300 [million]=900 [lists8]=180 [hosts20]=180 [https]=180 [cats]=180)
# Our per-host cap, for comparing like with like: every URL of these scenarios is on one host and the peers
# have no per-host cap (curl --parallel-max, aria2c -j, wget2 --max-threads), so ours is lifted to N. Only
# hosts20 (20 hosts), https (16 hosts) and cats (real hosts) run at our default of 6 per host.
declare -A PERHOST=([small]=16 [lat50]=64 [big1g]=16 [million]=16 [lists8]=16 [hosts20]= [https]= [cats]=)
# Unreported daemon rounds before the measured ones: at least DWARM (DAEMON_WARMUP overrides), then more until the
# JIT compilers used under 5% of the daemon's CPU over the last rounds (up to 5), for at most WARM_SECONDS (120) in all: a daemon that has
# run for a while has compiled its hot code, and C2 still compiling takes a third of the CPU after 40,000 small images.
WARM_SECONDS=${WARM_SECONDS:-120}
declare -A DWARM=([small]=${DAEMON_WARMUP:-20} [lat50]=${DAEMON_WARMUP:-20} [big1g]=${DAEMON_WARMUP:-3} [million]=${DAEMON_WARMUP:-1} [lists8]=${DAEMON_WARMUP:-20} [hosts20]=${DAEMON_WARMUP:-20} [https]=${DAEMON_WARMUP:-20} [cats]=${DAEMON_WARMUP:-30})
L8=8   # lists8: lists dropped at once (Bench.java lists writes lists8-1.txt..lists8-8.txt, 250 URLs each)
# Warm-up rounds of plain-hc5 inside its own process before its measured round; scenarios not listed skip it
# (the 1 GiB and million lists measure streaming and per-line cost, not per-request cost; cats needs a proxy).
declare -A PWARM=([small]=60 [lat50]=20)
declare -A TITLE=(
  [small]="2,000 distinct images (80% JPEG, 20% PNG, mean ~59 KB, 3-600 KB), no added latency"
  [lat50]="1,000 distinct images, +50 ms server latency per request (ceiling N / 0.05 s = 1,280 images/s at N=64; 1,000 URLs need at least ceil(1000/64) = 16 rounds of 50 ms, so no client can pass 1,250/s = 0.977 of it)"
  [big1g]="one 1 GiB image/jpeg (our tool with -Xmx256m)"
  [million]="1,000,000 lines: 1,000 distinct images and 1,000 distinct 404 URLs, the rest repeats (our tool with -Xmx256m)"
  [lists8]="the 2,000 small images as 8 lists of 250 dropped into the warm daemon's inbox at the same moment; wall = drop to the last of the 8 reports, each list = drop to its own report; peers get the 2,000 URLs as one list"
  [hosts20]="the 2,000 small images spread over 20 hosts (127.0.0.1 .. 127.0.0.20, 100 each, in turn); ours at its defaults (6 per host), peers uncapped per host"
  [https]="the 2,000 small images over HTTPS (TLS 1.3, one ECDSA P-256 certificate from the bench's own CA) from 16 host names (img1.bench.test .. img16.bench.test on 127.0.0.1 .. 127.0.0.16, 125 each, in turn); ours at its defaults (6 per host), peers uncapped per host"
  [cats]="the real cats list (http://), replayed through the server's proxy mode via http_proxy")

if [ $# -gt 0 ]; then SCENARIOS=("$@"); else SCENARIOS=(small lat50 big1g million lists8 hosts20 https cats); fi
SUFFIX=; [ $# -gt 0 ] && SUFFIX=-$(IFS=-; echo "$*")     # a partial run does not overwrite the day's full results
for s in "${SCENARIOS[@]}"; do
  [ -n "${LIST[$s]:-}" ] || { echo "unknown scenario '$s' (small lat50 big1g million lists8 hosts20 https cats)" >&2; exit 2; }
done
for t in java /usr/bin/time timeout; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }; done

# No proxy for anything unless a scenario asks for it.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY ftp_proxy FTP_PROXY

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# Fields of /proc/.../stat after the command name, which may hold spaces ("(C2 CompilerThre)"): utime is the 12th.
stat_ticks() { sed 's/.*) //' "$1" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0; }
proc_ticks() { local t; t=$(stat_ticks "/proc/$1/stat"); echo "${t:-0}"; }
jit_threads() {  # "tid ticks" of the JVM's C1 and C2 compiler threads
  local t
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in C1\ Compiler*|C2\ Compiler*) echo "${t##*/} $(stat_ticks "$t/stat")" ;; esac
  done
}
jit_ticks() {  # JIT_BEFORE JIT_AFTER: ticks the compiler threads alive at both used in between (an idle extra one may exit)
  join <(sort <<<"$1") <(sort <<<"$2") | awk '{ s += $3 - $2 } END { print s + 0 }'
}
proc_cpu() { if [ -r "/proc/$1/stat" ]; then awk -v t="$CLK_TCK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; else echo 0; fi; }

# ---- build --------------------------------------------------------------------------------------------
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$REPO" && mvn -B -q package -DskipTests)
fi
mkdir -p "$SCRATCH" "$SCRATCH/logs" "$SCRATCH/out" "$BENCH_DIR/results"
# Run a private copy: a rebuild of target/ during the run (mvn package elsewhere) must not swap classes under us.
for _ in 1 2 3 4 5 6 7 8 9 10; do
  cp "$JAR" "$SCRATCH/image-downloader.jar"
  if ! command -v jar >/dev/null || jar tf "$SCRATCH/image-downloader.jar" >/dev/null 2>&1; then break; fi
  sleep 3
done
JAR_SRC=$JAR
JAR=$SCRATCH/image-downloader.jar
# The CLI is timed as bin/image-downloader starts it (quick compiler only, below), with a class-data-sharing archive recorded here
# for the copied jar (an archive only matches the jar path it was recorded with), as `mvn package` does.
CDS=()
rm -f "$SCRATCH/image-downloader.jsa"
if java -XX:ArchiveClassesAtExit="$SCRATCH/image-downloader.jsa" -jar "$JAR" "$REPO/src/main/cds/training.txt" \
     --output "$SCRATCH/cds-training" >"$SCRATCH/logs/cds.log" 2>&1 && [ -f "$SCRATCH/image-downloader.jsa" ]; then
  CDS=(-XX:SharedArchiveFile="$SCRATCH/image-downloader.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
rm -rf "$SCRATCH/cds-training"
rm -rf "${SCRATCH:?}/out/"* "$SCRATCH/daemon"
# Compile the helper once (the source launcher would recompile on every check); fall back to it without javac.
if command -v javac >/dev/null && javac -d "$SCRATCH/classes" "$BENCH_DIR/Bench.java" 2>"$SCRATCH/logs/javac.log"; then
  BENCH=(java -XX:TieredStopAtLevel=1 -cp "$SCRATCH/classes" Bench)
  SERVER=(java -Xmx1g -Xms1g -cp "$SCRATCH/classes" Bench server)
else
  BENCH=(java "$BENCH_DIR/Bench.java")
  SERVER=(java -Xmx1g -Xms1g "$BENCH_DIR/Bench.java" server)
fi
# The Camel-less floor (bench/PlainClient.java) is built against the HTTP client inside our jar.
PLAIN_OK=0
if [ "$PLAIN" = 1 ] && command -v javac >/dev/null \
    && javac -cp "$JAR" -d "$SCRATCH/classes" "$BENCH_DIR/PlainClient.java" 2>>"$SCRATCH/logs/javac.log"; then
  PLAIN_OK=1
fi

# ---- TLS (https scenario) -----------------------------------------------------------------------------
# A CA of the bench's own and one server certificate for the 16 names, made with keytool. No DNS is touched:
# the names reach the clients as a hosts file (ours: the JDK's jdk.net.hosts.file; curl: --resolve), the
# CA through each client's usual setting (ours: the JVM trust store; curl, aria2c, wget2: their CA file).
TLS_DIR=$SCRATCH/tls; TLS_PASS=imgdl-bench; TLS_HOSTS=16
TLS_ARGS=(); OURS_TLS=(); CURL_TLS=()
make_tls() {
  local san= k d=$TLS_DIR
  for k in $(seq $TLS_HOSTS); do san+=${san:+,}dns:img$k.bench.test; done
  rm -rf "$d"; mkdir -p "$d"
  kt() { keytool "$@" -storepass "$TLS_PASS" >>"$SCRATCH/logs/keytool.log" 2>&1; }
  kt -genkeypair -alias ca -dname CN=imgdl-bench-ca -ext bc:c -keyalg EC -groupname secp256r1 -validity 30 -keystore "$d/ca.p12" &&
  kt -exportcert -alias ca -keystore "$d/ca.p12" -rfc -file "$d/ca.pem" &&
  kt -genkeypair -alias server -dname CN=img1.bench.test -keyalg EC -groupname secp256r1 -validity 30 -keystore "$d/server.p12" &&
  kt -certreq -alias server -keystore "$d/server.p12" -file "$d/server.csr" &&
  kt -gencert -alias ca -keystore "$d/ca.p12" -validity 30 -ext "san=$san" -ext eku=serverAuth -rfc -infile "$d/server.csr" -outfile "$d/server.pem" &&
  kt -importcert -alias ca -file "$d/ca.pem" -keystore "$d/server.p12" -noprompt &&
  kt -importcert -alias server -file "$d/server.pem" -keystore "$d/server.p12" &&
  kt -importcert -alias ca -file "$d/ca.pem" -keystore "$d/trust.p12" -noprompt &&
  for k in $(seq $TLS_HOSTS); do echo "127.0.0.$k img$k.bench.test"; done >"$d/hosts"
}

# ---- server -------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while port_busy "$PORT"; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT
if [[ " ${SCENARIOS[*]} " == *" https "* ]]; then
  if command -v keytool >/dev/null && make_tls; then
    TLS_PORT=$((PORT + 1)); while port_busy "$TLS_PORT"; do TLS_PORT=$((TLS_PORT + 1)); done
    TLS_ARGS=(--tls-port "$TLS_PORT" --keystore "$TLS_DIR/server.p12" --storepass "$TLS_PASS")
    OURS_TLS=(-Djdk.net.hosts.file="$TLS_DIR/hosts" -Djavax.net.ssl.trustStore="$TLS_DIR/trust.p12"
              -Djavax.net.ssl.trustStorePassword="$TLS_PASS")
    CURL_TLS=(--cacert "$TLS_DIR/ca.pem")
    for k in $(seq $TLS_HOSTS); do CURL_TLS+=(--resolve "img$k.bench.test:$TLS_PORT:127.0.0.$k"); done
    # aria2c and wget2 have no --resolve: they take part only where the system resolver knows the names.
    if [ "${HTTPS_ETC_HOSTS:-0}" = 1 ]; then
      while read -r addr name; do
        grep -qE "^[[:space:]]*$addr[[:space:]]+$name([[:space:]]|$)" /etc/hosts || { echo "$addr $name" >>/etc/hosts && log "appended '$addr $name' to /etc/hosts"; }
      done <"$TLS_DIR/hosts"
    fi
  else
    log "https: no keytool, or it failed (see $SCRATCH/logs/keytool.log): scenario skipped"
  fi
fi
SERVER_PID=; DAEMON_PID=
cleanup() {
  local rc=$?
  set +e
  if [ -n "$DAEMON_PID" ]; then kill "$DAEMON_PID" 2>/dev/null; wait "$DAEMON_PID" 2>/dev/null; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"${SERVER[@]}" --port "$PORT" "${TLS_ARGS[@]}" >"$SCRATCH/logs/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 200); do port_busy "$PORT" && grep -q 'corpus ready' "$SCRATCH/logs/server.log" && break; sleep 0.1; done
grep -q 'corpus ready' "$SCRATCH/logs/server.log" || { cat "$SCRATCH/logs/server.log" >&2; echo "server did not start" >&2; exit 1; }
log "$(grep -m1 'corpus ready' "$SCRATCH/logs/server.log")$([ ${#TLS_ARGS[@]} -gt 0 ] && echo "; $(grep -m1 '^also https' "$SCRATCH/logs/server.log")")"

http_get() {   # http_get PATH -> body (Connection: close)
  local r
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3
  r=$(cat <&3); exec 3<&-
  printf '%s\n' "${r#*$'\r\n\r\n'}"
}
srv_reset() { http_get /__reset >/dev/null; }
srv_stats() {  # -> "requests connections cpu tls" since the last /__reset (minus the stats call itself); tls: see Bench.java
  local j; j=$(http_get /__stats)
  local r c u t; r=$(sed -E 's/.*"requests":([0-9]+).*/\1/' <<<"$j"); c=$(sed -E 's/.*"connections":([0-9]+).*/\1/' <<<"$j")
  u=$(sed -E 's/.*"cpu_seconds":([0-9.]+).*/\1/' <<<"$j"); t=$(sed -E 's/.*"tls":"([^"]*)".*/\1/' <<<"$j")
  echo "$((r - 1)) $((c - 1)) $u ${t:--}"
}

# ---- lists --------------------------------------------------------------------------------------------
LISTS=$SCRATCH/lists
log "writing lists to $LISTS"
rm -f "$LISTS/cats-real-http.txt"
rm -f "$LISTS/https-2000.txt"
CATS_LIST="$CATS_LIST" "${BENCH[@]}" lists --base "$BASE" --out "$LISTS" ${TLS_PORT:+--tls-port "$TLS_PORT"} 2>"$SCRATCH/logs/lists.log"

# ---- machine + server ceiling -------------------------------------------------------------------------
RESULT=$BENCH_DIR/results/$(date +%Y%m%d)-$HOST_NAME$SUFFIX.md
# Uncommitted source changes, looked at before the results file is rewritten (which would count itself).
# The jar's own work tree when it was built elsewhere (JAR=/other/clone/target/...), else this one.
JAR_REPO=$(git -C "$(dirname "$JAR_SRC")" rev-parse --show-toplevel 2>/dev/null || echo "$REPO")
DIRTY=$(cd "$JAR_REPO" && [ -n "$(git status --porcelain -uno -- . ':!bench/results' 2>/dev/null)" ] && echo ' (+ uncommitted changes)' || true)
RAW=$SCRATCH/raw.tsv
: >"$RAW"
ver() { if command -v "$1" >/dev/null; then "$@" 2>&1 | sed -n 1p; else echo "$1: not installed"; fi; }
log "measuring the server's ceiling"
CEIL=$("${BENCH[@]}" ceiling --base "$BASE" --connections 16 --seconds 3 2>&1 || true)
CEIL_LAT=$("${BENCH[@]}" ceiling --base "$BASE" --connections 64 --seconds 2 --lat 50 --big 0 2>&1 || true)
CEIL_WRK=
if command -v wrk >/dev/null; then
  cat >"$SCRATCH/wrk-list.lua" <<EOF
local paths, i = {}, 0
for line in io.lines("$LISTS/small-2000.txt") do paths[#paths + 1] = line:gsub("^https?://[^/]+", "") end
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
EOF
  CEIL_WRK=$(wrk -t2 -c16 -d3s -s "$SCRATCH/wrk-list.lua" "$BASE" 2>&1 | grep -E 'Requests/sec|Transfer/sec' | tr -s ' ' | paste -sd' ' || true)
fi
{
  echo "# image-downloader benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "- java: $(java -version 2>&1 | head -2 | paste -sd' ')"
  echo "- ours: $JAR_SRC ($(date -r "$JAR_SRC" '+%Y-%m-%d %H:%M'), copied to scratch) at $(cd "$JAR_REPO" && git rev-parse --short HEAD 2>/dev/null || echo '?')$DIRTY; daemon: poll ${POLL} ms, settle ${SETTLE} ms${OURS_OPTS:+; ours with $OURS_OPTS}; CLI with class-data sharing: $([ ${#CDS[@]} -gt 0 ] && echo yes || echo 'no (archive could not be recorded)')"
  echo "- peers: $(ver curl --version); $(ver aria2c --version); $(ver wget2 --version)"
  echo "- runs: $RUNS measured after $WARMUP warm-up per tool, tools interleaved round by round; outputs in $SCRATCH"
  echo "- server: bench/Bench.java (com.sun.net.httpserver, 64 threads) on 127.0.0.1:$PORT${TLS_PORT:+, and HTTPS (com.sun.net.httpserver.HttpsServer over the JDK TLS) on 127.0.0.1-$TLS_HOSTS:$TLS_PORT}; ceiling on this machine:"
  echo "  - built-in client: $(echo "$CEIL" | paste -sd';' | sed 's/;/; /g')"
  echo "  - built-in client: $CEIL_LAT"
  [ -n "$CEIL_WRK" ] && echo "  - wrk -t2 -c16 over small-2000: $CEIL_WRK"
  echo
  echo "wall = monotonic time around the command (CLI: includes JVM start); ours-daemon = the daemon's own"
  echo "\`finished in\` time (items / items/s of its log line), ours-daemon (drop→.done) = from the atomic rename of the"
  echo "list into the inbox until it appears in .done/ (includes ${SETTLE} ms settle + poll). images/s = identical files /"
  echo "median wall; MB/s = their bytes (10^6) / median wall. Peak RSS = max over the runs (GNU time; daemon: VmHWM);"
  echo "CPU s = user+sys (daemon: its /proc CPU delta over the round)."
  echo
} >"$RESULT"
cat "$RESULT" >&2

# ---- running things -----------------------------------------------------------------------------------
# record SCEN TOOL ROUND WALL RSS_KB CPU RC CHECK_OUT LINES COMPLETE SRV [LIST_TIMES]
record() {
  local scen=$1 tool=$2 round=$3 wall=$4 rss=$5 cpu=$6 rc=$7 chk=$8 lines=$9 complete=${10} srv=${11} ltimes=${12:--}
  local ident exp bytes probs summary sreq sconn scpu stls
  read -r sreq sconn scpu stls <<<"$srv"
  ident=$(grep -oE 'identical=[0-9]+' <<<"$chk" | cut -d= -f2 || true)
  exp=$(grep -oE 'expected=[0-9]+' <<<"$chk" | cut -d= -f2 || true)
  bytes=$(grep -oE 'bytes=[0-9]+' <<<"$chk" | cut -d= -f2 || true)
  probs=$(grep -oE 'problems=[0-9]+' <<<"$chk" | cut -d= -f2 || true)
  summary=$(sed -E 's/^check [^:]*: //; s/; [0-9.]+ MB \[.*//' <<<"$chk" | head -1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$scen" "$tool" "${CONC[$scen]}" "$round" "$wall" "${rss:-0}" "${cpu:-0}" "${ident:-0}" "${exp:-0}" "${bytes:-0}" \
    "${probs:-1}" "$rc" "$sreq" "$sconn" "$scpu" "$lines" "$complete" "${summary:-check failed: $chk}" "$ltimes" "${stls:--}" >>"$RAW"
  log "  $scen $tool round $round: ${wall} s, rc $rc, ${rss:-?} KB, cpu ${cpu}, $summary$([ "$ltimes" = - ] || echo "; each list: $ltimes s")$([ "${stls:--}" = - ] || echo "; tls $stls")"
}

# million: did our run finish every line (report has one row per line) without running out of heap?
completeness() {  # completeness REPORT LOG LINES
  local rows=0
  [ -f "$1" ] && rows=$(($(wc -l <"$1") - 1))
  if grep -q OutOfMemoryError "$2" 2>/dev/null; then echo "no: OutOfMemoryError ($rows report rows)"
  elif [ "$rows" -eq "$3" ]; then echo "yes, $rows report rows"
  else echo "no: $rows of $3 report rows"; fi
}

# run_timed SCEN TOOL ROUND OUT CMD... : run CMD under time + timeout into an empty OUT, check OUT, record
run_timed() {
  local scen=$1 tool=$2 round=$3 out=$4; shift 4
  local list=$LISTS/${LIST[$scen]} tf=$SCRATCH/time.txt lg=$SCRATCH/logs/$scen-${tool%% *}-$round.log
  local prox=(); [ "${PROXY[$scen]}" = 1 ] && prox=(--proxy)
  rm -rf "$out"; mkdir -p "$out"
  srv_reset
  local t0 t1 rc=0
  t0=$EPOCHREALTIME
  /usr/bin/time -o "$tf" -f '%M %U %S' timeout -k 5 "${TMO[$scen]}" "$@" >"$lg" 2>&1 || rc=$?
  t1=$EPOCHREALTIME
  local srv; srv=$(srv_stats)
  local rss cpu u s; read -r rss u s < <(tail -1 "$tf"); cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  local wall; wall=$(elapsed "$t0" "$t1")
  # A tool that warms up first reports its measured round itself: "measured: WALL_S CPU_S".
  local own; own=$(grep -aoE '^measured: [0-9.]+ [0-9.]+' "$lg" || true)
  if [ -n "$own" ]; then read -r _ wall cpu <<<"$own"; fi
  local chk; chk=$("${BENCH[@]}" check --list "$list" --dir "$out" "${prox[@]}" 2>&1 || true)
  local complete=-
  if [ "$scen" = million ] && [[ $tool == ours-* ]]; then complete=$(completeness "$out/million.report.csv" "$lg" "$NLINES"); fi
  record "$scen" "$tool" "$round" "$wall" "$rss" "$cpu" "$rc" "$chk" "$NLINES" "$complete" "$srv"
  rm -rf "$out"
}

# cats: the server's proxy mode makes an image's bytes from its file name, so the real list's same-named
# images on different paths come out identical, which real servers do not do; our content dedup would keep
# one file for them where the checker expects one per URL.
ours_opts() {  # ours_opts SCEN: our tool's -D options for the scenario
  [ -z "${PERHOST[$1]}" ] || echo "-Ddownloader.per-host-concurrency=${PERHOST[$1]}"
  [ "$1" != cats ] || echo "-Ddownloader.dedup-content=false"
  [ "$1" != https ] || echo "${OURS_TLS[@]}"
  echo "${OURS_OPTS:-}"
}

start_daemon() {  # start_daemon SCEN
  local scen=$1 env=()
  [ "${PROXY[$scen]}" = 1 ] && env=(http_proxy="$BASE")
  D_IN=$SCRATCH/daemon/$scen/inbox; D_OUT=$SCRATCH/daemon/$scen/out; D_LOG=$SCRATCH/logs/$scen-daemon.log
  rm -rf "$SCRATCH/daemon/$scen"; mkdir -p "$D_IN" "$D_OUT"
  # shellcheck disable=SC2086
  env "${env[@]}" java ${XMX[$scen]} -Ddownloader.http-port=0 -Ddownloader.inbox="$D_IN" -Ddownloader.output="$D_OUT" \
    -Ddownloader.poll-millis="$POLL" -Ddownloader.settle-millis="$SETTLE" -Ddownloader.concurrency="${CONC[$scen]}" \
    $(ours_opts "$scen") -jar "$JAR" >"$D_LOG" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 600); do grep -q 'image-downloader) started' "$D_LOG" && return 0; kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
  log "daemon did not start, see $D_LOG: ours-daemon skipped for this scenario"
  stop_daemon; return 1
}

stop_daemon() {
  [ -n "$DAEMON_PID" ] || return 0
  kill "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=
}

daemon_round() {  # daemon_round SCEN ROUND [TAG]: drop the list under a fresh name, wait for .done/, check
  local scen=$1 round=$2 name="$1-d${3:-$2}" list=$LISTS/${LIST[$1]}
  local prox=(); [ "${PROXY[$scen]}" = 1 ] && prox=(--proxy)
  cp "$list" "$D_IN/.$name.tmp"
  srv_reset
  local cpu0 t0 t1 rc=0; cpu0=$(proc_cpu "$DAEMON_PID")
  t0=$EPOCHREALTIME
  mv "$D_IN/.$name.tmp" "$D_IN/$name.txt"
  local deadline=$((SECONDS + ${TMO[$scen]}))
  while [ ! -e "$D_IN/.done/$name.txt" ]; do
    if [ -e "$D_IN/.error/$name.txt" ] || ! kill -0 "$DAEMON_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then rc=1; break; fi
    sleep 0.01
  done
  t1=$EPOCHREALTIME
  local srv; srv=$(srv_stats)
  local cpu; cpu=$(elapsed "$cpu0" "$(proc_cpu "$DAEMON_PID")")
  local line=""
  for _ in $(seq 100); do line=$(grep -aE "$name\.txt finished in" "$D_LOG" | tail -1 || true); [ -n "$line" ] && break; sleep 0.05; done
  # the daemon's own time: items / items/s or its "finished in X.X s", whichever is the more exact: items/s has
  # one decimal, so n / r is within n / r * 0.05 / r, X.X within 0.05 (n < r^2: n / r; one 1 GiB image at 0.3/s: X.X)
  local items ips own
  items=$(sed -nE 's/.*finished in [0-9.]+ s: (.*);.*/\1/p' <<<"$line" | grep -oE '[0-9]+' | awk '{ n += $1 } END { if (NR) print n }' || true)
  ips=$(sed -nE 's/.*, ([0-9.]+) items\/s.*/\1/p' <<<"$line")
  own=$(sed -nE 's/.*finished in ([0-9.]+) s:.*/\1/p' <<<"$line")
  if [ -n "$items" ] && [ -n "$ips" ] && [ -n "$own" ] && awk -v r="$ips" 'BEGIN { exit !(r > 0) }'; then
    own=$(awk -v n="$items" -v r="$ips" -v x="$own" 'BEGIN { printf "%.3f", n < r * r ? n / r : x }')
  fi
  [ -n "$own" ] || { own=$(elapsed "$t0" "$t1"); rc=1; }
  local rss; rss=$(awk '/VmHWM/ { print $2 }' "/proc/$DAEMON_PID/status" 2>/dev/null || echo 0)
  local chk; chk=$("${BENCH[@]}" check --list "$list" --dir "$D_OUT/$name" "${prox[@]}" 2>&1 || true)
  local complete=-
  if [ "$scen" = million ]; then complete=$(completeness "$D_OUT/$name.report.csv" "$D_LOG" "$NLINES"); fi
  record "$scen" ours-daemon "$round" "$own" "$rss" "$cpu" "$rc" "$chk" "$NLINES" "$complete" "$srv"
  record "$scen" "ours-daemon (drop→.done)" "$round" "$(elapsed "$t0" "$t1")" "$rss" "$cpu" "$rc" "$chk" "$NLINES" "$complete" "$srv"
  rm -rf "${D_OUT:?}/$name" "$D_OUT/$name.report.csv"
}

lists8_round() {  # lists8_round SCEN ROUND [TAG]: drop the 8 lists at once, time each one's report, wait for .done/, check
  local scen=$1 round=$2 tag=${3:-$2} stage=$SCRATCH/daemon/$1/stage
  local names=() seen=() k
  for ((k = 1; k <= L8; k++)); do names+=("$scen-d$tag-$k"); done
  rm -rf "$stage"; mkdir -p "$stage"      # same file system as the inbox: the move below is 8 renames
  for ((k = 0; k < L8; k++)); do cp "$LISTS/lists8-$((k + 1)).txt" "$stage/${names[k]}.txt"; done
  srv_reset
  local cpu0 t0 now rc=0 left=$L8; cpu0=$(proc_cpu "$DAEMON_PID")
  t0=$EPOCHREALTIME
  mv "$stage"/*.txt "$D_IN/"              # one mv: the 8 lists appear within microseconds of each other
  local deadline=$((SECONDS + ${TMO[$scen]}))
  while [ $left -gt 0 ]; do               # note when each report appears (its atomic move into the output folder)
    now=$EPOCHREALTIME
    for ((k = 0; k < L8; k++)); do
      if [ -z "${seen[k]:-}" ] && [ -e "$D_OUT/${names[k]}.report.csv" ]; then seen[k]=$now; left=$((left - 1)); fi
    done
    [ $left -gt 0 ] || break
    for ((k = 0; k < L8; k++)); do [ -e "$D_IN/.error/${names[k]}.txt" ] && rc=1; done
    if [ $rc = 1 ] || ! kill -0 "$DAEMON_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then rc=1; break; fi
    sleep 0.01
  done
  now=$EPOCHREALTIME
  local times=() wall=0 t
  for ((k = 0; k < L8; k++)); do
    t=$(elapsed "$t0" "${seen[k]:-$now}"); times+=("$t")
    wall=$(awk -v a="$wall" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
  done
  # the lists are archived just after their reports: wait for that, so the CPU covers the round and the next starts clean
  for ((k = 0; k < L8; k++)); do
    while [ ! -e "$D_IN/.done/${names[k]}.txt" ] && [ $rc = 0 ]; do
      if [ -e "$D_IN/.error/${names[k]}.txt" ] || ! kill -0 "$DAEMON_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then rc=1; fi
      sleep 0.01
    done
  done
  local srv; srv=$(srv_stats)
  local cpu; cpu=$(elapsed "$cpu0" "$(proc_cpu "$DAEMON_PID")")
  local rss; rss=$(awk '/VmHWM/ { print $2 }' "/proc/$DAEMON_PID/status" 2>/dev/null || echo 0)
  # every list checked in its own folder (an image saved under another list's folder is a problem), one summed line
  local lists=() dirs=()
  for ((k = 0; k < L8; k++)); do lists+=("$LISTS/lists8-$((k + 1)).txt"); dirs+=("$D_OUT/${names[k]}"); done
  local chk; chk=$("${BENCH[@]}" check --list "$(IFS=:; echo "${lists[*]}")" --dir "$(IFS=:; echo "${dirs[*]}")" 2>&1 || true)
  record "$scen" "ours-daemon (8 lists, drop→last report)" "$round" "$wall" "$rss" "$cpu" "$rc" "$chk" "$NLINES" - "$srv" \
    "$(IFS=,; echo "${times[*]}")"
  for ((k = 0; k < L8; k++)); do rm -rf "${D_OUT:?}/${names[k]}" "$D_OUT/${names[k]}.report.csv"; done
}

# ---- scenarios ----------------------------------------------------------------------------------------
for scen in "${SCENARIOS[@]}"; do
  list=$LISTS/${LIST[$scen]}
  if [ ! -f "$list" ]; then
    why="set CATS_LIST=/path/to/a list of http:// image URLs"; [ "$scen" = https ] && why="no TLS set-up (keytool missing or failed)"
    log "$scen: skipped (no list: $why)"
    printf '### %s: skipped\n\nno list: %s\n\n' "$scen" "$why" >>"$RESULT"
    continue
  fi
  N=${CONC[$scen]}
  NLINES=$(grep -cvE '^[[:space:]]*(#|$)' "$list")
  env_proxy=(); [ "${PROXY[$scen]}" = 1 ] && env_proxy=(http_proxy="$BASE")
  sed 's/.*/url = "&"/' "$list" >"$SCRATCH/curl.cfg"
  peers=()
  want=$PEERS; [ "$scen" = lists8 ] && want=$LISTS8_PEERS
  if [ "$scen" != million ] || [ "$MILLION_PEERS" = 1 ]; then
    for p in $want; do
      if ! command -v "$p" >/dev/null; then log "$p not installed: skipped"
      elif [ "$scen" = https ] && [ "$p" != curl ] && ! getent hosts img1.bench.test >/dev/null; then
        log "$p: skipped for https (no --resolve option, and img1.bench.test is not in /etc/hosts: HTTPS_ETC_HOSTS=1 adds it)"
      else peers+=("$p"); fi
    done
  fi
  plain=; [ $PLAIN_OK = 1 ] && [ -n "${PWARM[$scen]:-}" ] && plain=plain-hc5
  # https: each peer's CA option (and curl's names), none elsewhere
  curl_tls=(); ca_tls=(); [ "$scen" = https ] && { curl_tls=("${CURL_TLS[@]}"); ca_tls=(--ca-certificate="$TLS_DIR/ca.pem"); }
  # lists8 is about the daemon taking several lists at once: no CLI run; its daemon rounds drop 8 lists
  cli=ours-cli; dround=daemon_round
  [ "$scen" = lists8 ] && { cli=; dround=lists8_round; }
  log "== $scen: $(basename "$list") ($NLINES lines), N=$N, tools: $(echo $cli ours-daemon $plain "${peers[@]}")"
  # big1g: the ceiling our hashing sets, how fast one core runs SHA-256 over the same bytes (the JDK's
  # MessageDigest, as our daemon, in a JVM with both JIT compilers), before and after the runs
  sha_rates=()
  sha_rate() { java -cp "$SCRATCH/classes" Bench sha256 --size 1073741824 2>&1 | tee -a "$SCRATCH/logs/sha256.log" | sed -nE 's/.*, ([0-9.]+) MB\/s$/\1/p'; }
  if [ "$scen" = big1g ] && [ -d "$SCRATCH/classes" ]; then sha_rates+=("$(sha_rate)"); log "big1g: SHA-256 on one core ${sha_rates[0]} MB/s"; fi
  daemon_ok=1; start_daemon "$scen" || daemon_ok=0
  # A warm daemon is one whose JIT has done its work (see WARM_SECONDS).
  warmed=
  if [ $daemon_ok = 1 ]; then
    # in blocks of up to 5 rounds: compilation comes in bursts, and one quiet round says little
    w=0; block=$((DWARM[$scen] < 5 ? DWARM[$scen] : 5)); warm_end=$((SECONDS + WARM_SECONDS))
    while :; do
      jit0=$(jit_threads "$DAEMON_PID"); all0=$(proc_ticks "$DAEMON_PID")
      for _ in $(seq "$block"); do w=$((w + 1)); $dround "$scen" 0 "w$w"; done
      jit=$(jit_ticks "$jit0" "$(jit_threads "$DAEMON_PID")"); all=$(($(proc_ticks "$DAEMON_PID") - all0))
      [ $w -ge "${DWARM[$scen]}" ] || continue
      if [ $((jit * 20)) -le "$all" ] || [ $SECONDS -ge $warm_end ]; then break; fi
    done
    warmed="ours-daemon warmed up by $w unreported rounds; in the last $block, the JIT compilers used $jit of its $all CPU ticks"
    log "$scen: $warmed"
  fi
  for round in $(seq 0 $((WARMUP + RUNS - 1))); do
    r=$((round - WARMUP + 1)); [ $round -lt "$WARMUP" ] && r=0      # r=0: warm-up, not reported
    out=$SCRATCH/out/run
    if [ -n "$cli" ]; then
      # shellcheck disable=SC2086
      run_timed "$scen" ours-cli "$r" "$out" env "${env_proxy[@]}" java "${CDS[@]}" -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=2 ${XMX[$scen]} $(ours_opts "$scen") -jar "$JAR" "$list" --output "$out" --concurrency "$N"
    fi
    [ $daemon_ok = 1 ] && $dround "$scen" "$r"
    if [ $PLAIN_OK = 1 ] && [ -n "${PWARM[$scen]:-}" ]; then
      # shellcheck disable=SC2086
      run_timed "$scen" "plain-hc5 (warm)" "$r" "$out" java ${XMX[$scen]} -cp "$JAR:$SCRATCH/classes" PlainClient \
        --list "$list" --out "$out" --n "$N" --warm "${PWARM[$scen]}"
    fi
    for p in "${peers[@]}"; do
      case $p in
        curl)   run_timed "$scen" curl "$r" "$out" env "${env_proxy[@]}" curl -sS --parallel --parallel-immediate --parallel-max "$N" \
                  "${curl_tls[@]}" --remote-name-all --output-dir "$out" -K "$SCRATCH/curl.cfg" ;;
        aria2c) run_timed "$scen" aria2c "$r" "$out" env "${env_proxy[@]}" aria2c -i "$list" -d "$out" -j "$N" -x1 -s1 \
                  "${ca_tls[@]}" --allow-overwrite=true --auto-file-renaming=false --file-allocation=none ;;
        wget2)  run_timed "$scen" wget2 "$r" "$out" env "${env_proxy[@]}" wget2 -q --max-threads="$N" "${ca_tls[@]}" -i "$list" -P "$out" ;;
      esac
    done
  done
  stop_daemon
  [ ${#sha_rates[@]} = 0 ] || { sha_rates+=("$(sha_rate)"); log "big1g: SHA-256 on one core ${sha_rates[1]} MB/s"; }
  "${BENCH[@]}" table --raw "$RAW" --scenario "$scen" --title "${TITLE[$scen]}" --sha256 "${sha_rates[*]}" | tee -a "$RESULT"
  [ -z "$warmed" ] || printf '%s.\n\n' "$warmed" | tee -a "$RESULT"
done

cp "$RAW" "$SCRATCH/raw-$(date +%Y%m%d-%H%M%S).tsv"
log "results: $RESULT (raw runs: $RAW, logs: $SCRATCH/logs)"
