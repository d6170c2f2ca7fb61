# sgdlab — see README.md. Two commands: `make run` and `make test`.
GO        ?= go
ADDR      ?= 127.0.0.1:8080
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
DIST      := web/static/dist
BIN       := bin
GOSRC     := $(shell find sim wasm web server -name '*.go' -not -name '*_test.go') go.mod go.sum
WEBSRC    := $(shell find web/static -type f -not -path '*/dist/*')

.PHONY: all build run test vet unit wasm-unit fusion goldens-v3 goldens-arm64 goldens-simd fuzz fuzz-short bench e2e deps clean shards docs cluster

all: build

build: $(BIN)/sgdlab-server $(BIN)/sgdlab

# The wasm figure, precompressed; the server embeds only the .gz.
$(DIST)/main.wasm.gz: $(GOSRC)
	@mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(DIST)/main.wasm ./wasm
	gzip -9 -n -f $(DIST)/main.wasm

# The Web Workers' program (wasm/worker): the labs without the figure, loaded
# by web/static/worker.js; precompressed like the figure's.
$(DIST)/worker.wasm.gz: $(GOSRC)
	@mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(DIST)/worker.wasm ./wasm/worker
	gzip -9 -n -f $(DIST)/worker.wasm

$(DIST)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	@mkdir -p $(DIST)
	cp $< $@

# The theory page: docs/theory.md rendered by goldmark (server/mktheory),
# embedded by the server and served at /theory.
THEORYSRC := docs/theory.md $(shell find server/internal/theorypage server/mktheory -name '*.go' -not -name '*_test.go') go.mod go.sum
$(DIST)/theory.html: $(THEORYSRC)
	@mkdir -p $(DIST)
	$(GO) run ./server/mktheory -in docs/theory.md -out $@

$(BIN)/sgdlab-server: $(DIST)/main.wasm.gz $(DIST)/worker.wasm.gz $(DIST)/wasm_exec.js $(DIST)/theory.html $(GOSRC) $(WEBSRC)
	$(GO) build -trimpath -o $@ ./server

$(BIN)/sgdlab: $(GOSRC)
	$(GO) build -trimpath -o $@ ./sim/cmd/sgdlab

run: $(BIN)/sgdlab-server
	$(BIN)/sgdlab-server -addr $(ADDR)

# Every test: set-up, vet for both targets, unit tests natively and as wasm
# under node, short fuzzing, the tests built with FMA (amd64 GOAMD64=v3, and
# arm64 under qemu), the optional AVX-512 paths (GOEXPERIMENT=simd), a real
# one-node Slurm cluster running sharded links, and the real-browser
# end-to-end tests.
test: deps vet unit wasm-unit fuzz-short goldens-v3 goldens-simd goldens-arm64 cluster e2e

vet: $(DIST)/wasm_exec.js
	@test -z "$$(gofmt -l sim wasm web server e2e)" || { echo "gofmt needed:"; gofmt -l sim wasm web server e2e; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

unit:
	$(GO) test -count=1 ./sim/... ./server/... ./web/... ./wasm/... ./docs/...

# Rewrite the generated sections of docs/ (between <!-- BEGIN sgdlab … -->
# and <!-- END sgdlab … -->) with what `go run ./sim/cmd/sgdlab -params` and
# `-presets` print now; unit fails while they differ.
docs:
	$(GO) test -count=1 -run '^TestGeneratedDocs$$' ./sim/cmd/sgdlab -args -update

wasm-unit:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASM_EXEC) ./sim/...

# The fusion check alone (unit runs it too): sim/ compiled for arm64 and for
# amd64 GOAMD64=v3 must hold no fused multiply-add, and call no math function
# that is not exactly rounded (sim/fusion_test.go).
fusion:
	$(GO) test -count=1 -run '^TestFusion$$' -v ./sim

# Where the compiler fuses x*y + z into one FMA instruction the numbers must
# not change: every test of sim/ (the labs' golden files included) built for
# amd64 with GOAMD64=v3 (about a minute), and on arm64 under qemu-aarch64
# (below). TestFusion is left to unit: it compiles for both targets itself.
# A GOAMD64=v3 binary needs a CPU with AVX2 and FMA: without one it skips,
# loudly, unless CI=true.
CPUINFO ?= /proc/cpuinfo
goldens-v3:
	@if [ "$$($(GO) env GOHOSTARCH)" = amd64 ] && grep -qw fma $(CPUINFO) 2>/dev/null && grep -qw avx2 $(CPUINFO); then \
		echo "GOAMD64=v3 $(GO) test -count=1 -skip '^TestFusion\$$' ./sim/..."; \
		GOAMD64=v3 $(GO) test -count=1 -skip '^TestFusion$$' ./sim/... || { \
			echo "goldens-v3: tests give other numbers with FMA; make fusion lists the lines to fix" >&2; exit 1; }; \
	elif [ "$$CI" = true ]; then \
		echo "goldens-v3: FAIL: this machine cannot run GOAMD64=v3 code (needs amd64 with AVX2 and FMA) and CI=true" >&2; exit 1; \
	else \
		echo "************************************************************************"; \
		echo "* goldens-v3 SKIPPED: this machine cannot run GOAMD64=v3 code (needs   *"; \
		echo "* amd64 with AVX2 and FMA), so the tests with FMA on amd64 did not run *"; \
		echo "************************************************************************"; \
	fi

# The optional AVX-512 paths (GOEXPERIMENT=simd, amd64) must give the bits of
# the portable loops: every test of sim/, goldens included, in that build
# (about a minute). They are taken only on CPUs with AVX-512; elsewhere this
# skips, loudly (the paths are optional, so not even CI=true fails here).
goldens-simd:
	@if [ "$$($(GO) env GOHOSTARCH)" = amd64 ] && grep -qw avx512f $(CPUINFO) 2>/dev/null; then \
		echo "GOEXPERIMENT=simd $(GO) test -count=1 -skip '^TestFusion\$$' ./sim/..."; \
		GOEXPERIMENT=simd $(GO) test -count=1 -skip '^TestFusion$$' ./sim/... || { \
			echo "goldens-simd: the AVX-512 paths give other numbers than the portable loops" >&2; exit 1; }; \
	else \
		echo "************************************************************************"; \
		echo "* goldens-simd SKIPPED: no AVX-512 here, so the optional GOEXPERIMENT=  *"; \
		echo "* simd paths (never used by default builds) were not tested            *"; \
		echo "************************************************************************"; \
	fi

# The tests of sim/ built for arm64, which always fuses, and run under
# qemu-aarch64 from each package's directory (so testdata/ is found), two at a
# time, the slowest first: every library package with tests but sim itself
# (TestFusion and the import check run the go command; unit runs them), all
# their tests but the few that take more than ~25 s under qemu, listed in
# ARM64_SKIP_<pkg> (the labs' TestGolden always runs). About three minutes on
# two cores. Without qemu-aarch64 (Debian qemu-user; make deps) it skips,
# loudly, unless CI=true.
ARM64_FIRST := lab/consensus lab/variance lab/armijo lab/critical layout lab/batch spectrum dgd sgd axis
ARM64_ALL    = $(patsubst sgdlab/sim/%,%,$(shell $(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./sim/... | \
	grep -v -e '^sgdlab/sim$$' -e '^sgdlab/sim/cmd/'))
ARM64_PKGS   = $(ARM64_FIRST) $(filter-out $(ARM64_FIRST),$(ARM64_ALL))
# TestJobs, TestPortable and TestOrderFree (the same bits for any number of
# workers, for results moved as bytes, in any order of the units) repeat the
# goldens natively; under qemu the goldens themselves test arm64's bits.
ARM64_SKIP_lab/consensus := ^(TestPresetsRun|TestJobs|TestPortable)$$
ARM64_SKIP_lab/variance  := ^(TestDiabetes|TestJobs|TestPortable)$$
ARM64_SKIP_lab/armijo    := ^(TestMNISTShape|TestSlicingDoesNotChangeNumbers|TestKIsTheFirstHit|TestJobs|TestPortable)$$
ARM64_SKIP_lab/critical  := ^(TestSpeedupExactCase|TestJobs|TestPortable)$$
ARM64_SKIP_lab/batch     := ^(TestJobs|TestPortable)$$
ARM64_SKIP_lab/labtest   := ^TestOrderFree$$
ARM64_SKIP_lab/part      := ^TestShardsMergeToOneRun$$
ARM64_JOBS ?= 2
goldens-arm64:
	@if ! command -v qemu-aarch64 >/dev/null 2>&1; then \
		if [ "$$CI" = true ]; then echo "goldens-arm64: FAIL: qemu-aarch64 not found (Debian qemu-user: make deps) and CI=true" >&2; exit 1; fi; \
		echo "************************************************************************"; \
		echo "* goldens-arm64 SKIPPED: qemu-aarch64 not found (Debian package         *"; \
		echo "* qemu-user; make deps installs it), so the arm64 tests did not run     *"; \
		echo "************************************************************************"; \
		exit 0; \
	fi; \
	$(MAKE) --no-print-directory -k -j$(ARM64_JOBS) -O $(addprefix arm64-test/,$(ARM64_PKGS)) || { \
		echo "goldens-arm64: tests fail on arm64; if numbers differ, make fusion lists the lines to fix" >&2; exit 1; }

# arm64-test/PKG builds sim/PKG's tests for arm64 and runs them under qemu.
arm64-test/%:
	@mkdir -p $(BIN)/arm64
	GOARCH=arm64 CGO_ENABLED=0 $(GO) test -c -o $(BIN)/arm64/$(subst /,-,$*).test ./sim/$*
	@start=$$(date +%s); \
	(cd sim/$* && qemu-aarch64 $(CURDIR)/$(BIN)/arm64/$(subst /,-,$*).test -test.count=1 -test.skip '$(ARM64_SKIP_$*)') \
		&& echo "ok    arm64 sim/$* ($$(( $$(date +%s) - start ))s under qemu)" \
		|| { echo "FAIL  arm64 sim/$* ($$(( $$(date +%s) - start ))s under qemu)"; exit 1; }

# A real one-node Slurm cluster (e2e/cluster/): as root it installs Debian's
# slurmctld, slurmd, slurm-client and munge when missing, starts munged,
# slurmctld and slurmd with a slurm.conf of its own, submits the scripts of
# sgdlab -slurm for two labs and a grid, merges, compares the digests with
# one-machine runs, cancels an array task and resubmits (about 2 minutes).
# Not root: it skips, loudly, unless CI=true.
cluster: $(BIN)/sgdlab
	SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab $(GO) test -count=1 -v -timeout 15m ./e2e/cluster

# Fuzz targets: a few seconds each in `make test`, longer with `make fuzz`.
# make test counts executions, not seconds: with a duration, Go 1.26's fuzz
# coordinator can fail a target with "context deadline exceeded" when the
# time runs out on a loaded machine (go.dev/issue/75804, fixed in Go 1.27).
# Every lab's FuzzLink is found by name, so a new lab needs no line here.
FUZZ_LABS    := $(sort $(dir $(shell grep -l '^func FuzzLink' sim/lab/*/*_test.go)))
FUZZ_TARGETS := FuzzParse:./sim/spec $(patsubst %/,FuzzLink:./%,$(FUZZ_LABS)) FuzzDecode:./sim/shard FuzzDecode:./sim/lab/part FuzzParse:./sim/lab/grid FuzzTicks:./sim/axis FuzzRange:./sim/axis
FUZZTIME ?= 60s
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=30000x
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} $${t#*:} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) "$${t#*:}"; \
	done

# Benchmarks: the SGD step natively, in wasm under node and in headless
# Chromium, with the wasm/native ratios; the CLI on one core and on two; then
# the other Go benchmarks natively.
bench: bench-wasm bench-browser bench-jobs
	$(GO) test -run '^$$' -bench . -benchmem ./sim/vec ./sim/linalg ./sim/kernel ./sim/spectrum

# The CLI on one core and on two (-j 1 vs -j 2, in turn, 3 runs each) on
# the default links of critical, variance and armijo and the paper-size
# critical run (about 10 minutes in all on two cores): median wall times,
# their ratio, the serial fraction it implies and Amdahl's prediction for 8
# and 32 cores. BENCH_JOBS_FLAGS=-quick leaves out the paper-size run.
bench-jobs: $(BIN)/sgdlab
	$(GO) run ./sim/cmd/benchjobs -bin $(BIN)/sgdlab -j 2 -reps 3 $(BENCH_JOBS_FLAGS)

# Dataset shards (committed under web/static/data, so `make run` needs no
# network): regenerated byte for byte from the registry sources.
SHARD_SRC ?= $(CURDIR)/.cache/shard-sources
shards:
	$(GO) run ./sim/cmd/mkshards -mnist "$$(bash .ci/shard-sources $(SHARD_SRC))" -out web/static/data
	@if [ -z "$$(git status --porcelain -- web/static/data)" ]; then echo "shards: identical to the committed ones"; \
	else echo "shards: DIFFERENT from the committed ones:"; git status --short -- web/static/data; fi

clean:
	rm -rf $(BIN) $(DIST)/main.wasm $(DIST)/main.wasm.gz $(DIST)/worker.wasm $(DIST)/worker.wasm.gz $(DIST)/wasm_exec.js $(DIST)/theory.html

# ---------------------------------------------------------------------------
# End-to-end tests, dependencies, wasm benchmarks (e2e/, .ci/, sim/cmd/benchratio/).
# `make test` is meant to end with `e2e`; .ci/run calls .ci/deps first.
E2E_TIMEOUT ?= 15m
BENCH_COUNT ?= 3

.PHONY: bench-wasm bench-browser bench-peers bench-jobs screenshot

# Install what `make test` needs (node, chromium, ...) when run as root.
deps:
	bash .ci/deps

# Real server + real CLI + headless Chromium. Without Chromium the browser tests
# skip loudly, unless CI=true. Screenshots and logs go to e2e/artifacts/.
e2e: $(BIN)/sgdlab-server $(BIN)/sgdlab
	SGDLAB_SERVER=$(CURDIR)/$(BIN)/sgdlab-server SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab \
		$(GO) test -count=1 -v -timeout $(E2E_TIMEOUT) ./e2e

# SGD and kernel-SGD step benchmarks natively, as wasm under node and in
# headless Chromium, with the wasm/native ratios (Markdown, for the README).
bench-wasm:
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/sgd -bench '^BenchmarkStep$$' -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/kernel -bench '^BenchmarkStep(Multi)?$$/^n=2000' -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/dgd -bench '^BenchmarkStep$$' -benchtime 5x -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/ensemble -bench '^BenchmarkStep$$' -benchtime 50x -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/model -bench '^BenchmarkMLP$$' -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/sgd -bench '^BenchmarkMulti$$' -count $(BENCH_COUNT)
	$(GO) run ./sim/cmd/benchratio -pkg ./sim/lab/armijo -bench '^BenchmarkDefaultSweep$$' -benchtime 1x -count 1 -browser off

# The Gaussian kernel matrix of MNIST (n = 10^4) and the distributed-GD step
# (ring and Erdős–Rényi, n = 10^3 and 10^4, d = 784) side by side with numpy
# and PyTorch; the MLP, kernel SGD on the MNIST kernel matrix and linear SGD
# on raw MNIST pixels side by side with PyTorch and numpy. When run as root it
# installs the peers from Debian, with OpenBLAS (a user's numpy has an
# optimised BLAS, not the reference one). The MLP and SGD comparisons run
# twice: sgdlab's default (portable) build, then GOEXPERIMENT=simd, whose
# optional AVX-512 paths give the same bits.
PEER_PKGS := python3-numpy python3-torch libopenblas0-pthread
bench-peers:
	@dpkg -s $(PEER_PKGS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PEER_PKGS); } || \
		echo "bench-peers: the peers need $(PEER_PKGS) (apt-get install, as root)"
	$(GO) run ./sim/cmd/benchpeers -n 10000
	$(GO) run ./sim/cmd/benchpeers -dgd 10 -reps 3 -n 10000
	$(GO) run ./sim/cmd/benchpeers -ensemble 50 -reps 3
	@for exp in "" simd; do \
		echo "== sgdlab built with GOEXPERIMENT=$$exp"; \
		GOEXPERIMENT=$$exp $(GO) run ./sim/cmd/benchpeers -mlp 200 -reps 3 && \
		GOEXPERIMENT=$$exp $(GO) run ./sim/cmd/benchpeers -kernelsgd 100 -reps 3 -n 10000 && \
		GOEXPERIMENT=$$exp $(GO) run ./sim/cmd/benchpeers -linsgd 100 -reps 3 -n 10000 || exit 1; \
	done

# Headless Chromium opens the MNIST Figure 3 preset (n = 2000) and reports
# the time from the link to the page, the first curve and the end of the run;
# then the n = 500 node graph's frames and steps per second; then the time of
# the Armijo lab's default sweep; then the critical and Armijo default links
# from Run to done with the page alone, one Web Worker and two.
bench-browser: $(BIN)/sgdlab-server $(BIN)/sgdlab
	SGDLAB_SERVER=$(CURDIR)/$(BIN)/sgdlab-server SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab SGDLAB_BENCH_BROWSER=1 \
		$(GO) test -count=1 -timeout $(E2E_TIMEOUT) -run 'TestCritical/Preset|TestConsensusFrameRate|TestArmijo|TestWorkersBench|TestWorkersGraphBench|TestWorkersCPU' ./e2e
	@cat e2e/artifacts/critical-timing.txt e2e/artifacts/consensus-framerate.txt e2e/artifacts/armijo-timing.txt e2e/artifacts/workers-timing.txt e2e/artifacts/workers-graph.txt e2e/artifacts/workers-cpu.txt

# The README's screenshots, made by the browser tests.
screenshot: $(BIN)/sgdlab-server $(BIN)/sgdlab
	SGDLAB_SERVER=$(CURDIR)/$(BIN)/sgdlab-server SGDLAB_CLI=$(CURDIR)/$(BIN)/sgdlab \
		$(GO) test -count=1 -timeout $(E2E_TIMEOUT) -run 'TestLab/DefaultLink|TestCritical/Preset|TestConsensus$$|TestA11y/Screens' ./e2e
	@mkdir -p docs
	cp e2e/artifacts/lab.png docs/screenshot.png
	cp e2e/artifacts/critical.png docs/critical.png
	cp e2e/artifacts/consensus-pinned.png docs/consensus.png
	cp e2e/artifacts/embed.png docs/embed.png
	cp e2e/artifacts/phone.png docs/phone.png
