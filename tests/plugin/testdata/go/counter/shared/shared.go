// Package shared is what the Go counter host and plugin agree on: the
// handshake, the interfaces, and the go-plugin glue that hands the host's
// AddHelper to the plugin through the broker.
package shared

import (
	"context"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"counter/proto"
)

// Handshake is the cookie and version both sides use (Foundry's tests too).
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "COUNTER_PLUGIN",
	MagicCookieValue: "foundry-counter",
}

// AddHelper is served by the host; the plugin calls it back.
type AddHelper interface {
	Sum(a, b int64) (int64, error)
}

// Counter is the service a plugin implements. OpenReader gives a second
// view of the same totals, served by the plugin on a brokered connection.
type Counter interface {
	Put(key string, value int64, helper AddHelper) error
	Get(key string) (int64, error)
	OpenReader() (Counter, error)
}

// Plugin connects Counter to go-plugin over gRPC.
type Plugin struct {
	plugin.Plugin
	Impl Counter
}

func (p *Plugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	proto.RegisterCounterServer(s, &counterServer{impl: p.Impl, broker: broker})
	return nil
}

func (p *Plugin) GRPCClient(ctx context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &counterClient{c: proto.NewCounterClient(c), broker: broker}, nil
}

// counterClient is the host's view: each Put serves the helper under a
// fresh broker id and sends that id along.
type counterClient struct {
	c      proto.CounterClient
	broker *plugin.GRPCBroker
}

func (k *counterClient) Put(key string, value int64, helper AddHelper) error {
	id := k.broker.NextId()
	var s *grpc.Server
	serve := func(opts []grpc.ServerOption) *grpc.Server {
		s = grpc.NewServer(opts...)
		proto.RegisterAddHelperServer(s, &helperServer{impl: helper})
		return s
	}
	go k.broker.AcceptAndServe(id, serve)
	_, err := k.c.Put(context.Background(), &proto.PutRequest{AddServer: id, Key: key, Value: value})
	if s != nil {
		s.Stop()
	}
	return err
}

// OpenReader asks the plugin to serve a reader and dials the id it answers with.
func (k *counterClient) OpenReader() (Counter, error) {
	r, err := k.c.OpenReader(context.Background(), &proto.Empty{})
	if err != nil {
		return nil, err
	}
	conn, err := k.broker.Dial(r.ReaderServer)
	if err != nil {
		return nil, err
	}
	return &counterClient{c: proto.NewCounterClient(conn), broker: k.broker}, nil
}

func (k *counterClient) Get(key string) (int64, error) {
	r, err := k.c.Get(context.Background(), &proto.GetRequest{Key: key})
	if err != nil {
		return 0, err
	}
	return r.Value, nil
}

// counterServer is the plugin's side: Put dials the id it was given.
type counterServer struct {
	proto.UnimplementedCounterServer
	impl   Counter
	broker *plugin.GRPCBroker
}

func (s *counterServer) Put(ctx context.Context, r *proto.PutRequest) (*proto.Empty, error) {
	conn, err := s.broker.Dial(r.AddServer)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	helper := &helperClient{c: proto.NewAddHelperClient(conn)}
	return &proto.Empty{}, s.impl.Put(r.Key, r.Value, helper)
}

// OpenReader serves the same totals under a fresh broker id, for the host to dial.
func (s *counterServer) OpenReader(ctx context.Context, _ *proto.Empty) (*proto.OpenResponse, error) {
	id := s.broker.NextId()
	go s.broker.AcceptAndServe(id, func(opts []grpc.ServerOption) *grpc.Server {
		srv := grpc.NewServer(opts...)
		proto.RegisterCounterServer(srv, &counterServer{impl: s.impl, broker: s.broker})
		return srv
	})
	return &proto.OpenResponse{ReaderServer: id}, nil
}

func (s *counterServer) Get(ctx context.Context, r *proto.GetRequest) (*proto.GetResponse, error) {
	v, err := s.impl.Get(r.Key)
	return &proto.GetResponse{Value: v}, err
}

type helperClient struct{ c proto.AddHelperClient }

func (h *helperClient) Sum(a, b int64) (int64, error) {
	r, err := h.c.Sum(context.Background(), &proto.SumRequest{A: a, B: b})
	if err != nil {
		return 0, err
	}
	return r.R, nil
}

type helperServer struct {
	proto.UnimplementedAddHelperServer
	impl AddHelper
}

func (h *helperServer) Sum(ctx context.Context, r *proto.SumRequest) (*proto.SumResponse, error) {
	v, err := h.impl.Sum(r.A, r.B)
	return &proto.SumResponse{R: v}, err
}
