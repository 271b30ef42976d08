package tracker

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
)

// bigTracker returns a tracker with history History rows (teams of 20
// quarters each) and about answerRows Answers rows.
func bigTracker(t testing.TB, history, answerRows int) []byte {
	t.Helper()
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	res := result(t, "Team", "2021-Q1", 0)
	if err := tr.Record(res, day); err != nil {
		t.Fatal(err)
	}
	template := tr.rows[0]
	per := tr.pending[0].rows
	tr.rows, tr.pending = nil, nil
	for i := 0; i < history; i++ {
		team := fmt.Sprintf("Team %04d", i/20)
		period := fmt.Sprintf("%d-Q%d", 2021+(i%20)/4, i%4+1)
		r := &xrow{cells: append([]cell(nil), template.cells...)}
		r.cells[0].val, r.cells[1].val = period, team
		r.cells[5].val = strconv.FormatFloat(float64(i%1000)/10, 'f', -1, 64)
		tr.rows = append(tr.rows, r)
		if len(tr.pending)*len(per) < answerRows {
			b := block{key: keyOf(r)}
			for _, cells := range per {
				c := append([]cell(nil), cells...)
				c[0].val, c[1].val = period, team
				b.rows = append(b.rows, c)
			}
			tr.pending = append(tr.pending, b)
		}
	}
	var out bytes.Buffer
	if err := tr.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// BenchmarkUpdate records one quarter in a tracker of 10,000 History rows
// and 200,000 Answers rows: read, record, write.
func BenchmarkUpdate(b *testing.B) {
	data := bigTracker(b, 10000, 200000)
	b.Logf("tracker: %d kB", len(data)>>10)
	res := result(b, "Team 0100", "2025-Q4", 1)
	b.ReportAllocs()
	for b.Loop() {
		tr, err := Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if err := tr.Record(res, day); err != nil {
			b.Fatal(err)
		}
		if err := tr.Write(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
		tr.Close()
	}
}
