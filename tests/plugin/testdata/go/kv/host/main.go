// Command kv-host is a go-plugin host: it loads the key/value plugin named by
// its arguments (Foundry's, in the tests) with AutoMTLS and prints one JSON
// line per step: put, get, a missing key's error, 100 concurrent gets,
// health, then a graceful shutdown, or with KV_HOST_KILL=1 a SIGKILL to the
// plugin and what the host sees after it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/status"

	"kv/shared"
)

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
		Plugins:          map[string]plugin.Plugin{"kv": &shared.Plugin{}},
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
	raw, err := rpc.Dispense("kv")
	if err != nil {
		fail("dispense", err)
	}
	kv := raw.(shared.KV)
	report(map[string]interface{}{"step": "connect", "protocol": client.NegotiatedVersion()})

	if err := kv.Put("greeting", []byte("hello from go")); err != nil {
		fail("put", err)
	}
	v, err := kv.Get("greeting")
	if err != nil {
		fail("get", err)
	}
	report(map[string]interface{}{"step": "get", "value": string(v)})

	_, err = kv.Get("missing")
	st, _ := status.FromError(err)
	report(map[string]interface{}{"step": "missing", "code": st.Code().String(), "message": st.Message()})

	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := kv.Get("greeting"); err == nil && string(v) == "hello from go" {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	report(map[string]interface{}{"step": "concurrent", "ok": ok})
	report(map[string]interface{}{"step": "ping", "ok": rpc.Ping() == nil})

	if os.Getenv("KV_HOST_KILL") == "1" {
		pid := client.ReattachConfig().Pid
		syscall.Kill(pid, syscall.SIGKILL)
		deadline := time.Now().Add(10 * time.Second)
		for !client.Exited() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		_, err := kv.Get("greeting")
		report(map[string]interface{}{"step": "killed", "exited": client.Exited(), "call_failed": err != nil})
		return
	}
	client.Kill()
	report(map[string]interface{}{"step": "shutdown", "exited": client.Exited()})
}
