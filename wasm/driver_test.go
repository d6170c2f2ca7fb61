package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestDriverLifecycle(t *testing.T) {
	d := newDriver()
	res := d.Load("v=1&n=20&d=30&m=1,n&len=3&bogus=1")
	if res.Error != "" || d.status != stReady || len(res.Notices) != 1 || !strings.Contains(res.Query, "m=1,n") {
		t.Fatalf("load: %+v status %s", res, d.status)
	}
	d.StepOnce()
	if d.status != stPaused {
		t.Errorf("after step: %s", d.status)
	}
	d.Run()
	for i := 0; i < 1000 && d.status == stRunning; i++ {
		d.Tick(2 * time.Millisecond)
	}
	if d.status != stDone {
		t.Fatalf("status %s", d.status)
	}
	var st stateJSON
	if err := json.Unmarshal([]byte(d.State()), &st); err != nil || st.Progress != 1 || len(st.Readout.Rows) != 2 {
		t.Fatalf("state %v %+v", err, st)
	}
	// A view-only change keeps the finished runs.
	exp := d.exp
	d.Load(res.Query + "&y=mse")
	if d.exp != exp || d.status != stDone {
		t.Error("view change rebuilt the experiment")
	}
	d.Load(strings.Replace(res.Query, "len=3", "len=4", 1))
	if d.exp == exp || d.status != stReady {
		t.Error("run change kept the experiment")
	}
	d.Reset()
	if d.status != stReady {
		t.Error("reset")
	}
}

func TestParamsJSON(t *testing.T) {
	var labs []map[string]any
	if err := json.Unmarshal([]byte(paramsJSON()), &labs); err != nil || len(labs) == 0 {
		t.Fatal(err)
	}
}
