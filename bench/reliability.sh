#!/usr/bin/env bash
# The reliability suite in one command: hostile input, kill -9 of the store, runner crashes/hangs/timeouts, the
# runner's buffering through an endpoint outage and through a full controller disk, a batch on a hanging disk.
# Prints one line per check
# with its counts, and fails if any count that must be zero is not (or a check did not report).
set -uo pipefail
cd "$(dirname "$0")/.."

checks=(hostile-input store-kill-9 runner-crash-hang-timeout runner-outage-buffering controller-disk-full disk-hang-batch)
must_be_zero='^(5xx|stateMismatches|lost|duplicatesApplied|runAborted|extraRuns)$'
log=$(mktemp)
trap 'rm -f "$log"' EXIT

mvn -B -ntp test -DskipJsTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='HostileInputTest,StoreCrashTest,RunnerTest,RunnerReportingTest,StorageUnavailableTest' >"$log" 2>&1
maven=$?

failed=0
for check in "${checks[@]}"; do
  line=$(grep -a "^RELIABILITY $check " "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "FAIL $check: did not report (see the test output)"
    failed=1
    continue
  fi
  bad=""
  for pair in ${line#RELIABILITY $check }; do
    key=${pair%%=*}
    value=${pair#*=}
    if [[ $key =~ $must_be_zero ]] && [ "$value" != "0" ]; then
      bad="$bad $key=$value"
    fi
  done
  if [ -n "$bad" ]; then
    echo "FAIL ${line#RELIABILITY } (must be zero:$bad)"
    failed=1
  else
    echo "ok   ${line#RELIABILITY }"
  fi
done
if [ $maven -ne 0 ]; then
  echo "FAIL the tests themselves failed:"
  grep -aE "Tests run:|FAIL|ERROR\]" "$log" | head -20
  failed=1
fi
exit $failed
