#!/usr/bin/env bash
# overload-bench.sh - the sidecar at twice its maximum throughput, beside HAProxy and nginx (issue 9).
#
# In one run:
#   1. starts a trivial nginx backend, HAProxy and an nginx reverse proxy in front of it (configured as
#      ../shared/bench/proxy-bench.sh configures them), and a real Meshlog sidecar fed by a real control
#      plane (`meshlog up` + a ServiceEntry naming the backend), all pinned as that bench pins them:
#      backend and proxies on CPU 0 (PROXY_CPU), load generators on CPU 1 (LOADGEN_CPU);
#   2. measures each proxy's maximum throughput closed-loop (wrk -t1 -c32), the sidecar's after a warm-up;
#   3. offers MULTIPLIER (2) x the sidecar's maximum open-loop (ops/load: constant arrival rate over
#      CONNS connections, latency from each request's scheduled send, so coordinated omission is charged)
#      for DURATION seconds to the sidecar, then the same rate to HAProxy and to nginx;
#   4. prints per target: offered/s, served/s (200), shed/s (503 x-meshlog-overloaded), other statuses,
#      errors, requests never sent (the target's backlog), p50/p99 of served requests, and the proxy's
#      RSS (and the sidecar's heap) maximum during the open-loop phase; then ratios against the peers.
#
# Every process it starts is stopped by PID. Only loopback addresses are used. Its ports (18090-18093,
# broker 19292) differ from proxy-bench.sh's, so the two can share a machine (not a fair one, though).
#
# Usage: bash ops/bench/overload-bench.sh
# Knobs: MULTIPLIER=2 DURATION=30 DRIVER_WARMUP=5 CONNS=1024 MAX_ACTIVE_REQUESTS=(the sidecar's default)
#        WRK_DURATION=10 SIDECAR_WARMUP=30 LOADGEN_CPU=1 PROXY_CPU=0 BENCH_NICE=-10 SKIP_BUILD=0
#        SIDECAR_JAVA_OPTS (default: ops/meshlog's proxy flags) OUT_ROOT=/tmp/bench
set -uo pipefail

MULTIPLIER=${MULTIPLIER:-2}
DURATION=${DURATION:-30}
DRIVER_WARMUP=${DRIVER_WARMUP:-5}
CONNS=${CONNS:-1024}
MAX_ACTIVE_REQUESTS=${MAX_ACTIVE_REQUESTS:-}
WRK_DURATION=${WRK_DURATION:-10}
SIDECAR_WARMUP=${SIDECAR_WARMUP:-30}
LOADGEN_CPU=${LOADGEN_CPU:-1}
PROXY_CPU=${PROXY_CPU:-0}
BENCH_NICE=${BENCH_NICE:--10}
SKIP_BUILD=${SKIP_BUILD:-0}
OUT_ROOT=${OUT_ROOT:-/tmp/bench}
SIDECAR_JAVA_OPTS=${SIDECAR_JAVA_OPTS:--Xms32m -Xmx32m -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -Xss256k -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError -Dio.netty.leakDetection.level=disabled}

# Our own session (scheduler autogroup) with a raised priority, as proxy-bench.sh does on a shared box.
if [[ $BENCH_NICE != 0 && -z ${_OVERLOAD_BENCH_SESSION:-} ]]; then
  _OVERLOAD_BENCH_SESSION=1 setsid -w bash "$0" "$@" &
  child=$!
  trap 'kill -TERM "$child" 2>/dev/null' INT TERM
  rc=0
  while :; do wait "$child"; rc=$?; kill -0 "$child" 2>/dev/null || break; done
  exit "$rc"
fi
[[ $BENCH_NICE != 0 ]] && echo "$BENCH_NICE" >/proc/self/autogroup 2>/dev/null

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BACKEND_PORT=18090; HAPROXY_PORT=18091; NGINX_PORT=18092; SIDECAR_PORT=18093; BROKER_PORT=19292
BODY='0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
T0=$(date +%s)
RUN="$OUT_ROOT/overload-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN/nginx-backend" "$RUN/nginx-proxy" "$RUN/home"
PIDS=()

log() { printf '[%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
cleanup() {
  local i
  trap - EXIT INT TERM
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do kill -TERM "${PIDS[$i]}" 2>/dev/null; done
  for _ in $(seq 1 100); do
    local alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in nginx haproxy wrk curl taskset java mvn; do
  command -v "$tool" >/dev/null || die "missing '$tool' (apt-get install -y nginx haproxy wrk curl)"
done
for p in $BACKEND_PORT $HAPROXY_PORT $NGINX_PORT $SIDECAR_PORT $BROKER_PORT; do
  [[ -z $(ss -Htln "sport = :$p" 2>/dev/null) ]] || die "127.0.0.1:$p is in use; free it first"
done

# ------------------------------------------------------------------ build ---
# Package (never install: ~/.m2 is shared) the CLI with this tree's modules, and the load driver.
if [[ $SKIP_BUILD != 1 ]]; then
  log "building ops/cli (and the modules it uses) and ops/load"
  (cd "$root" && mvn -o -q -B -pl ops/cli -am package -DskipTests) >"$RUN/build.log" 2>&1 || die "build failed: $RUN/build.log"
  (cd "$root" && mvn -o -q -B -pl ops/load package -DskipTests) >>"$RUN/build.log" 2>&1 || die "build failed: $RUN/build.log"
fi
CLI_CP="$root/ops/cli/target/classes:$(cat "$root/ops/cli/target/classpath.txt")"
LOAD_CP="$root/ops/load/target/classes:$(cat "$root/ops/load/target/classpath.txt")"
LOG4J=(-Dlog4j2.configurationFile="$root/ops/cli/src/main/resources/log4j2.xml" -Dmeshlog.log.level=INFO)

start() {   # NAME CPU CMD... -> LAST_PID
  local name=$1 cpu=$2; shift 2
  taskset -c "$cpu" "$@" >"$RUN/$name.out" 2>&1 &
  LAST_PID=$!; PIDS+=("$LAST_PID")
  log "started $name PID $LAST_PID on CPU $cpu"
}
wait_200() {   # URL SECONDS PID
  for (( i=0; i<$2*10; i++ )); do
    kill -0 "$3" 2>/dev/null || return 1
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1") == 200 ]] && return 0
    sleep 0.1
  done
  return 1
}
children_of() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' | tr '\n' ' '; }

# ----------------------------------------------------------------- configs ---
temp_paths() { printf '    %s_temp_path %s/%s;\n' client_body "$1" cb proxy "$1" px fastcgi "$1" fc uwsgi "$1" uw scgi "$1" sc; }
cat >"$RUN/backend.conf" <<EOF
worker_processes 1;
pid $RUN/nginx-backend/nginx.pid;
error_log $RUN/nginx-backend/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 75s;
$(temp_paths "$RUN/nginx-backend")
    server {
        listen 127.0.0.1:$BACKEND_PORT backlog=4096;
        location / { default_type text/plain; return 200 "$BODY"; }
    }
}
EOF
cat >"$RUN/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 8000
defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s
frontend fe_bench
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend be_bench
backend be_bench
    server backend1 127.0.0.1:$BACKEND_PORT
EOF
cat >"$RUN/nginx-proxy.conf" <<EOF
worker_processes 1;
pid $RUN/nginx-proxy/nginx.pid;
error_log $RUN/nginx-proxy/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 75s;
$(temp_paths "$RUN/nginx-proxy")
    upstream bench_backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 128;
        keepalive_requests 100000000;
        keepalive_timeout 60s;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://bench_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
cat >"$RUN/backend-entry.yaml" <<EOF
# The sidecar routes Host 127.0.0.1 (the driver sends Host: 127.0.0.1:$SIDECAR_PORT) to the backend.
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: overload-bench-backend
  namespace: default
spec:
  hosts: ["127.0.0.1"]
  location: MESH_EXTERNAL
  ports:
  - number: $BACKEND_PORT
    name: http
    protocol: HTTP
  resolution: STATIC
  endpoints:
  - address: 127.0.0.1
EOF

# --------------------------------------------------------------- processes ---
start nginx-backend "$PROXY_CPU" nginx -p "$RUN/nginx-backend/" -c "$RUN/backend.conf" -e "$RUN/nginx-backend/error.log" -g 'daemon off;'
BACKEND_PID=$LAST_PID
wait_200 "http://127.0.0.1:$BACKEND_PORT/" 10 "$BACKEND_PID" || die "backend did not come up"
start haproxy "$PROXY_CPU" haproxy -db -f "$RUN/haproxy.cfg"; HAPROXY_PID=$LAST_PID
start nginx-proxy "$PROXY_CPU" nginx -p "$RUN/nginx-proxy/" -c "$RUN/nginx-proxy.conf" -e "$RUN/nginx-proxy/error.log" -g 'daemon off;'
NGINXP_PID=$LAST_PID
wait_200 "http://127.0.0.1:$HAPROXY_PORT/" 10 "$HAPROXY_PID" || die "haproxy did not come up"
wait_200 "http://127.0.0.1:$NGINX_PORT/" 10 "$NGINXP_PID" || die "nginx proxy did not come up"
NGINXP_WORKER=$(children_of "$NGINXP_PID" | awk '{print $1}')

# The control plane runs unpinned and is not measured; the sidecar keeps its Kafka clients and telemetry.
export MESHLOG_HOME="$RUN/home"
start meshlog-up "0-$(( $(nproc) - 1 ))" java -Xms256m -Xmx1g "${LOG4J[@]}" -cp "$CLI_CP" dev.meshlog.cli.Meshlog up --port "$BROKER_PORT"
UP_PID=$LAST_PID
for _ in $(seq 1 180); do
  grep -q '^meshlog ready in' "$RUN/meshlog-up.out" && break
  kill -0 "$UP_PID" 2>/dev/null || die "meshlog up exited (see $RUN/meshlog-up.out)"
  sleep 1
done
grep -q '^meshlog ready in' "$RUN/meshlog-up.out" || die "meshlog up did not get ready (see $RUN/meshlog-up.out)"
java -Xms64m -XX:TieredStopAtLevel=1 "${LOG4J[@]}" -cp "$CLI_CP" dev.meshlog.cli.Meshlog apply --bootstrap "127.0.0.1:$BROKER_PORT" \
  --reason "overload bench backend" -f "$RUN/backend-entry.yaml" >"$RUN/apply.out" 2>&1 || die "apply failed (see $RUN/apply.out)"
bound_opt=(); [[ -n $MAX_ACTIVE_REQUESTS ]] && bound_opt=(--max-active-requests "$MAX_ACTIVE_REQUESTS")
# shellcheck disable=SC2086
start sidecar "$PROXY_CPU" java $SIDECAR_JAVA_OPTS "${LOG4J[@]}" -cp "$CLI_CP" dev.meshlog.cli.Meshlog proxy \
  --bootstrap "127.0.0.1:$BROKER_PORT" --id overload-bench --service bench-client --outbound "$SIDECAR_PORT" "${bound_opt[@]}"
SIDECAR_PID=$LAST_PID
wait_200 "http://127.0.0.1:$SIDECAR_PORT/" 120 "$SIDECAR_PID" || die "the sidecar did not answer 200 (see $RUN/sidecar.out)"
ADMIN_PORT=$(sed -n 's/.*admin: http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$RUN/sidecar.out" | head -1)
for t in backend haproxy nginx sidecar; do
  case $t in backend) p=$BACKEND_PORT;; haproxy) p=$HAPROXY_PORT;; nginx) p=$NGINX_PORT;; sidecar) p=$SIDECAR_PORT;; esac
  [[ $(curl -s --max-time 2 "http://127.0.0.1:$p/") == "$BODY" ]] || die "$t did not return the backend's 64-byte body"
done

declare -A URL=([meshlog]="http://127.0.0.1:$SIDECAR_PORT/" [haproxy]="http://127.0.0.1:$HAPROXY_PORT/" [nginx]="http://127.0.0.1:$NGINX_PORT/")
declare -A PROXY_PID=([meshlog]=$SIDECAR_PID [haproxy]=$HAPROXY_PID [nginx]=$NGINXP_WORKER)
TARGETS=(meshlog haproxy nginx)

# -------------------------------------------------------- max throughput ---
log "sidecar warm-up: wrk ${SIDECAR_WARMUP}s (JIT)"
taskset -c "$LOADGEN_CPU" wrk -t1 -c32 -d"${SIDECAR_WARMUP}s" "${URL[meshlog]}" >"$RUN/wrk-warmup.txt" 2>&1
declare -A MAX
for t in "${TARGETS[@]}"; do
  taskset -c "$LOADGEN_CPU" wrk -t1 -c32 -d"${WRK_DURATION}s" "${URL[$t]}" >"$RUN/wrk-$t.txt" 2>&1
  MAX[$t]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$RUN/wrk-$t.txt")
  errs=$(grep -E 'Non-2xx|Socket errors' "$RUN/wrk-$t.txt" | tr '\n' ' ')
  log "max throughput $t: ${MAX[$t]} req/s (wrk -t1 -c32 -d${WRK_DURATION}s) ${errs}"
done
[[ ${MAX[meshlog]:-0} -gt 0 ]] || die "no throughput measured for the sidecar (see $RUN/wrk-meshlog.txt)"
RATE=$(( MAX[meshlog] * MULTIPLIER ))
log "offering ${MULTIPLIER} x ${MAX[meshlog]} = $RATE req/s open-loop to each target for ${DURATION}s over $CONNS connections"

# ------------------------------------------------------------- open loop ---
stat_value() { curl -s --max-time 2 "http://127.0.0.1:$ADMIN_PORT/stats/prometheus" | awk -v n="$1" '$1==n {printf "%.0f", $2}'; }
sample_rss() {   # PID OUT: the largest VmRSS (KiB), sampled every 0.5 s until OUT.stop exists
  local pid=$1 out=$2 rss max_rss=0
  while kill -0 "$pid" 2>/dev/null && [[ ! -e $out.stop ]]; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null); rss=${rss:-0}
    (( rss > max_rss )) && max_rss=$rss
    sleep 0.5
  done
  echo "$max_rss" >"$out"
}
declare -A RES RSS HEAP
for t in "${TARGETS[@]}"; do
  [[ $t == meshlog ]] && shed_before=$(stat_value meshlog_proxy_overload_shed_total)
  rm -f "$RUN/mem-$t" "$RUN/mem-$t.stop"
  sample_rss "${PROXY_PID[$t]}" "$RUN/mem-$t" &
  sampler=$!
  jstat_pid=
  if [[ $t == meshlog ]]; then   # heap used (S0U+S1U+EU+OU), one jstat process sampling every second
    jstat -gc "$SIDECAR_PID" 1000 >"$RUN/jstat-meshlog.txt" 2>&1 &
    jstat_pid=$!; PIDS+=("$jstat_pid")
  fi
  log "open loop $t: $RATE req/s"
  taskset -c "$LOADGEN_CPU" java -Xms512m -Xmx512m -XX:+UseSerialGC -cp "$LOAD_CP" dev.meshlog.load.LoadDriver \
    --url "${URL[$t]}" --rate "$RATE" --connections "$CONNS" --warmup "$DRIVER_WARMUP" --duration "$DURATION" \
    >"$RUN/load-$t.txt" 2>"$RUN/load-$t.err"
  touch "$RUN/mem-$t.stop"; wait "$sampler"
  read -r RSS[$t] <"$RUN/mem-$t"
  if [[ -n $jstat_pid ]]; then
    kill -TERM "$jstat_pid" 2>/dev/null; wait "$jstat_pid" 2>/dev/null
    HEAP[$t]=$(awk '$1 ~ /^[0-9.]+$/ { u=$3+$4+$6+$8; if (u>m) m=u } END { printf "%.0f", m }' "$RUN/jstat-meshlog.txt")
  fi
  RES[$t]=$(grep '^LOADRESULT' "$RUN/load-$t.txt")
  [[ -n ${RES[$t]} ]] || log "no result from the driver for $t (see $RUN/load-$t.err)"
  log "$t: $(sed -n 2,3p "$RUN/load-$t.txt" | tr '\n' ' ')"
  if [[ $t == meshlog ]]; then
    shed_after=$(stat_value meshlog_proxy_overload_shed_total)
    log "sidecar /stats: meshlog_proxy_overload_shed_total +$(( ${shed_after:-0} - ${shed_before:-0} )) during the run (warm-up and drain included)"
    kill -0 "$SIDECAR_PID" 2>/dev/null || die "the sidecar died under load (see $RUN/sidecar.out)"
  fi
done
# Recovery: once the load is gone the sidecar serves everything again.
after=$(taskset -c "$LOADGEN_CPU" wrk -t1 -c8 -d3s "${URL[meshlog]}" 2>&1 | grep -c 'Non-2xx')
log "after the load: wrk -c8 3s on the sidecar: $([[ $after == 0 ]] && echo 'no non-2xx answers' || echo 'NON-2xx answers seen')"

# ------------------------------------------------------------------ report ---
val() { sed -n "s/.*\b$2=\([-0-9.]*\).*/\1/p" <<<"${RES[$1]:-}"; }
{
echo
echo "=== overload-bench $(basename "$RUN"): $(nproc) CPUs; proxies+backend on CPU $PROXY_CPU, load on CPU $LOADGEN_CPU ==="
echo "max throughput (wrk -t1 -c32 -d${WRK_DURATION}s, closed loop): meshlog ${MAX[meshlog]}  haproxy ${MAX[haproxy]}  nginx ${MAX[nginx]} req/s"
echo "offered open-loop: ${MULTIPLIER} x meshlog max = $RATE req/s, ${DURATION}s after ${DRIVER_WARMUP}s warm-up, $CONNS connections;"
echo "sidecar bound: ${MAX_ACTIVE_REQUESTS:-default} active requests; latency from each request's scheduled send (coordinated omission charged)"
echo
printf '%-8s %9s %9s %9s %7s %7s %9s %10s %10s %9s %9s %8s %8s\n' target offered/s served/s shed/s other errors unsent p50_ms p99_ms snd_p50 snd_p99 rss_MB heap_MB
for t in "${TARGETS[@]}"; do
  heap="-"; [[ $t == meshlog && ${HEAP[$t]:-0} -gt 0 ]] && heap=$(awk -v k="${HEAP[$t]}" 'BEGIN{printf "%.1f", k/1024}')
  printf '%-8s %9s %9s %9s %7s %7s %9s %10s %10s %9s %9s %8s %8s\n' "$t" "$RATE" "$(val "$t" served_rps)" "$(val "$t" shed_rps)" \
    "$(val "$t" other)" "$(( $(val "$t" errors || echo 0) + $(val "$t" timeouts || echo 0) ))" "$(( $(val "$t" unsent) + $(val "$t" unanswered) ))" \
    "$(val "$t" p50_ms)" "$(val "$t" p99_ms)" "$(val "$t" sent_p50_ms)" "$(val "$t" sent_p99_ms)" "$(awk -v k="${RSS[$t]:-0}" 'BEGIN{printf "%.1f", k/1024}')" "$heap"
done
echo
for peer in haproxy nginx; do
  awk -v name="$peer" -v ms="$(val meshlog served_rps)" -v ps="$(val "$peer" served_rps)" -v m99="$(val meshlog p99_ms)" \
      -v p99="$(val "$peer" p99_ms)" -v mmax="${MAX[meshlog]}" -v pmax="${MAX[$peer]}" -v mr="${RSS[meshlog]:-0}" -v pr="${RSS[$peer]:-0}" \
    'BEGIN { printf "meshlog / %-7s: max throughput %.2f, served/s at the offered rate %.2f, served p99 %.3f, RSS %.1f\n",
             name, (pmax>0?mmax/pmax:0), (ps>0?ms/ps:0), (p99>0?m99/p99:0), (pr>0?mr/pr:0) }'
done
echo
echo "p50_ms/p99_ms: served latency from the scheduled send; snd_p50/snd_p99: from the actual write (the target's own time)."
echo "served/s: 200 answers per second; shed/s: 503 with x-meshlog-overloaded; other: any other status; errors: resets,"
echo "closed connections and timeouts; unsent: requests still waiting for a free connection (or unanswered) at the end."
echo "raw: $RUN"
} | tee "$RUN/summary.txt"
