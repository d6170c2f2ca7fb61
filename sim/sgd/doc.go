// Package sgd is mini-batch SGD on the least-squares loss of THEORY §1 as a
// stepper: Step does one iteration of §2.1 and returns; the caller owns the loop.
package sgd
