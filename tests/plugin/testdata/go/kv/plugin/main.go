// Command kv-plugin is a go-plugin key/value plugin: Foundry's host loads it.
// A missing key answers NOT_FOUND; each Put prints one line on the plugin's
// original stderr, which the host forwards.
package main

import (
	"fmt"
	"os"
	"sync"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"kv/shared"
)

type store struct {
	mu     sync.Mutex
	values map[string][]byte
	log    *os.File
}

func (s *store) Put(key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = value
	fmt.Fprintf(s.log, "kv-plugin: put %s\n", key)
	return nil
}

func (s *store) Get(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no key %q", key)
	}
	return v, nil
}

func main() {
	// go-plugin swaps os.Stderr for a pipe it does not forward over gRPC:
	// keep the original, which the host reads.
	s := &store{values: map[string][]byte{}, log: os.Stderr}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: shared.Handshake,
		Plugins:         map[string]plugin.Plugin{"kv": &shared.Plugin{Impl: s}},
		GRPCServer:      plugin.DefaultGRPCServer,
	})
}
