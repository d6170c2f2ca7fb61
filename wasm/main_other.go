//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// The figure runs only in the browser; natively this package exists for its tests.
func main() {
	fmt.Fprintln(os.Stderr, "sgdlab's figure runs in the browser: build it with GOOS=js GOARCH=wasm (make run)")
	os.Exit(2)
}
