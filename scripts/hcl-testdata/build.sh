#!/usr/bin/env bash
# Builds hclsyntax_dump (Go's hclsyntax as the reference for parser test data) from Debian's
# packaged hashicorp/hcl v2 and go-cty, as ../shared/refs/build-refbench.sh builds refbench.
# Usage: build.sh [OUT_BINARY]  (default /tmp/hclsyntax_dump)
set -euo pipefail
out=${1:-/tmp/hclsyntax_dump}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-github-hashicorp-hcl-v2-dev golang-github-zclconf-go-cty-dev >/dev/null
fi
work=$(mktemp -d)
mkdir -p "$work/src/hclsyntax_dump"
cp "$here/hclsyntax_dump.go" "$work/src/hclsyntax_dump/main.go"
(cd "$work" && GOPATH="$work:/usr/share/gocode" GO111MODULE=off GOFLAGS= go build -o "$out" ./src/hclsyntax_dump)
rm -rf "$work"
echo "built $out"
