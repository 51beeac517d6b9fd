// Command counter-plugin is a go-plugin plugin: a counter whose Put asks
// the host's AddHelper (dialed through the broker) for the new total.
package main

import (
	"fmt"
	"os"
	"sync"

	plugin "github.com/hashicorp/go-plugin"

	"counter/shared"
)

type counter struct {
	mu     sync.Mutex
	totals map[string]int64
}

func (c *counter) Put(key string, value int64, helper shared.AddHelper) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum, err := helper.Sum(c.totals[key], value)
	if err != nil {
		return fmt.Errorf("the host's AddHelper failed: %w", err)
	}
	c.totals[key] = sum
	fmt.Fprintf(os.Stderr, "counter-plugin: %s = %d\n", key, sum)
	return nil
}

func (c *counter) Get(key string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.totals[key], nil
}

// OpenReader is served by counterServer over the broker; in process a
// counter is its own reader.
func (c *counter) OpenReader() (shared.Counter, error) {
	return c, nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: shared.Handshake,
		Plugins: map[string]plugin.Plugin{
			"counter": &shared.Plugin{Impl: &counter{totals: map[string]int64{}}},
		},
		GRPCServer: plugin.DefaultGRPCServer,
	})
}
