package batch_test

import (
	"fmt"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/batch"
)

// A link is all an experiment needs: parse it, build, step to the end, read.
func Example() {
	l, vals, notices := lab.Parse("v=1&lab=batch&n=64&d=128&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,8,n&len=10", false)
	fmt.Println(l.Name, len(notices), "notices")
	exp, err := l.Build(vals, nil)
	if err != nil {
		panic(err)
	}
	for !exp.Step(4096) {
	}
	ro := exp.Readout()
	fmt.Println(ro.Columns[0], "|", ro.Columns[2], "|", ro.Columns[3])
	for _, row := range ro.Rows {
		fmt.Println(row[0], "|", row[2], "|", row[3])
	}
	// Output:
	// batch 0 notices
	// m | η | predicted g
	// 1 | 1 | 0.984375
	// 8 | 8 | 0.875
	// 64 | 64 | 3.99361e-30
}
