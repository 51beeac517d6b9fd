// Package shared is what the Go key/value host and plugin agree on: the
// handshake, the interface, and its go-plugin gRPC glue.
package shared

import (
	"context"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"kv/proto"
)

// Handshake is the cookie and version both sides use (Foundry's tests too).
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "KV_PLUGIN",
	MagicCookieValue: "foundry-kv",
}

// KV is the service a plugin implements.
type KV interface {
	Put(key string, value []byte) error
	Get(key string) ([]byte, error)
}

// Plugin connects KV to go-plugin over gRPC.
type Plugin struct {
	plugin.Plugin
	Impl KV
}

func (p *Plugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	proto.RegisterKVServer(s, &server{impl: p.Impl})
	return nil
}

func (p *Plugin) GRPCClient(ctx context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &client{c: proto.NewKVClient(c)}, nil
}

type client struct{ c proto.KVClient }

func (k *client) Put(key string, value []byte) error {
	_, err := k.c.Put(context.Background(), &proto.PutRequest{Key: key, Value: value})
	return err
}

func (k *client) Get(key string) ([]byte, error) {
	r, err := k.c.Get(context.Background(), &proto.GetRequest{Key: key})
	if err != nil {
		return nil, err
	}
	return r.Value, nil
}

type server struct {
	proto.UnimplementedKVServer
	impl KV
}

func (s *server) Put(ctx context.Context, r *proto.PutRequest) (*proto.Empty, error) {
	return &proto.Empty{}, s.impl.Put(r.Key, r.Value)
}

func (s *server) Get(ctx context.Context, r *proto.GetRequest) (*proto.GetResponse, error) {
	v, err := s.impl.Get(r.Key)
	return &proto.GetResponse{Value: v}, err
}
