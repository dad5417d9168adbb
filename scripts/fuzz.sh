#!/usr/bin/env bash
# Runs every fuzz target of the repository for a fixed time each (default 15s): the
# parsers and evaluators slslint owns or drives (CloudFormation YAML and JSON, Terraform HCL
# evaluation, serverless.yml variables, the config file, suppression comments, the SARIF
# writer). Seed corpora live in each package's testdata/fuzz. A failure leaves the
# crashing input in testdata/fuzz/<Target>/ for `go test` to replay.
#
# Go 1.26's fuzzing coordinator can fail a target with a bare "context deadline exceeded"
# when -fuzztime runs out while a worker is busy (golang/go#75804, fixed in Go 1.27): no
# input failed and none is written. Such a run is retried once, and if it ends the same way
# it is reported as a warning; any other failure (a written failing input, a panic, a test
# error) fails the script.
#
#   scripts/fuzz.sh [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-15s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# coordinator_race reports whether the failed run in $log is the coordinator's deadline race
# and nothing else.
coordinator_race() {
  grep -q '^    context deadline exceeded$' "$log" &&
    ! grep -q -e 'Failing input written' -e '^panic: ' -e '_test\.go:[0-9]*:' "$log"
}

status=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    for attempt in 1 2; do
      echo "=== $pkg $target ($time)"
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" "$pkg" 2>&1 | tee "$log"; then
        break
      fi
      if ! coordinator_race; then
        status=1
        break
      fi
      if [[ $attempt == 2 ]]; then
        echo "warning: $target ended twice with the fuzzing coordinator's deadline race (golang/go#75804), no failing input"
      else
        echo "--- $target: the fuzzing coordinator's deadline race (golang/go#75804), no failing input: running it again"
      fi
    done
  done
done
exit $status
