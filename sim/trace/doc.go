// Package trace keeps a bounded record of a long run: points are taken every
// Stride iterations, and when the record is full every other point is dropped
// and the stride doubles, so any run fits in Cap points, evenly spaced in t.
package trace
