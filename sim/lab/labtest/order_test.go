package labtest_test

import (
	"testing"

	"sgdlab/sim/lab/labtest"
)

// Every lab's independent units give the same numbers whichever runs first:
// the property that lets a driver run them on other cores or machines.
func TestOrderFree(t *testing.T) {
	for _, c := range []struct{ name, query string }{
		{"batch", "v=1&lab=batch&n=64&d=96&len=8&eps=1e-3"},
		{"critical", "v=1&lab=critical&n=300&m=1,4,16&seeds=2&eps=0.01&sweep=8&sweeplen=40"},
		{"consensus-sweep", "v=1&lab=consensus&topo=er&n=24&len=200&sweep=3&sweeplen=60"},
		{"variance", "v=1&lab=variance&runs=40&steps=30"},
		{"armijo-kernel", "v=1&lab=armijo&model=kernel&n=200&b=4,32&seeds=1&eta=1&kmax=2000"},
		{"armijo-mlp", "v=1&lab=armijo&n=100&hidden=16&b=8,32&seeds=2&kmax=1000"},
	} {
		t.Run(c.name, func(t *testing.T) { labtest.OrderFree(t, c.query, webRoot) })
	}
}
