package tracker

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzRead reads arbitrary files as trackers. Read must not panic; it fails
// with a FormatError or gives a tracker that can record a result and be
// written, and what it writes reads again with the row recorded.
//
//	go test -run=^$ -fuzz=FuzzRead -fuzztime=1m ./internal/tracker/
func FuzzRead(f *testing.F) {
	res := result(f, "Northwind Traders", "2026-Q3", 0)
	tracker := update(f, nil, res)
	f.Add(tracker)
	f.Add(update(f, tracker, result(f, "Contoso", "2026-Q4", 1)))
	f.Add(userWorkbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Read(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		defer tr.Close()
		if err := tr.Record(res, day); err != nil {
			return // excelize may refuse to edit a strange History
		}
		var out bytes.Buffer
		if err := tr.Write(&out); err != nil {
			return
		}
		again, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("the written tracker does not read again: %v", err)
		}
		defer again.Close()
		if h := again.History(res.Team, res.Rubric.ID, "2026-Q4"); len(h) != 1 {
			t.Fatalf("the recorded row is missing: %+v", h)
		}
	})
}
