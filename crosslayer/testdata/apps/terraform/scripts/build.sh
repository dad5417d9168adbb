#!/bin/sh
# Builds the zips under build/ that some functions deploy.
set -eu
cd "$(dirname "$0")/.."
for fn in plain api; do
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -o "build/$fn/bootstrap" "./cmd/$fn"
	zip -j "build/$fn.zip" "build/$fn/bootstrap"
done
