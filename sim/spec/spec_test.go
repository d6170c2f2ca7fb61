package spec

import (
	"fmt"
	"strings"
	"testing"
)

func testSet() *Set {
	return &Set{Lab: "demo", Params: []Param{
		{Name: "n", Kind: Int, Default: "10", Min: 1, Max: 100},
		{Name: "eta", Kind: Float, Default: "0.5", Min: 0, Max: 2},
		{Name: "on", Kind: Bool, Default: "1"},
		{Name: "mode", Kind: Enum, Default: "a", Choices: []string{"a", "b"}},
		{Name: "seed", Kind: Seed, Default: "7"},
		{Name: "list", Kind: Custom, Default: "1,2", Check: func(s string) (string, error) {
			if strings.Contains(s, "x") {
				return "", fmt.Errorf("no x allowed")
			}
			return strings.ReplaceAll(s, " ", ""), nil
		}},
	}}
}

func TestRoundTrip(t *testing.T) {
	s := testSet()
	v, notes := s.Parse("v=1&lab=demo&n=42&eta=1e-07&on=0&mode=b&seed=18446744073709551615&list=3, 4")
	if len(notes) != 0 {
		t.Fatalf("notices: %v", notes)
	}
	q := v.Encode()
	want := "v=1&lab=demo&embed=0&autoplay=0&n=42&eta=1e-07&on=0&mode=b&seed=18446744073709551615&list=3,4"
	if q != want {
		t.Errorf("Encode = %q\nwant     %q", q, want)
	}
	v2, notes := s.Parse(q)
	if len(notes) != 0 || v2.Encode() != q {
		t.Errorf("re-parse: %v %q", notes, v2.Encode())
	}
	if v.Int("n") != 42 || v.Float("eta") != 1e-7 || v.Bool("on") || v.Uint64("seed") != 1<<64-1 {
		t.Error("typed getters")
	}
}

func TestNotices(t *testing.T) {
	tests := []struct {
		query, param, used, reason string
	}{
		{"v=1&n=abc", "n", "10", "not a whole number"},
		{"v=1&n=1000", "n", "100", "clamped"},
		{"v=1&n=0", "n", "1", "clamped"},
		{"v=1&n=2.5", "n", "3", "rounded"},
		{"v=1&n=1e9", "n", "100", "clamped"},
		{"v=1&n=50.0", "", "", ""},
		{"v=1&eta=NaN", "eta", "0.5", "finite"},
		{"v=1&eta=Inf", "eta", "0.5", "finite"},
		{"v=1&eta=-1", "eta", "0", "clamped"},
		{"v=1&on=maybe", "on", "1", "0 or 1"},
		{"v=1&mode=c", "mode", "a", "one of a, b"},
		{"v=1&seed=-3", "seed", "7", "not a seed"},
		{"v=1&list=1,x", "list", "1,2", "no x allowed"},
		{"v=1&bogus=3", "bogus", "", "not a parameter"},
		{"v=1&n=5&n=6", "n", "5", "more than once"},
		{"v=2", "v", "1", "clamped"},
		{"n=5", "v", "1", "no version"},
		{"v=1&lab=other", "lab", "demo", "opens lab"},
		{"v=1&n=%zz", "", "", "could not be read"},
	}
	for _, tt := range tests {
		_, notes := testSet().Parse(tt.query)
		if tt.reason == "" {
			if len(notes) != 0 {
				t.Errorf("%q: unexpected notices %v", tt.query, notes)
			}
			continue
		}
		found := false
		for _, n := range notes {
			if n.Param == tt.param && n.Used == tt.used && strings.Contains(n.Reason, tt.reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want notice %s→%q (%s), got %v", tt.query, tt.param, tt.used, tt.reason, notes)
		}
	}
}

func TestLongLink(t *testing.T) {
	_, notes := testSet().Parse("v=1&n=5&" + strings.Repeat("a", MaxQuery))
	if len(notes) == 0 || !strings.Contains(notes[0].Reason, "longer than") {
		t.Errorf("notices %v", notes)
	}
}

// A Custom value whose escaping would push the canonical link past MaxQuery
// is refused, so the canonical link still re-parses without notices (found by
// FuzzParse).
func TestLongValue(t *testing.T) {
	s := testSet()
	v, notes := s.Parse("v=1&list=" + strings.Repeat("%F9", 1300))
	if len(notes) != 1 || notes[0].Param != "list" || !strings.Contains(notes[0].Reason, "longer than") {
		t.Fatalf("notices %v", notes)
	}
	if _, again := s.Parse(v.Encode()); len(again) != 0 {
		t.Errorf("canonical link re-parses with notices %v", again)
	}
}

// FuzzParse: Parse never panics, and its canonical output is a fixed point:
// re-parsing it gives no notices and the same encoding.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "v=1", "v=1&n=5&eta=0.1&list=1,2", "n=%zz&&&=", "v=1&n=1e400&eta=-0", "mode=B&on=TRUE", "?v=1&seed=99999999999999999999"} {
		f.Add(s)
	}
	s := testSet()
	f.Fuzz(func(t *testing.T, q string) {
		v, _ := s.Parse(q)
		c := v.Encode()
		v2, notes := s.Parse(c)
		if len(notes) != 0 {
			t.Fatalf("canonical %q re-parses with notices %v", c, notes)
		}
		if v2.Encode() != c {
			t.Fatalf("not a fixed point: %q → %q", c, v2.Encode())
		}
	})
}

func ExampleSet_Parse() {
	s := &Set{Lab: "demo", Params: []Param{{Name: "n", Kind: Int, Default: "10", Min: 1, Max: 100}}}
	v, notes := s.Parse("v=1&n=500&color=red")
	fmt.Println(v.Encode())
	for _, n := range notes {
		fmt.Println(n)
	}
	// Output:
	// v=1&lab=demo&embed=0&autoplay=0&n=100
	// n="500" → 100: outside the range 1…100; clamped
	// color="red" ignored: not a parameter of lab demo
}

func TestAdjust(t *testing.T) {
	v, _ := testSet().Parse("n=50")
	if n := v.Adjust("n", "20", "too big here"); n.Given != "50" || n.Used != "20" || n.Reason != "too big here" || v.Int("n") != 20 {
		t.Errorf("%+v", n)
	}
	// A value outside the range is clamped too, and the notice says both.
	if n := v.Adjust("n", "500", "limit"); n.Used != "100" || !strings.HasPrefix(n.Reason, "limit; ") {
		t.Errorf("%+v", n)
	}
}

func TestSetView(t *testing.T) {
	set := testSet()
	set.Params[3].View = true // mode
	v, _ := set.Parse("n=50&mode=a")
	src, _ := set.Parse("n=3&mode=b")
	v.SetView(src)
	if v.Get("mode") != "b" || v.Int("n") != 50 {
		t.Errorf("after SetView: mode %s, n %d; want b (a view parameter) and 50 (not one)", v.Get("mode"), v.Int("n"))
	}
}

// A notice repeats at most the first 48 characters of a long name or value
// and says how long it was; short ones stay whole.
func TestNoticeClipsLongValues(t *testing.T) {
	long := strings.Repeat("9", 5000)
	got := Notice{Param: "m", Given: long, Used: "1", Reason: "bad"}.String()
	want := `m="` + strings.Repeat("9", 48) + `… (5000 characters)" → 1: bad`
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := (Notice{Param: "m", Given: "1,2", Used: "1", Reason: "bad"}).String(); got != `m="1,2" → 1: bad` {
		t.Errorf("short notice %q", got)
	}
}
