#!/usr/bin/env bash
# Runs slslint for the GitHub Action (action.yml): annotations on the pull request and the
# job summary (the github format), and a SARIF log for github/codeql-action/upload-sarif.
# The step fails as --fail-on says, after both are written. The sarif-file output is set
# only when the log was written, so that an upload step guarded by it never uploads a stale
# or missing file.
#
# Environment: the action's inputs (SLSLINT_*), SLSLINT_BIN (the installed binary), and
# what GitHub Actions sets: GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -euo pipefail
dir=${SLSLINT_WORKING_DIRECTORY:-.}
sarif=${SLSLINT_SARIF_FILE:-slslint.sarif}
bin=${SLSLINT_BIN:-slslint}
cd "$dir"

flags=(--format github --format "sarif=$sarif" --fail-on "${SLSLINT_FAIL_ON:-warning}")
[[ -n "${SLSLINT_CATEGORY:-}" ]] && flags+=(--sarif-category "$SLSLINT_CATEGORY")
[[ -n "${SLSLINT_CONFIG:-}" ]] && flags+=(--config "$SLSLINT_CONFIG")

if [[ "${SLSLINT_ONLY_NEW_ISSUES:-false}" == "true" ]]; then
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request|pull_request_target)
      base="${GITHUB_BASE_REF:?only-new-issues on a pull request needs GITHUB_BASE_REF}"
      # The base branch and enough history to find the merge base: actions/checkout
      # fetches one commit by default.
      git fetch --no-tags --quiet origin "+refs/heads/$base:refs/remotes/origin/$base"
      if [[ "$(git rev-parse --is-shallow-repository)" == "true" ]]; then
        git fetch --no-tags --quiet --unshallow origin "+refs/heads/$base:refs/remotes/origin/$base"
      fi
      flags+=(--new-from-merge-base "origin/$base")
      ;;
    push)
      before=${SLSLINT_PUSH_BEFORE:-}
      if [[ -n "$before" && ! "$before" =~ ^0+$ ]]; then
        if ! git cat-file -e "$before^{commit}" 2>/dev/null; then
          git fetch --no-tags --quiet origin "$before" || true
        fi
        flags+=(--new-from-rev "$before")
      else
        echo "slslint: only-new-issues: a new branch has no previous head; reporting every finding" >&2
      fi
      ;;
    *)
      echo "slslint: only-new-issues applies to pull_request and push events; reporting every finding" >&2
      ;;
  esac
fi

# The args input is split on whitespace like a shell command line (no globbing).
set -f
# shellcheck disable=SC2206
args=(${SLSLINT_ARGS:-./...})
set +f

rm -f "$sarif" # a log left by an earlier step is not this run's
status=0
"$bin" "${flags[@]}" "${args[@]}" || status=$?

if [[ -f "$sarif" ]]; then
  # The SARIF path relative to the workspace, for upload-sarif.
  rel=$sarif
  if [[ -n "${GITHUB_WORKSPACE:-}" && "$rel" != /* ]]; then
    abs="$(pwd)/$rel"
    rel=${abs#"$GITHUB_WORKSPACE"/}
  fi
  echo "sarif-file=$rel" >> "${GITHUB_OUTPUT:-/dev/null}"
else
  echo "slslint: no SARIF log was written (exit status $status)" >&2
fi
exit "$status"
