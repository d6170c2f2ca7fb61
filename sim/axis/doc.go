// Package axis computes axis ticks and scales for figures — nice 1-2-5 steps on
// linear axes, decades with 2…9 minor ticks on log axes — and maps data to the
// unit interval. It draws nothing.
package axis
