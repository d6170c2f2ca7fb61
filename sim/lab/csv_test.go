package lab

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"sgdlab/sim/spec"
)

// The CSV writer writes what the labs wrote by hand before it: cells as
// given, floats as spec.FormatFloat writes them (NaN and ±Inf included),
// "\n" line ends, and never quotes the cells the labs write.
func TestCSV(t *testing.T) {
	xs := []float64{0.1, 1e-300, 1e6, 123456789, -0.0, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, 5e-324}
	var b bytes.Buffer
	c := NewCSV(&b, "name,k,x")
	want := "name,k,x\n"
	for i, x := range xs {
		c.Text("SGD m=4 (centralised)").Int(i - 3).Float(x).End()
		want += "SGD m=4 (centralised)," + spec.FormatFloat(float64(i-3)) + "," + spec.FormatFloat(x) + "\n"
	}
	c.Header("sweep,mu")
	c.Text("sweep").Floats(1.5, 2).End()
	c.Text("a").Text("").Text("").Float(3).End()
	want += "sweep,mu\nsweep,1.5,2\na,,,3\n"
	if err := c.Flush(); err != nil || b.String() != want {
		t.Errorf("got %q, %v\nwant %q", b.String(), err, want)
	}
}

// A cell is quoted only where CSV needs it (a comma, a quote, a line end or
// a leading space): encoding/csv's rule, which no lab's cell meets.
func TestCSVQuotes(t *testing.T) {
	var b bytes.Buffer
	c := NewCSV(&b, "a")
	c.Text("x,y").Text(`say "hi"`).Text(" lead").Text("ε reached").End()
	if err := c.Flush(); err != nil || b.String() != "a\n\"x,y\",\"say \"\"hi\"\"\",\" lead\",ε reached\n" {
		t.Errorf("%q %v", b.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

var errFail = errors.New("write failed")

func TestCSVError(t *testing.T) {
	c := NewCSV(failWriter{}, "a,b")
	c.Int(1).Int(2).End()
	if err := c.Flush(); err == nil {
		t.Error("a failing writer gave no error")
	}
}
