#!/usr/bin/env bash
# Ingestion through the real Jenkins of ../shared/jenkins: one report per request against batches, new connections
# against keep-alive, API-token statistics on against off; a soak of 1,000 machines; bytes on disk per event.
#   bench/ingestion.sh [seconds per line]     (default 10; also part of mvn -B -Pbench verify)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -DskipTests
mvn -B -ntp -Pbench test-compile surefire:test@benchmarks -Dtest=IngestionThroughputBenchmark \
  -Dbench.seconds="${1:-10}" -Dsurefire.failIfNoSpecifiedTests=false
