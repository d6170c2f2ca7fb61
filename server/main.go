// Command sgdlab-server serves the lab: the page, the figure page and the
// precompressed wasm, all embedded, from one binary.
//
//	sgdlab-server -addr 127.0.0.1:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sgdlab/web"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)")
	verbose := flag.Bool("v", false, "log every request")
	flag.Parse()
	if err := serve(*addr, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "sgdlab-server:", err)
		os.Exit(1)
	}
}

func serve(addr string, verbose bool) error {
	h, err := newHandler(web.FS())
	if err != nil {
		return err
	}
	if h.files["dist/main.wasm"] == nil || h.files["dist/wasm_exec.js"] == nil {
		fmt.Fprintln(os.Stderr, "sgdlab-server: warning: the wasm was not built into this binary; the page will say so — build with `make run`")
	}
	var handler http.Handler = h
	if verbose {
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			h.ServeHTTP(w, r)
			log.Printf("%s %s %v", r.Method, r.URL.Path, time.Since(start))
		})
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("sgdlab serving on http://%s/\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
