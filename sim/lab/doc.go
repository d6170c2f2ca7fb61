// Package lab is the seam between an experiment and whatever drives it — the
// browser (time-sliced, a few milliseconds a frame), the CLI (flat out) or a
// test — and the frame every lab is built on.
//
// The seam: every lab is an Experiment, a stepper built from a link's
// spec.Values, registered by name (Register; package sim/lab/all registers
// them all). Parse reads a link, Lab.Build makes the experiment, Step advances
// it by a work budget until Done, and Readout, Figure, WriteCSV and
// WriteJSON report it.
//
// The frame, so that a lab holds only its science:
//
//   - Plan: the phases of an experiment in order (a kernel matrix, a
//     spectrum, the runs, a sweep), each a Task stepper with a weight on the
//     progress bar; Step goes to the first unfinished phase; a failed phase
//     stops the plan.
//   - Units: a phase's independent pieces of work — runs of one batch size
//     and seed, points of a sweep, ensembles — in a fixed index order, each
//     owning its state and random stream. Results are read from the units by
//     index, so they are the same bits whichever unit advanced first, in how
//     many slices, or where (Splitter exposes them to a driver;
//     labtest.OrderFree checks it).
//   - Track: the lifecycle of a run that decreases an error — record the
//     trace (TraceCap points), stop at a relative target, at the planned
//     iterations, or on divergence (DivergeFactor), with the Status words
//     readouts and exports show.
//   - LogSlope and TailOf: the one fit of a measured rate, on polyfit, over
//     the second half of a curve above RateFloor; TailStart, TooEarly and
//     TailLen say when such a fit can read the asymptotic rate.
//   - CSV and WriteJSON with Envelope: every export, through encoding/csv and
//     one JSON document shape (lab, link, readout, then the lab's own data).
//   - Adjuster and Repeat: a lab's cross-parameter limits with notices;
//     Shown keeps a progress bar from going back; Num and Float format
//     numbers for readouts and JSON.
//
// Adding a lab is one package under sim/lab that registers a Lab in its
// init, and one import line in sim/lab/all.
package lab
