package sim_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// fusionExempt lists the display-only code that TestFusion skips, by
// module-relative path (a directory ends in "/"; code of another module
// inlined into sim/ is named import path/file.go, as the test prints it),
// one reason each: numbers that only place pixels, never a number the user
// reads from the data.
var fusionExempt = map[string]string{
	"sim/axis/scale.go":  "axis scales: data value ↔ pixel position, never a number the user reads from the data",
	"sim/axis/linear.go": "linear axis ticks: where tick marks go (their labels are exact decimals, see format.go)",
	"sim/axis/log.go":    "log axis ticks: where tick marks go",
	"sim/axis/format.go": "tick labels: the decade is found by math.Log10 and then corrected exactly",
}

// exactMath are the functions of package math that are exactly rounded (or
// exact), so they give the same bits on every target; every other function
// of math is banned outside sim/pmath, which implements Exp, Log and Pow.
var exactMath = map[string]bool{
	"Sqrt": true, "Abs": true, "Max": true, "Min": true, "Inf": true, "NaN": true,
	"IsInf": true, "IsNaN": true, "Floor": true, "Ceil": true, "Trunc": true,
	"Round": true, "RoundToEven": true, "Ldexp": true, "Frexp": true,
	"Float64bits": true, "Float64frombits": true, "Float32bits": true,
	"Float32frombits": true, "Nextafter": true, "Copysign": true,
	"Signbit": true, "Mod": true,
}

// The canary package is written to be caught by both checks: TestFusion
// fails if it does not find it, so a scan that silently stops seeing fused
// instructions (a new objdump or compiler output format) cannot pass.
const canaryDir = "sim/internal/fusioncanary/"

var (
	// Fused multiply-adds: FMADDD/FMSUBD/FNMADDD/FNMSUBD (and the float32
	// forms) on arm64, VFMADD*/VFMSUB*/VFNMADD*/VFNMSUB* on amd64.
	arm64Fused = regexp.MustCompile(`^(FN?M(ADD|SUB)[DS]|VFML[AS])$`)
	amd64Fused = regexp.MustCompile(`^VFN?M(ADD|SUB)\w*[SP][DS]$`)
	// A line of `go build -gcflags=-S` output: a function, an instruction.
	asmFunc = regexp.MustCompile(`^(\S+) STEXT`)
	asmInst = regexp.MustCompile(`^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\t(\S+)`)
)

// TestFusion enforces the floating-point discipline of sim/doc.go in the
// library packages of sim/ (all but sim/cmd/): the same inputs give the same
// bits on every target, natively and in wasm. It compiles them for arm64
// (which always fuses x*y + z into one FMA instruction) and for amd64 with
// GOAMD64=v3 (which fuses x*y + z) and fails on every fused instruction; and
// it fails on every use of a math function that is not exactly rounded.
func TestFusion(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("needs the go command (it compiles sim/ for arm64 and amd64); the native run of the tests checks this")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no go command: %v", err)
		}
		t.Skipf("no go command to compile sim/ with: %v", err)
	}
	m := loadModule(t, goCmd)

	t.Run("FMA", func(t *testing.T) {
		var (
			wg    sync.WaitGroup
			found [2][]fusedInst
			errs  [2]error
		)
		wg.Add(2)
		go func() { defer wg.Done(); found[0], errs[0] = m.scanARM64(goCmd) }()
		go func() { defer wg.Done(); found[1], errs[1] = m.scanAMD64(goCmd) }()
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			t.Fatal(err)
		}
		all := append(found[0], found[1]...)
		for _, arch := range []string{"arm64", "amd64/v3"} {
			seen := false
			for _, f := range all {
				seen = seen || f.arch == arch && strings.HasPrefix(f.file, canaryDir)
			}
			if !seen {
				t.Fatalf("no fused instruction found in %s on %s, which has some: the scan of the machine code is broken", canaryDir, arch)
			}
		}
		report, exempt := fusionReport(all)
		t.Logf("%d packages scanned; %d fused instructions in exempt files skipped", len(m.libs), exempt)
		if len(report) > 0 {
			t.Errorf("%d lines of sim/ compute a floating-point product and add it to or subtract it from something in one "+
				"fused multiply-add instruction (one rounding instead of two), so they give other bits on arm64 or amd64 "+
				"(GOAMD64=v3) than in wasm:\n\n%s\n"+
				"Round each such product explicitly: write float64(x*y) + z, s += float64(a*b), z - float64(x*y); "+
				"see sim/doc.go. Run this check alone with make fusion; to look at one package: GOARCH=arm64 go list -export -f '{{.Export}}' ./sim/PKG | "+
				"xargs go tool objdump | grep -E 'FMADDD|FMSUBD|FNMADDD|FNMSUBD'. Only display-only code may be exempted "+
				"instead, in fusionExempt in sim/fusion_test.go, with its reason.",
				len(report), strings.Join(report, "\n"))
		}
	})

	t.Run("math", func(t *testing.T) {
		funcs := mathFuncs(t, goCmd)
		var bad []string
		canary := 0
		for _, file := range m.files {
			if strings.HasPrefix(file, "sim/pmath/") {
				continue
			}
			found := m.checkMath(t, file, funcs)
			if strings.HasPrefix(file, canaryDir) {
				canary += len(found)
			} else if exemptReason(file) == "" {
				bad = append(bad, found...)
			}
		}
		if canary == 0 {
			t.Fatalf("no banned math call found in %s, which has one: the math check is broken", canaryDir)
		}
		if len(bad) > 0 {
			t.Errorf("%d uses of functions of package math that are not exactly rounded, so their last bits may differ "+
				"between targets and wasm:\n\n%s\n\n"+
				"Call sgdlab/sim/pmath instead (Exp, Log, Pow: the same bits everywhere; add the function there if it "+
				"is missing), see sim/doc.go. Exactly rounded functions of math are fine: %s.",
				len(bad), strings.Join(bad, "\n"), strings.Join(sortedKeys(exactMath), ", "))
		}
	})
}

// fusionReport groups the instructions by source line, drops the exempt
// ones and the canary, and formats one line per source line, sorted.
func fusionReport(all []fusedInst) (report []string, exempt int) {
	type key struct {
		file string
		line int
	}
	type site struct {
		insts, fns map[string]bool
	}
	sites := map[key]*site{}
	for _, f := range all {
		if strings.HasPrefix(f.file, canaryDir) {
			continue
		}
		if exemptReason(f.file) != "" {
			exempt++
			continue
		}
		k := key{f.file, f.line}
		s := sites[k]
		if s == nil {
			s = &site{map[string]bool{}, map[string]bool{}}
			sites[k] = s
		}
		s.insts[f.arch+" "+f.inst] = true
		s.fns[strings.TrimPrefix(f.fn, "sgdlab/sim/")] = true
	}
	keys := make([]key, 0, len(sites))
	for k := range sites {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].file != keys[j].file {
			return keys[i].file < keys[j].file
		}
		return keys[i].line < keys[j].line
	})
	for _, k := range keys {
		s := sites[k]
		fns := sortedKeys(s.fns)
		if len(fns) > 3 {
			fns = append(fns[:3], fmt.Sprintf("+%d more", len(fns)-3))
		}
		where := fmt.Sprintf("%s:%d", k.file, k.line)
		if !strings.HasPrefix(k.file, "sim/") {
			where += " (code from outside sim/, inlined: call it differently or not at all)"
		}
		report = append(report, fmt.Sprintf("\t%s (%s) %s", where, strings.Join(fns, ", "), strings.Join(sortedKeys(s.insts), ", ")))
	}
	return report, exempt
}

func exemptReason(file string) string {
	for p, reason := range fusionExempt {
		if file == p || strings.HasSuffix(p, "/") && strings.HasPrefix(file, p) {
			return reason
		}
	}
	return ""
}
