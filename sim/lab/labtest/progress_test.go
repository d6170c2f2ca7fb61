package labtest_test

import (
	"os"
	"path/filepath"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/sim/lab/labtest"
)

// webRoot is the page's tree with the committed shards.
var webRoot = os.DirFS(filepath.Join("..", "..", "..", "web", "static"))

// Every lab says what it computes: stepped in small slices, as the page's
// first frames do, Progress never decreases, Phase is non-empty whenever
// the experiment is not done and empty once it is. The links are the labs'
// defaults made small (each phase of each lab is visited).
func TestProgressAndPhase(t *testing.T) {
	for _, c := range []struct {
		name, query string
		work        int // per Step call
	}{
		{"batch", "v=1&lab=batch&n=64&d=96&len=8&eps=1e-3", 100},
		{"critical", "v=1&lab=critical&n=300&m=1,4,16&seeds=1&eps=0.01&sweep=8&sweeplen=40", 3000},
		{"critical-exact", "v=1&lab=critical&n=120&eig=exact&m=1,8&seeds=2&eps=0.05&sweep=0", 3000},
		{"consensus", "v=1&lab=consensus&len=300", 3000},
		{"consensus-er-sweep", "v=1&lab=consensus&topo=er&n=24&len=200&sweep=3&sweeplen=60", 3000},
		{"variance", "v=1&lab=variance&runs=40&steps=30", 3000},
		{"armijo-kernel", "v=1&lab=armijo&model=kernel&n=200&b=4,32&seeds=1&eta=1&kmax=2000", 3000},
		{"armijo-mlp", "v=1&lab=armijo&n=100&hidden=16&b=8,32&seeds=1&kmax=1000", 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := labtest.Build(t, c.query, webRoot)
			ph, ok := e.(lab.Phaser)
			if !ok {
				t.Fatalf("%T does not implement lab.Phaser", e)
			}
			last, steps := e.Progress(), 0
			seen, order := map[string]bool{}, []string{}
			for done := false; !done; steps++ {
				if steps > 200000 {
					t.Fatalf("not done after %d steps", steps)
				}
				done = e.Step(c.work)
				p := e.Progress()
				if p < last || p > 1 {
					t.Fatalf("step %d: progress %g after %g", steps, p, last)
				}
				last = p
				phase := ph.Phase()
				if done != e.Done() {
					t.Fatalf("step %d: Step reported %v, Done %v", steps, done, e.Done())
				}
				if !done && phase == "" {
					t.Fatalf("step %d: no phase at progress %g", steps, p)
				}
				if done && phase != "" {
					t.Errorf("done, yet the phase is %q", phase)
				}
				if !seen[phase] {
					seen[phase] = true
					order = append(order, phase)
				}
			}
			if last != 1 {
				t.Errorf("progress %g at the end", last)
			}
			t.Logf("%d steps, %d phase texts: %q", steps, len(seen), order[:min(len(order), 6)])
		})
	}
}
