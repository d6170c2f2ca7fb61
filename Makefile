# sgdlab — see README.md. Two commands: `make run` and `make test`.
GO        ?= go
ADDR      ?= 127.0.0.1:8080
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
DIST      := web/static/dist
BIN       := bin
GOSRC     := $(shell find sim wasm web server -name '*.go' -not -name '*_test.go') go.mod go.sum
WEBSRC    := $(shell find web/static -type f -not -path '*/dist/*')

.PHONY: all build run test vet unit wasm-unit fuzz fuzz-short bench e2e deps clean

all: build

build: $(BIN)/sgdlab-server $(BIN)/sgdlab

# The wasm figure, precompressed; the server embeds only the .gz.
$(DIST)/main.wasm.gz: $(GOSRC)
	@mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(DIST)/main.wasm ./wasm
	gzip -9 -n -f $(DIST)/main.wasm

$(DIST)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	@mkdir -p $(DIST)
	cp $< $@

$(BIN)/sgdlab-server: $(DIST)/main.wasm.gz $(DIST)/wasm_exec.js $(GOSRC) $(WEBSRC)
	$(GO) build -trimpath -o $@ ./server

$(BIN)/sgdlab: $(GOSRC)
	$(GO) build -trimpath -o $@ ./sim/cmd/sgdlab

run: $(BIN)/sgdlab-server
	$(BIN)/sgdlab-server -addr $(ADDR)

# Every test: set-up, vet for both targets, unit tests natively and as wasm
# under node, short fuzzing, and the real-browser end-to-end tests.
test: deps vet unit wasm-unit fuzz-short e2e

vet: $(DIST)/wasm_exec.js
	@test -z "$$(gofmt -l sim wasm web server e2e)" || { echo "gofmt needed:"; gofmt -l sim wasm web server e2e; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

unit:
	$(GO) test -count=1 ./sim/... ./server/... ./web/... ./wasm/...

wasm-unit:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASM_EXEC) ./sim/...

# Fuzz targets: a few seconds each in `make test`, longer with `make fuzz`.
FUZZ_TARGETS := FuzzParse:./sim/spec FuzzLink:./sim/lab/batch
FUZZTIME ?= 60s
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=4s
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} $${t#*:} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) "$${t#*:}"; \
	done

# Benchmarks: the SGD step natively, in wasm under node and in headless
# Chromium, with the wasm/native ratios; then the other Go benchmarks natively.
bench: bench-wasm
	$(GO) test -run '^$$' -bench . -benchmem ./sim/vec ./sim/linalg

clean:
	rm -rf $(BIN) $(DIST)/main.wasm $(DIST)/main.wasm.gz $(DIST)/wasm_exec.js

# ---------------------------------------------------------------------------
# End-to-end tests, dependencies, wasm benchmarks (e2e/, .ci/, sim/cmd/benchratio/).
# `make test` is meant to end with `e2e`; .ci/run calls .ci/deps first.
E2E_TIMEOUT ?= 15m
BENCH_COUNT ?= 3

.PHONY: bench-wasm screenshot

# Install what `make test` needs (node, chromium, ...) when run as root.
deps:
	bash .ci/deps

# Real server + real CLI + headless Chromium. Without Chromium the browser tests
# skip loudly, unless CI=true. Screenshots and logs go to e2e/artifacts/.
e2e: $(BIN)/sgdlab-server $(BIN)/sgdlab
	SGDLAB_SERVER=$(CURDIR)/$(BIN)/sgdlab-server SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab \
		$(GO) test -count=1 -v -timeout $(E2E_TIMEOUT) ./e2e

# SGD step benchmarks natively, as wasm under node and in headless Chromium,
# with the wasm/native ratios (Markdown, for the README).
bench-wasm:
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/sgd -bench '^BenchmarkStep$$' -count $(BENCH_COUNT)

# The README's screenshot, made by the browser test.
screenshot: $(BIN)/sgdlab-server $(BIN)/sgdlab
	SGDLAB_SERVER=$(CURDIR)/$(BIN)/sgdlab-server SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab \
		$(GO) test -count=1 -timeout $(E2E_TIMEOUT) -run 'TestLab/DefaultLink' ./e2e
	@mkdir -p docs
	cp e2e/artifacts/lab.png docs/screenshot.png
