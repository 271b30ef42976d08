// Package bench holds the benchmarks of the whole pipeline: loading a
// rubric, scoring, and writing the PDF, the workbook and the tracker.
// Run them with: go test -run=^$ -bench=. -benchmem ./bench/
// bench/run.sh times the built binary end to end.
package bench

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/collect"
	"github.com/alignaudit/audit/internal/form"
	"github.com/alignaudit/audit/internal/report/pdf"
	"github.com/alignaudit/audit/internal/report/workbook"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
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

// BenchmarkFormRead reads one respondent's filled spreadsheet form.
func BenchmarkFormRead(b *testing.B) {
	r, _ := builtin(b)
	s := sample.Sheets(r, "Bench", "2026-Q3", 1, 1)[0]
	var buf bytes.Buffer
	if err := form.Write(&buf, r, form.Options{Team: s.Team, Period: s.Period, Filled: s}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := form.Read("a.xlsx", buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFolder reads a folder of answers files, one in ten a filled
// form, and sorts them into teams: what report, score and status do before
// scoring.
func BenchmarkFolder(b *testing.B) {
	r, _ := builtin(b)
	for _, n := range []int{200, 2000} {
		dir := b.TempDir()
		for i, s := range sample.Sheets(r, "Bench", "2026-Q3", n, 1) {
			var data []byte
			name := strings.TrimSuffix(s.Source, ".yaml")
			if i%10 == 9 {
				var buf bytes.Buffer
				if err := form.Write(&buf, r, form.Options{Team: s.Team, Period: s.Period, Filled: s}); err != nil {
					b.Fatal(err)
				}
				data, name = buf.Bytes(), name+".xlsx"
			} else {
				var err error
				if data, err = answers.Encode(s, nil); err != nil {
					b.Fatal(err)
				}
				name += ".yaml"
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l, err := store.ListAnswers([]string{dir}, store.MaxAnswerFiles)
				if err != nil {
					b.Fatal(err)
				}
				var sheets []*answers.Sheet
				for _, ld := range store.Load(l.Files) {
					if ld.Err != nil {
						b.Fatal(ld.Err)
					}
					sheets = append(sheets, ld.Sheet)
				}
				if g := collect.Groups(sheets); len(g) != 1 || len(g[0].Sheets) != n {
					b.Fatalf("%d groups", len(g))
				}
			}
		})
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

// BenchmarkTrackerRecord records a large team in a new tracker: most of
// the time is writing its Answers rows, one per respondent and question.
func BenchmarkTrackerRecord(b *testing.B) {
	r, _ := builtin(b)
	res := scored(b, r, "Team", 2000)
	b.ReportAllocs()
	for b.Loop() {
		tr, err := tracker.New()
		if err != nil {
			b.Fatal(err)
		}
		recordAndWrite(b, tr, res)
	}
}

// recordAndWrite records a result in a tracker and writes it, as audit
// report --tracker does.
func recordAndWrite(b *testing.B, tr *tracker.Tracker, res *scoring.Result) {
	defer tr.Close()
	if err := tr.Record(res, day); err != nil {
		b.Fatal(err)
	}
	if err := tr.Write(io.Discard); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTrackerReplace records a team of 20,000 again in a tracker
// that holds its quarter (780,000 Answers rows): read, record, write, as
// the second audit report of the same folder does.
func BenchmarkTrackerReplace(b *testing.B) {
	r, _ := builtin(b)
	res := scored(b, r, "Team", 20000)
	tr, err := tracker.New()
	if err != nil {
		b.Fatal(err)
	}
	var old bytes.Buffer
	if err := tr.Record(res, day); err != nil {
		b.Fatal(err)
	}
	if err := tr.Write(&old); err != nil {
		b.Fatal(err)
	}
	tr.Close()
	b.ReportAllocs()
	for b.Loop() {
		tr, err := tracker.Read(bytes.NewReader(old.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		recordAndWrite(b, tr, res)
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
		recordAndWrite(b, tr, res)
	}
}
