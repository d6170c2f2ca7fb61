// Package vec holds the small dense-vector kernels of the simulator's hot loops,
// in plain Go with a fixed summation order so that they give the same bits natively
// and in wasm (gonum's assembly kernels do not exist in wasm and sum in another
// order). Destinations come first; nothing allocates.
package vec
