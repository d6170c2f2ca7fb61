package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sgdlab/sim/lab"
)

func TestRunWritesCSVAndReadout(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "run.csv")
	var out, errb bytes.Buffer
	link := "http://127.0.0.1:8080/?v=1&n=30&d=50&m=1,n&len=4&bogus=1"
	if err := run([]string{"-link", link, "-out", csv, "-readout", "json"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var ro lab.Readout
	if err := json.Unmarshal(out.Bytes(), &ro); err != nil {
		t.Fatalf("readout JSON: %v\n%s", err, out.String())
	}
	if len(ro.Rows) != 2 || ro.Rows[0][0] != "1" || ro.Rows[1][0] != "30" {
		t.Errorf("rows %v", ro.Rows)
	}
	if !strings.Contains(errb.String(), `bogus="1" ignored`) {
		t.Errorf("notice missing from stderr: %s", errb.String())
	}
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "run,m,rule,eta,t,grads,epoch,perr,mse" || len(lines) < 10 {
		t.Errorf("csv: %d lines, header %q", len(lines), lines[0])
	}
}

func TestParamsTable(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-params"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| `m` | `1,4,16,64,n` |", "| `eta` | `hat` |", "| `v` | `1` |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

func TestBadFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-readout", "xml"}, &out, &out); err == nil {
		t.Error("accepted -readout xml")
	}
}

func TestPresetsTable(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-presets"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| lab | what | link query |", "| critical | Figure 3 on MNIST", "`v=1&lab=batch`"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

// A link that reads a dataset runs from the data built into the CLI, and
// -data reads another tree (here: one without the dataset: a clear error).
func TestDataLink(t *testing.T) {
	var out, errs bytes.Buffer
	q := "v=1&lab=critical&n=50&m=1,5&seeds=1&eps=0.1&sweep=0&topk=3"
	if err := run([]string{"-link", q, "-readout", "json", "-q"}, &out, &errs); err != nil || !strings.Contains(out.String(), `"key":"mstar"`) {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	err := run([]string{"-link", q, "-data", t.TempDir(), "-q"}, &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "mnist") {
		t.Errorf("-data without the dataset: %v", err)
	}
}
