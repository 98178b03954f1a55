#!/usr/bin/env bash
# Issue 25's whole-build target: python -m pytest alone on the real suites of src/test/real-suites (1,347 tests)
# beside the whole Pipeline build doing the same on the real Jenkins of ../shared/jenkins, its run page open in
# Chromium. Prints both times, their ratio and the last build's timeline. Needs Debian's chromium and
# npm ci --prefix src/test/js.
#   SYSTEM_TESTS_PYTHON=/usr/bin/python3 bench/real-suites-build.sh [rounds]   (default 5; also in mvn -B -Pbench verify)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -DskipTests -DskipJsTests
mvn -B -ntp -Pbench test-compile surefire:test@benchmarks -Dtest=RealSuitesBuildBenchmark \
  -Dbench.realSuitesRounds="${1:-5}" -Dsurefire.failIfNoSpecifiedTests=false
