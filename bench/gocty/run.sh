#!/usr/bin/env bash
# Builds bench/gocty/set_number_decode.go against Debian's packaged go-cty
# (golang-github-zclconf-go-cty-dev, GOPATH mode, offline) and runs it.
# Usage: bench/gocty/run.sh N...   e.g. bench/gocty/run.sh 250 500 1000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/zclconf/go-cty ]; then
  echo "needs apt packages golang-go and golang-github-zclconf-go-cty-dev" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/setbench"
cp "$here/set_number_decode.go" "$work/src/setbench/main.go"
(cd "$work" && GOPATH="$work:/usr/share/gocode" GO111MODULE=off GOFLAGS= go build -o "$work/setbench" ./src/setbench)
"$work/setbench" "$@"
