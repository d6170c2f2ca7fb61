package layout_test

import (
	"fmt"

	"sgdlab/sim/graph"
	"sgdlab/sim/layout"
)

// Lay out a 2×3 grid graph: node r·cols + c sits in row r (row 0 on top)
// and column c, inside the margin of the unit square.
func ExampleGrid() {
	g := graph.Grid(2, 3, false)
	p := layout.Grid(2, 3)
	for i := range g.N {
		fmt.Printf("node %d: (%.2f, %.2f) neighbours %v\n", i, p.X[i], p.Y[i], g.Adj[i])
	}
	// Output:
	// node 0: (0.05, 0.72) neighbours [1 3]
	// node 1: (0.50, 0.72) neighbours [0 2 4]
	// node 2: (0.95, 0.72) neighbours [1 5]
	// node 3: (0.05, 0.28) neighbours [0 4]
	// node 4: (0.50, 0.28) neighbours [1 3 5]
	// node 5: (0.95, 0.28) neighbours [2 4]
}

// Run the force layout of a ring step by step, as an animation would.
func ExampleNewForce() {
	f := layout.NewForce(graph.Ring(12), 1)
	for !f.Step() {
	}
	p := f.Positions()
	fmt.Println(f.Iter(), f.Done(), len(p.X))
	// Output: 300 true 12
}
