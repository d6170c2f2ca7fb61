// Package lab is the seam between an experiment and whatever drives it — the
// browser (time-sliced, a few milliseconds a frame), the CLI (flat out) or a test:
// every lab is an Experiment stepper built from a link's spec.Values, and labs
// register themselves by name.
package lab
