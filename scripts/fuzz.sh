#!/usr/bin/env bash
# Runs every fuzz target of the repository for a fixed time each (default 15s): the
# parsers and evaluators slslint owns or drives (CloudFormation YAML and JSON, Terraform HCL
# evaluation, serverless.yml variables, the config file, suppression comments, the SARIF
# writer). Seed corpora live in each package's testdata/fuzz. A failure leaves the
# crashing input in testdata/fuzz/<Target>/ for `go test` to replay.
#
#   scripts/fuzz.sh [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-15s}
status=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "=== $pkg $target ($time)"
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" "$pkg"; then
      status=1
    fi
  done
done
exit $status
