#!/usr/bin/env bash
# A 10,000-test plan reported by the shipped runner to the real Jenkins of ../shared/jenkins, end to end: the DRY
# RUN's size as JSON and on the wire, the uncompressed baseline, the requests and the time. Prints the figures.
#   bench/plan-size.sh [tests]     (default 10000; also part of mvn -B -Pbench verify)
set -euo pipefail
cd "$(dirname "$0")/.."
tests="${1:-10000}"
mvn -B -ntp -q package -DskipTests
mvn -B -ntp -Pbench test-compile surefire:test@benchmarks -Dtest=PlanSizeBenchmark -Dbench.planTests="$tests" \
  -Dsurefire.failIfNoSpecifiedTests=false
