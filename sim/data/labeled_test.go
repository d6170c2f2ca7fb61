package data

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"sgdlab/sim/shard"
)

func toy() *Labeled {
	s1 := &shard.Shard{N: 4, D: 2, Classes: 3, Elem: shard.U8, Scale: 0.5, U8: []uint8{0, 1, 2, 3, 4, 5, 6, 7}, Labels: []uint8{0, 1, 1, 2}}
	s2 := &shard.Shard{N: 2, D: 2, Classes: 3, Elem: shard.U8, Scale: 0.5, U8: []uint8{8, 9, 10, 11}, Labels: []uint8{0, 2}}
	l, err := FromShards([]*shard.Shard{s1, s2})
	if err != nil {
		panic(err)
	}
	return l
}

func TestFromShards(t *testing.T) {
	l := toy()
	if l.N != 6 || l.Row(5)[1] != 5.5 || fmt.Sprint(l.Labels) != "[0 1 1 2 0 2]" {
		t.Errorf("%+v", l)
	}
	bad := &shard.Shard{N: 1, D: 3, Classes: 3, Elem: shard.U8, Scale: 1, U8: []uint8{1, 2, 3}, Labels: []uint8{0}}
	if _, err := FromShards([]*shard.Shard{{N: 1, D: 2, Classes: 3, Elem: shard.U8, Scale: 1, U8: []uint8{1, 2}, Labels: []uint8{0}}, bad}); err == nil {
		t.Error("mismatched shards accepted")
	}
}

func TestSelect(t *testing.T) {
	l := toy()
	tests := []struct {
		how  string
		n    int
		want string
	}{
		{First, 3, "[0 1 2]"},
		{PerClass, 3, "[0 1 3]"},
		{PerClass, 5, "[0 1 3 2 4]"},
		{PerClass, 6, "[0 1 2 3 4 5]"},
	}
	for _, tt := range tests {
		idx, err := l.Select(tt.how, tt.n, nil)
		if err != nil || fmt.Sprint(idx) != tt.want {
			t.Errorf("%s %d: %v %v, want %s", tt.how, tt.n, idx, err, tt.want)
		}
	}
	a, _ := l.Select(Random, 4, rand.New(rand.NewPCG(1, 2)))
	b, _ := l.Select(Random, 4, rand.New(rand.NewPCG(1, 2)))
	seen := map[int]bool{}
	for _, i := range a {
		seen[i] = true
	}
	if fmt.Sprint(a) != fmt.Sprint(b) || len(seen) != 4 {
		t.Errorf("random selection %v %v", a, b)
	}
	if _, err := l.Select(First, 7, nil); err == nil {
		t.Error("n > N accepted")
	}
}

func TestEncode(t *testing.T) {
	l := toy()
	y, cols, err := l.Encode([]int{0, 3}, OneHot, nil)
	if err != nil || cols != 3 || fmt.Sprint(y) != "[1 0 0 0 0 1]" {
		t.Errorf("onehot %v %d %v", y, cols, err)
	}
	y, _, _ = l.Encode([]int{0, 1, 3}, PlusMinus, nil)
	if fmt.Sprint(y) != "[1 -1 -1]" {
		t.Errorf("pm1 %v", y)
	}
	y, _, _ = l.Encode([]int{0, 1, 3}, PlusMinus, []int{2})
	if fmt.Sprint(y) != "[-1 -1 1]" {
		t.Errorf("pm1 positive {2}: %v", y)
	}
	if _, _, err := l.Encode([]int{0}, Regression, nil); err == nil {
		t.Error("regression on classes accepted")
	}
}
