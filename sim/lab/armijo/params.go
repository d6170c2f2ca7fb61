package armijo

import (
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/linesearch"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
)

// Models, data sets, targets and views, as links spell them.
const (
	MLP    = "mlp"
	LinReg = "linreg"
	Kernel = "kernel"

	Diabetes = lab.Diabetes
	Synth    = lab.Synth

	TargetAcc  = "acc"
	TargetLoss = "loss"
	TargetGrad = "grad"

	ViewAll   = lab.ViewAll
	ViewTrace = "trace"
	ViewLR    = "lr"
	ViewSteps = "steps"
	ViewSFO   = "sfo"
)

const (
	maxBatches = 12
	maxB       = 1 << 16
	diabetesN  = 442
	maxTrace   = 1500 // points per per-step curve drawn (the CSV has every step)
)

// limits protect a browser tab (big = false) and a native run (big = true).
type limits struct {
	KernelN int // the kernel matrix is n² doubles
	Floats  int // parameters held by all runs (each keeps θ and a snapshot for the replay)
	Runs    int
}

var (
	browserLimits = limits{KernelN: 4096, Floats: 1 << 24, Runs: 400}
	nativeLimits  = limits{KernelN: 10000, Floats: 1 << 30, Runs: 10000}
)

// Params is the lab's parameter table: the link format.
var Params = &spec.Set{Lab: "armijo", Params: []spec.Param{
	{Name: "model", Kind: spec.Enum, Default: MLP, Choices: []string{MLP, LinReg, Kernel}, Group: "Model",
		Help: "mlp: a ReLU network with softmax cross-entropy on images (the paper's setting); linreg: least squares; kernel: Gaussian-kernel least squares on images with one-hot targets (interpolation, as in the critical lab)"},
	{Name: "images", Kind: spec.Enum, Default: "mnist", Choices: []string{"mnist", "fashion"}, Group: "Model", Help: "mlp, kernel: the image set (its first n images, pixels in [0, 1])"},
	{Name: "n", Kind: spec.Int, Default: "500", Min: 2, Max: 100000, Group: "Model", Help: "training samples (mlp, kernel: the first n images; linreg synth: samples)"},
	{Name: "hidden", Kind: spec.Custom, Default: "128", Check: lab.CheckHidden, Group: "Model", Help: "mlp: hidden layer widths, e.g. 128 or 64,32 (input 784, output 10)"},
	{Name: "sigma", Kind: spec.Float, Default: "5", Min: 1e-3, Max: 1e3, Group: "Model", Help: "kernel: bandwidth σ of exp(−‖x − x′‖²/2σ²)"},
	{Name: "data", Kind: spec.Enum, Default: Diabetes, Choices: []string{Diabetes, Synth}, Group: "Model",
		Help: "linreg: diabetes (442×10, standardised, plus an intercept) or synthetic"},
	{Name: "d", Kind: spec.Int, Default: "20", Min: 1, Max: 100000, Group: "Model", Help: "linreg synth: dimension"},
	{Name: "noise", Kind: spec.Float, Default: "0", Min: 0, Max: 10, Group: "Model", Help: "linreg synth: label noise σ (0: an interpolating model)"},
	{Name: "dseed", Kind: spec.Seed, Default: "1", Group: "Model", Help: "seed of the synthetic data"},
	{Name: "b", Kind: spec.Custom, Default: "4,8,16,32,64,128", Check: steprule.CheckBatches(maxBatches, maxB), Group: "SGD",
		Help: "batch sizes (subsets drawn without replacement; n = full batch)"},
	{Name: "seeds", Kind: spec.Int, Default: "2", Min: 1, Max: 100, Group: "SGD", Help: "runs per batch size (seed s: its own start and batches)"},
	{Name: "cmp", Kind: spec.Bool, Default: "1", Group: "SGD", Help: "1: also run constant-step SGD with step eta on the same batches, for comparison"},
	{Name: "eta", Kind: spec.Float, Default: "0.1", Min: 1e-9, Max: 1e3, Group: "SGD", Help: "the constant step of the comparison runs"},
	{Name: "c", Kind: spec.Float, Default: "0.05", Min: 1e-6, Max: 0.999999, Group: "Line search", Help: "Armijo constant c: accept α when f_B(θ − αg) ≤ f_B(θ) − c·α·‖g‖²"},
	{Name: "delta", Kind: spec.Float, Default: "0.9", Min: 0.01, Max: 0.999, Group: "Line search", Help: "backtracking factor δ: α ← δα while the condition fails"},
	{Name: "gamma", Kind: spec.Float, Default: "2", Min: 1, Max: 100, Group: "Line search", Help: "growth γ of the trial step (reset rule)"},
	{Name: "amax", Kind: spec.Float, Default: "10", Min: 1e-6, Max: 1e6, Group: "Line search", Help: "largest trial step α_max"},
	{Name: "reset", Kind: spec.Enum, Default: "grow", Choices: linesearch.Resets, Group: "Line search",
		Help: "first trial step: grow = min(α_{k−1}·γ^{b/n}, α_max) (Vaswani et al.); max = α_max every step; full = min(α_{k−1}·γ, α_max) (THEORY §5 warns it can destroy training)"},
	{Name: "target", Kind: spec.Enum, Default: TargetAcc, Choices: []string{TargetAcc, TargetLoss, TargetGrad}, Group: "Target",
		Help: "K(b) is the first step with: acc = training accuracy ≥ tau; loss = training loss ≤ eps; grad = ‖∇f(θ)‖ ≤ eps"},
	{Name: "tau", Kind: spec.Float, Default: "0.97", Min: 0.01, Max: 1, Group: "Target", Help: "accuracy target (the paper: 0.97 on MNIST)"},
	{Name: "eps", Kind: spec.Float, Default: "0.1", Min: 1e-12, Max: 1e6, Group: "Target", Help: "loss or gradient-norm target ε"},
	{Name: "kmax", Kind: spec.Int, Default: "20000", Min: 1, Max: 10000000, Group: "Target", Help: "steps after which a run that has not reached the target stops"},
	{Name: "check", Kind: spec.Int, Default: "0", Min: 0, Max: 1000000, Group: "Target",
		Help: "evaluate the target every check steps (0: after step t, next at t + max(1, ⌊t^(2/3)⌋)); when it holds w steps after the last failed evaluation, those steps are replayed (same bits) with evaluations every ⌊√w⌋ steps, down to every step, so K is the first step after the last failed evaluation at which the target holds (check=1: every step)"},
	{Name: "wseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the starts: seed s starts from PCG(wseed, 40 + s) (mlp: He init; linreg, kernel: θ = 0)"},
	{Name: "sseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the batches: seed s, batch size j draw from PCG(sseed, 2³² + 2¹⁰·j + s), the same for both optimisers"},
	{Name: "view", Kind: spec.Enum, Default: ViewAll, Choices: []string{ViewAll, ViewTrace, ViewLR, ViewSteps, ViewSFO}, View: true, Group: "View",
		Help: "all four panels, or one: trace (loss and 1 − accuracy vs steps), lr (accepted α and evaluations per step), steps (K(b) with the fit), sfo (N(b) = K·b with b*)"},
	{Name: "tb", Kind: spec.Int, Default: "0", Min: 0, Max: maxB, View: true, Group: "View", Help: "batch size of the trace and lr panels (seed 1); 0: every batch size"},
}}

// samples is n of the spec's data.
func samples(v spec.Values) int {
	if v.Get("model") == LinReg && v.Get("data") == Diabetes {
		return diabetesN
	}
	return v.Int("n")
}

// dim is the number of parameters of the spec's model.
func dim(v spec.Values) int {
	switch v.Get("model") {
	case MLP:
		sizes, d := lab.MLPSizes(v.Get("hidden")), 0
		for l := 1; l < len(sizes); l++ {
			d += sizes[l] * (sizes[l-1] + 1)
		}
		return d
	case Kernel:
		return 10 * v.Int("n")
	}
	if v.Get("data") == Diabetes {
		return 11
	}
	return v.Int("d")
}

// runs is the number of runs of the spec.
func runs(v spec.Values) int {
	k := len(strings.Split(v.Get("b"), ",")) * v.Int("seeds")
	if v.Bool("cmp") {
		k *= 2
	}
	return k
}

func init() {
	lab.Register(&lab.Lab{
		Name:  "armijo",
		Title: "Armijo line search: steps and gradient cost vs batch size",
		Help: "SGD whose step is chosen each iteration by a backtracking Armijo line search on the same mini-batch: the steps K(b) to reach a target, " +
			"the oracle cost N(b) = K(b)·b, the fit K(b) = C₁b/(ε²b − C₂) and the critical batch size b* = 2C₂/ε² that minimises N (Tsukada & Iiduka; THEORY §5).",
		Theory: "5",
		Params: Params,
		Limits: applyLimits,
		Presets: []lab.Preset{
			{Title: "The paper's MNIST setting, browser size: MLP 784-128-10, Armijo (c = 0.05, δ = 0.9, γ = 2, α_max = 10), steps to 97 % training accuracy for b = 4…128", Query: "v=1&lab=armijo"},
			{Title: "K(b) and N(b) with the fit: 3 seeds, b = 2…256, no comparison runs", Query: "v=1&lab=armijo&b=2,4,8,16,32,64,128,256&seeds=3&cmp=0&view=sfo"},
			{Title: "The line search at work: accepted α and evaluations per step at b = 16", Query: "v=1&lab=armijo&b=16&seeds=1&view=lr"},
			{Title: "Why the reset matters: growing the trial step by a full γ every step (reset=full) stalls b = 4 and 16", Query: "v=1&lab=armijo&b=4,16,64&seeds=1&reset=full&cmp=0&kmax=3000&view=trace"},
			{Title: "Gradient-norm target on Fashion-MNIST: ‖∇f‖ ≤ 0.05", Query: "v=1&lab=armijo&images=fashion&target=grad&eps=0.05&b=8,16,32,64,128&seeds=1"},
			{Title: "Interpolation: Gaussian-kernel least squares on 1000 MNIST digits to 97 % accuracy", Query: "v=1&lab=armijo&model=kernel&n=1000&b=1,2,4,8,16,32,64&seeds=2&eta=1"},
			{Title: "Least squares on diabetes (no interpolation: the least loss is 0.2411): loss ≤ 0.27", Query: "v=1&lab=armijo&model=linreg&target=loss&eps=0.27&b=1,2,4,8,16,32,64&seeds=3&eta=0.05"},
			{Title: "The paper-size run: 10⁴ MNIST digits, b = 2…1024, 3 seeds (CLI: sgdlab -big -link …)", Query: "v=1&lab=armijo&n=10000&b=2,4,8,16,32,64,128,256,512,1024&seeds=3&cmp=0&kmax=200000", CLI: true},
		},
		Needs:  needs,
		New:    New,
		Memory: memoryPlan,
		Work:   plannedWorkOf,
	})
}

// needs: the image shards for mlp and kernel, diabetes for its least squares.
func needs(v spec.Values) []data.Need {
	switch {
	case v.Get("model") != LinReg:
		return []data.Need{{Dataset: v.Get("images"), Samples: v.Int("n")}}
	case v.Get("data") == Diabetes:
		return []data.Need{{Dataset: Diabetes, Samples: 0}}
	}
	return nil
}

// applyLimits bounds the batch sizes by n, the targets by the model, the
// kernel matrix and the runs' memory, until nothing changes.
func applyLimits(v spec.Values, big bool) []spec.Notice {
	return lab.Repeat(v, func(a *lab.Adjuster) { limitsOnce(a, big) })
}

func limitsOnce(a *lab.Adjuster, big bool) {
	v := a.Vals
	lim, where := lab.Sizes(big, browserLimits, nativeLimits, "in the browser (the CLI with -big runs larger sweeps)")
	if v.Get("model") != LinReg {
		a.AtMost("n", 10000, "the image sets hold 10,000 images")
	}
	if v.Get("model") == Kernel {
		a.AtMost("n", lim.KernelN, fmt.Sprintf("the kernel matrix is n² doubles: n ≤ %d %s", lim.KernelN, where))
	}
	n := samples(v)
	if b, changed, kept := steprule.ClampBatches(v.Get("b"), n, n); changed {
		a.Set("b", b, fmt.Sprintf("subsets need b ≤ n = %d", n)+steprule.Merged(kept))
	}
	if v.Get("target") == TargetAcc && v.Get("model") == LinReg {
		a.Set("target", TargetLoss, "least squares has no accuracy: the target is the training loss")
	}
	if r := runs(v); r > lim.Runs && v.Int("seeds") > 1 {
		per := r / v.Int("seeds")
		a.Set("seeds", strconv.Itoa(max(1, lim.Runs/per)), fmt.Sprintf("at most %d runs %s", lim.Runs, where))
	}
	if fl := 2 * runs(v) * dim(v); fl > lim.Floats && v.Int("seeds") > 1 {
		per := runs(v) / v.Int("seeds")
		a.Set("seeds", strconv.Itoa(max(1, lim.Floats/(2*dim(v)*per))), fmt.Sprintf("the runs hold 2 vectors of %d parameters each, at most %d numbers %s", dim(v), lim.Floats, where))
	}
}

// memoryPlan implements lab.Lab.Memory: the n×n kernel matrix (model=kernel),
// the images as float64s, and the θ and snapshot every run holds.
func memoryPlan(v spec.Values) float64 {
	n, k := v.Int("n"), 0
	if v.Get("model") == Kernel {
		k = n * n
	}
	return float64(8 * (k + n*784 + 2*runs(v)*dim(v) + runs(v)*lab.TraceCap*4))
}

// plannedWorkOf implements lab.Lab.Work: the kernel matrix, n²·784, shared
// (model=kernel); every run's kmax steps of about 3·b gradients of dim
// parameters each — an upper bound, as runs stop at the target.
func plannedWorkOf(v spec.Values) lab.Work {
	n := float64(v.Int("n"))
	var shared float64
	if v.Get("model") == Kernel {
		shared = float64(n*n) * 784
	}
	var bs float64
	list := steprule.ParseBatches(v.Get("b"), v.Int("n"))
	for _, b := range list {
		bs += float64(b)
	}
	per := float64(runs(v)) / float64(max(1, len(list)))
	return lab.Work{Shared: shared, Units: float64(float64(3*bs*per)*float64(v.Int("kmax"))) * float64(dim(v))}
}
