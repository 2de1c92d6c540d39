#!/usr/bin/env bash
# Feeds the same data to the reference (Debian's Prometheus 2.42) and the test target (Pointer):
# the reference scrapes real targets (itself, a node exporter, Pointer's own /metrics) every 5 s
# and remote-writes everything it scrapes to Pointer. Wait at least 25 minutes before running
# the tester (its default window ends 12 minutes ago and spans 10 minutes).
#   bash tools/promql-compliance/feed.sh up|down|status
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${POINTER_COMPLIANCE_DIR:-$ROOT/.cache/promql-compliance}
PROM_BIN=${POINTER_TEST_PROMETHEUS_BIN:-$(command -v prometheus)}
NODE_EXPORTER_BIN=${POINTER_TEST_NODE_EXPORTER_BIN:-$(command -v prometheus-node-exporter || true)}
REF_PORT=${POINTER_COMPLIANCE_REF_PORT:-47090}
POINTER_PORT=${POINTER_COMPLIANCE_POINTER_PORT:-47080}
NODE_PORT=${POINTER_COMPLIANCE_NODE_PORT:-47100}
TOKEN_FILE=$DIR/admin-token

start() {
  mkdir -p "$DIR/pointer" "$DIR/prometheus"
  [ -s "$TOKEN_FILE" ] || (head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$TOKEN_FILE")
  local token; token=$(cat "$TOKEN_FILE")
  if [ -n "$NODE_EXPORTER_BIN" ]; then
    nohup "$NODE_EXPORTER_BIN" --web.listen-address="127.0.0.1:$NODE_PORT" >"$DIR/node-exporter.log" 2>&1 &
    echo $! >"$DIR/node-exporter.pid"
  fi
  (cd "$ROOT" && nohup node tools/promql-compliance/pointer-target.mjs "$DIR/pointer" "127.0.0.1:$POINTER_PORT" "$token" >"$DIR/pointer.log" 2>&1 & echo $! >"$DIR/pointer.pid")
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$POINTER_PORT/healthz" >/dev/null && break; sleep 1; done
  cat >"$DIR/prometheus.yml" <<YML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
  - job_name: prometheus
    static_configs: [{ targets: ['127.0.0.1:$REF_PORT'] }]
  - job_name: node
    static_configs: [{ targets: ['127.0.0.1:$NODE_PORT'] }]
  - job_name: pointer
    authorization: { credentials: '$token' }
    static_configs: [{ targets: ['127.0.0.1:$POINTER_PORT'] }]
remote_write:
  - url: http://127.0.0.1:$POINTER_PORT/prometheus/api/v1/write
    authorization: { credentials: '$token' }
    queue_config: { batch_send_deadline: 1s, max_samples_per_send: 5000 }
YML
  nohup "$PROM_BIN" --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/prometheus" \
    --web.listen-address="127.0.0.1:$REF_PORT" >"$DIR/prometheus.log" 2>&1 &
  echo $! >"$DIR/prometheus.pid"
  echo "reference http://127.0.0.1:$REF_PORT  test target http://127.0.0.1:$POINTER_PORT/prometheus  (token in $TOKEN_FILE)"
}

stop() {
  for p in prometheus pointer node-exporter; do
    [ -f "$DIR/$p.pid" ] && kill "$(cat "$DIR/$p.pid")" 2>/dev/null || true
    rm -f "$DIR/$p.pid"
  done
}

case "${1:-}" in
  up) start ;;
  down) stop ;;
  status) for p in prometheus pointer node-exporter; do printf '%s ' "$p"; [ -f "$DIR/$p.pid" ] && kill -0 "$(cat "$DIR/$p.pid")" 2>/dev/null && echo running || echo stopped; done ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
