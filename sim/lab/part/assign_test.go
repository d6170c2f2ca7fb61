package part

import (
	"fmt"
	"testing"

	"sgdlab/sim/lab"
)

// unit is a stopped unit with a planned cost.
type unit float64

func (unit) Advance(int) bool  { return false }
func (unit) Running() bool     { return false }
func (unit) Progress() float64 { return 1 }
func (u unit) Cost() float64   { return float64(u) }

// free is a unit without a cost estimate.
type free struct{}

func (free) Advance(int) bool  { return false }
func (free) Running() bool     { return false }
func (free) Progress() float64 { return 1 }

func TestAssign(t *testing.T) {
	for _, c := range []struct {
		name  string
		us    lab.Units
		k     int
		want  string
		loads string
	}{
		{"one shard", lab.Units{unit(1), unit(2), unit(3)}, 1, "[[0 1 2]]", "[6]"},
		{"costliest first to the least loaded", lab.Units{unit(1), unit(4), unit(2), unit(3)}, 2, "[[0 1] [2 3]]", "[5 5]"},
		{"a big unit alone", lab.Units{unit(10), unit(1), unit(1), unit(1)}, 2, "[[0] [1 2 3]]", "[10 3]"},
		{"more shards than units", lab.Units{unit(1), unit(2)}, 4, "[[1] [0] [] []]", "[2 1 0 0]"},
		{"no costs: dealt in turn", lab.Units{free{}, free{}, free{}, free{}, free{}}, 2, "[[0 2 4] [1 3]]", "[0 0]"},
		{"equal costs: by count", lab.Units{unit(1), unit(1), unit(1)}, 3, "[[0] [1] [2]]", "[1 1 1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(Assign(c.us, c.k)); got != c.want {
				t.Errorf("Assign = %s, want %s", got, c.want)
			}
			if got := fmt.Sprint(Loads(c.us, c.k)); got != c.loads {
				t.Errorf("Loads = %s, want %s", got, c.loads)
			}
		})
	}
}
