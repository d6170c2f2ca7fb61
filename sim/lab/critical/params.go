package critical

import (
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/sampler"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
)

const (
	maxRuns        = 16 // batch sizes (and step rules) per link
	maxM           = 1 << 20
	maxBatchFactor = 16 // m ≤ 16n
	sweepPoints    = 13 // step sizes of the sweep: η̂(m)·2^(i/2), i = −6…6
)

// datasets are the datasets the page ships (web/static/data) with their
// sizes; a test checks this table against the manifests.
var datasets = []struct {
	Name    string
	N       int
	Classes int
}{
	{"mnist", 10000, 10},
	{"fashion", 10000, 10},
	{"fashion-test", 10000, 10},
	{"diabetes", 442, 0},
}

func datasetNames() []string {
	var ns []string
	for _, d := range datasets {
		ns = append(ns, d.Name)
	}
	return ns
}

// Kernel names, as in links.
const (
	Gaussian  = "gaussian"
	Laplacian = "laplacian"
	Linear    = "linear"
)

// Spectrum routes.
const (
	EigLanczos = "lanczos" // top eigenvalues by Lanczos; λ_k bounded by the smallest Ritz value
	EigExact   = "exact"   // every eigenvalue by a dense eigensolver
)

// Views.
const (
	ViewAll     = lab.ViewAll
	ViewCurves  = "curves"
	ViewSpeedup = "speedup"
	ViewCost    = "cost"
	ViewSweep   = "sweep"
)

// limits protect a browser tab (big = false) and a native run (big = true).
type limits struct {
	N     int // n: K is n² float64s
	Exact int // n for the dense eigensolver, O(n³)
}

var (
	browserLimits = limits{N: 4096, Exact: 1000}
	nativeLimits  = limits{N: 10000, Exact: 10000}
)

// Params is the lab's parameter table: the link format.
var Params = &spec.Set{Lab: "critical", Params: []spec.Param{
	{Name: "dataset", Kind: spec.Enum, Default: "mnist", Choices: datasetNames(), Group: "Data",
		Help: "mnist: 10,000 digits; fashion: Fashion-MNIST (10,000 training images); fashion-test: its 10,000 test images; diabetes: 442×10 regression"},
	{Name: "n", Kind: spec.Int, Default: "2000", Min: 2, Max: 10000, Group: "Data", Help: "number of training samples"},
	{Name: "select", Kind: spec.Enum, Default: data.PerClass, Choices: []string{data.PerClass, data.First, data.Random}, Group: "Data",
		Help: "perclass: the first n/C of each class; first: the first n; random: n drawn with dseed"},
	{Name: "target", Kind: spec.Enum, Default: data.OneHot, Choices: []string{data.OneHot, data.PlusMinus, data.Regression}, Group: "Data",
		Help: "onehot: one output per class (0/1); pm1: +1 for the lower half of the classes, −1 for the rest; regression: the real target"},
	{Name: "std", Kind: spec.Bool, Default: "0", Group: "Data", Help: "standardise each feature over the n samples (mean 0, variance 1; constant features stay 0)"},
	{Name: "dseed", Kind: spec.Seed, Default: "1", Group: "Data", Help: "seed of the random selection"},
	{Name: "kernel", Kind: spec.Enum, Default: Gaussian, Choices: []string{Gaussian, Laplacian, Linear}, Group: "Model",
		Help: "gaussian exp(−‖x−z‖²/2σ²), laplacian exp(−‖x−z‖/σ), or linear x·z (the linear model on raw features)"},
	{Name: "sigma", Kind: spec.Float, Default: "5", Min: 1e-3, Max: 1e6, Group: "Model", Help: "kernel bandwidth σ"},
	{Name: "eig", Kind: spec.Enum, Default: EigLanczos, Choices: []string{EigLanczos, EigExact}, Group: "Spectrum",
		Help: "lanczos: the top eigenvalues of K/n by Lanczos (λ_k only bounded); exact: every eigenvalue (dense, O(n³))"},
	{Name: "topk", Kind: spec.Int, Default: "10", Min: 2, Max: 50, Group: "Spectrum", Help: "how many top eigenvalues to compute and show"},
	{Name: "m", Kind: spec.Custom, Default: "1,2,4,8,16,32,64,128", Check: steprule.CheckBatches(maxRuns, maxM), Group: "SGD",
		Help: "batch sizes (n = full batch): one curve each, and the points of the speed-up and cost views"},
	{Name: "eta", Kind: spec.Custom, Default: steprule.RuleHat, Check: steprule.CheckRules(maxRuns), Group: "SGD",
		Help: "step rule, one for all or one per batch size: hat = η̂(m) §2.4 (the paper's), opt = η*(m) §2.3, a multiple like 2hat, or a fixed step"},
	{Name: "sampler", Kind: spec.Enum, Default: sampler.Replace, Choices: sampler.Names, Group: "SGD",
		Help: "replace: m indices with replacement (the paper's); subset; bernoulli; shuffle"},
	{Name: "seeds", Kind: spec.Int, Default: "2", Min: 1, Max: 20, Group: "SGD", Help: "runs per batch size, each with its own batch stream: the speed-up is averaged over them"},
	{Name: "sseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the batch sampling"},
	{Name: "eps", Kind: spec.Float, Default: "0.001", Min: 1e-12, Max: 0.5, Group: "Stop", Help: "target: a run stops at the first t with MSE_t ≤ eps·MSE_0; t(m) is that t"},
	{Name: "len", Kind: spec.Int, Default: "1000000", Min: 1, Max: 10000000, Group: "Stop", Help: "most iterations a run may take to reach eps"},
	{Name: "sweep", Kind: spec.Custom, Default: "8", Check: checkSweep, Group: "Step-size sweep",
		Help: "batch size of the step-size sweep (n for GD, 0 for none): 13 runs at η̂(m)·2^(i/2), i = −6…6"},
	{Name: "sweeplen", Kind: spec.Int, Default: "300", Min: 1, Max: 1000000, Group: "Step-size sweep", Help: "iterations of each sweep run"},
	{Name: "view", Kind: spec.Enum, Default: ViewAll, Choices: []string{ViewAll, ViewCurves, ViewSpeedup, ViewCost, ViewSweep}, View: true, Group: "View",
		Help: "all four panels, or one: curves (MSE vs x), speedup (t(1)/t(m) vs s(m)), cost (gradients to eps), sweep (final MSE vs η)"},
	{Name: "x", Kind: spec.Enum, Default: "iter", Choices: []string{"iter", "epoch"}, View: true, Group: "View",
		Help: "x-axis of the curves: iterations (the paper's Figure 3) or epochs (Figure 4)"},
}}

// checkSweep canonicalises the sweep parameter: 0, a batch size or n.
func checkSweep(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "n" || s == "0" {
		return s, nil
	}
	m, err := strconv.Atoi(s)
	if err != nil || m < 0 || m > maxM {
		return "", fmt.Errorf("%q is not a batch size (0 for no sweep, 1…%d, or n)", s, maxM)
	}
	return strconv.Itoa(m), nil
}

// sweepM resolves the sweep parameter (0: no sweep).
func sweepM(s string, n int) int {
	if s == "n" {
		return n
	}
	m, _ := strconv.Atoi(s)
	return m
}

func init() {
	lab.Register(&lab.Lab{
		Name:  "critical",
		Title: "Critical batch size on real data (kernel regression)",
		Help: "Kernel least squares on MNIST and friends: linear scaling up to m* = β/(λ₁−λ_k)+1 and saturation past it " +
			"(Ma, Bassily & Belkin 2018, Figures 2-4): THEORY §2.1-2.5.",
		Theory: "2.5",
		Params: Params,
		Limits: applyLimits,
		Presets: []lab.Preset{
			{Title: "Figure 2 on MNIST: speed-up t(1)/t(m) against s(m), linear scaling then saturation", Query: "v=1&lab=critical&view=speedup"},
			{Title: "Figure 3 on MNIST: training MSE vs iterations; curves bunch up past m*", Query: "v=1&lab=critical&m=1,2,4,8,16,64,256&seeds=1&sweep=0&view=curves&x=iter"},
			{Title: "Figure 4 on MNIST: training MSE vs epochs; m = 1 cheapest, every m ≤ m* nearly as cheap", Query: "v=1&lab=critical&m=1,2,4,8,16,64,256&seeds=1&sweep=0&view=curves&x=epoch"},
			{Title: "Cost to ε: gradient evaluations vs m", Query: "v=1&lab=critical&view=cost"},
			{Title: "Step-size sweep at m = 8: η̂ converges, 2η̂ diverges", Query: "v=1&lab=critical&m=1&seeds=1&sweep=8&sweeplen=300&view=sweep"},
			{Title: "Linear model on raw pixels (rank < n): no interpolation, a floor", Query: "v=1&lab=critical&kernel=linear&m=1,8,64&seeds=1&eps=0.05&len=5000&sweep=0&view=curves"},
			{Title: "Fashion-MNIST: the same shape, another spectrum", Query: "v=1&lab=critical&dataset=fashion&view=all"},
			{Title: "The paper's size, n = 10⁴ (CLI only: sgdlab -big -link …)", Query: "v=1&lab=critical&n=10000&m=1,2,4,8,16,32,64,128,256&seeds=1&sweep=0", CLI: true},
		},
		Needs:  needs,
		New:    New,
		Memory: memoryPlan,
		Work:   plannedWorkOf,
	})
}

// needs: the leading shards that hold the first n samples, or every shard
// for a random selection.
func needs(v spec.Values) []data.Need {
	samples := v.Int("n")
	if v.Get("select") == data.Random {
		samples = 0
	}
	return []data.Need{{Dataset: v.Get("dataset"), Samples: samples}}
}

// applyLimits checks what one parameter cannot: n against the dataset and
// the target, the target against the dataset, batch sizes against n and the
// sampler, and the length of the rule list.
func applyLimits(v spec.Values, big bool) []spec.Notice {
	lim, where := lab.Sizes(big, browserLimits, nativeLimits, "in the browser (the CLI with -big runs larger problems)")
	a := &lab.Adjuster{Vals: v}
	set := a.Set
	ds := datasets[0]
	for _, d := range datasets {
		if d.Name == v.Get("dataset") {
			ds = d
		}
	}
	switch t := v.Get("target"); {
	case ds.Classes == 0 && t != data.Regression:
		set("target", data.Regression, ds.Name+" is a regression set: its target is real")
	case ds.Classes > 0 && t == data.Regression:
		set("target", data.OneHot, ds.Name+" has classes, not a real target")
	}
	if ds.Classes == 0 && v.Get("select") == data.PerClass {
		set("select", data.First, ds.Name+" has no classes to select by")
	}
	a.AtMost("n", ds.N, fmt.Sprintf("%s has %d samples", ds.Name, ds.N))
	a.AtMost("n", lim.N, fmt.Sprintf("n is limited to %d %s (K is n² numbers: %d MiB)", lim.N, where, lim.N*lim.N*8>>20))
	n := v.Int("n")
	if v.Get("eig") == EigExact && v.Get("kernel") != Linear && n > lim.Exact {
		set("eig", EigLanczos, fmt.Sprintf("the dense eigensolver is limited to n ≤ %d %s (it costs n³)", lim.Exact, where))
	}
	mmax, why := steprule.MaxBatch(v.Get("sampler"), n, maxBatchFactor)
	count := len(steprule.ParseBatches(v.Get("m"), n))
	if m, changed, kept := steprule.ClampBatches(v.Get("m"), n, mmax); changed {
		set("m", m, why+steprule.Merged(kept))
		if eta := steprule.KeepRules(v.Get("eta"), count, kept); eta != v.Get("eta") {
			set("eta", eta, "one step rule per batch size: the rules of merged sizes are dropped")
		}
	}
	if sw, changed, _ := steprule.ClampBatches(v.Get("sweep"), n, mmax); changed {
		set("sweep", sw, why)
	}
	if eta, why, ok := steprule.FitRules(v.Get("eta"), len(steprule.ParseBatches(v.Get("m"), n))); !ok {
		set("eta", eta, why)
	}
	return a.Notes
}

// memoryPlan implements lab.Lab.Memory: the n×n kernel matrix (twice more
// for the dense eigensolver), the dataset as float64s, and each run's
// n·c coefficients with their records.
func memoryPlan(v spec.Values) float64 {
	n := v.Int("n")
	mats := 1
	if v.Get("eig") == EigExact {
		mats = 3
	}
	runs := len(strings.Split(v.Get("m"), ","))*v.Int("seeds") + sweepPoints
	return float64(8 * (mats*n*n + 10000*784 + runs*n*10*2 + runs*lab.TraceCap*4))
}

// plannedWorkOf implements lab.Lab.Work: the kernel matrix, n²·d, and its
// spectrum (n³ dense, 40·topk·n² by Lanczos), shared; the runs to their
// cap len, (m+1)·n·c each iteration, and the sweep — an upper bound, as
// runs stop at eps.
func plannedWorkOf(v spec.Values) lab.Work {
	n := v.Int("n")
	d, c := 784, 10
	if v.Get("dataset") == "diabetes" {
		d, c = 10, 1
	}
	nn := float64(n * n)
	spec := float64(nn * float64(40*v.Int("topk")))
	if v.Get("eig") == EigExact {
		spec = float64(nn * float64(n))
	}
	var iters float64
	for _, m := range steprule.ParseBatches(v.Get("m"), n) {
		iters += float64(m + 1)
	}
	runs := float64(float64(iters*float64(v.Int("seeds"))) * float64(v.Int("len")))
	sweep := float64(sweepPoints * v.Int("sweeplen") * (n + 1))
	return lab.Work{Shared: float64(nn*float64(d)) + spec, Units: float64(float64(runs+sweep) * float64(n*c))}
}
