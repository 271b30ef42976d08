// Package bench holds the benchmarks of the whole pipeline: loading a
// rubric, scoring, and writing the PDF, the workbook and the tracker.
// Run them with: go test -run=^$ -bench=. -benchmem ./bench/
// bench/run.sh times the built binary end to end.
package bench

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/report/pdf"
	"github.com/alignaudit/audit/internal/report/workbook"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/tracker"
	"github.com/alignaudit/audit/rubrics"
)

var day = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func builtin(b *testing.B) (*rubric.Rubric, []byte) {
	b.Helper()
	data, err := rubrics.FS.ReadFile("alignment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	r, err := rubrics.Parse("alignment")
	if err != nil {
		b.Fatal(err)
	}
	return r, data
}

// BenchmarkRubricParse loads and validates the built-in rubric.
func BenchmarkRubricParse(b *testing.B) {
	_, data := builtin(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rubric.Parse("alignment.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswersParse reads one respondent's answers file.
func BenchmarkAnswersParse(b *testing.B) {
	r, _ := builtin(b)
	s := sample.Sheets(r, "Bench", "2026-Q3", 1, 1)[0]
	data, err := answers.Encode(s, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := answers.Parse("a.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore scores teams of growing size; time should grow linearly.
func BenchmarkScore(b *testing.B) {
	r, _ := builtin(b)
	for _, n := range []int{1, 200, 2000, 20000} {
		sheets := sample.Sheets(r, "Bench", "2026-Q3", n, 1)
		b.Run(fmt.Sprintf("respondents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scoring.Score(r, sheets, scoring.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// teamSizes are the team sizes the report benchmarks write: a manager's
// team, a department, an organisation.
var teamSizes = []int{10, 200, 2000}

// scored returns the result of n sample respondents.
func scored(b *testing.B, r *rubric.Rubric, team string, n int) *scoring.Result {
	b.Helper()
	res, err := scoring.Score(r, sample.Sheets(r, team, "2026-Q3", n, 1), scoring.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkPDF writes the PDF report of teams of growing size.
func BenchmarkPDF(b *testing.B) {
	r, _ := builtin(b)
	for _, n := range teamSizes {
		res := scored(b, r, "Bench", n)
		b.Run(fmt.Sprintf("respondents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := pdf.Write(io.Discard, res, pdf.Options{Date: day}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWorkbook writes the report workbook of teams of growing size.
func BenchmarkWorkbook(b *testing.B) {
	r, _ := builtin(b)
	for _, n := range teamSizes {
		res := scored(b, r, "Bench", n)
		b.Run(fmt.Sprintf("respondents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := workbook.Write(io.Discard, res, workbook.Options{Date: day}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTrackerAppend records a team of 10 in a tracker that holds
// 10,000 History rows and 200,000 Answers rows: read, record, write, as
// audit report --tracker does.
func BenchmarkTrackerAppend(b *testing.B) {
	r, _ := builtin(b)
	var big bytes.Buffer
	if err := sample.Tracker(&big, scored(b, r, "Team", 10), 10000, 200000, day); err != nil {
		b.Fatal(err)
	}
	b.Logf("tracker: %d kB", big.Len()>>10)
	res := scored(b, r, "Appended Team", 10)
	b.SetBytes(int64(big.Len()))
	b.ReportAllocs()
	for b.Loop() {
		tr, err := tracker.Read(bytes.NewReader(big.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		if err := tr.Record(res, day); err != nil {
			b.Fatal(err)
		}
		if err := tr.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		tr.Close()
	}
}
