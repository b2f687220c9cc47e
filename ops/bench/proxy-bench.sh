#!/usr/bin/env bash
# Runs the shared data-plane benchmark (../shared/bench/proxy-bench.sh: direct, HAProxy, nginx) with a
# Meshlog sidecar as its fourth target, in the same run, pinned to the same core as the peers.
#
# The sidecar is the real one, fed by a real control plane: this script starts `meshlog up` (embedded
# broker and engine) in a scratch MESHLOG_HOME, applies a ServiceEntry that names the bench backend
# (127.0.0.1:18080), and lets the bench script start `meshlog proxy` itself (CANDIDATE_CMD), so that
# the bench pins it, accounts its CPU and stops it by pid. The sidecar keeps its Kafka clients and
# reports telemetry for every request, as in production.
#
#   MODE=outbound (default): client -> sidecar outbound port (routing by Host, load balancing) -> backend
#   MODE=inbound           : client -> sidecar inbound port -> local app (the server-side sidecar)
#
# Usage: bash ops/bench/proxy-bench.sh          (any proxy-bench.sh knob passes through, e.g. ROUNDS=5)
#   SIDECAR_JAVA_OPTS  JVM flags of the sidecar (default: those `meshlog proxy` runs with, see ops/meshlog)
#   BENCH_SCRIPT       the shared script (default: ../shared/bench/proxy-bench.sh beside the repository)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=${BENCH_SCRIPT:-$root/../shared/bench/proxy-bench.sh}
mode=${MODE:-outbound}
broker_port=${BROKER_PORT:-19192}
candidate_port=18083
[[ -f $bench ]] || { echo "proxy-bench: no benchmark script at $bench (set BENCH_SCRIPT)" >&2; exit 1; }
case $mode in
  outbound) proxy_args="--outbound $candidate_port" ;;
  inbound) proxy_args="--inbound $candidate_port:18080" ;;
  *) echo "proxy-bench: MODE must be outbound or inbound, got '$mode'" >&2; exit 1 ;;
esac

home=$(mktemp -d /tmp/meshlog-bench.XXXXXX)
up_pid=
stop() {
  if [[ -n $up_pid ]] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid"
    wait "$up_pid" 2>/dev/null || true
  fi
  rm -rf "$home"
}
trap stop EXIT

export MESHLOG_HOME=$home
"$root/ops/meshlog" --version >/dev/null 2>&1 || true   # builds once if sources changed, before anything is timed
"$root/ops/meshlog" up --port "$broker_port" >"$home/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 120); do
  grep -q '^meshlog ready in' "$home/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$home/up.log" >&2; exit 1; }
  sleep 1
done
grep -q '^meshlog ready in' "$home/up.log" || { echo "proxy-bench: meshlog up did not get ready" >&2; cat "$home/up.log" >&2; exit 1; }

"$root/ops/meshlog" apply --bootstrap "127.0.0.1:$broker_port" --reason "proxy bench backend" \
  -f "$root/ops/bench/bench-backend.yaml"

export CANDIDATE_NAME=${CANDIDATE_NAME:-meshlog-$mode}
export CANDIDATE_URL=http://127.0.0.1:$candidate_port/
export CANDIDATE_WARMUP=${CANDIDATE_WARMUP:-60}
# The launcher execs java, so the pid the bench pins and measures is the sidecar's own.
export MESHLOG_JAVA_OPTS=${SIDECAR_JAVA_OPTS:-}
export CANDIDATE_CMD="$root/ops/meshlog proxy --bootstrap 127.0.0.1:$broker_port --id bench-proxy --service bench-client $proxy_args"
TOTAL_BUDGET_S=${TOTAL_BUDGET_S:-400} bash "$bench"
