package lab

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes a lab's CSV export through encoding/csv (commas, "\n" line
// ends): a header, then rows built a cell at a time and ended by End. Floats
// are in spec.FormatFloat's form (the shortest that reads back to the same
// float64; NaN, +Inf and -Inf as such). The cells of a row are appended to
// one byte buffer, kept from row to row, and become strings with one
// conversion per row. Errors of w are kept and returned by Flush.
type CSV struct {
	w    *csv.Writer
	buf  []byte   // the cells of the row being built, back to back
	ends []int    // where each cell of buf ends
	row  []string // the cells handed to csv.Writer
}

// NewCSV returns a CSV writer on w that has written the header, a
// comma-separated list of column names.
func NewCSV(w io.Writer, header string) *CSV {
	c := &CSV{w: csv.NewWriter(w)}
	c.w.UseCRLF = false
	c.Header(header)
	return c
}

// Header writes a row of column names given as one comma-separated list
// (a second table in the same file starts with one).
func (c *CSV) Header(names string) {
	for name := range strings.SplitSeq(names, ",") {
		c.Text(name)
	}
	c.End()
}

// Text appends a cell holding s.
func (c *CSV) Text(s string) *CSV {
	c.buf = append(c.buf, s...)
	c.ends = append(c.ends, len(c.buf))
	return c
}

// Int appends a cell holding x in decimal.
func (c *CSV) Int(x int) *CSV {
	c.buf = strconv.AppendInt(c.buf, int64(x), 10)
	c.ends = append(c.ends, len(c.buf))
	return c
}

// Float appends a cell holding x as spec.FormatFloat writes it.
func (c *CSV) Float(x float64) *CSV {
	c.buf = strconv.AppendFloat(c.buf, x, 'g', -1, 64)
	c.ends = append(c.ends, len(c.buf))
	return c
}

// Floats appends a cell for each of xs.
func (c *CSV) Floats(xs ...float64) *CSV {
	for _, x := range xs {
		c.Float(x)
	}
	return c
}

// End writes the row built since the last End and starts the next.
func (c *CSV) End() {
	s := string(c.buf)
	c.row = c.row[:0]
	start := 0
	for _, end := range c.ends {
		c.row = append(c.row, s[start:end])
		start = end
	}
	c.w.Write(c.row) // an error of w stays in c.w: Flush returns it
	c.buf, c.ends = c.buf[:0], c.ends[:0]
}

// Flush writes what is buffered and returns the first error of the writer.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
