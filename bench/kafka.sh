#!/usr/bin/env bash
# bench/kafka.sh start|stop [DIR]  —  a single-node Kafka broker (KRaft, no ZooKeeper, no Docker) on
# 127.0.0.1:19092, from the Kafka jars this repo's tests already use: for trying scale-out on one
# machine, and for bench/scaleout.sh. Data, log and pid live in DIR (default /tmp/image-downloader-kafka).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${2:-${KAFKA_DIR:-/tmp/image-downloader-kafka}}
PORT=${KAFKA_PORT:-19092}
case "${1:-}" in
  start)
    mkdir -p "$DIR"
    if [ ! -s "$DIR/classpath" ]; then
      (cd "$REPO" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DIR/classpath")
    fi
    CP=$(cat "$DIR/classpath")
    cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((PORT + 1))
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$((PORT + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
    if [ ! -d "$DIR/data" ]; then
      java -cp "$CP" kafka.tools.StorageTool format -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" \
        -c "$DIR/server.properties" > "$DIR/format.log"
    fi
    java -Xmx512m -cp "$CP" kafka.Kafka "$DIR/server.properties" > "$DIR/broker.log" 2>&1 &
    echo $! > "$DIR/pid"
    for _ in $(seq 120); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "Kafka broker on 127.0.0.1:$PORT (log: $DIR/broker.log)"; exit 0; fi
      sleep 0.25
    done
    echo "the broker did not answer on $PORT; see $DIR/broker.log" >&2; exit 1 ;;
  stop)
    [ -f "$DIR/pid" ] && kill "$(cat "$DIR/pid")" 2>/dev/null && while kill -0 "$(cat "$DIR/pid")" 2>/dev/null; do sleep 0.2; done
    rm -f "$DIR/pid" ;;
  *) echo "usage: bench/kafka.sh start|stop [DIR]" >&2; exit 2 ;;
esac
