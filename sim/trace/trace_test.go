package trace

import "testing"

func TestThinning(t *testing.T) {
	tr := New(8)
	for i := 0; i <= 100; i++ {
		if tr.Due(i) {
			tr.Add(i, []float64{float64(i)})
		}
	}
	tr.Final(101, []float64{101})
	if tr.Len() > 9 {
		t.Fatalf("len %d > cap+1", tr.Len())
	}
	for k := 1; k < tr.Len()-1; k++ {
		if d := tr.T[k] - tr.T[k-1]; d != tr.Stride {
			t.Errorf("gap %d at %d, stride %d: %v", d, k, tr.Stride, tr.T)
		}
	}
	if tr.T[0] != 0 || tr.T[tr.Len()-1] != 101 || tr.Rows[tr.Len()-1][0] != 101 {
		t.Errorf("ends: %v", tr.T)
	}
	for k, ti := range tr.T {
		if tr.Rows[k][0] != float64(ti) {
			t.Errorf("row %d holds %v, want %d", k, tr.Rows[k], ti)
		}
	}
	tr.Final(200, []float64{200})
	if tr.T[tr.Len()-1] != 101 {
		t.Error("point added after Final")
	}
}

func TestRecordsEstimate(t *testing.T) {
	for _, T := range []int{0, 3, 7, 8, 9, 50, 1000, 12345} {
		tr := New(8)
		calls := 0
		for i := 0; i <= T; i++ {
			if tr.Due(i) {
				tr.Add(i, nil)
				calls++
			}
		}
		if est := Records(8, T); calls > est || calls < est-8 {
			t.Errorf("T=%d: %d records, estimate %d", T, calls, est)
		}
	}
}
