// Package data holds datasets as dense row-major matrices with their targets,
// and generates the synthetic least-squares problems of the first lab
// (THEORY §1): samples with a chosen spectrum and a target that a weight vector
// w* interpolates.
package data
