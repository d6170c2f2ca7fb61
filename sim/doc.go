// Package sim is the root of the simulator; its subpackages are the library
// (one topic each) and sim/cmd holds the commands. See DESIGN.md §1.
package sim
