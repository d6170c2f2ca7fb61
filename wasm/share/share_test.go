package share

import (
	"slices"
	"testing"
	"time"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

func build(t *testing.T, link string) lab.Experiment {
	t.Helper()
	l, vals, _ := lab.Parse(link, false)
	e, err := l.Build(vals, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The workers' shares cover every unit but the one the page keeps, once.
func TestShareKept(t *testing.T) {
	us := build(t, "v=1&n=24&d=40&m=1,2,5,8,n&len=4").(lab.Splitter).Units()
	for _, kept := range []int{-1, 0, 3} {
		for n := 1; n <= 4; n++ {
			var all []int
			for w := range n {
				all = append(all, Share(us, w, n, kept)...)
			}
			slices.Sort(all)
			var want []int
			for i := range us {
				if i != kept {
					want = append(want, i)
				}
			}
			if !slices.Equal(all, want) {
				t.Errorf("kept %d, %d workers: shares %v, want %v", kept, n, all, want)
			}
		}
	}
}

// A paused worker does nothing; resumed, it posts snapshots of its running
// units (each one's mark moving on) and then their results.
func TestPauseAndSnapshots(t *testing.T) {
	e := build(t, "v=1&n=24&d=40&m=1,5,n&len=40")
	k, err := New(e, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	k.Every = 0
	var snaps, results int
	k.OnProgress = func(p Progress) {
		if len(p.Partial) > 0 {
			snaps++
		}
	}
	k.OnResult = func(Result) { results++ }
	k.SetPaused(true)
	for range 3 {
		if st, err := k.Next(time.Millisecond); st != Paused || err != nil {
			t.Fatalf("paused: state %v, %v", st, err)
		}
	}
	if p := e.Progress(); p != 0 || snaps+results > 0 {
		t.Fatalf("a paused worker moved: progress %v, %d messages", p, snaps+results)
	}
	k.SetPaused(false)
	for i := 0; i < 100000; i++ {
		st, err := k.Next(time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if st == Done {
			break
		}
	}
	if !e.Done() || results != 3 || snaps == 0 {
		t.Errorf("done %v, %d results, %d snapshots", e.Done(), results, snaps)
	}
}

// A worker whose share is done takes the units another worker would come to
// last (here worker 1 never runs): all of worker 1's share but its first;
// with that one's result, it ends with the readout of a run by Step alone.
func TestSteal(t *testing.T) {
	const link = "v=1&n=24&d=40&m=1,2,3,4,5,6,n&len=40"
	e := build(t, link)
	k, err := New(e, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	k.OnResult = func(r Result) { got = append(got, r.Unit) }
	for st := Busy; st == Busy; {
		if st, err = k.Next(time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if st == Done {
			t.Fatal("done without worker 1's first unit")
		}
		if st == Waiting {
			break
		}
	}
	us := e.(lab.Splitter).Units()
	shares := us.Deal(2, -1)
	want := append(slices.Clone(shares[0]), shares[1][1:]...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("worker 0 ran %v, want %v (shares %v)", got, want, shares)
	}
	// Worker 1's first unit, computed by an experiment of its own.
	other := build(t, link)
	lab.Drive(other, 1<<20, 1)
	first := shares[1][0]
	b, err := other.(lab.Portable).MarshalUnit(first)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Receive(Result{Phase: 0, Unit: first, Bytes: b}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100000 && !e.Done(); i++ {
		if _, err := k.Next(time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	if !e.Done() || !slices.EqualFunc(e.Readout().Rows, other.Readout().Rows, slices.Equal) {
		t.Errorf("done %v; readout %v, want %v", e.Done(), e.Readout().Rows, other.Readout().Rows)
	}
}
