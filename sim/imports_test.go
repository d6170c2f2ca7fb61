//go:build !js

package sim_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryImports enforces the rule of docs/architecture.md (Package map): the library packages of sim/ (all but
// the commands under sim/cmd/) import no ebiten, syscall/js, net/http, os or time.
func TestLibraryImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \",\"}}", "sgdlab/sim/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := []string{"syscall/js", "net/http", "os", "time"}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if strings.HasPrefix(pkg, "sgdlab/sim/cmd/") {
			continue
		}
		checked++
		for _, imp := range strings.Split(imports, ",") {
			bad := strings.Contains(imp, "ebiten")
			for _, f := range forbidden {
				bad = bad || imp == f
			}
			if bad {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d packages checked", checked)
	}
}
