package lab

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// counter is a unit or phase that needs n work units.
type counter struct{ n, done, calls int }

func (c *counter) Advance(work int) bool {
	c.calls++
	c.done = min(c.n, c.done+max(1, work))
	return c.Running()
}
func (c *counter) Running() bool      { return c.done < c.n }
func (c *counter) Progress() float64  { return float64(c.done) / float64(c.n) }
func (c *counter) step(work int) bool { return !c.Advance(work) }

// A plan gives the work to its first unfinished phase, weighs the phases'
// progress, names the phase under way and stops at the first failure.
func TestPlan(t *testing.T) {
	a, b := &counter{n: 10}, &counter{n: 30}
	var p Plan
	p.Add(Task{Name: "a", Weight: 1, Step: a.step, Progress: a.Progress}, Task{Name: "b", Weight: 3, Step: b.step, Progress: b.Progress})
	for _, tc := range []struct {
		work    int
		current string
		prog    float64
		done    bool
	}{
		{0, "a", 0, false}, // before any Step
		{5, "a", 0.125, false},
		{5, "b", 0.25, false},
		{15, "b", 0.625, false},
		{15, "", 1, true},
	} {
		if tc.work > 0 {
			if got := p.Step(tc.work); got != tc.done {
				t.Errorf("Step(%d) = %v, want %v", tc.work, got, tc.done)
			}
		}
		if p.Current() != tc.current || p.Progress() != tc.prog || p.Done() != tc.done {
			t.Errorf("after Step(%d): current %q progress %v done %v; want %q %v %v", tc.work, p.Current(), p.Progress(), p.Done(), tc.current, tc.prog, tc.done)
		}
	}
	var q Plan
	c := &counter{n: 10}
	q.Add(Task{Name: "c", Weight: 1, Step: func(int) bool { q.Fail(errors.New("boom")); return false }}, Task{Name: "d", Weight: 1, Step: c.step})
	if !q.Step(1) || !q.Done() || q.Err() == nil || q.Current() != "c" || c.calls != 0 {
		t.Errorf("a failed phase: done %v err %v current %q, next phase called %d times", q.Done(), q.Err(), q.Current(), c.calls)
	}
}

// Units share the work among the unfinished ones in index order; StepFirst
// gives it all to the first.
func TestUnits(t *testing.T) {
	a, b, c := &counter{n: 4}, &counter{n: 100}, &counter{n: 100}
	us := Units{a, b, c}
	if us.Step(30) || a.done != 4 || b.done != 10 || c.done != 10 {
		t.Errorf("Step(30): %d %d %d, want 4 10 10", a.done, b.done, c.done)
	}
	if us.Step(30) || a.calls != 1 || b.done != 25 || c.done != 25 {
		t.Errorf("a stopped unit gets no work: calls %d, %d %d, want 1, 25 25", a.calls, b.done, c.done)
	}
	if us.Stopped() != 1 || us.Progress() != (1+0.25+0.25)/3 {
		t.Errorf("Stopped %d Progress %v", us.Stopped(), us.Progress())
	}
	if us.StepFirst(1000) || b.done != 100 || c.done != 25 {
		t.Errorf("StepFirst: %d %d, want 100 25", b.done, c.done)
	}
	if !us.Step(1000) || us.Stopped() != 3 || (Units{}).Progress() != 0 {
		t.Errorf("the end: stopped %d", us.Stopped())
	}
}

// costed is a counter with a cost estimate.
type costed struct {
	counter
	cost float64
}

func (c *costed) Cost() float64 { return c.cost }

// ByCost puts the costliest units first, ties and units without an estimate
// in index order; Run then takes them in that order.
func TestByCost(t *testing.T) {
	us := Units{&costed{counter{n: 1}, 2}, &counter{n: 1}, &costed{counter{n: 1}, 5}, &costed{counter{n: 1}, 2}}
	if got := us.ByCost(); !slices.Equal(got, []int{2, 0, 3, 1}) {
		t.Errorf("ByCost = %v, want [2 0 3 1]", got)
	}
	us.Run(1, 3)
	if us.Stopped() != len(us) {
		t.Errorf("Run left %d of %d units going", len(us)-us.Stopped(), len(us))
	}
}

// Deal: the longest-processing-time rule, each share costliest first, the
// unit kept by the driver in none; round-robin would give the 7 and the 6
// to one process of two.
func TestDeal(t *testing.T) {
	units := func(costs ...float64) Units {
		us := make(Units, len(costs))
		for i, c := range costs {
			us[i] = &costed{counter{n: 1}, c}
		}
		return us
	}
	for _, tc := range []struct {
		name   string
		costs  []float64
		k, exc int
		want   [][]int
	}{
		{"lpt", []float64{7, 6, 5, 4, 3}, 2, -1, [][]int{{0, 3, 4}, {1, 2}}},
		{"kept", []float64{7, 6, 5, 4, 3}, 2, 0, [][]int{{1, 4}, {2, 3}}},
		{"ties by count", []float64{1, 1, 0, 0}, 2, -1, [][]int{{0, 2}, {1, 3}}},
		{"more processes than units", []float64{2, 1}, 3, -1, [][]int{{0}, {1}, nil}},
		{"one", []float64{1, 3, 2}, 1, -1, [][]int{{1, 2, 0}}},
		{"none", nil, 2, -1, [][]int{nil, nil}},
	} {
		got := units(tc.costs...).Deal(tc.k, tc.exc)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Deal(%d, %d) = %v, want %v", tc.name, tc.k, tc.exc, got, tc.want)
		}
	}
}
