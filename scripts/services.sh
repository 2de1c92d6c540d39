#!/usr/bin/env bash
# Real services for Pointer's integration tests, without Docker:
#
#   bash scripts/services.sh up [name...]      install what is missing, start, wait until ready
#   bash scripts/services.sh down [name...]    stop
#   bash scripts/services.sh status [name...]  ready or not, with address and log file
#   bash scripts/services.sh env               `export POINTER_TEST_...=...` for every service up
#
# Services: postgres redis kafka neo4j victoriametrics prometheus clickhouse, and the tool
# telemetrygen (built, never started). Everything downloaded or built is cached in the
# repository's git-ignored .cache/ (or $POINTER_SERVICES_CACHE); data, pid files and logs live
# in .cache/services/. Ports are fixed but uncommon, each overridable (see PORTS below).
# `up` is idempotent: a service already up is left alone, so a second `up` is a fast no-op.
# Needs: Debian bookworm (apt-get for what is missing; root to install), Node 20 with the
# repository's node_modules, Java 17, Maven, Go 1.26. docs/development.md has the details.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${POINTER_SERVICES_CACHE:-$ROOT/.cache}
STATE=$CACHE/services
LOGS=$STATE/logs
RUN=$STATE/run
DATA=$STATE/data
BIN=$CACHE/bin

# Versions (see docs/development.md).
KAFKA_VERSION=3.9.1           # tools/kafka/pom.xml
NEO4J_VERSION=5.26.25         # tools/neo4j/pom.xml
VM_VERSION=v1.151.0           # go install; Debian's 1.79.5 is the fallback
TELEMETRYGEN_VERSION=v0.161.0
MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# PORTS: uncommon defaults, clear of Pointer's own (4317, 4318, 9080, 50051).
PG_PORT=${POINTER_SERVICES_PG_PORT:-25432}
REDIS_PORT=${POINTER_SERVICES_REDIS_PORT:-26379}
KAFKA_PORT=${POINTER_SERVICES_KAFKA_PORT:-29092}
KAFKA_CONTROLLER_PORT=${POINTER_SERVICES_KAFKA_CONTROLLER_PORT:-29093}
NEO4J_PORT=${POINTER_SERVICES_NEO4J_PORT:-27687}
VM_PORT=${POINTER_SERVICES_VM_PORT:-28428}
PROMETHEUS_PORT=${POINTER_SERVICES_PROMETHEUS_PORT:-29090}
CLICKHOUSE_PORT=${POINTER_SERVICES_CLICKHOUSE_PORT:-28123}

# Test-only credentials of the loopback PostgreSQL (never used outside tests).
PG_USER=${POINTER_SERVICES_PG_USER:-pointer_test}
PG_PASSWORD=${POINTER_SERVICES_PG_PASSWORD:-pointer_test}
PG_DB=${POINTER_SERVICES_PG_DB:-pointer_test}

# Fixed KRaft cluster id: the test broker has one node and formats its storage once.
KAFKA_CLUSTER_ID=K8AZXVCdQmuRqXRh42KJSg

SERVICES=(postgres redis kafka neo4j victoriametrics prometheus clickhouse telemetrygen)

# ---------------------------------------------------------------------------------------------
# helpers

say() { printf 'services: %s\n' "$*" >&2; }

# fail SERVICE LOGFILE MESSAGE: names the service and its log, shows the log's end.
fail() {
  local svc=$1 logfile=$2
  shift 2
  say "ERROR: $svc: $*"
  if [ -n "$logfile" ]; then
    say "$svc: log file: $logfile"
    if [ -s "$logfile" ]; then
      say "$svc: last lines of the log:"
      tail -n 25 "$logfile" | sed "s/^/  [$svc] /" >&2
    fi
  fi
  return 1
}

log_of() { printf '%s/%s.log' "$LOGS" "$1"; }
install_log_of() { printf '%s/install-%s.log' "$LOGS" "$1"; }
pidfile_of() { printf '%s/%s.pid' "$RUN" "$1"; }

pid_of() {
  local f
  f=$(pidfile_of "$1")
  [ -f "$f" ] && cat "$f"
}

alive() {
  local pid
  pid=$(pid_of "$1") || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_ok URL [EXPECTED_BODY_PREFIX]: a 2xx answer (with that body) within 3 s.
http_ok() {
  node -e '
    const [url, want] = process.argv.slice(1);
    fetch(url, { signal: AbortSignal.timeout(3000) })
      .then(async (r) => { const t = await r.text(); process.exit(r.ok && (!want || t.startsWith(want)) ? 0 : 1); })
      .catch(() => process.exit(1));
  ' "$1" "${2:-}"
}

is_root() { [ "$(id -u)" = 0 ]; }

# sha256 of files, to notice when a pom or a launcher changed.
digest() { cat "$@" | sha256sum | cut -c1-16; }

# Starts a long-running process in its own session (Ctrl-C on `up` does not reach it), output to
# the service's log (the previous run's log is kept as .log.1), pid in .cache/services/run.
start_bg() {
  local svc=$1 logfile
  shift
  logfile=$(log_of "$svc")
  [ -f "$logfile" ] && mv -f "$logfile" "$logfile.1"
  # 8>&- 9>&-: the service must not inherit (and so hold) this script's lock files.
  setsid "$@" >"$logfile" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$(pidfile_of "$svc")"
}

# apt_install PACKAGE...: installs the missing ones; `apt-get update` once per `up`. Debian's
# own service start is blocked (policy-rc.d) and, under systemd, the units are disabled: every
# service here is our own instance with our own config and data dir.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_root; then
    say "ERROR: missing Debian packages ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
    return 1
  fi
  local logfile
  logfile=$(install_log_of apt)
  (
    flock 9
    local m=() q
    for q in "${missing[@]}"; do
      dpkg-query -W -f='${Status}' "$q" 2>/dev/null | grep -q 'install ok installed' || m+=("$q")
    done
    [ ${#m[@]} -eq 0 ] && exit 0
    say "apt: installing ${m[*]} (log: $logfile)"
    if [ ! -f "$RUN/apt-updated.$UP_ID" ]; then
      apt-get update >>"$logfile" 2>&1
      touch "$RUN/apt-updated.$UP_ID"
    fi
    local own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      own_policy=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${m[@]}" >>"$logfile" 2>&1 || rc=$?
    [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
    if [ $rc = 0 ] && [ -d /run/systemd/system ]; then
      for q in "${m[@]}"; do
        case $q in
          postgresql) systemctl disable --now postgresql >>"$logfile" 2>&1 || true ;;
          redis-server | prometheus | prometheus-node-exporter | victoria-metrics)
            systemctl disable --now "$q" >>"$logfile" 2>&1 || true ;;
        esac
      done
    fi
    exit $rc
  ) 9>"$STATE/apt.lock" || {
    fail apt "$logfile" "apt-get install ${missing[*]} failed"
    return 1
  }
}

# Java 17 for both JVM services (Neo4j 5.26 supports 17 and 21, not 25).
java_bin() {
  if [ -n "${POINTER_SERVICES_JAVA:-}" ]; then
    echo "$POINTER_SERVICES_JAVA"
    return
  fi
  local j
  for j in /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17*/bin/java; do
    [ -x "$j" ] && { echo "$j"; return; }
  done
  command -v java
}

ensure_java_maven() {
  if [ -z "$(java_bin)" ]; then apt_install openjdk-17-jdk-headless || return 1; fi
  if ! command -v mvn >/dev/null; then apt_install maven || return 1; fi
}

# maven_runtime SERVICE: the jars of tools/SERVICE/pom.xml in .cache/SERVICE/lib, resolved again
# only when the pom changes.
maven_runtime() {
  local svc=$1 pom="$ROOT/tools/$1/pom.xml" lib="$CACHE/$1/lib" stamp want logfile
  stamp="$lib/.complete"
  want=$(digest "$pom")
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  ensure_java_maven || return 1
  logfile=$(install_log_of "$svc")
  say "$svc: downloading jars from Maven Central (log: $logfile)"
  rm -rf "$lib"
  mvn -B -q -Dmaven.repo.local="$CACHE/$svc/m2" -f "$pom" "$MAVEN_DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$lib" >"$logfile" 2>&1 ||
    { fail "$svc" "$logfile" "mvn copy-dependencies failed"; return 1; }
  echo "$want" >"$stamp"
}

# go_install NAME MODULE@VERSION: a static binary in .cache/bin, rebuilt when the version changes.
# Module and build caches stay in .cache/go; one Go build at a time, niced so that the services
# starting beside it (JVMs) get the 2 cores first.
go_install() {
  local name=$1 pkg=$2 stamp="$BIN/.$1.version" logfile
  [ -x "$BIN/$name" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkg" ] && return 0
  command -v go >/dev/null || { say "ERROR: $name: the go command is missing (Go 1.26 is needed)"; return 1; }
  logfile=$(install_log_of "$name")
  (
    flock 9
    [ -x "$BIN/$name" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkg" ] && exit 0
    say "$name: building $pkg with go install (log: $logfile)"
    GOPATH="$CACHE/go/path" GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOFLAGS="-modcacherw -buildvcs=false" GOBIN="$BIN" \
      CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-local}" nice -n 10 go install "$pkg" >"$logfile" 2>&1 || exit 1
    echo "$pkg" >"$stamp"
  ) 9>"$STATE/go.lock"
}

# ---------------------------------------------------------------------------------------------
# postgres: our own cluster (initdb) on PG_PORT, TCP on loopback only, a test user and database.

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/postgres" ] && { echo "$d"; return; }
  done
  return 1
}

# The data dir must be reachable by the postgres user; a repository under a private home is not.
pg_datadir() {
  local want="$DATA/postgres"
  if ! is_root || setpriv --reuid=postgres --regid=postgres --clear-groups test -x "$DATA" 2>/dev/null; then
    echo "$want"
  else
    echo "/var/lib/postgresql/pointer-test-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  fi
}

# as_pg CMD...: runs as the postgres user when root (PostgreSQL refuses to run as root).
as_pg() {
  if is_root; then
    (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$@")
  else
    "$@"
  fi
}

postgres_install() { pg_bindir >/dev/null || apt_install postgresql; }

postgres_start() {
  local bin datadir
  bin=$(pg_bindir)
  datadir=$(pg_datadir)
  if [ ! -f "$datadir/PG_VERSION" ]; then
    mkdir -p "$datadir"
    if is_root; then chown postgres:postgres "$datadir"; fi
    chmod 700 "$datadir"
    as_pg "$bin/initdb" -D "$datadir" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$(install_log_of postgres)" 2>&1 ||
      { fail postgres "$(install_log_of postgres)" "initdb failed"; return 1; }
  fi
  local server=("$bin/postgres" -D "$datadir" -p "$PG_PORT" -c listen_addresses=127.0.0.1
    -c unix_socket_directories=/tmp -c max_connections=200)
  if is_root; then
    start_bg postgres setpriv --reuid=postgres --regid=postgres --init-groups "${server[@]}"
  else
    start_bg postgres "${server[@]}"
  fi
}

postgres_url() { printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$PG_USER" "$PG_PASSWORD" "$PG_PORT" "$PG_DB"; }

postgres_ready() {
  local bin
  bin=$(pg_bindir) || return 1
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" \
    -U "$PG_USER" -d "$PG_DB" -tAc 'SELECT 1' >/dev/null 2>&1
}

# Runs once the server accepts connections: the test role and database (idempotent).
postgres_bootstrap() {
  local bin
  bin=$(pg_bindir)
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || return 1
  local sql="DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
      CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
    ELSE
      ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
    END IF; END \$\$;"
  "$bin/psql" -X -q -h /tmp -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$sql" >/dev/null &&
    { "$bin/psql" -X -q -h /tmp -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 ||
      "$bin/psql" -X -q -h /tmp -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null; }
}

postgres_probe() { postgres_ready || { postgres_bootstrap >/dev/null 2>&1 && postgres_ready; }; }
postgres_env() { echo "POINTER_TEST_PG_URL=$(postgres_url)"; }
postgres_ports() { echo "$PG_PORT"; }
postgres_where() { echo "127.0.0.1:$PG_PORT db=$PG_DB user=$PG_USER"; }
postgres_timeout() { echo 90; }
postgres_signal() { echo INT; } # fast shutdown (TERM waits for clients to leave)

# ---------------------------------------------------------------------------------------------
# redis: loopback, no persistence.

redis_install() { command -v redis-server >/dev/null || apt_install redis-server; }
redis_start() {
  mkdir -p "$DATA/redis"
  start_bg redis "$(command -v redis-server)" --bind 127.0.0.1 --port "$REDIS_PORT" --save '' \
    --appendonly no --dir "$DATA/redis" --daemonize no --logfile '' --protected-mode yes
}
redis_probe() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
redis_env() { echo "POINTER_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"; }
redis_ports() { echo "$REDIS_PORT"; }
redis_where() { echo "redis://127.0.0.1:$REDIS_PORT"; }
redis_timeout() { echo 30; }
redis_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# kafka: Apache Kafka 3.9 in KRaft mode (one node), jars from Maven Central.

kafka_install() { maven_runtime kafka; }
kafka_start() {
  local java props dir="$RUN/kafka" data="$DATA/kafka"
  java=$(java_bin)
  mkdir -p "$dir" "$data"
  props="$dir/server.properties"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@KAFKA_DATA_DIR@|$data|g" "$ROOT/tools/kafka/server.properties" >"$props"
  # Formatting is a JVM start of its own (seconds): only when the log dir is new.
  [ -f "$data/meta.properties" ] ||
    "$java" -Xmx256m -cp "$CACHE/kafka/lib/*" -Dlog4j.configuration="file:$ROOT/tools/kafka/log4j.properties" \
    kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$props" -g >"$(install_log_of kafka-format)" 2>&1 ||
    { fail kafka "$(install_log_of kafka-format)" "kafka storage format failed"; return 1; }
  start_bg kafka "$java" -Xms128m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$ROOT/tools/kafka/log4j.properties" \
    -cp "$CACHE/kafka/lib/*" kafka.Kafka "$props"
}
kafka_probe() {
  tcp_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$(log_of kafka)" 2>/dev/null || return 1
  # Once per broker process: a group and an idempotent producer, so that the first test does not
  # meet "The coordinator is loading" (tools/kafka/warmup.mjs).
  local marker="$RUN/kafka.warm" pid
  pid=$(pid_of kafka) || return 1
  [ "$(cat "$marker" 2>/dev/null)" = "$pid" ] && return 0
  [ -f "$ROOT/node_modules/kafkajs/package.json" ] || { echo "$pid" >"$marker"; return 0; }
  (cd "$ROOT" && node tools/kafka/warmup.mjs "127.0.0.1:$KAFKA_PORT") >>"$(install_log_of kafka-warmup)" 2>&1 || return 1
  echo "$pid" >"$marker"
}
kafka_env() { echo "POINTER_TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"; }
kafka_ports() { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }
kafka_where() { echo "127.0.0.1:$KAFKA_PORT (Kafka $KAFKA_VERSION, KRaft)"; }
kafka_timeout() { echo 240; }
kafka_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# neo4j: embedded Neo4j 5.26 LTS with Bolt, auth disabled (tools/neo4j/Neo4jTestServer.java,
# compiled once into .cache/neo4j/classes).

neo4j_install() {
  maven_runtime neo4j || return 1
  local src="$ROOT/tools/neo4j/Neo4jTestServer.java" classes="$CACHE/neo4j/classes" want
  want=$(digest "$src" "$CACHE/neo4j/lib/.complete")
  [ -f "$classes/.complete" ] && [ "$(cat "$classes/.complete")" = "$want" ] && return 0
  local javac
  javac="$(dirname "$(java_bin)")/javac"
  [ -x "$javac" ] || javac=javac
  rm -rf "$classes"
  mkdir -p "$classes"
  "$javac" -nowarn -cp "$CACHE/neo4j/lib/*" -d "$classes" "$src" >"$(install_log_of neo4j-javac)" 2>&1 ||
    { fail neo4j "$(install_log_of neo4j-javac)" "compiling Neo4jTestServer.java failed"; return 1; }
  echo "$want" >"$classes/.complete"
}
neo4j_start() {
  mkdir -p "$DATA/neo4j"
  start_bg neo4j "$(java_bin)" -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true \
    -cp "$CACHE/neo4j/classes:$CACHE/neo4j/lib/*" Neo4jTestServer "$DATA/neo4j" "$NEO4J_PORT"
}
neo4j_probe() { tcp_open "$NEO4J_PORT" && grep -q '^NEO4J_READY' "$(log_of neo4j)" 2>/dev/null; }
neo4j_env() { echo "POINTER_TEST_NEO4J_URL=bolt://127.0.0.1:$NEO4J_PORT"; }
neo4j_ports() { echo "$NEO4J_PORT"; }
neo4j_where() { echo "bolt://127.0.0.1:$NEO4J_PORT (Neo4j $NEO4J_VERSION, auth off)"; }
neo4j_timeout() { echo 300; }
neo4j_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# victoriametrics: a current release built with go install; Debian's 1.79.5 if that fails.

vm_bin() {
  if [ -x "$BIN/victoria-metrics" ] && [ "$(cat "$BIN/.victoria-metrics.version" 2>/dev/null)" = "$(vm_pkg)" ]; then
    echo "$BIN/victoria-metrics"
  elif [ -x /usr/bin/victoria-metrics ]; then
    echo /usr/bin/victoria-metrics
  else
    return 1
  fi
}
vm_pkg() { echo "github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics@$VM_VERSION"; }
victoriametrics_install() {
  local failed="$BIN/.victoria-metrics.failed"
  if [ "$(cat "$failed" 2>/dev/null)" != "$(vm_pkg)" ]; then
    go_install victoria-metrics "$(vm_pkg)" && return 0
    mkdir -p "$BIN"
    vm_pkg >"$failed"
    say "victoriametrics: go install failed (log: $(install_log_of victoria-metrics)); using Debian's victoria-metrics"
  fi
  vm_bin >/dev/null || apt_install victoria-metrics
}
victoriametrics_start() {
  mkdir -p "$DATA/victoriametrics"
  start_bg victoriametrics "$(vm_bin)" -storageDataPath="$DATA/victoriametrics" \
    -httpListenAddr="127.0.0.1:$VM_PORT" -retentionPeriod=100y -search.disableCache \
    -search.latencyOffset=0s
}
victoriametrics_probe() { http_ok "http://127.0.0.1:$VM_PORT/health" OK; }
victoriametrics_env() { echo "POINTER_TEST_VM_URL=http://127.0.0.1:$VM_PORT"; }
victoriametrics_ports() { echo "$VM_PORT"; }
victoriametrics_where() {
  local b
  b=$(vm_bin 2>/dev/null) || b=none
  echo "http://127.0.0.1:$VM_PORT ($b)"
}
victoriametrics_timeout() { echo 60; }
victoriametrics_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# prometheus: Debian's 2.42, our own instance and config, remote-write receiver on, scraping
# itself. Debian's node exporter binary is installed too (not started) for the PromQL
# compliance setup.

prometheus_install() {
  command -v prometheus >/dev/null || apt_install prometheus || return 1
  if ! command -v prometheus-node-exporter >/dev/null; then
    apt_install prometheus-node-exporter || say "prometheus: prometheus-node-exporter not installed (optional)"
  fi
}
prometheus_start() {
  local dir="$RUN/prometheus"
  mkdir -p "$dir" "$DATA/prometheus"
  cat >"$dir/prometheus.yml" <<EOF
# Written by scripts/services.sh on each start.
global:
  scrape_interval: 15s
  evaluation_interval: 15s
storage:
  tsdb:
    # Tests remote-write samples with fixed timestamps in the past.
    out_of_order_time_window: 3650d
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROMETHEUS_PORT']
EOF
  start_bg prometheus "$(command -v prometheus)" --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$DATA/prometheus" --storage.tsdb.retention.time=36500d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-remote-write-receiver \
    --web.enable-admin-api --web.enable-lifecycle
}
prometheus_probe() { http_ok "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"; }
prometheus_env() {
  echo "POINTER_TEST_PROMETHEUS_URL=http://127.0.0.1:$PROMETHEUS_PORT"
  echo "POINTER_TEST_PROMETHEUS_BIN=$(command -v prometheus)"
  if command -v prometheus-node-exporter >/dev/null; then
    echo "POINTER_TEST_NODE_EXPORTER_BIN=$(command -v prometheus-node-exporter)"
  fi
}
prometheus_ports() { echo "$PROMETHEUS_PORT"; }
prometheus_where() { echo "http://127.0.0.1:$PROMETHEUS_PORT (Prometheus from Debian)"; }
prometheus_timeout() { echo 60; }
prometheus_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# clickhouse: the ClickHouse engine (npm chdb) behind ClickHouse's HTTP interface
# (tools/chdb-http).

clickhouse_install() {
  if [ ! -f "$ROOT/node_modules/chdb/package.json" ] || [ ! -f "$ROOT/node_modules/tsx/package.json" ]; then
    say "ERROR: clickhouse: node_modules lacks chdb or tsx; run npm ci (or npm install) first"
    return 1
  fi
}
clickhouse_start() {
  mkdir -p "$DATA/clickhouse" "$RUN/clickhouse-spool"
  (cd "$ROOT" && start_bg clickhouse node --import tsx "$ROOT/tools/chdb-http/server.ts" \
    --port "$CLICKHOUSE_PORT" --data-dir "$DATA/clickhouse" --spool-dir "$RUN/clickhouse-spool")
}
clickhouse_probe() { http_ok "http://127.0.0.1:$CLICKHOUSE_PORT/ping" 'Ok.'; }
clickhouse_env() { echo "POINTER_TEST_CLICKHOUSE_URL=http://127.0.0.1:$CLICKHOUSE_PORT"; }
clickhouse_ports() { echo "$CLICKHOUSE_PORT"; }
clickhouse_where() { echo "http://127.0.0.1:$CLICKHOUSE_PORT (chDB behind ClickHouse HTTP)"; }
clickhouse_timeout() { echo 60; }
clickhouse_signal() { echo TERM; }

# ---------------------------------------------------------------------------------------------
# telemetrygen: a tool, not a service. `up` builds it; it is "up" when the binary exists.

telemetrygen_pkg() { echo "github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@$TELEMETRYGEN_VERSION"; }
telemetrygen_install() { go_install telemetrygen "$(telemetrygen_pkg)"; }
telemetrygen_probe() { [ -x "$BIN/telemetrygen" ] && [ "$(cat "$BIN/.telemetrygen.version" 2>/dev/null)" = "$(telemetrygen_pkg)" ]; }
telemetrygen_env() { echo "POINTER_TEST_TELEMETRYGEN=$BIN/telemetrygen"; }
telemetrygen_where() { echo "$BIN/telemetrygen ($TELEMETRYGEN_VERSION)"; }

is_tool() { [ "$1" = telemetrygen ]; }

# ---------------------------------------------------------------------------------------------
# lifecycle

is_up() {
  if is_tool "$1"; then "$1_probe"; else alive "$1" && "$1_probe"; fi
}

# up_one SERVICE: install if needed, start unless running, wait (bounded) until ready.
up_one() {
  local svc=$1 t0=$SECONDS logfile
  logfile=$(log_of "$svc")
  if is_up "$svc"; then
    say "$svc: already up ($("${svc}_where"))"
    return 0
  fi
  "${svc}_install" || { say "ERROR: $svc: install failed (logs in $LOGS)"; return 1; }
  if is_tool "$svc"; then
    telemetrygen_probe || { fail "$svc" "$(install_log_of "$svc")" "binary missing after install"; return 1; }
    say "$svc: ready in $((SECONDS - t0))s ($("${svc}_where"))"
    return 0
  fi
  if ! alive "$svc"; then
    local port
    for port in $("${svc}_ports"); do
      if tcp_open "$port"; then
        fail "$svc" "" "port $port is already in use by a process not started by this script;" \
          "stop it or pick another port (POINTER_SERVICES_*_PORT, see scripts/services.sh)"
        return 1
      fi
    done
    # A start step that fails has named its own log already.
    "${svc}_start" || { say "ERROR: $svc: start failed"; return 1; }
    "${svc}_ports" >"$RUN/$svc.ports"
  elif [ -f "$RUN/$svc.ports" ] && [ "$(cat "$RUN/$svc.ports")" != "$("${svc}_ports")" ]; then
    fail "$svc" "" "it is running on port(s) $(cat "$RUN/$svc.ports"), not $("${svc}_ports");" \
      "run \`bash scripts/services.sh down $svc\` with the old ports first"
    return 1
  fi
  local deadline=$((SECONDS + $("${svc}_timeout")))
  until "${svc}_probe"; do
    if ! alive "$svc"; then
      fail "$svc" "$logfile" "the process exited before it was ready"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      fail "$svc" "$logfile" "not ready after $("${svc}_timeout")s (setup steps log to $LOGS/install-$svc*.log)"
      return 1
    fi
    sleep 0.5
  done
  say "$svc: ready in $((SECONDS - t0))s ($("${svc}_where"))"
}

down_one() {
  local svc=$1 pid sig
  is_tool "$svc" && return 0
  pid=$(pid_of "$svc") || return 0
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    sig=$("${svc}_signal")
    kill -s "$sig" "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$svc: still running 30s after SIG$sig; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "$svc: stopped"
  fi
  rm -f "$(pidfile_of "$svc")"
}

resolve_services() {
  local name
  if [ $# -eq 0 ]; then
    printf '%s\n' "${SERVICES[@]}"
    return
  fi
  for name in "$@"; do
    case $name in
      pg | postgresql) name=postgres ;;
      vm | victoria-metrics) name=victoriametrics ;;
      prom) name=prometheus ;;
      chdb) name=clickhouse ;;
    esac
    if ! printf '%s\n' "${SERVICES[@]}" | grep -qx "$name"; then
      say "ERROR: unknown service '$name' (known: ${SERVICES[*]})"
      return 1
    fi
    echo "$name"
  done
}

# A listening port inside the kernel's ephemeral range can be taken at any moment by some
# process's outgoing connection (bind then fails with "Address already in use").
# warn_ephemeral_ports SERVICE...
warn_ephemeral_ports() {
  local range low high port svc
  range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || return 0
  read -r low high <<<"$range"
  for port in $(for svc in "$@"; do is_tool "$svc" || "${svc}_ports"; done); do
    if [ "$port" -ge "$low" ] && [ "$port" -le "$high" ]; then
      say "warning: port $port is in the ephemeral range $low-$high; a client connection may hold it. Prefer ports below $low."
    fi
  done
}

# The Debian packages a service needs and lacks (the ones its *_install would apt-get).
missing_debian_packages() {
  case $1 in
    postgres) pg_bindir >/dev/null || echo postgresql ;;
    redis) command -v redis-server >/dev/null || echo redis-server ;;
    prometheus)
      command -v prometheus >/dev/null || echo prometheus
      command -v prometheus-node-exporter >/dev/null || echo prometheus-node-exporter
      ;;
  esac
}

cmd_up() {
  local svcs pids=() svc i failed=() packages=() deferred=() started=() apt_pid=''
  resolve_services "$@" >/dev/null || return 1
  mapfile -t svcs < <(resolve_services "$@") || return 1
  [ ${#svcs[@]} -eq 0 ] && return 1
  warn_ephemeral_ports "${svcs[@]}"
  # Every missing Debian package in one apt-get run, while the services that need none (Maven
  # and Go downloads, JVMs) already start; the services that need them start after it.
  for svc in "${svcs[@]}"; do
    mapfile -t -O "${#packages[@]}" packages < <(missing_debian_packages "$svc")
  done
  if [ ${#packages[@]} -gt 0 ]; then
    apt_install "${packages[@]}" &
    apt_pid=$!
  fi
  # Independent services start concurrently: their downloads and JVM starts overlap.
  for svc in "${svcs[@]}"; do
    if [ -n "$apt_pid" ] && [ -n "$(missing_debian_packages "$svc")" ]; then
      deferred+=("$svc")
      continue
    fi
    up_one "$svc" &
    pids+=($!)
    started+=("$svc")
  done
  if [ -n "$apt_pid" ]; then
    wait "$apt_pid" || true # a failure is reported again, per service, by its own install step
    for svc in "${deferred[@]}"; do
      up_one "$svc" &
      pids+=($!)
      started+=("$svc")
    done
  fi
  for i in "${!started[@]}"; do
    wait "${pids[$i]}" || failed+=("${started[$i]}")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    say "FAILED: ${failed[*]} (logs in $LOGS)"
    return 1
  fi
  say "all up: ${svcs[*]}"
}

cmd_down() {
  local svcs svc
  resolve_services "$@" >/dev/null || return 1
  mapfile -t svcs < <(resolve_services "$@") || return 1
  for svc in "${svcs[@]}"; do down_one "$svc" & done
  wait
}

cmd_status() {
  local svcs svc rc=0 state
  resolve_services "$@" >/dev/null || return 1
  mapfile -t svcs < <(resolve_services "$@") || return 1
  for svc in "${svcs[@]}"; do
    if is_up "$svc"; then
      state=ready
    elif ! is_tool "$svc" && alive "$svc"; then
      state='NOT READY'
      rc=1
    else
      state=down
      rc=1
    fi
    if is_tool "$svc"; then
      printf '%-16s %-10s %s\n' "$svc" "$state" "$("${svc}_where")"
    else
      printf '%-16s %-10s %s  log: %s\n' "$svc" "$state" "$("${svc}_where")" "$(log_of "$svc")"
    fi
  done
  return $rc
}

cmd_env() {
  local svc line
  for svc in "${SERVICES[@]}"; do
    if is_up "$svc"; then
      while IFS= read -r line; do
        printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
      done < <("${svc}_env")
    else
      say "$svc is not up: its POINTER_TEST_* variables are not set (bash scripts/services.sh up $svc)"
    fi
  done
}

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1
  shift
  mkdir -p "$LOGS" "$RUN" "$DATA" "$BIN"
  export UP_ID=$$
  case $cmd in
    up | down)
      # One `up`/`down` at a time in this tree; a second waits (bounded) for the first.
      exec 8>"$STATE/lifecycle.lock"
      flock -w 1200 8 || { say "ERROR: another services.sh up/down held the lock for 20 minutes"; exit 1; }
      "cmd_$cmd" "$@"
      ;;
    status) cmd_status "$@" ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *) say "unknown command '$cmd'"; usage ;;
  esac
}

main "$@"
