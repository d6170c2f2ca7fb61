package rng

// Stream numbers: the second PCG seed word, one per purpose. Every stream the
// simulator draws from is named here, with the code that draws from it and
// the link's seed parameter that goes with it; Families lists the derived
// ones (base + stride·i + k) as ranges, and TestStreamsDisjoint checks that no
// two streams a link can draw from coincide. Changing a number changes every
// golden that depends on it.
const (
	// StreamData: data.Synthesize's samples x_i (seed dseed); the critical
	// lab's subset of the images, data.Labeled.Select (dseed).
	StreamData uint64 = 1
	// StreamTarget: data.Synthesize's generating weights and label noise (dseed).
	StreamTarget uint64 = 2
	// StreamLanczos: spectrum.NewLanczos's start and restart vectors (critical: dseed).
	StreamLanczos uint64 = 3
	// StreamExtremes: spectrum.NewExtremes's start vector (consensus: gseed for
	// the graph's spectrum, dseed through dgd.NewEstimate).
	StreamExtremes uint64 = 4
	// StreamLayout: layout.NewForce's random start positions (consensus: gseed).
	StreamLayout uint64 = 11

	// StreamConsensusGraph: the consensus lab's random graph (gseed).
	StreamConsensusGraph uint64 = 20
	// StreamConsensusW0: the consensus lab's random start w0=random (dseed).
	StreamConsensusW0 uint64 = 21
	// StreamConsensusAlgo: the consensus lab's activations of the gossip and
	// asynchronous algorithms (aseed).
	StreamConsensusAlgo uint64 = 22
	// StreamConsensusSGD: the consensus lab's batches of the SGD baseline (aseed).
	StreamConsensusSGD uint64 = 23

	// StreamVarianceW0: the variance lab's common start w₀ (wseed).
	StreamVarianceW0 uint64 = 30
	// StreamVarianceTeacher: the variance lab's two-layer teacher (tseed).
	StreamVarianceTeacher uint64 = 31

	// StreamArmijoW0: the armijo lab's MLP start of seed s = 1, 2, … is drawn
	// from StreamArmijoW0 + s (wseed).
	StreamArmijoW0 uint64 = 40

	// StreamRun: the base of the runs' batch samplers (sseed): run j of the
	// batch lab samples from StreamRun + j, run (s, j) of the critical lab
	// from StreamRun + s·16 + j (16 = its maximum number of batch sizes);
	// the variance and armijo labs add their strides below.
	StreamRun uint64 = 1 << 32
	// StrideVariance: the variance lab's run r of batch size j samples from
	// StreamRun + j·StrideVariance + r (sseed; r < 2²⁰).
	StrideVariance uint64 = 1 << 20
	// StrideArmijo: the armijo lab's run of batch size j and seed s = 1, 2, …
	// samples from StreamRun + j·StrideArmijo + s (sseed; s < 2¹⁰), the
	// line-search and the constant-step run alike (common random numbers).
	StrideArmijo uint64 = 1 << 10
	// StreamCriticalSweep: every run of the critical lab's step-size sweep
	// (sseed; common random numbers: the sweep's runs differ only in η).
	StreamCriticalSweep uint64 = StreamRun + 1<<24
)

// Family is a set of streams one link may draw from: First + i·Stride + k for
// i < Count and k < Width (one stream: Count = Width = 1). Count and Width are
// the largest sizes the lab's parameters allow.
type Family struct {
	Name string
	// Lab is the lab whose links draw from the family; "" marks the
	// library's streams, which any lab may use.
	Lab                         string
	First, Stride, Count, Width uint64
}

// one is a family of a single stream.
func one(name, lab string, s uint64) Family {
	return Family{Name: name, Lab: lab, First: s, Count: 1, Width: 1}
}

// Families lists every stream the labs draw from, the derived ones as ranges
// at the labs' limits (the limits are those of each lab's params.go; raise
// one there, raise it here). A link draws from one lab's families and the
// library's; its seeds (dseed, gseed, sseed, …) may all be equal, so all of
// these must be disjoint (TestStreamsDisjoint).
var Families = []Family{
	one("data", "", StreamData),
	one("target", "", StreamTarget),
	one("lanczos", "", StreamLanczos),
	one("extremes", "", StreamExtremes),
	one("layout", "", StreamLayout),

	one("consensus graph", "consensus", StreamConsensusGraph),
	one("consensus w0", "consensus", StreamConsensusW0),
	one("consensus algo", "consensus", StreamConsensusAlgo),
	one("consensus sgd", "consensus", StreamConsensusSGD),

	// batch: run j < 10 (maxRuns).
	{Name: "batch runs", Lab: "batch", First: StreamRun, Count: 1, Width: 10},

	// critical: seed s < 20 ("seeds" Max), batch size j < 16 (maxRuns).
	{Name: "critical runs", Lab: "critical", First: StreamRun, Stride: 16, Count: 20, Width: 16},
	one("critical sweep", "critical", StreamCriticalSweep),

	one("variance w0", "variance", StreamVarianceW0),
	one("variance teacher", "variance", StreamVarianceTeacher),
	// variance: batch size j < 12 (maxBatches), run r < 100000 ("runs" Max).
	{Name: "variance runs", Lab: "variance", First: StreamRun, Stride: StrideVariance, Count: 12, Width: 100000},

	// armijo: seed s = 1…100 ("seeds" Max), batch size j < 12 (maxBatches).
	{Name: "armijo w0", Lab: "armijo", First: StreamArmijoW0 + 1, Count: 1, Width: 100},
	{Name: "armijo runs", Lab: "armijo", First: StreamRun + 1, Stride: StrideArmijo, Count: 12, Width: 100},
}
