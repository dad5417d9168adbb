#!/usr/bin/env bash
# Installs slslint for the GitHub Action at the action's own version: the ref the workflow
# used (uses: slslint/slslint@v0.1.0 installs v0.1.0 with go install), or the action's own
# source when it is used from a path (uses: ./), where there is no ref.
set -euo pipefail
ref=${SLSLINT_ACTION_REF:-}
path=${SLSLINT_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
if [[ -n "$ref" ]]; then
  go install "github.com/slslint/slslint/cmd/slslint@$ref"
else
  (cd "$path" && go install ./cmd/slslint)
fi
bin="$(go env GOPATH)/bin"
echo "$bin" >> "${GITHUB_PATH:-/dev/null}"
"$bin/slslint" --version
