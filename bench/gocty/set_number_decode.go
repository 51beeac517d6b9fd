// set_number_decode: times go-cty's msgpack decoding of a set(number) whose
// elements share their first 10 significant digits (so they share go-cty's
// set hash bucket). The input is the one bench/cty_bench.ts and
// tests/cty/set_order_scaling_test.ts use: "1234567890.DDDDD1" with
// DDDDD = i*7919 mod 100000.
//
//	set_number_decode N...   prints one line per N: elements, decode seconds
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

func main() {
	ty := cty.Set(cty.Number)
	for _, arg := range os.Args[1:] {
		n, err := strconv.Atoi(arg)
		if err != nil {
			panic(err)
		}
		parts := make([]string, n)
		for i := 0; i < n; i++ {
			parts[i] = fmt.Sprintf("1234567890.%05d1", i*7919%100000)
		}
		v, err := ctyjson.Unmarshal([]byte("["+strings.Join(parts, ",")+"]"), ty)
		if err != nil {
			panic(err)
		}
		b, err := ctymsgpack.Marshal(v, ty)
		if err != nil {
			panic(err)
		}
		start := time.Now()
		out, err := ctymsgpack.Unmarshal(b, ty)
		if err != nil {
			panic(err)
		}
		fmt.Printf("go-cty msgpack decode set(number) n=%d: %.3f s (%d elements)\n", n, time.Since(start).Seconds(), out.LengthInt())
	}
}
