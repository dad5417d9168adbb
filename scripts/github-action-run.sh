#!/usr/bin/env bash
# Runs slslint for the GitHub Action: annotations on the pull request and the job summary
# (the github format), and a SARIF log for github/codeql-action/upload-sarif. The step fails
# as --fail-on says, after both are written.
set -euo pipefail
dir=${SLSLINT_WORKING_DIRECTORY:-.}
sarif=${SLSLINT_SARIF_FILE:-slslint.sarif}
bin=${SLSLINT_BIN:-slslint}
cd "$dir"

flags=(--format github --format "sarif=$sarif" --fail-on "${SLSLINT_FAIL_ON:-warning}")
[[ -n "${SLSLINT_CATEGORY:-}" ]] && flags+=(--sarif-category "$SLSLINT_CATEGORY")
[[ -n "${SLSLINT_CONFIG:-}" ]] && flags+=(--config "$SLSLINT_CONFIG")
# The args input is split on whitespace like a shell command line (no globbing).
set -f
# shellcheck disable=SC2206
args=(${SLSLINT_ARGS:-./...})
set +f

status=0
"$bin" "${flags[@]}" "${args[@]}" || status=$?

# The SARIF path relative to the workspace, for upload-sarif.
rel=$sarif
if [[ -n "${GITHUB_WORKSPACE:-}" && "$rel" != /* ]]; then
  abs="$(pwd)/$rel"
  rel=${abs#"$GITHUB_WORKSPACE"/}
fi
echo "sarif-file=$rel" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
