package consensus

import (
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/spec"
)

// Topologies, as in links.
const (
	Path     = "path"
	Ring     = "ring"
	Grid     = "grid"
	Torus    = "torus"
	Complete = "complete"
	Star     = "star"
	ER       = "er"
	WS       = "ws"
	Regular  = "regular"
	Barbell  = "barbell"
)

var topologies = []string{Path, Ring, Grid, Torus, Complete, Star, ER, WS, Regular, Barbell}

// Algorithms, as in links.
const (
	AlgoSync      = "sync"
	AlgoAsync     = "async"
	AlgoGossip    = "gossip"
	AlgoDecoupled = "decoupled"
)

// Data sources: synthetic samples or the leading samples of a shard set.
const (
	DataSynth = "synth"
	Mnist     = "mnist"
	Fashion   = "fashion"
)

// shardD is the dimension of the shard sets (28×28 pixels).
const shardD = 784

// Views.
const (
	ViewAll    = lab.ViewAll
	ViewGraph  = "graph"
	ViewCurves = "curves"
	ViewSweep  = "sweep"
)

// Eigenvalue routes.
const (
	EigAuto    = "auto"
	EigExact   = "exact"
	EigLanczos = "lanczos"
)

// maxPins is how many nodes' curves may be pinned.
const maxPins = 8

// limits protect a browser tab (big = false) and a native run (big = true).
type limits struct {
	N      int // nodes
	ND     int // n·d: the size of W
	Exact  int // n·d for the dense analysis of A, O((n·d)³)
	Work   int // len·(n+|E|)·d per run, roughly the flops of a run
	Sweep  int // sweep points × sweeplen × (n+|E|)·d
	Frames int // floats kept for the scrubber
}

var (
	browserLimits = limits{N: 2000, ND: 1 << 20, Exact: 512, Work: 2e9, Sweep: 2e9, Frames: 4e6}
	nativeLimits  = limits{N: 10000, ND: 1 << 24, Exact: 1600, Work: 1e12, Sweep: 1e12, Frames: 3e7}
)

// Params is the lab's parameter table: the link format.
var Params = &spec.Set{Lab: "consensus", Params: []spec.Param{
	{Name: "topo", Kind: spec.Enum, Default: Ring, Choices: topologies, Group: "Graph",
		Help: "path, ring, grid and torus (rows × cols as square as n allows), complete, star, er (Erdős–Rényi G(n, p), redrawn until connected), ws (Watts–Strogatz small world), regular (random k-regular), barbell (two cliques joined by a path: slow mixing)"},
	{Name: "n", Kind: spec.Int, Default: "16", Min: 2, Max: 10000, Group: "Graph", Help: "number of nodes; node i holds sample i"},
	{Name: "p", Kind: spec.Float, Default: "0.25", Min: 0, Max: 1, Group: "Graph", Help: "er: edge probability"},
	{Name: "k", Kind: spec.Int, Default: "4", Min: 1, Max: 9999, Group: "Graph", Help: "ws: neighbours in the ring lattice (even); regular: the degree"},
	{Name: "beta", Kind: spec.Float, Default: "0.1", Min: 0, Max: 1, Group: "Graph", Help: "ws: rewiring probability"},
	{Name: "clique", Kind: spec.Int, Default: "6", Min: 2, Max: 5000, Group: "Graph", Help: "barbell: nodes per clique; the other n − 2·clique nodes form the path"},
	{Name: "gseed", Kind: spec.Seed, Default: "1", Group: "Graph", Help: "seed of the random graphs and of the force-directed layout"},
	{Name: "data", Kind: spec.Enum, Default: DataSynth, Choices: []string{DataSynth, Mnist, Fashion}, Group: "Data",
		Help: "synth: synthetic samples; mnist, fashion: the first n images (784 pixels; pixels zero in all n dropped; each image scaled to unit norm), target ±1 (classes 0-4 vs 5-9)"},
	{Name: "d", Kind: spec.Int, Default: "32", Min: 1, Max: 1 << 20, Group: "Data", Help: "synth: dimension; d ≥ n is the interpolation regime"},
	{Name: "spectrum", Kind: spec.Enum, Default: data.Ortho, Choices: data.Spectra, Group: "Data",
		Help: "synth: iso x_i ~ N(0, I/d); corr: a shared direction; power: decaying spectrum; ortho: orthonormal samples (every λ(H) = 1/n)"},
	{Name: "noise", Kind: spec.Float, Default: "0", Min: 0, Max: 10, Group: "Data", Help: "synth: label noise σ, y = Xw + σξ: with n > d no common interpolant exists"},
	{Name: "dseed", Kind: spec.Seed, Default: "1", Group: "Data", Help: "seed of the synthetic data and of a random w0"},
	{Name: "w0", Kind: spec.Enum, Default: "zero", Choices: []string{"zero", "random"}, Group: "Data",
		Help: "start: every w_i = 0, or w_i ~ N(0, I/d) independently (the limit then keeps Q·mean w_i(0))"},
	{Name: "algo", Kind: spec.Enum, Default: AlgoSync, Choices: []string{AlgoSync, AlgoAsync, AlgoGossip, AlgoDecoupled}, Group: "Algorithm",
		Help: "sync: every node steps with its neighbours' current vectors (THEORY §3); async: each step a random fraction of the nodes; gossip: one random edge per step; decoupled: a local gradient step, then avg rounds of neighbour averaging"},
	{Name: "mu", Kind: spec.Float, Default: "0.25", Min: 1e-6, Max: 1e6, Group: "Algorithm", Help: "coupling μ of the Laplacian penalty"},
	{Name: "eta", Kind: spec.Float, Default: "1", Min: 1e-9, Max: 1e6, Group: "Algorithm", Help: "step: a multiple of 1/σ_max (etarule=smax: below 2 is stable) or the step itself (etarule=fixed)"},
	{Name: "etarule", Kind: spec.Enum, Default: "smax", Choices: []string{"smax", "fixed"}, Group: "Algorithm",
		Help: "smax: η = eta/σ_max(A) (decoupled: eta/β, the local step's limit); fixed: η = eta"},
	{Name: "frac", Kind: spec.Float, Default: "0.5", Min: 1e-4, Max: 1, Group: "Algorithm", Help: "async: probability that a node is active in a step"},
	{Name: "avg", Kind: spec.Int, Default: "1", Min: 1, Max: 100, Group: "Algorithm", Help: "decoupled: rounds of neighbour averaging after each local step"},
	{Name: "aseed", Kind: spec.Seed, Default: "1", Group: "Algorithm", Help: "seed of the random activations (async, gossip) and of the SGD baseline"},
	{Name: "len", Kind: spec.Int, Default: "4000", Min: 1, Max: 10000000, Group: "Algorithm", Help: "run length in rounds: n node updates (gradient evaluations) each"},
	{Name: "base", Kind: spec.Enum, Default: "both", Choices: []string{"none", "gd", "sgd", "both"}, Group: "Baselines",
		Help: "centralised baselines on the same data and the same budget of gradient evaluations: full GD at η̂(n), mini-batch SGD at η̂(m) (THEORY §2.4)"},
	{Name: "m", Kind: spec.Int, Default: "1", Min: 1, Max: 10000, Group: "Baselines", Help: "batch size of the SGD baseline"},
	{Name: "eig", Kind: spec.Enum, Default: EigAuto, Choices: []string{EigAuto, EigExact, EigLanczos}, Group: "Theory",
		Help: "σ_min, σ_max of A and λ₂, λ_max of L: exact (dense) when small, by Lanczos otherwise (auto), or forced"},
	{Name: "sweep", Kind: spec.Int, Default: "0", Min: 0, Max: 25, Group: "μ sweep", Help: "points of the μ sweep, log-spaced from mulo to muhi (0: none)"},
	{Name: "mulo", Kind: spec.Float, Default: "0.01", Min: 1e-6, Max: 1e6, Group: "μ sweep", Help: "smallest μ of the sweep"},
	{Name: "muhi", Kind: spec.Float, Default: "100", Min: 1e-6, Max: 1e6, Group: "μ sweep", Help: "largest μ of the sweep"},
	{Name: "sweeplen", Kind: spec.Int, Default: "300", Min: 10, Max: 1000000, Group: "μ sweep", Help: "steps of the synchronous run at each μ (η = 1/σ_max(μ)) whose tail gives the measured rate"},
	{Name: "view", Kind: spec.Enum, Default: ViewAll, Choices: []string{ViewAll, ViewGraph, ViewCurves, ViewSweep}, View: true, Group: "View",
		Help: "all: the graph, the curves and (with a sweep) the μ sweep; or one of them"},
	{Name: "pin", Kind: spec.Custom, Default: "none", Check: checkPins, View: true, Group: "View",
		Help: "nodes whose own error ‖w_i − w∞‖² is drawn on the curves, e.g. 0,5 (click a node to pin it); none"},
	{Name: "at", Kind: spec.Int, Default: "-1", Min: -1, Max: 1000000, View: true, Group: "View",
		Help: "recorded frame the graph shows (drag the scrubber); −1: the latest"},
}}

// checkPins canonicalises a list of node indices ("none" for none).
func checkPins(s string) (string, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "none" {
		return "none", nil
	}
	var out []string
	seen := map[int]bool{}
	for _, f := range strings.Split(s, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || i < 0 || i >= 10000 {
			return "", fmt.Errorf("%q is not a node index (0…9999)", f)
		}
		if !seen[i] {
			seen[i] = true
			out = append(out, strconv.Itoa(i))
		}
	}
	if len(out) > maxPins {
		return "", fmt.Errorf("at most %d pinned nodes", maxPins)
	}
	return strings.Join(out, ","), nil
}

// parsePins reads a canonical pin list.
func parsePins(s string) []int {
	if s == "none" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if i, err := strconv.Atoi(f); err == nil {
			out = append(out, i)
		}
	}
	return out
}

// TogglePin returns the pin list with node i added, or removed if present
// (the oldest pin dropped past maxPins): what a click on node i does.
func TogglePin(pins string, i int) string {
	var out []string
	found := false
	for _, p := range parsePins(pins) {
		if p == i {
			found = true
			continue
		}
		out = append(out, strconv.Itoa(p))
	}
	if !found {
		out = append(out, strconv.Itoa(i))
	}
	if len(out) > maxPins {
		out = out[len(out)-maxPins:]
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ",")
}

// dim is the dimension of the samples the spec will produce (before
// dropping all-zero pixels).
func dim(v spec.Values) int {
	if v.Get("data") == DataSynth {
		return v.Int("d")
	}
	return shardD
}

// gridShape is rows × cols with rows the largest divisor of n not above √n.
func gridShape(n int) (rows, cols int) {
	rows = 1
	for r := 1; r*r <= n; r++ {
		if n%r == 0 {
			rows = r
		}
	}
	return rows, n / rows
}

func init() {
	lab.Register(&lab.Lab{
		Name:  "consensus",
		Title: "Distributed gradient descent on a graph (consensus)",
		Help: "A network of n nodes, each holding one sample and its own w_i, coupled to its neighbours by the elastic penalty (μ/2)Σ‖w_i − w_j‖² " +
			"(Mitra, §III; THEORY §3). In the interpolation regime every node reaches the same interpolant at any μ > 0, at the rate R of I − ηA, A = D + μ L⊗I. " +
			"The bound 1 − ηλ⁺_min(H) ≤ R is printed in the paper with a factor 1/n that its own normalisation of H does not support; this lab uses THEORY §3's form.",
		Theory: "3",
		Params: Params,
		Limits: applyLimits,
		Presets: []lab.Preset{
			{Title: "Ring vs complete: the same 24 nodes and data, a ring (λ₂ small) converges slowly", Query: "v=1&lab=consensus&topo=ring&n=24&d=48&mu=0.25&len=3000"},
			{Title: "Ring vs complete: the complete graph on the same data mixes at once", Query: "v=1&lab=consensus&topo=complete&n=24&d=48&mu=0.05&len=3000"},
			{Title: "Barbell is slow: two cliques joined by a path, disagreement drains through the bridge", Query: "v=1&lab=consensus&topo=barbell&n=20&clique=8&d=40&w0=random&len=4000"},
			{Title: "Best μ: predicted and measured rate vs μ on a ring (too small: no consensus pull; too large: tiny η)", Query: "v=1&lab=consensus&topo=ring&n=16&d=32&sweep=13&mulo=0.001&muhi=100&view=sweep"},
			{Title: "Best μ on a 4×4 torus", Query: "v=1&lab=consensus&topo=torus&n=16&d=32&sweep=13&mulo=0.001&muhi=100&view=sweep"},
			{Title: "Asynchronous: half the nodes wake up each step", Query: "v=1&lab=consensus&topo=er&n=30&p=0.15&d=60&algo=async&frac=0.5&len=3000"},
			{Title: "Gossip: one random edge per step", Query: "v=1&lab=consensus&topo=ring&n=16&d=32&algo=gossip&len=3000"},
			{Title: "MNIST digits on a small world (Watts–Strogatz), n = 100 ≤ d", Query: "v=1&lab=consensus&topo=ws&n=100&k=4&beta=0.2&data=mnist&len=3000"},
			{Title: "Under-parametrised: 64 nodes, d = 8 — no consensus on an interpolant", Query: "v=1&lab=consensus&topo=torus&n=64&d=8&spectrum=iso&noise=0.1&mu=1&len=2000"},
			{Title: "10⁴ MNIST nodes on Erdős–Rényi (CLI only: sgdlab -big -link …)", Query: "v=1&lab=consensus&topo=er&n=10000&p=0.0008&data=mnist&len=20&base=none", CLI: true},
		},
		Needs:  needs,
		New:    New,
		Memory: memoryPlan,
		Work:   plannedWorkOf,
	})
}

// memoryPlan implements lab.Lab.Memory: W (n·d) and its working copies in
// each of the runs, the dense analysis ((n·d)², when exact), the frames the
// scrubber keeps and the data.
func memoryPlan(v spec.Values) float64 {
	nd := v.Int("n") * dim(v)
	exact := 0
	if v.Get("eig") == EigExact || nd <= nativeLimits.Exact {
		exact = 3 * nd * nd
	}
	// Frames: node and edge values at most every step, up to the limit.
	frames := min(nativeLimits.Frames, (v.Int("n")+int(expectedEdges(v)))*(v.Int("len")+1))
	return float64(8 * (4*3*nd + exact + frames + v.Int("n")*max(dim(v), 784)))
}

// needs: the leading shards holding the first n images.
func needs(v spec.Values) []data.Need {
	if v.Get("data") == DataSynth {
		return nil
	}
	return []data.Need{{Dataset: v.Get("data"), Samples: v.Int("n")}}
}

// applyLimits checks what one parameter cannot: the topology's constraints
// on n and its parameters, the sizes against the target, and the regime.
// One check can undo another (a size limit lowers n below a square grid),
// so the checks repeat until none changes anything: the canonical link then
// passes them all and re-parses without a notice.
func applyLimits(v spec.Values, big bool) []spec.Notice {
	return lab.Repeat(v, func(a *lab.Adjuster) { limitsOnce(a, big) })
}

// limitsOnce applies every check once.
func limitsOnce(a *lab.Adjuster, big bool) {
	v := a.Vals
	lim, where := lab.Sizes(big, browserLimits, nativeLimits, "in the browser (the CLI with -big runs larger problems)")
	set := a.Set
	a.AtMost("n", lim.N, fmt.Sprintf("at most %d nodes %s", lim.N, where))
	if v.Get("data") != DataSynth {
		a.AtMost("n", 10000, v.Get("data")+" has 10,000 images")
	}
	n := v.Int("n")
	switch v.Get("topo") {
	case Ring:
		if n < 3 {
			set("n", "3", "a ring needs 3 nodes")
		}
	case Grid, Torus:
		least := 4
		if v.Get("topo") == Torus {
			least = 9
		}
		if n < least {
			set("n", strconv.Itoa(least), "too few nodes for a "+v.Get("topo"))
		} else if r, _ := gridShape(n); r*r*4 < n {
			// A long thin grid: round n to the nearest square.
			s := 1
			for (s+1)*(s+1) <= n {
				s++
			}
			set("n", strconv.Itoa(s*s), fmt.Sprintf("%d nodes make no near-square grid (%d×%d)", n, r, n/r))
		}
	case WS:
		k := v.Int("k")
		if k%2 != 0 {
			k++
		}
		k = max(2, min(k, (n-1)&^1))
		if n < 3 {
			set("n", "3", "a small world needs 3 nodes")
			k = 2
		}
		if k != v.Int("k") {
			set("k", strconv.Itoa(k), "ws needs an even k with 2 ≤ k < n")
		}
	case Regular:
		k := min(v.Int("k"), n-1)
		if n > 2 {
			k = max(k, 2) // a 1-regular graph of more than 2 nodes is a matching: never connected
		}
		if n*k%2 != 0 {
			if k > 2 || n <= 2 {
				k--
			} else {
				k++
			}
		}
		if k < 1 {
			set("n", "2", "a regular graph needs 2 nodes")
			k = 1
		}
		if k != v.Int("k") {
			set("k", strconv.Itoa(k), "a connected k-regular graph needs 2 ≤ k < n and n·k even")
		}
	case ER:
		if !(v.Float("p") > 0) {
			set("p", "0.25", "G(n, 0) is never connected")
		}
	case Barbell:
		if c := v.Int("clique"); 2*c > n {
			set("clique", strconv.Itoa(max(2, n/2)), "two cliques of clique nodes must fit in n")
		}
		if n < 4 {
			set("n", "4", "a barbell needs 4 nodes")
		}
	}
	n = v.Int("n")
	d := dim(v)
	if n*d > lim.ND {
		if v.Get("data") == DataSynth {
			set("d", strconv.Itoa(max(1, lim.ND/n)), fmt.Sprintf("n·d is limited to %d %s (W is n·d numbers)", lim.ND, where))
		} else {
			set("n", strconv.Itoa(lim.ND/d), fmt.Sprintf("n·d is limited to %d %s (W is n·d numbers)", lim.ND, where))
		}
	}
	n, d = v.Int("n"), dim(v)
	if v.Get("data") == DataSynth && v.Get("spectrum") == data.Ortho && d < n {
		set("spectrum", data.Isotropic, "orthonormal samples need d ≥ n")
	}
	if d < n && v.Get("w0") == "random" {
		set("w0", "zero", "under-parametrised (n > d): the limit is the minimiser of F, reached from any start; w0 = 0")
	}
	if v.Get("eig") == EigExact && n*d > lim.Exact {
		set("eig", EigLanczos, fmt.Sprintf("the dense analysis is limited to n·d ≤ %d %s (it costs (n·d)³)", lim.Exact, where))
	}
	a.AtMost("m", n, "the SGD baseline's batch is at most n")
	// Work: a step costs about (n + |E|)·d; |E| is known only once the
	// graph is drawn, so count the topology's expectation. capSteps shortens
	// a length parameter whose runs (times copies) exceed budget.
	step := float64(n+int(expectedEdges(v))) * float64(d)
	capSteps := func(name string, copies, least int, budget float64, what string) {
		if float64(copies)*float64(v.Int(name))*step > budget {
			l := max(least, int(budget/float64(copies)/step))
			set(name, strconv.Itoa(l), fmt.Sprintf("%s is limited to about %.0e multiply-adds %s", what, budget, where))
		}
	}
	capSteps("len", 1, 1, float64(lim.Work), "a run")
	if s := v.Int("sweep"); s > 0 {
		capSteps("sweeplen", s, 10, float64(lim.Sweep), "the sweep")
	}
	if v.Float("mulo") > v.Float("muhi") {
		set("muhi", v.Get("mulo"), "muhi must not be below mulo")
	}
}

// expectedEdges is |E| for the deterministic topologies and its
// expectation for the random ones.
func expectedEdges(v spec.Values) float64 {
	n := float64(v.Int("n"))
	switch v.Get("topo") {
	case Path:
		return n - 1
	case Ring:
		return n
	case Grid, Torus:
		return 2 * n
	case Complete:
		return n * (n - 1) / 2
	case Star:
		return n - 1
	case ER:
		return v.Float("p") * n * (n - 1) / 2
	case WS, Regular:
		return n * float64(v.Int("k")) / 2
	case Barbell:
		c := float64(v.Int("clique"))
		return float64(c*(c-1)) + n - float64(2*c) + 1
	}
	return n
}

// plannedWorkOf implements lab.Lab.Work: the analysis of A ((n·d)³ when
// dense, shared), the main run and two baselines of len steps and the μ
// sweep, each step about (n + |E|)·d.
func plannedWorkOf(v spec.Values) lab.Work {
	nd := float64(v.Int("n") * dim(v))
	step := float64(float64(v.Int("n"))+expectedEdges(v)) * float64(dim(v))
	var shared float64
	if v.Get("eig") == EigExact || nd <= float64(nativeLimits.Exact) {
		shared = float64(nd*nd) * nd
	}
	steps := float64(3*v.Int("len") + v.Int("sweep")*v.Int("sweeplen"))
	return lab.Work{Shared: shared, Units: float64(steps * step)}
}
