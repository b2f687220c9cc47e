#!/usr/bin/env bash
# The log as a time machine, at scale: a generated history of 1,000,000 events, then the real
# commands against it, each a fresh `meshlog` process (JVM start included), as a user runs them.
#
#   meshlog bench history-log   writes the history (policy events chained with the sequencer's own
#                               function and indexed by subject, plus cluster events) into a
#                               throw-away embedded broker and holds it up
#   meshlog history RESOURCE    every change of one VirtualService, with diffs
#   meshlog replay --at T --proxy P   one proxy's snapshot at the middle of the history
#   meshlog replay --at T       every resource and every proxy's version at that point
#   meshlog audit verify        the whole hash chain
# The reference in the same run is kcat reading the whole policy chain once (no decoding): what
# any tool pays to look at every event.
#
# Usage: bash ops/bench/history-bench.sh      knobs: EVENTS=1000000 ROUNDS=3
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EVENTS=${EVENTS:-1000000}
ROUNDS=${ROUNDS:-3}
home=$(mktemp -d /tmp/meshlog-history-bench.XXXXXX)
meshlog() { "${MESHLOG:-$root/ops/meshlog}" "$@"; }   # MESHLOG: another launcher of the same build

meshlog --version >/dev/null 2>&1 || true   # build first, outside any timing
meshlog bench history-log --events "$EVENTS" --ready-file "$home/ready" --hold >"$home/generate.log" 2>&1 &
generator=$!
stop() { kill -TERM "$generator" 2>/dev/null || true; wait "$generator" 2>/dev/null || true; echo "history-bench: logs in $home" >&2; }
trap stop EXIT
for _ in $(seq 1 1800); do [ -s "$home/ready" ] && break; kill -0 "$generator" 2>/dev/null || { cat "$home/generate.log" >&2; exit 1; }; sleep 1; done
[ -s "$home/ready" ] || { echo "history-bench: the history was not written in 30 min" >&2; exit 1; }
# shellcheck disable=SC1091
. "$home/ready"
head -2 "$home/generate.log"
mesh=(--bootstrap "$BOOTSTRAP" --topic-prefix "$PREFIX")

timed() { # label command...: prints seconds, keeps the output
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$home/$label.out" 2>"$home/$label.err" || { echo "history-bench: $label failed:" >&2; tail -5 "$home/$label.err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  runs[history]+="$(timed history meshlog history "$RESOURCE" "${mesh[@]}") "
  runs[replay_proxy]+="$(timed replay_proxy meshlog replay --at "$AT" --proxy "$PROXY" "${mesh[@]}") "
  runs[replay_all]+="$(timed replay_all meshlog replay --at "$AT" "${mesh[@]}") "
  runs[audit_verify]+="$(timed audit_verify meshlog audit verify "${mesh[@]}") "
  if command -v kcat >/dev/null; then
    runs[kcat_chain]+="$(timed kcat_chain kcat -C -b "$BOOTSTRAP" -t "${PREFIX}mesh.policy.events" -o beginning -e -q -f '%o\n') "
  fi
done

echo
echo "history of $EVENTS events ($(grep -c 'actor=' "$home/history.out") changes of $RESOURCE), replay at $AT, proxy $PROXY; medians of $ROUNDS fresh processes:"
for label in history replay_proxy replay_all audit_verify kcat_chain; do
  [ -n "${runs[$label]:-}" ] || continue
  printf '  %-14s %6.2f s   (runs: %s)\n' "$label" "$(tr ' ' '\n' <<<"${runs[$label]}" | grep . | median)" "${runs[$label]}"
done
