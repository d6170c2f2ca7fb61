// Package axis computes axis ticks and scales for figures: nice 1-2-5 steps on
// linear axes, decades with 2…9 minor ticks on log axes, exact compact labels,
// maps from data to the unit interval and back, and padded data ranges. It
// draws nothing.
package axis
