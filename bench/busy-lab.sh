#!/usr/bin/env bash
# A busy lab's load (32 machines x 170 events/s, batched as the runner does) on a freshly started Jenkins of
# ../shared/jenkins, request latency per window from its start: "logged-in users can do anything" beside matrix-based
# security. To profile its Jenkins: -Dbench.jenkinsJvmOptions=-XX:StartFlightRecording=filename=/tmp/busy.jfr
#   bench/busy-lab.sh [seconds per window] [windows]     (default 15 and 6; also part of mvn -B -Pbench verify)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -DskipTests
mvn -B -ntp -Pbench test-compile surefire:test@benchmarks -Dtest=BusyLabLatencyBenchmark \
  -Dbench.window="${1:-15}" -Dbench.windows="${2:-6}" -Dsurefire.failIfNoSpecifiedTests=false "${@:3}"
