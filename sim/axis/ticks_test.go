package axis

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// labels joins the labels of ts with spaces.
func labels(ts []Tick) string {
	var l []string
	for _, t := range ts {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return strings.Join(l, " ")
}

func TestLinear(t *testing.T) {
	tests := []struct {
		min, max float64
		n        int
		want     string
	}{
		{0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 20, 4, "0 5 10 15 20"},
		{0.1, 0.35, 5, "0.10 0.15 0.20 0.25 0.30 0.35"},
		{0.1, 0.35, 1, "0.1 0.2 0.3"}, // step 0.2 would leave one label
		{-3, 3, 6, "-3 -2 -1 0 1 2 3"},
		{3, -3, 6, "-3 -2 -1 0 1 2 3"},
		{0, 5120, 5, "0 1000 2000 3000 4000 5000"},
		{0, 250000, 5, "0 50000 100000 150000 200000 250000"},
		{0, 1e6, 5, "0 2e5 4e5 6e5 8e5 1e6"},
		{0, 3e-3, 3, "0 1e-3 2e-3 3e-3"},
		{0, 0.03, 3, "0.00 0.01 0.02 0.03"},
		{1, 1.00001, 2, "1.000000 1.000005 1.000010"},
		{-1.5e-7, 1.5e-7, 3, "-1e-7 0 1e-7"},
		{1e300, 3e300, 2, "1e300 2e300 3e300"},
		{-math.MaxFloat64, math.MaxFloat64, 4, "-1e308 0 1e308"},
		{0.7, 0.7, 5, "0.7"},
		{math.NaN(), 1, 5, ""},
		{0, math.Inf(1), 5, ""},
	}
	for _, tt := range tests {
		if got := labels(Linear(tt.min, tt.max, tt.n)); got != tt.want {
			t.Errorf("Linear(%v, %v, %d) = %q, want %q", tt.min, tt.max, tt.n, got, tt.want)
		}
	}
}

func TestLog(t *testing.T) {
	tests := []struct {
		min, max float64
		n        int
		want     string
	}{
		{1e-4, 1, 8, "1e-4 1e-3 0.01 0.1 1"},
		{1, 1e5, 8, "1 10 100 1000 1e4 1e5"},
		{1e-30, 1, 8, "1e-30 1e-25 1e-20 1e-15 1e-10 1e-5 1"},
		{1e-12, 1, 8, "1e-12 1e-10 1e-8 1e-6 1e-4 0.01 1"},
		{1e-36, 1e11, 8, "1e-30 1e-20 1e-10 1 1e10"},
		{1e-36, 1e11, 4, "1e-20 1"},
		{0.01, 1, 8, "0.01 0.02 0.05 0.1 0.2 0.5 1"},
		{0.01, 1, 6, "0.01 0.1 1"},     // no room for 2 and 5
		{0.03, 0.3, 2, "0.05 0.1 0.2"}, // one decade label is too few: 2 and 5 anyway
		{0.3, 4, 8, "0.5 1 2"},
		{2e-7, 9e-7, 8, "2e-7 5e-7"},
		{1500, 6000, 8, "2000 5000"},
		{0.3, 0.4, 8, "0.30 0.32 0.34 0.36 0.38 0.40"}, // linear fallback
		{0.6, 1.5, 8, "0.6 0.8 1.0 1.2 1.4"},
		{1e-300, 1e300, 8, "1e-300 1e-200 1e-100 1 1e100 1e200 1e300"},
		{4, 4, 8, "4"},
		{0, 1, 8, ""},
		{-1, 1, 8, ""},
	}
	for _, tt := range tests {
		if got := labels(LogN(tt.min, tt.max, tt.n)); got != tt.want {
			t.Errorf("LogN(%v, %v, %d) = %q, want %q", tt.min, tt.max, tt.n, got, tt.want)
		}
	}
}

func TestLogMinorTicks(t *testing.T) {
	ts := Log(1, 100)
	var minor, major int
	for _, tk := range ts {
		if tk.Major {
			major++
		} else {
			minor++
			if tk.Label != "" {
				t.Errorf("minor tick %v has a label", tk)
			}
		}
	}
	// Decades 1, 10, 100; labelled 2, 5, 20, 50; minor 3, 4, 6…9, 30, 40, 60…90.
	if major != 7 || minor != 12 {
		t.Errorf("Log(1, 100): %d major, %d minor ticks, want 7 and 12: %v", major, minor, ts)
	}
	if n := len(Log(1e-20, 1)); n != 21 {
		t.Errorf("Log(1e-20, 1) has %d ticks, want the 21 decades only", n)
	}
}

func TestDecadeExact(t *testing.T) {
	for e := -323; e <= 308; e++ {
		want := "1e" + strconv.Itoa(e)
		if e >= -2 && e <= 3 {
			want = strconv.FormatFloat(math.Pow10(e), 'f', -1, 64)
		}
		if got := Decade(e); got != want {
			t.Fatalf("Decade(%d) = %q, want %q", e, got, want)
		}
	}
	// Every decade tick's value is the float its label names.
	for _, tk := range Log(1e-320, 1e308) {
		if tk.Label == "" {
			continue
		}
		if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
			t.Errorf("tick %v: label parses to %v (%v)", tk, v, err)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0.30000000000000004, "0.3"},
		{1e-7, "1e-7"},
		{123456, "1.235e5"},
		{-2.5, "-2.5"},
		{math.NaN(), ""},
	}
	for _, tt := range tests {
		if got := Format(tt.v); got != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
