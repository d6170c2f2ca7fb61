package lab

import "sgdlab/sim/plot"

// ViewAll is the value of a lab's view parameter that shows every panel.
const ViewAll = "all"

// View is one panel a lab's view parameter can choose: Name is its value of
// view, Make draws it, and Only leaves it out of ViewAll (a panel of a
// sweep that was not asked for).
type View struct {
	Name string
	Make func() plot.Panel
	Only bool
}

// Panels draws the panels that the value view of a lab's view parameter
// chooses, in the order of views: the one it names, or, for ViewAll, every
// panel that is not Only. The SetView of a lab changes view without a new
// run, so the page redraws from the same experiment.
func Panels(view string, views ...View) []plot.Panel {
	var ps []plot.Panel
	for _, v := range views {
		if view == v.Name || view == ViewAll && !v.Only {
			ps = append(ps, v.Make())
		}
	}
	return ps
}
