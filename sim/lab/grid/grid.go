// Package grid expands one link into the points of a grid of its
// parameters — 'sigma=3,5,10&dataset=mnist,fashion' is the six links of σ ×
// dataset — and lays the points' readouts side by side in a summary table
// (CSV and Markdown).
package grid

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"

	"sgdlab/sim/lab"
)

// Axis is one parameter of a grid and its values, in the order given.
type Axis struct {
	Name   string
	Values []string
}

// Grid is the axes of a grid; the first varies slowest.
type Grid []Axis

// Parse reads a grid: terms name=v1,v2,… joined by '&'. A value that holds
// commas itself (a list such as m=1,4,n) is given with the values
// separated by ';' instead: 'm=1,4,n;1,n'. Names are checked against the
// lab when the points are made (Points).
func Parse(s string) (Grid, error) {
	var g Grid
	seen := map[string]bool{}
	for term := range strings.SplitSeq(s, "&") {
		name, vals, ok := strings.Cut(term, "=")
		if !ok || name == "" || vals == "" {
			return nil, fmt.Errorf("grid term %q: want name=value,value,…", term)
		}
		if seen[name] {
			return nil, fmt.Errorf("grid: %s is given twice", name)
		}
		seen[name] = true
		sep := ","
		if strings.Contains(vals, ";") {
			sep = ";"
		}
		a := Axis{Name: name}
		for v := range strings.SplitSeq(vals, sep) {
			u, err := url.QueryUnescape(v)
			if err != nil || u == "" {
				return nil, fmt.Errorf("grid term %q: bad value %q", term, v)
			}
			a.Values = append(a.Values, u)
		}
		g = append(g, a)
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("empty grid")
	}
	n := 1
	for _, a := range g {
		if n *= len(a.Values); n > MaxPoints {
			return nil, fmt.Errorf("grid of more than %d points: split it into several grids", MaxPoints)
		}
	}
	return g, nil
}

// MaxPoints is the most points a grid may have: a grid is run point by
// point, and on Slurm as one job array of points × shards (whose size a
// cluster bounds, 1001 tasks by default).
const MaxPoints = 10000

// Point is one point of a grid: its values (one per axis), the canonical
// link and a name made of them for file names, e.g. "sigma-3_dataset-mnist".
type Point struct {
	Values []string
	Link   string
	Name   string
}

// Size is the number of points.
func (g Grid) Size() int {
	n := 1
	for _, a := range g {
		n *= len(a.Values)
	}
	return n
}

// Points makes the links of the grid from base (a link query): each point
// is base with the axes' values put in, parsed like any link (big: the
// CLI's -big). A value the lab does not take as given — an unknown name, a
// value out of range or changed by a size limit — is an error, as are two
// points with one canonical link.
func (g Grid) Points(base string, big bool) ([]Point, error) {
	var pts []Point
	names, links := map[string]int{}, map[string]int{}
	for k := range g.Size() {
		vals := make([]string, len(g))
		for i, rest := len(g)-1, k; i >= 0; i-- {
			vals[i] = g[i].Values[rest%len(g[i].Values)]
			rest /= len(g[i].Values)
		}
		q := set(base, g, vals)
		_, v, notes := lab.Parse(q, big)
		for _, n := range notes {
			for i, a := range g {
				if n.Param == a.Name {
					return nil, fmt.Errorf("grid point %s=%s: %s", a.Name, vals[i], n)
				}
			}
		}
		p := Point{Values: vals, Link: v.Encode(), Name: name(g, vals)}
		if j, dup := links[p.Link]; dup {
			return nil, fmt.Errorf("grid points %s and %s are the same link %s", pts[j].Name, p.Name, p.Link)
		}
		links[p.Link] = k
		if _, dup := names[p.Name]; dup {
			p.Name = fmt.Sprintf("%s_%d", p.Name, k)
		}
		names[p.Name] = k
		pts = append(pts, p)
	}
	return pts, nil
}

// set returns query with each axis's parameter set to vals.
func set(query string, g Grid, vals []string) string {
	var terms []string
	for t := range strings.SplitSeq(query, "&") {
		name, _, _ := strings.Cut(t, "=")
		drop := t == ""
		for _, a := range g {
			drop = drop || name == a.Name
		}
		if !drop {
			terms = append(terms, t)
		}
	}
	for i, a := range g {
		terms = append(terms, a.Name+"="+url.QueryEscape(vals[i]))
	}
	return strings.Join(terms, "&")
}

// name is a point's name for file names: name-value pairs joined by '_',
// every character but letters, digits, '.' and '-' replaced by '-'.
func name(g Grid, vals []string) string {
	var b strings.Builder
	for i, a := range g {
		if i > 0 {
			b.WriteByte('_')
		}
		for _, r := range a.Name + "-" + vals[i] {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
				b.WriteRune(r)
			default:
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

// Summary lays the readouts of the points side by side: one row per point,
// its grid values, then every readout item (the union over the points, in
// the order first seen; "" where a point has none). CSV has the items' keys
// as headers, Markdown their labels.
func Summary(g Grid, pts []Point, ros []lab.Readout) (csvOut, md []byte, err error) {
	var keys, labels []string
	seen := map[string]bool{}
	for _, r := range ros {
		for _, it := range r.Items {
			if !seen[it.Key] {
				seen[it.Key] = true
				keys, labels = append(keys, it.Key), append(labels, it.Label)
			}
		}
	}
	var axes []string
	for _, a := range g {
		axes = append(axes, a.Name)
	}
	rows := make([][]string, len(pts))
	for k, p := range pts {
		vals := map[string]string{}
		if k < len(ros) {
			for _, it := range ros[k].Items {
				vals[it.Key] = it.Value
			}
		}
		rows[k] = append([]string(nil), p.Values...)
		for _, key := range keys {
			rows[k] = append(rows[k], vals[key])
		}
	}
	var c bytes.Buffer
	w := csv.NewWriter(&c)
	w.Write(append(append([]string(nil), axes...), keys...))
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return nil, nil, err
	}
	var m bytes.Buffer
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	head := append(append([]string(nil), axes...), labels...)
	for i := range head {
		head[i] = cell(head[i])
	}
	fmt.Fprintf(&m, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
	for _, r := range rows {
		cs := make([]string, len(r))
		for i, s := range r {
			cs[i] = cell(s)
		}
		fmt.Fprintf(&m, "| %s |\n", strings.Join(cs, " | "))
	}
	return c.Bytes(), m.Bytes(), nil
}
