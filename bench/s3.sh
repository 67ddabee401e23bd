#!/usr/bin/env bash
# bench/s3.sh start|stop [DIR]  —  an S3-compatible server (S3Proxy, filesystem backend, no account, no
# Docker) on 127.0.0.1:19000 with a bucket named images, from the jars this repo's tests already use: for
# trying downloader.output=s3://images/PREFIX on one machine. Objects (plain files), log and pid live in
# DIR (default /tmp/image-downloader-s3). Its credentials are printed at start and in DIR/server.log.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${2:-${S3_DIR:-/tmp/image-downloader-s3}}
PORT=${S3_PORT:-19000}
case "${1:-}" in
  start)
    mkdir -p "$DIR"
    if [ ! -s "$DIR/classpath" ]; then
      (cd "$REPO" && mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DIR/classpath")
    fi
    CP="$REPO/target/test-classes:$REPO/target/classes:$(cat "$DIR/classpath")"
    java -Xmx256m -cp "$CP" org.imagedownloader.S3Server "$DIR" "$PORT" > "$DIR/server.log" 2>&1 &
    echo $! > "$DIR/pid"
    for _ in $(seq 120); do
      if grep -q "^S3Proxy on" "$DIR/server.log" 2>/dev/null; then grep -A1 "^S3Proxy on" "$DIR/server.log"; exit 0; fi
      sleep 0.25
    done
    echo "S3Proxy did not start; see $DIR/server.log" >&2; exit 1 ;;
  stop)
    [ -f "$DIR/pid" ] && kill "$(cat "$DIR/pid")" 2>/dev/null && while kill -0 "$(cat "$DIR/pid")" 2>/dev/null; do sleep 0.2; done
    rm -f "$DIR/pid" ;;
  *) echo "usage: bench/s3.sh start|stop [DIR]" >&2; exit 2 ;;
esac
