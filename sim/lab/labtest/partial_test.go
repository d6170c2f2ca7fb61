package labtest_test

import (
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/sim/lab/labtest"
)

// Every registered lab shows its units on the way (lab.Partial): a page
// whose units run in Web Workers draws their curves as they grow. Each
// lab's own TestPartial checks the rules on its golden links.
func TestEveryLabPartial(t *testing.T) {
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		q := "v=1&lab=" + name
		if name == "critical" {
			q += "&n=100" // its default kernel matrix is 2000×2000
		}
		e, _ := labtest.Build(t, q, webRoot)
		if _, ok := e.(lab.Partial); !ok {
			t.Errorf("lab %s (%s): %T does not implement lab.Partial", name, l.Title, e)
		}
	}
	labtest.Partial(t, "v=1&lab=consensus&topo=er&n=24&len=200&sweep=3&sweeplen=60", webRoot, 1<<12)
}
