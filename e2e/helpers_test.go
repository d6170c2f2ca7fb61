//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// The helpers that decide pass or fail, checked without a browser.

func TestWithParam(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"", "autoplay=1"},
		{"?v=1&n=8", "v=1&n=8&autoplay=1"},
		{"v=1&autoplay=0&m=1,n", "v=1&m=1,n&autoplay=1"},
		{"v=1&autoplay", "v=1&autoplay=1"},
		{"v=1&autoplayx=2", "v=1&autoplayx=2&autoplay=1"},
	} {
		if got := withParam(c.q, "autoplay", "1"); got != c.want {
			t.Errorf("withParam(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestReadoutDiffs(t *testing.T) {
	const js = `{"items":[{"key":"n","label":"n","value":"256"},{"key":"beta","label":"β","value":"1.2"}],
		"columns":["m","rate"],"rows":[["1","0.99"],["4","0.98"]],"notes":["x"]}`
	parse := func() readout {
		var r readout
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := parse(), parse()
	if d := readoutDiffs(a, b); len(d) != 0 {
		t.Fatalf("equal readouts differ: %q", d)
	}
	b.Rows[1][1] = "0.980"
	b.Items[1].Value = "1.20"
	d := strings.Join(readoutDiffs(a, b), "\n")
	for _, want := range []string{`row 1, rate: page "0.98", CLI "0.980"`, `item beta: page "1.2", CLI "1.20"`} {
		if !strings.Contains(d, want) {
			t.Errorf("diffs %q lack %q", d, want)
		}
	}
	c := parse()
	c.Rows = c.Rows[:1]
	c.Items = nil
	if d := readoutDiffs(c, a); len(d) != 2 {
		t.Errorf("a missing row and no shared items: %q, want 2 diffs", d)
	}
}

func TestNoticeText(t *testing.T) {
	for raw, want := range map[string]string{
		`"bogus: unknown"`:                 "bogus: unknown",
		`{"param":"n","message":"n: bad"}`: "n: bad",
		`{"text":"t"}`:                     "t",
		`{"param":"n"}`:                    "",
	} {
		if got := noticeText(json.RawMessage(raw)); got != want {
			t.Errorf("noticeText(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestPNGStats(t *testing.T) {
	// pngStats is exercised on real screenshots by TestHarness; here only its
	// error path.
	if _, err := pngStats([]byte("not a png")); err == nil {
		t.Error("pngStats accepted garbage")
	}
}
