#!/usr/bin/env bash
# Starts the whole DoseWatch stack on this machine, with no container engine:
#   - an Apache Kafka broker in KRaft mode, from its Maven Central artifacts, on 127.0.0.1
#   - PostgreSQL from the machine's binaries in a private data directory, on 127.0.0.1
#     (or the server named by DOSEWATCH_DB_URL)
#   - the contract's topics, then the DoseWatch service in the local profile
# and prints where to look. Ctrl-C stops everything it started.
#
#   - the vitals simulator with a demo mix of sessions (DOSEWATCH_SIMULATOR=0 to leave it out)
#   - with --oidc, Keycloak (from Maven Central, on a JDK 21 or newer) with the DoseWatch realm
#     (deploy/keycloak/dosewatch-realm.json): the dashboard then logs in through Keycloak
# Usage: deploy/local/start.sh [--fresh] [--oidc]
#   --fresh forgets the previous run's data; --oidc adds Keycloak as the login provider
# Settings (environment): DOSEWATCH_PORT (8080), DOSEWATCH_KAFKA_PORT (9092),
#   DOSEWATCH_PG_PORT (54329), DOSEWATCH_PG_BIN, DOSEWATCH_DB_URL / _USER / _PASSWORD,
#   DOSEWATCH_KEYCLOAK_PORT (8180), DOSEWATCH_KEYCLOAK_JAVA_HOME (a JDK 21+; found under
#   /usr/lib/jvm otherwise), DOSEWATCH_LOCAL_DIR (target/local), DOSEWATCH_SKIP_BUILD=1 to
#   run the last build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
STATE=${DOSEWATCH_LOCAL_DIR:-$ROOT/target/local}
HTTP_PORT=${DOSEWATCH_PORT:-8080}
KAFKA_PORT=${DOSEWATCH_KAFKA_PORT:-9092}
CONTROLLER_PORT=$((KAFKA_PORT + 1))
PG_PORT=${DOSEWATCH_PG_PORT:-54329}
KEYCLOAK_PORT=${DOSEWATCH_KEYCLOAK_PORT:-8180}
PARTITIONS=6
FRESH=0
OIDC=0
for arg in "$@"; do
    case "$arg" in
        --fresh) FRESH=1 ;;
        --oidc) OIDC=1 ;;
        *) echo "Usage: $0 [--fresh] [--oidc]" >&2; exit 2 ;;
    esac
done

started_pids=()
pg_data=""

say() { printf '\033[1m[dosewatch]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[dosewatch]\033[0m %s\n' "$*" >&2; exit 1; }

stop_all() {
    trap - EXIT INT TERM
    say "Stopping..."
    [[ -n "${simulator_pid:-}" ]] && kill "$simulator_pid" 2>/dev/null
    for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
        kill "${started_pids[i]}" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [[ -n "$pg_data" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    say "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free() { port_free "$1" || fail "Port $1 ($2) is already in use: stop what holds it or set $3."; }

wait_for() { # wait_for SECONDS DESCRIPTION LOGFILE COMMAND...
    local seconds=$1 what=$2 log=$3; shift 3
    for _ in $(seq 1 $((seconds * 5))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    tail -n 30 "$log" >&2 || true
    fail "$what did not start within ${seconds}s (log: $log)"
}

# PostgreSQL runs as the postgres user under root, and that user may not be allowed into the
# checkout (a home directory of mode 0700): its data then lives under /var/tmp.
pg_home() {
    if [[ $(id -u) == 0 ]] && ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; then
        echo "/var/tmp/dosewatch-$(printf '%s' "$STATE" | md5sum | cut -c1-12)"
    else
        echo "$STATE"
    fi
}
if [[ $FRESH == 1 ]]; then
    say "Forgetting the previous run ($STATE)"
    mkdir -p "$STATE"
    rm -rf "$(pg_home)/postgres" "$STATE"
fi
mkdir -p "$STATE"
command -v java >/dev/null || fail "Java 17 or newer is needed on the PATH."

require_free "$HTTP_PORT" "DoseWatch HTTP" DOSEWATCH_PORT
require_free "$KAFKA_PORT" "Kafka" DOSEWATCH_KAFKA_PORT
require_free "$CONTROLLER_PORT" "Kafka controller" DOSEWATCH_KAFKA_PORT
[[ $OIDC == 1 ]] && require_free "$KEYCLOAK_PORT" "Keycloak" DOSEWATCH_KEYCLOAK_PORT

# --- build --------------------------------------------------------------------------------
if [[ "${DOSEWATCH_SKIP_BUILD:-}" != "1" || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    say "Building the service (./mvnw package, tests skipped)..."
    ./mvnw -q -B package -DskipTests >"$STATE/build.log" 2>&1 || { tail -n 40 "$STATE/build.log" >&2; fail "Build failed (log: $STATE/build.log)"; }
fi
if [[ "${DOSEWATCH_SIMULATOR:-1}" != "0" && ( "${DOSEWATCH_SKIP_BUILD:-}" != "1" || ! -f simulators/target/dosewatch-simulator.jar ) ]]; then
    say "Building the simulator..."
    ./mvnw -q -B -f simulators/pom.xml package -DskipTests >"$STATE/simulator-build.log" 2>&1 \
        || { tail -n 40 "$STATE/simulator-build.log" >&2; fail "Simulator build failed (log: $STATE/simulator-build.log)"; }
fi
./mvnw -q -B -f deploy/local/pom.xml dependency:build-classpath -Dmdep.outputFile="$STATE/kafka.classpath" \
    >"$STATE/kafka-resolve.log" 2>&1 || { tail -n 20 "$STATE/kafka-resolve.log" >&2; fail "Could not resolve the Kafka broker from Maven Central"; }
KAFKA_CP=$(cat "$STATE/kafka.classpath")

# --- Kafka --------------------------------------------------------------------------------
say "Starting Kafka on 127.0.0.1:$KAFKA_PORT (KRaft, one node)..."
mkdir -p "$STATE/kafka"
cat >"$STATE/kafka/server.properties" <<EOF
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$STATE/kafka/data
num.partitions=$PARTITIONS
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
# A transaction left open by an instance that died is aborted a second after its timeout, not ten.
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
EOF
KAFKA_JVM=(-Xms256m -Xmx768m -cp "$KAFKA_CP")
kafka_java() { java "${KAFKA_JVM[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@"; }
if [[ ! -f "$STATE/kafka/data/meta.properties" ]]; then
    kafka_java kafka.tools.StorageTool format --standalone -t "$(kafka_java kafka.tools.StorageTool random-uuid)" \
        -c "$STATE/kafka/server.properties" >"$STATE/kafka-format.log" 2>&1 || { cat "$STATE/kafka-format.log" >&2; fail "Kafka storage format failed"; }
fi
# Started directly (not through a function) so that $! is the broker's own pid.
java "${KAFKA_JVM[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=info kafka.Kafka "$STATE/kafka/server.properties" >"$STATE/kafka.log" 2>&1 &
started_pids+=($!)
wait_for 60 "Kafka" "$STATE/kafka.log" bash -c "exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT"

topic() { # topic NAME [extra TopicCommand arguments]
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create --if-not-exists \
        --topic "$1" --partitions "$PARTITIONS" --replication-factor 1 "${@:2}" >>"$STATE/topics.log" 2>&1
}
topic vitals.readings && topic vitals.readings.dlq && topic vitals.alerts && topic dosewatch.alert-transitions \
    && topic dosewatch.clock --config retention.ms=3600000 \
    && topic vitals.status --config cleanup.policy=compact && topic vitals.sessions --config cleanup.policy=compact || { cat "$STATE/topics.log" >&2; fail "Could not create the topics"; }

# --- PostgreSQL ---------------------------------------------------------------------------
if [[ -n "${DOSEWATCH_DB_URL:-}" ]]; then
    say "Using the PostgreSQL server at $DOSEWATCH_DB_URL"
    DB_URL=$DOSEWATCH_DB_URL
    DB_USER=${DOSEWATCH_DB_USER:-dosewatch}
else
    PG_BIN=${DOSEWATCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    [[ -x "$PG_BIN/initdb" ]] || fail "PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql), set DOSEWATCH_PG_BIN, or give a server with DOSEWATCH_DB_URL."
    require_free "$PG_PORT" "PostgreSQL" DOSEWATCH_PG_PORT
    # PostgreSQL refuses to run as root: under root it runs as the postgres system user.
    if [[ $(id -u) == 0 ]]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
    pg_data="$(pg_home)/postgres"
    say "Starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN, data in $pg_data)..."
    if [[ ! -f "$pg_data/PG_VERSION" ]]; then
        mkdir -p "$pg_data"
        [[ $(id -u) == 0 ]] && chown postgres:postgres "$pg_data" && chmod 700 "$pg_data"
        as_pg "$PG_BIN/initdb" -D "$pg_data" -U dosewatch --auth=trust -E UTF8 --no-instructions >"$STATE/initdb.log" 2>&1 \
            || { cat "$STATE/initdb.log" >&2; fail "initdb failed"; }
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -w -t 60 -l "$pg_data/server.log" \
        -o "-p $PG_PORT -h 127.0.0.1 -k $pg_data" start >/dev/null || { tail -n 20 "$pg_data/server.log" >&2; fail "PostgreSQL did not start"; }
    as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U dosewatch -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dosewatch'" | grep -q 1 \
        || as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U dosewatch dosewatch
    DB_URL="postgresql://127.0.0.1:$PG_PORT/dosewatch"
    DB_USER=dosewatch
fi

# --- Keycloak (--oidc) ----------------------------------------------------------------------
OIDC_ENV=(DOSEWATCH_OIDC_ENABLED=false)
LOGIN_LINES="  Local logins (local profile only):  clinician/clinician  nurse/nurse  device/device
    curl -u nurse:nurse http://127.0.0.1:$HTTP_PORT/api/sessions"
if [[ $OIDC == 1 ]]; then
    kc_java=${DOSEWATCH_KEYCLOAK_JAVA_HOME:-}
    if [[ -z "$kc_java" ]]; then
        for home in /usr/lib/jvm/*; do
            version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
            [[ -n "$version" && "$version" -ge 21 && -x "$home/bin/java" ]] && kc_java=$home
        done
    fi
    [[ -n "$kc_java" ]] || fail "Keycloak needs a JDK 21 or newer: install one under /usr/lib/jvm or set DOSEWATCH_KEYCLOAK_JAVA_HOME."
    KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml)
    kc_home="$STATE/keycloak-$KEYCLOAK_VERSION"
    if [[ ! -f "$kc_home/.built" ]]; then
        say "Preparing Keycloak $KEYCLOAK_VERSION (once: unpack and build, about 20 s)..."
        [[ -x "target/keycloak/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] || ./mvnw -q -B dependency:unpack@keycloak >"$STATE/keycloak-resolve.log" 2>&1 \
            || { tail -n 20 "$STATE/keycloak-resolve.log" >&2; fail "Could not resolve Keycloak from Maven Central"; }
        rm -rf "$kc_home" && cp -r "target/keycloak/keycloak-$KEYCLOAK_VERSION" "$kc_home" && rm -rf "$kc_home/data"
        JAVA_HOME=$kc_java "$kc_home/bin/kc.sh" build --db=dev-file >"$STATE/keycloak-build.log" 2>&1 \
            || { tail -n 20 "$STATE/keycloak-build.log" >&2; fail "Keycloak build failed"; }
        touch "$kc_home/.built"
    fi
    mkdir -p "$kc_home/data/import" && cp deploy/keycloak/dosewatch-realm.json "$kc_home/data/import/"
    say "Starting Keycloak on http://127.0.0.1:$KEYCLOAK_PORT (realm dosewatch)..."
    JAVA_HOME=$kc_java KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
        "$kc_home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
        --hostname-strict=false --import-realm >"$STATE/keycloak.log" 2>&1 &
    started_pids+=($!)
    wait_for 120 "Keycloak" "$STATE/keycloak.log" curl -sf "http://127.0.0.1:$KEYCLOAK_PORT/realms/dosewatch/.well-known/openid-configuration"
    OIDC_ENV=(DOSEWATCH_OIDC_ENABLED=true DOSEWATCH_OIDC_ISSUER="http://127.0.0.1:$KEYCLOAK_PORT/realms/dosewatch")
    LOGIN_LINES="  Keycloak        http://127.0.0.1:$KEYCLOAK_PORT/admin  (admin/admin; realm dosewatch)
    Dashboard login through Keycloak:   clinician/clinician  nurse/nurse
    A monitor's token (client credentials of dosewatch-device):
      curl -d grant_type=client_credentials -d client_id=dosewatch-device -d client_secret=dosewatch-device-secret \\
           http://127.0.0.1:$KEYCLOAK_PORT/realms/dosewatch/protocol/openid-connect/token
  Local logins still work for scripts:  clinician/clinician  nurse/nurse  device/device"
fi

# --- the service --------------------------------------------------------------------------
say "Starting DoseWatch on http://127.0.0.1:$HTTP_PORT ..."
env "${OIDC_ENV[@]}" DOSEWATCH_KAFKA="127.0.0.1:$KAFKA_PORT" DOSEWATCH_DB_URL="$DB_URL" DOSEWATCH_DB_USER="$DB_USER" \
    DOSEWATCH_PORT="$HTTP_PORT" DOSEWATCH_STATE_DIR="$STATE/streams" QUARKUS_PROFILE=local \
    java -jar target/quarkus-app/quarkus-run.jar >"$STATE/service.log" 2>&1 &
service_pid=$!
started_pids+=("$service_pid")
ready() { kill -0 "$service_pid" && [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/health/ready") == 200 ]]; }
wait_for 120 "DoseWatch" "$STATE/service.log" ready

# --- the simulator ------------------------------------------------------------------------
SIM_LINE="  Simulator       off (DOSEWATCH_SIMULATOR=0)"
if [[ "${DOSEWATCH_SIMULATOR:-1}" != "0" ]]; then
    # A demo ward at real time, every session already 14 minutes in (its first 840 s sent at
    # once, dated the last 14 minutes): calm infusions and, about a minute after the start, a
    # respiratory depression, a monitor dropout and a hypertensive surge. Device time is the
    # wall clock, so phases, time since dose and data ages agree. It loops: when a session's
    # scenario is over the session ends and a new patient of the same scenario takes the room,
    # so the ward stays full for as long as the stack runs.
    DEMO_PREFIX="DEMO-$(date +%H%M)"
    java -jar simulators/target/dosewatch-simulator.jar --scenarios simulators/scenarios --prefix "$DEMO_PREFIX" --sessions 7 \
        --scenario normal-iv --scenario normal-esketamine --scenario respiratory-depression --scenario sensor-dropout \
        --scenario hypertensive-surge --scenario normal-iv --scenario predose-hypertension \
        --speed "${DOSEWATCH_SIMULATOR_SPEED:-1}" --catch-up 840 --seed "$RANDOM" --register --loop --unit "Demo ward" --quiet \
        --kafka "127.0.0.1:$KAFKA_PORT" --url "http://127.0.0.1:$HTTP_PORT" >"$STATE/simulator.log" 2>&1 &
    simulator_pid=$!
    SIM_LINE="    Simulator       a looping demo ward of 7 rooms (unit \"Demo ward\", $DEMO_PREFIX-0001...) at ${DOSEWATCH_SIMULATOR_SPEED:-1}x speed; log $STATE/simulator.log"
fi

cat <<EOF

  DoseWatch is running.

    Dashboard       http://127.0.0.1:$HTTP_PORT/
    API             http://127.0.0.1:$HTTP_PORT/api/sessions
    Swagger UI      http://127.0.0.1:$HTTP_PORT/q/swagger-ui
    Health          http://127.0.0.1:$HTTP_PORT/q/health/ready
    Metrics         http://127.0.0.1:$HTTP_PORT/q/metrics
    Kafka           127.0.0.1:$KAFKA_PORT  (topics vitals.readings, .dlq, vitals.alerts, vitals.status, vitals.sessions, dosewatch.alert-transitions, dosewatch.clock)
    PostgreSQL      $DB_URL  (user $DB_USER)
    Logs            $STATE/*.log
$SIM_LINE

$LOGIN_LINES

  Ctrl-C stops everything.

EOF

# Run until Ctrl-C or until a component dies; either way the EXIT trap stops the rest. The
# simulator may finish its scenarios; it is stopped with the rest if still running.
while true; do
    if [[ -n "${simulator_pid:-}" ]] && ! kill -0 "$simulator_pid" 2>/dev/null; then
        wait "$simulator_pid" || say "The simulator stopped with an error; see $STATE/simulator.log"
        simulator_pid=""
    fi
    for pid in "${started_pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$STATE/service.log" >&2; fail "A component stopped (pid $pid); see $STATE/*.log"; }
    done
    sleep 1
done
