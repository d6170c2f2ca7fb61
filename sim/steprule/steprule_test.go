package steprule

import (
	"fmt"
	"testing"

	"sgdlab/sim/spectrum"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, canon, describe string
		bad                 bool
	}{
		{in: "hat", canon: "hat", describe: "η̂(m) §2.4"},
		{in: " 2HAT", canon: "2hat", describe: "2·η̂(m) §2.4"},
		{in: "0.5*opt", canon: "0.5opt", describe: "0.5·η*(m) §2.3"},
		{in: "bern", canon: "bern", describe: "Bernoulli η* §2.6"},
		{in: "0.01", canon: "0.01", describe: "fixed"},
		{in: "-1", bad: true}, {in: "0hat", bad: true}, {in: "xhat", bad: true}, {in: "", bad: true}, {in: "inf", bad: true},
	}
	for _, tc := range tests {
		r, err := Parse(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", tc.in, r)
			}
			continue
		}
		if err != nil || r.String() != tc.canon || r.Describe() != tc.describe {
			t.Errorf("Parse(%q) = %q %q %v, want %q %q", tc.in, r.String(), r.Describe(), err, tc.canon, tc.describe)
		}
	}
}

// TestParseMessages: a positive step that is too large is called too large,
// with the limit, not "not a step rule".
func TestParseMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1e300", `"1e300" is too large for a step (a fixed step is at most 1e+12)`},
		{"1e400", `"1e400" is too large for a step (a fixed step is at most 1e+12)`},
		{"2e12", `"2e12" is too large for a step (a fixed step is at most 1e+12)`},
		{"1e7hat", `"1e7hat": the multiplier is too large (at most 1e+06)`},
		{"-1", `"-1" is not a step rule (opt, hat, bern, k·rule like 2hat, or a positive step like 0.01)`},
		{"xhat", `"xhat": the multiplier must be a positive number`},
	}
	for _, tc := range tests {
		if _, err := Parse(tc.in); err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q): %v, want %s", tc.in, err, tc.want)
		}
	}
	if _, err := Parse("1e12"); err != nil {
		t.Errorf("Parse(1e12), the largest step: %v", err)
	}
}

func TestLists(t *testing.T) {
	if got, err := CheckBatches(3, 100)(" 1, N,64"); err != nil || got != "1,n,64" {
		t.Errorf("CheckBatches = %q %v", got, err)
	}
	for _, bad := range []string{"1,2,3,4", "0", "101", "1,,2"} {
		if _, err := CheckBatches(3, 100)(bad); err == nil {
			t.Errorf("CheckBatches(%q) accepted", bad)
		}
	}
	if fmt.Sprint(ParseBatches("1,n,64", 500)) != "[1 500 64]" {
		t.Error(ParseBatches("1,n,64", 500))
	}
	if got, err := CheckRules(2)("HAT, 0.1"); err != nil || got != "hat,0.1" {
		t.Errorf("CheckRules = %q %v", got, err)
	}
	sp := spectrum.Spectrum{Beta: 1, L1: 0.15, Lk: 1e-4}
	rs := ParseRules("hat,2opt,0.1")
	for i, want := range []float64{1, 2 * 1 / (1 + 0), 0.1} {
		if got := rs[i].Eta(1, 1000, sp); got != want {
			t.Errorf("rule %v at m=1: η=%g, want %g", rs[i], got, want)
		}
	}
}

func TestClampBatches(t *testing.T) {
	tests := []struct {
		in         string
		n, mmax    int
		out        string
		changed    bool
		kept       []int
		eta, etaTo string
	}{
		{in: "1,4,n", n: 10, mmax: 10, out: "1,4,n", eta: "opt,hat,bern", etaTo: "opt,hat,bern"},
		{in: "1,16,32,n", n: 8, mmax: 8, out: "1,n", changed: true, kept: []int{0, 3}, eta: "opt,hat,0.5hat,bern", etaTo: "opt,bern"},
		{in: "1,64,128", n: 2, mmax: 32, out: "1,32", changed: true, kept: []int{0, 1}, eta: "hat", etaTo: "hat"},
		{in: "64,32", n: 2, mmax: 32, out: "32", changed: true, kept: []int{1}, eta: "opt,hat", etaTo: "hat"},
		{in: "8,8", n: 100, mmax: 100, out: "8,8", eta: "opt,hat", etaTo: "opt,hat"}, // repeated on purpose: kept
	}
	for _, tc := range tests {
		out, changed, kept := ClampBatches(tc.in, tc.n, tc.mmax)
		if out != tc.out || changed != tc.changed || fmt.Sprint(kept) != fmt.Sprint(tc.kept) {
			t.Errorf("ClampBatches(%q, %d, %d) = %q %v %v, want %q %v %v", tc.in, tc.n, tc.mmax, out, changed, kept, tc.out, tc.changed, tc.kept)
		}
		if got := KeepRules(tc.eta, len(ParseBatches(tc.in, tc.n)), kept); got != tc.etaTo {
			t.Errorf("KeepRules(%q) after %q = %q, want %q", tc.eta, tc.in, got, tc.etaTo)
		}
	}
}
