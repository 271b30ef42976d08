package tracker

import (
	"bytes"
	"testing"
)

// bigTracker returns a tracker with history History rows (teams of 20
// quarters each) and about answerRows Answers rows.
func bigTracker(t testing.TB, history, answerRows int) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Synthetic(&out, result(t, "Team", "2021-Q1", 0), history, answerRows, day); err != nil {
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
