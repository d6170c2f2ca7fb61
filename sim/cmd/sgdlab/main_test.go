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
