#!/usr/bin/env bash
# Runs the PromQL comparison: Debian's Prometheus 2.42 (reference) against Pointer (test target),
# both fed by feed.sh for at least 25 minutes. Output: the tester's text report on stdout.
#   TESTER=<path to promql-compliance-tester> bash tools/promql-compliance/run.sh [extra tester flags]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${POINTER_COMPLIANCE_DIR:-$ROOT/.cache/promql-compliance}
REF_PORT=${POINTER_COMPLIANCE_REF_PORT:-47090}
POINTER_PORT=${POINTER_COMPLIANCE_POINTER_PORT:-47080}
TESTER=${TESTER:-$ROOT/.cache/bin/promql-compliance-tester}
QUERIES=${QUERIES:-$ROOT/tools/promql-compliance/queries.yml}
cat >"$DIR/targets.yml" <<YML
reference_target_config:
  query_url: http://127.0.0.1:$REF_PORT
test_target_config:
  query_url: http://127.0.0.1:$POINTER_PORT/prometheus
  headers:
    Authorization: Bearer $(cat "$DIR/admin-token")
YML
exec "$TESTER" -config-file="$DIR/targets.yml" -config-file="$QUERIES" "$@"
