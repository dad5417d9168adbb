#!/usr/bin/env bash
# Installs slslint for the GitHub Action (action.yml). By default it builds the action's own
# download (github.action_path) with the job's Go build cache and module cache, which
# actions/setup-go restores: no second download of slslint, and a warm cache makes it
# seconds. The version input installs that version with go install instead.
#
# Environment: SLSLINT_VERSION (the input), SLSLINT_ACTION_REF (github.action_ref: the tag
# or commit the workflow names, stamped into the binary as its version),
# SLSLINT_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH.
set -euo pipefail
path=${SLSLINT_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
bindir="${RUNNER_TEMP:-$(mktemp -d)}/slslint-bin"
mkdir -p "$bindir"

if [[ -n "${SLSLINT_VERSION:-}" ]]; then
  GOBIN="$bindir" go install "github.com/slslint/slslint/cmd/slslint@${SLSLINT_VERSION}"
else
  ldflags=""
  # A tag or commit from uses: slslint/slslint@REF names what this download is; a branch
  # name does not, and is left out (the binary then says devel).
  if [[ "${SLSLINT_ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ || "${SLSLINT_ACTION_REF:-}" =~ ^[0-9a-f]{40}$ ]]; then
    ldflags="-X github.com/slslint/slslint/internal/version.stamped=${SLSLINT_ACTION_REF}"
  fi
  (cd "$path" && go build -ldflags "$ldflags" -o "$bindir/slslint" ./cmd/slslint)
fi

echo "$bindir" >> "${GITHUB_PATH:-/dev/null}"
echo "bin=$bindir/slslint" >> "${GITHUB_OUTPUT:-/dev/null}"
"$bindir/slslint" version
