// Command sgdlab-server serves the lab — the page, the figure page, the
// precompressed wasm and the dataset shards, all embedded — from one binary.
//
//	sgdlab-server [-addr 127.0.0.1:8080] [-v]
//
// It prints "sgdlab serving on http://HOST:PORT/" (the real port when -addr
// ends in :0) and stops gracefully on SIGINT or SIGTERM, exiting 0; a second
// signal ends it at once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sgdlab/web"
)

// Server limits. Requests are small GETs; responses can be large and clients
// slow: WriteTimeout bounds a whole response, and the gzipped wasm (~5 MB)
// takes ~20 s at 2 Mbit/s, the decoded one (~21 MB) much longer.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 120 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 10 * time.Second
)

// errUsage: the command line was wrong, and the flag set has said so.
var errUsage = errors.New("usage")

// required are the build outputs the page cannot run without.
var required = []string{"dist/main.wasm", "dist/wasm_exec.js"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }() // a second signal kills at once
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, web.FS())
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "sgdlab-server:", err)
		os.Exit(1)
	}
}

// run parses args, serves fsys until ctx is done, then shuts down
// gracefully. The URL goes to stdout; warnings and the request log to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, fsys fs.FS) error {
	fl := flag.NewFlagSet("sgdlab-server", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0: any free port)")
	verbose := fl.Bool("v", false, "log every request")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // fl has said why
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments %q\n", fl.Args())
		fl.Usage()
		return errUsage
	}

	h, err := newHandler(fsys)
	if err != nil {
		return err
	}
	var missing []string
	for _, name := range required {
		if h.files[name] == nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "sgdlab-server: WARNING: the wasm was not built (%s not in this binary): the page will only show an error. Build and serve with `make run`.\n",
			strings.Join(missing, ", "))
	}
	if h.files[theoryFile] == nil {
		fmt.Fprintf(stderr, "sgdlab-server: WARNING: the theory page was not built (%s not in this binary): %s answers 404. Build and serve with `make run`.\n",
			theoryFile, theoryPath)
	}
	logger := log.New(stderr, "", log.LstdFlags)
	var hh http.Handler = h
	if *verbose {
		hh = logRequests(logger, h)
	}
	srv := &http.Server{
		Handler:           hh,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          logger,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sgdlab serving on %s\n", serverURL(ln.Addr()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serverURL is the URL of the listener at addr; an unspecified host
// (":8080", "0.0.0.0", "[::]") is shown as localhost, which a browser opens.
func serverURL(addr net.Addr) string {
	host := addr.String()
	if a, ok := addr.(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(a.Port))
	}
	return "http://" + host + "/"
}

// logRequests logs one line per request: method, path, status, duration.
func logRequests(l *log.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		l.Printf("%s %s %d %v", r.Method, r.URL.RequestURI(), sw.status, time.Since(start).Round(time.Microsecond))
	})
}

// statusWriter remembers the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
