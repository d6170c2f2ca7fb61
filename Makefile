# sgdlab — see README.md. Two commands: `make run` and `make test`.
GO        ?= go
ADDR      ?= 127.0.0.1:8080
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
DIST      := web/static/dist
BIN       := bin
GOSRC     := $(shell find sim wasm web server -name '*.go' -not -name '*_test.go') go.mod go.sum
WEBSRC    := $(shell find web/static -type f -not -path '*/dist/*')

.PHONY: all build run test vet unit wasm-unit fuzz bench e2e deps clean

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

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

unit:
	$(GO) test -count=1 ./sim/... ./server/...

wasm-unit:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASM_EXEC) ./sim/...

clean:
	rm -rf $(BIN) $(DIST)/main.wasm $(DIST)/main.wasm.gz $(DIST)/wasm_exec.js
