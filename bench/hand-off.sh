#!/usr/bin/env bash
# The environment hand-off on the real Jenkins of ../shared/jenkins: from one build letting go of a test environment
# to the next waiting build holding it, Pipeline and freestyle. Prints the figures.
#   bench/hand-off.sh [rounds]     (default 3; also part of mvn -B -Pbench verify)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -DskipTests
mvn -B -ntp -Pbench test-compile surefire:test@benchmarks -Dtest=HandOffBenchmark \
  -Dbench.handOffRounds="${1:-3}" -Dsurefire.failIfNoSpecifiedTests=false
