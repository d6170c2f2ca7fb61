package part

import (
	"fmt"

	"sgdlab/sim/lab"
)

// Work is the work of every Step call of Run and Merge. Both step the
// experiment with the same calls from the same start, so they notice the
// same lists of units: a list that is built and finished within one call
// goes unnoticed by both, and both compute it.
const Work = 1 << 20

// Run drives e, built from the link, as shard s of k on up to jobs
// goroutines: at each list of units it runs the units Assign gives shard s
// and keeps their results. A list followed by another (lab.Phased) may
// feed it, so every unit of such a list runs here too, though the shard
// keeps only its own; Run returns after the last list, whose other units
// it leaves to the other shards. An experiment that fails before its last
// list ends the same way in every shard and in the merge.
func Run(e lab.Experiment, s, k, jobs int) ([]Unit, error) {
	if k < 1 || s < 0 || s >= k {
		return nil, fmt.Errorf("shard %d of %d: want 0 ≤ i < K", s, k)
	}
	p, ok := e.(lab.Portable)
	if !ok {
		return nil, fmt.Errorf("%T cannot run in shards: its units' results cannot be moved (lab.Portable)", e)
	}
	last := lab.UnitsPhases(e) - 1
	var held []Unit
	for phase := 0; !e.Done(); {
		if us := p.Units(); len(us) > 0 && us.Stopped() < len(us) {
			mine := Assign(us, k)[s]
			if phase < last {
				us.Run(Work, jobs)
			} else {
				sub := make(lab.Units, len(mine))
				for j, i := range mine {
					sub[j] = us[i]
				}
				sub.Run(Work, jobs)
			}
			for _, i := range mine {
				b, err := p.MarshalUnit(i)
				if err != nil {
					return nil, err
				}
				held = append(held, Unit{Phase: phase, Index: i, Bytes: b})
			}
			if phase >= last {
				return held, nil
			}
			phase++
		}
		e.Step(Work)
	}
	return held, nil
}

// Merge drives e, built from the parts' link, to its end, installing at
// each list of units the results the parts hold instead of running them
// (the parts must have passed Check): its readout and exports are then
// those of the link run on one machine, to the bit. It fails when a unit
// is in no part, in the part of another shard than Assign says, or when a
// part holds a unit the experiment never offered.
func Merge(e lab.Experiment, parts []*File) error {
	p, ok := e.(lab.Portable)
	if !ok {
		return fmt.Errorf("%T cannot merge parts: its units' results cannot be moved (lab.Portable)", e)
	}
	if len(parts) == 0 {
		return ErrNoParts
	}
	type key struct{ phase, index int }
	type held struct {
		shard int
		bytes []byte
	}
	have := map[key]held{}
	for _, f := range parts {
		for _, u := range f.Units {
			have[key{u.Phase, u.Index}] = held{f.Shard, u.Bytes}
		}
	}
	k := parts[0].Shards
	for phase := 0; !e.Done(); {
		if us := p.Units(); len(us) > 0 && us.Stopped() < len(us) {
			for s, share := range Assign(us, k) {
				for _, i := range share {
					h, ok := have[key{phase, i}]
					switch {
					case !ok:
						return fmt.Errorf("unit %d of units list %d (of shard %d) is in no part: the parts were made by a shard runner that disagrees with this one", i, phase, s)
					case h.shard != s:
						return fmt.Errorf("unit %d of units list %d is in the part of shard %d, but belongs to shard %d", i, phase, h.shard, s)
					}
					if err := p.UnmarshalUnit(i, h.bytes); err != nil {
						return err
					}
					delete(have, key{phase, i})
				}
			}
			phase++
		}
		e.Step(Work)
	}
	for u := range have {
		return fmt.Errorf("the parts hold unit %d of units list %d, which the experiment never offered", u.index, u.phase)
	}
	return nil
}
