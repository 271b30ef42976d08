// Package bench holds the benchmarks of the whole pipeline: loading a
// rubric, scoring, and writing the PDF, the workbook and the tracker.
// Run them with: go test -run=^$ -bench=. -benchmem ./bench/
// bench/run.sh times the built binary end to end.
package bench

import (
	"fmt"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/sample"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
)

func builtin(b *testing.B) (*rubric.Rubric, []byte) {
	b.Helper()
	data, err := rubrics.FS.ReadFile("alignment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	r, err := rubric.Parse("alignment.yaml", data)
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
