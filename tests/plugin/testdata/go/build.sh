#!/bin/sh
# Builds the Go interop fixtures into $1 (default /tmp/foundry-go-fixtures):
#   kv-plugin, kv-host          go-plugin's gRPC key/value shape (kv/)
#   counter-plugin, counter-host  go-plugin's bidirectional shape (counter/): the
#                               plugin's Put calls the host's AddHelper via the broker
#   terraform-provider-anchor   the Go anchor provider (anchor/; go-plugin +
#                               grpc-go + go-cty, no plugin framework)
# Offline, GOPATH mode, against Debian's packaged Go sources:
#   apt-get install -y golang-1.19-go golang-google-grpc-dev \
#     golang-github-hashicorp-go-plugin-dev golang-google-protobuf-dev \
#     golang-github-golang-protobuf-1-5-dev golang-github-zclconf-go-cty-dev \
#     protobuf-compiler protoc-gen-go protoc-gen-go-grpc
# (go-plugin 1.0.1, grpc-go 1.33.3, protobuf-go 1.28.1, go-cty 1.12.1.)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/foundry-go-fixtures}
WORK=$OUT/gopath/src
export PATH=/usr/lib/go-1.19/bin:$PATH GO111MODULE=off GOPROXY=off GOFLAGS= \
  GOPATH=$OUT/gopath:/usr/share/gocode GOCACHE=${GOCACHE:-$OUT/.gocache}
rm -rf "$WORK"
mkdir -p "$WORK/kv" "$WORK/counter" "$WORK/anchor/tfplugin6" "$OUT/bin"
cp -r "$HERE/kv/." "$WORK/kv/"
cp -r "$HERE/counter/." "$WORK/counter/"
cp "$HERE/anchor/main.go" "$WORK/anchor/main.go"
protoc -I "$HERE/kv/proto" --go_out="$WORK/kv/proto" --go_opt=paths=source_relative \
  --go-grpc_out="$WORK/kv/proto" --go-grpc_opt=paths=source_relative kv.proto
protoc -I "$HERE/counter/proto" --go_out="$WORK/counter/proto" --go_opt=paths=source_relative \
  --go-grpc_out="$WORK/counter/proto" --go-grpc_opt=paths=source_relative counter.proto
protoc -I "$HERE/anchor" --go_out="$WORK/anchor/tfplugin6" --go_opt=paths=source_relative \
  --go-grpc_out="$WORK/anchor/tfplugin6" --go-grpc_opt=paths=source_relative \
  tfplugin6_anchor.proto
go build -trimpath -o "$OUT/bin/kv-plugin" kv/plugin
go build -trimpath -o "$OUT/bin/kv-host" kv/host
go build -trimpath -o "$OUT/bin/counter-plugin" counter/plugin
go build -trimpath -o "$OUT/bin/counter-host" counter/host
go build -trimpath -o "$OUT/bin/terraform-provider-anchor" anchor
