// Command counter-host is a go-plugin host: it loads the counter plugin
// named by its arguments (Foundry's, in the tests) with AutoMTLS, puts 5
// then 7 under one key (each Put calls back into this host's AddHelper
// through the broker), reads the total, reads it again through a reader
// the plugin serves on the broker, and prints one JSON line per step.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"

	"counter/shared"
)

type adder struct{ calls int64 }

func (a *adder) Sum(x, y int64) (int64, error) {
	atomic.AddInt64(&a.calls, 1)
	return x + y, nil
}

func report(fields map[string]interface{}) {
	b, _ := json.Marshal(fields)
	fmt.Println(string(b))
}

func fail(step string, err error) {
	report(map[string]interface{}{"step": step, "error": err.Error()})
	os.Exit(1)
}

func main() {
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  shared.Handshake,
		Plugins:          map[string]plugin.Plugin{"counter": &shared.Plugin{}},
		Cmd:              exec.Command(os.Args[1], os.Args[2:]...),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Stderr:           os.Stderr,
		Logger:           hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Debug}),
	})
	defer client.Kill()
	rpc, err := client.Client()
	if err != nil {
		fail("connect", err)
	}
	raw, err := rpc.Dispense("counter")
	if err != nil {
		fail("dispense", err)
	}
	c := raw.(shared.Counter)
	helper := &adder{}
	for _, v := range []int64{5, 7} {
		if err := c.Put("hits", v, helper); err != nil {
			fail("put", err)
		}
	}
	total, err := c.Get("hits")
	if err != nil {
		fail("get", err)
	}
	report(map[string]interface{}{"step": "total", "value": total, "helper_calls": atomic.LoadInt64(&helper.calls)})
	// The other direction: the plugin serves a reader, this host dials it.
	reader, err := c.OpenReader()
	if err != nil {
		fail("open_reader", err)
	}
	seen, err := reader.Get("hits")
	if err != nil {
		fail("reader_get", err)
	}
	report(map[string]interface{}{"step": "reader", "value": seen})
	client.Kill()
	report(map[string]interface{}{"step": "shutdown", "exited": client.Exited()})
}
