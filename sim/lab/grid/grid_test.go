package grid

import (
	"fmt"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"sigma=3,5,10&dataset=mnist,fashion", "[{sigma [3 5 10]} {dataset [mnist fashion]}]", ""},
		{"m=1,4,n;1,n", "[{m [1,4,n 1,n]}]", ""},
		{"eps=1e-3", "[{eps [1e-3]}]", ""},
		{"", "", "want name=value"},
		{"sigma", "", "want name=value"},
		{"sigma=", "", "want name=value"},
		{"sigma=3,,5", "", `bad value ""`},
		{"sigma=3&sigma=5", "", "sigma is given twice"},
		{"a=1,2,3,4,5,6,7,8,9,10&b=1,2,3,4,5,6,7,8,9,10&c=1,2,3,4,5,6,7,8,9,10&d=1,2,3,4,5,6,7,8,9,10&e=1,2", "", "more than 10000 points"},
	} {
		t.Run(c.in, func(t *testing.T) {
			g, err := Parse(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || fmt.Sprint(g) != c.want {
				t.Errorf("Parse = %v, %v; want %s", g, err, c.want)
			}
		})
	}
}

func TestPoints(t *testing.T) {
	g, err := Parse("sigma=3,5&dataset=mnist,fashion")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := g.Points("v=1&lab=critical&n=200&sigma=9", false)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pts {
		names = append(names, p.Name)
		_, v, notes := lab.Parse(p.Link, false)
		if len(notes) > 0 || v.Encode() != p.Link {
			t.Errorf("%s: link %s is not canonical: %v", p.Name, p.Link, notes)
		}
		if v.Get("sigma") != p.Values[0] || v.Get("dataset") != p.Values[1] || v.Int("n") != 200 {
			t.Errorf("%s: link %s", p.Name, p.Link)
		}
	}
	if got := strings.Join(names, " "); got != "sigma-3_dataset-mnist sigma-3_dataset-fashion sigma-5_dataset-mnist sigma-5_dataset-fashion" {
		t.Errorf("names %s", got)
	}
}

func TestPointsRefuse(t *testing.T) {
	for _, c := range []struct{ grid, base, want string }{
		{"bogus=1,2", "lab=critical", `grid point bogus=1: bogus="1" ignored`},
		{"sigma=3,-1", "lab=critical", "grid point sigma=-1"},
		{"sigma=5,5.0", "lab=critical", "are the same link"},
	} {
		t.Run(c.grid, func(t *testing.T) {
			g, err := Parse(c.grid)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := g.Points(c.base, false); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	g := Grid{{"sigma", []string{"3", "5"}}}
	pts := []Point{{Values: []string{"3"}}, {Values: []string{"5"}}}
	ros := []lab.Readout{
		{Items: []lab.Item{{Key: "lambda1", Label: "λ₁", Value: "0.5"}, {Key: "mstar", Label: "m*", Value: "12"}}},
		{Items: []lab.Item{{Key: "lambda1", Label: "λ₁", Value: "0.25"}, {Key: "note", Label: "a|b", Value: "x,y"}}},
	}
	c, md, err := Summary(g, pts, ros)
	if err != nil {
		t.Fatal(err)
	}
	if want := "sigma,lambda1,mstar,note\n3,0.5,12,\n5,0.25,,\"x,y\"\n"; string(c) != want {
		t.Errorf("csv\n%s\nwant\n%s", c, want)
	}
	if want := "| sigma | λ₁ | m* | a\\|b |\n|---|---|---|---|\n| 3 | 0.5 | 12 |  |\n| 5 | 0.25 |  | x,y |\n"; string(md) != want {
		t.Errorf("markdown\n%s\nwant\n%s", md, want)
	}
}

func ExampleGrid_Points() {
	g, _ := Parse("m=1,n;4,n&sseed=1,2")
	pts, _ := g.Points("v=1&lab=batch&n=32", false)
	for _, p := range pts {
		fmt.Println(p.Name)
	}
	// Output:
	// m-1-n_sseed-1
	// m-1-n_sseed-2
	// m-4-n_sseed-1
	// m-4-n_sseed-2
}

// Parse never panics; a grid it accepts has named axes with values, at
// most MaxPoints points, and reads back the same from its terms.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"sigma=3,5,10&dataset=mnist,fashion", "m=1,4,n;1,n", "a=%zz", "a=1&a=2", "&", "x=" + strings.Repeat("1,", 200) + "1&y=" + strings.Repeat("2,", 200) + "2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := Parse(s)
		if err != nil {
			return
		}
		if n := g.Size(); n < 1 || n > MaxPoints {
			t.Fatalf("%q: %d points", s, n)
		}
		for _, a := range g {
			if a.Name == "" || len(a.Values) == 0 {
				t.Fatalf("%q: axis %+v", s, a)
			}
			for _, v := range a.Values {
				if v == "" {
					t.Fatalf("%q: an empty value in %+v", s, a)
				}
			}
		}
	})
}
