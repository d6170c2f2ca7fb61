// Package rng names the simulator's random streams. Every random draw comes from
// a PCG source (math/rand/v2) built from a seed given in the link and a stream
// number fixed by the code, so a link reproduces the same numbers on every
// platform: the data of a lab come from (dseed, StreamData…), run j's sampler
// from (sseed, StreamRun+j). Every stream number is a constant of this package
// (streams.go); Families lists them as ranges and a test checks that the
// streams one link can draw from are disjoint.
package rng
