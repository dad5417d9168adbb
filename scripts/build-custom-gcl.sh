#!/usr/bin/env bash
# Builds a golangci-lint binary that includes the slslint module plugin, from the
# golangci-lint module source in the Go module cache: what `golangci-lint custom` does, but
# without cloning the golangci-lint repository with git (which CI here cannot reach).
#
#   scripts/build-custom-gcl.sh [output]      (default: bin/custom-gcl)
#
# The golangci-lint version is pinned in scripts/golangci-lint.version.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=${GOLANGCI_LINT_VERSION:-$(tr -d '[:space:]' < "$repo/scripts/golangci-lint.version")}
out=${1:-$repo/bin/custom-gcl}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "custom-gcl: golangci-lint $version with github.com/slslint/slslint/plugin/golangci from $repo" >&2
src=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ -z "$src" || ! -d "$src" ]]; then
  echo "custom-gcl: could not download github.com/golangci/golangci-lint/v2@$version" >&2
  exit 1
fi
cp -R "$src/." "$work/"
chmod -R u+w "$work"

# The plugin registers itself when imported, as with golangci-lint custom.
cat > "$work/cmd/golangci-lint/plugins.go" <<'GO'
package main

import _ "github.com/slslint/slslint/plugin/golangci"
GO

cd "$work"
go mod edit -require=github.com/slslint/slslint@v0.0.0 -replace=github.com/slslint/slslint="$repo"
go mod tidy
mkdir -p "$(dirname "$out")"
GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-X main.version=${version#v}-slslint" -o "$out" ./cmd/golangci-lint
echo "custom-gcl: built $out" >&2
