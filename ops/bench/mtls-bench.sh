#!/usr/bin/env bash
# mTLS between two Meshlog sidecars versus plain text, in one run, on the same processes.
#
#   wrk/h2load (CPU 1) -> sidecar A outbound :18083 -> sidecar B inbound :18084 -> nginx backend :18080
#                          (client sidecar)            (server sidecar)             (all on CPU 0)
#
# Both sidecars are real `meshlog proxy` processes fed by `meshlog up` (embedded broker, engine and
# CA). Each gets a bootstrap token from `meshlog token`, sends a CSR, and installs the certificate the
# CA signs; B's key never leaves B. The script switches the mesh between the two modes by publishing
# policy (hot swap, no restart), so both modes run on the same JVMs, interleaved round by round:
#   plain: PeerAuthentication DISABLE + DestinationRule tls DISABLE
#   mtls : PeerAuthentication STRICT  + DestinationRule tls ISTIO_MUTUAL (TLS 1.3, P-256, SAN checked)
# Per mode and round: closed-loop throughput (wrk -c32), CPU us per request of A and of B
# (/proc/PID/stat), latency at a fixed 1,000 req/s (h2load, 16 connections), and new connections
# per second with one request per upstream connection (DestinationRule maxRequestsPerConnection 1):
# in the mtls mode every request is a full TLS 1.3 handshake between the sidecars.
#
# Usage: bash ops/bench/mtls-bench.sh        knobs: ROUNDS=3 DURATION=5 FIXED_DURATION=5
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
FIXED_DURATION=${FIXED_DURATION:-5}
broker_port=${BROKER_PORT:-19193}
backend_port=18080 a_port=18083 b_port=18084
for tool in wrk h2load nginx taskset; do
  command -v $tool >/dev/null || { echo "mtls-bench: $tool is not installed (apt-get install wrk nghttp2-client nginx util-linux)" >&2; exit 1; }
done

home=$(mktemp -d /tmp/meshlog-mtls-bench.XXXXXX)
pids=()
stop() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  echo "mtls-bench: logs kept in $home" >&2
}
trap stop EXIT
export MESHLOG_HOME=$home
meshlog() { "$root/ops/meshlog" "$@"; }
wait_for() { # file pattern seconds
  for _ in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "mtls-bench: '$2' did not appear in $1" >&2; tail -20 "$1" >&2; exit 1
}
cpu_ticks() { awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$1/stat"; }

meshlog --version >/dev/null 2>&1 || true
taskset -c 1 "$root/ops/meshlog" up --port "$broker_port" >"$home/up.log" 2>&1 &
pids+=($!)
wait_for "$home/up.log" '^meshlog ready in' 120
bootstrap=127.0.0.1:$broker_port

mkdir -p "$home/nginx"
cat >"$home/nginx/backend.conf" <<EOF
worker_processes 1;
pid $home/nginx/nginx.pid;
error_log $home/nginx/error.log warn;
daemon off;
events { worker_connections 8192; }
http {
  access_log off; keepalive_requests 100000000; keepalive_timeout 75s;
  client_body_temp_path $home/nginx/cb; proxy_temp_path $home/nginx/px; fastcgi_temp_path $home/nginx/fc;
  uwsgi_temp_path $home/nginx/uw; scgi_temp_path $home/nginx/sc;
  server { listen 127.0.0.1:$backend_port; location / { default_type text/plain; return 200 "$(printf 'x%.0s' $(seq 1 64))"; } }
}
EOF
taskset -c 0 nginx -c "$home/nginx/backend.conf" -p "$home/nginx" >/dev/null 2>&1 &
pids+=($!)

meshlog token --namespace default --service-account bench-client --ttl 1h >"$home/a.token"
meshlog token --namespace default --service-account bench-server --ttl 1h >"$home/b.token"
proxy_opts=(--bootstrap "$bootstrap" --namespace default)
taskset -c 0 "$root/ops/meshlog" proxy "${proxy_opts[@]}" --id bench-server --service bench-server \
  --service-account bench-server --token-file "$home/b.token" --inbound "$b_port:$backend_port" >"$home/b.log" 2>&1 &
pids+=($!); b_pid=$!
taskset -c 0 "$root/ops/meshlog" proxy "${proxy_opts[@]}" --id bench-client --service bench-client \
  --service-account bench-client --token-file "$home/a.token" --outbound "$a_port" >"$home/a.log" 2>&1 &
pids+=($!); a_pid=$!

policy() { # mode max-requests-per-connection
  local pa=DISABLE tls=DISABLE
  [[ $1 == mtls ]] && pa=STRICT tls=ISTIO_MUTUAL
  cat >"$home/policy.yaml" <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: $pa}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: bench-server, namespace: default}
spec:
  host: bench-server.default.svc.cluster.local
  trafficPolicy:
    tls: {mode: $tls}
    connectionPool: {http: {maxRequestsPerConnection: $2}}
EOF
  meshlog apply --bootstrap "$bootstrap" --reason "mtls bench: $1" -f "$home/policy.yaml" >/dev/null
  # Settled when both sidecars ACKed the new snapshots: `proxy-status` shows SYNCED for both.
  for _ in $(seq 1 60); do
    [[ $(meshlog proxy-status --bootstrap "$bootstrap" | grep -c 'SYNCED') -ge 2 ]] && { sleep 1; return; }
    sleep 0.5
  done
  echo "mtls-bench: sidecars did not sync after switching to $1" >&2; exit 1
}

url=http://127.0.0.1:$a_port/
host=(-H 'Host: bench-server')
for _ in $(seq 1 60); do
  curl -sf "${host[@]}" "$url" >/dev/null && break; sleep 1
done
policy plain 0
curl -sf "${host[@]}" "$url" >/dev/null || { echo "mtls-bench: no answer through the sidecars" >&2; exit 1; }
# JIT warm-up of all four paths (keep-alive and one request per connection, plain and mTLS), discarded.
for mode in plain mtls; do
  policy "$mode" 0
  taskset -c 1 wrk -t1 -c32 -d30 "${host[@]}" "$url" >/dev/null
  policy "$mode" 1
  taskset -c 1 wrk -t1 -c16 -d15 "${host[@]}" "$url" >/dev/null
done

results=$home/results.tsv
printf 'round\tmode\treq_s\tp50_ms\tp99_ms\tA_us_req\tB_us_req\tfixed_p50_ms\tfixed_p99_ms\tnew_conn_s\n' >"$results"
hz=$(getconf CLK_TCK)
loaders=()
for round in $(seq 1 "$ROUNDS"); do
  for mode in plain mtls; do
    policy "$mode" 0
    a0=$(cpu_ticks "$a_pid"); b0=$(cpu_ticks "$b_pid")
    out=$(taskset -c 1 wrk -t1 -c32 -d"$DURATION" --latency "${host[@]}" "$url")
    a1=$(cpu_ticks "$a_pid"); b1=$(cpu_ticks "$b_pid")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else { sub(/s/, "", v); v *= 1000 } print v }' <<<"$out"; }
    p50=$(ms 50%); p99=$(ms 99%)
    a_us=$(awk -v d=$((a1 - a0)) -v n="$reqs" -v hz="$hz" 'BEGIN { printf "%.1f", d * 1e6 / hz / n }')
    b_us=$(awk -v d=$((b1 - b0)) -v n="$reqs" -v hz="$hz" 'BEGIN { printf "%.1f", d * 1e6 / hz / n }')
    # 1,000 req/s over 16 keep-alive connections (62.5/s each), every request's latency logged.
    rm -f "$home"/req.*.log
    for i in $(seq 1 16); do
      taskset -c 1 h2load --h1 -c1 -t1 --rps 62.5 -D "$FIXED_DURATION" --warm-up-time 1 -H ':authority: bench-server' \
        --log-file "$home/req.$i.log" "$url" >/dev/null 2>&1 &
      loaders+=($!)
    done
    wait "${loaders[@]}"; loaders=()
    cat "$home"/req.*.log | awk -F'\t' '$2 == 200 {print $3}' | sort -n >"$home/lat.sorted"
    pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }' "$home/lat.sorted"; }
    f50=$(pct 50); f99=$(pct 99)
    policy "$mode" 1
    conn=$(taskset -c 1 wrk -t1 -c16 -d"$DURATION" "${host[@]}" "$url" | awk '/Requests\/sec/ {print $2}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$rps" "$p50" "$p99" "$a_us" "$b_us" "$f50" "$f99" "$conn" >>"$results"
  done
done
column -t "$results"
# Medians over the rounds, per mode, of every measured column.
for mode in plain mtls; do
  line="median $mode"
  for col in $(seq 3 10); do
    line+=" $(awk -F'\t' -v m="$mode" -v c="$col" 'NR > 1 && $2 == m {print $c}' "$results" | sort -g \
      | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
  done
  echo "$line"
done | column -t
echo "fixed_*: p50/p99 at 1,000 req/s over 16 keep-alive connections (h2load per-request logs)"
echo "new_conn_s: requests/s with one request per upstream connection: in mtls, TLS 1.3 handshakes/s between the sidecars"
