#!/usr/bin/env bash
# Builds ctyref (the go-cty 1.12.1 batch oracle in ./ctyref) against Debian's packaged go-cty,
# installing golang-go and golang-github-zclconf-go-cty-dev with apt when missing.
# Usage: build-ctyref.sh [OUT_BINARY]   (default /tmp/ctyref)
set -euo pipefail
out=${1:-/tmp/ctyref}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/zclconf/go-cty ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-github-zclconf-go-cty-dev >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/ctyref"
cp "$here/ctyref/main.go" "$work/src/ctyref/main.go"
(cd "$work" && GOPATH="$work:/usr/share/gocode" GO111MODULE=off GOFLAGS= GOCACHE="$work/cache" go build -o "$out" ./src/ctyref)
echo "built $out" >&2
