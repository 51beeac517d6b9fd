// Reads one decimal text per line and prints what go-cty holds for it: Go's
// big.ParseFloat at 512 bits, nearest even (cty.ParseNumberVal), written back
// with Text('f', -1) as go-cty's JSON and msgpack encoders write it.
package main

import (
	"bufio"
	"fmt"
	"math/big"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		f, _, err := big.ParseFloat(in.Text(), 10, 512, big.ToNearestEven)
		if err != nil {
			fmt.Println("error")
			continue
		}
		fmt.Println(f.Text('f', -1))
	}
}
