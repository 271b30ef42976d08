package tracker

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
)

// Synthetic writes a large tracker for benchmarks and load tests
// (bench/gen): history History rows, 500 teams of 20 quarters from 2021-Q1
// on, each a copy of res's scores, and about answerRows Answers rows, res's
// answers copied for the first History rows. Respondent names and comments
// are made unique per team and quarter, as in a real tracker.
func Synthetic(w io.Writer, res *scoring.Result, history, answerRows int, recorded time.Time) error {
	tr, err := New()
	if err != nil {
		return err
	}
	defer tr.Close()
	if err := tr.Record(res, recorded); err != nil {
		return err
	}
	template := tr.rows[0]
	var per [][]cell
	for cells := range tr.pending[0].rows {
		per = append(per, slices.Clone(cells))
	}
	tr.rows, tr.pending = nil, nil
	left := answerRows
	for i := 0; i < history; i++ {
		team := fmt.Sprintf("Team %04d", i/20)
		period := fmt.Sprintf("%d-Q%d", 2021+(i%20)/4, i%4+1)
		r := &xrow{cells: slices.Clone(template.cells)}
		r.set(cell{col: colPeriod, kind: kindStr, val: period, style: tr.st.text})
		r.set(cell{col: colTeam, kind: kindStr, val: team, style: tr.st.text})
		r.set(cell{col: colOverall, kind: kindNum, val: strconv.FormatFloat(float64(i%1000)/10, 'f', -1, 64), style: tr.st.score})
		tr.rows = append(tr.rows, r)
		n := min(left, len(per))
		if n <= 0 {
			continue
		}
		left -= n
		st := tr.st
		suffix := fmt.Sprintf(" (%s %s)", team, period)
		tr.pending = append(tr.pending, block{key: keyOf(r), rows: func(yield func([]cell) bool) {
			row := &xrow{}
			for _, cells := range per[:n] {
				row.cells = append(row.cells[:0], cells...)
				row.set(cell{col: 1, kind: kindStr, val: period, style: st.text})
				row.set(cell{col: 2, kind: kindStr, val: team, style: st.text})
				for _, col := range []int{4, len(AnswersHeader)} {
					if c, ok := row.get(col); ok {
						c.val += suffix
						row.set(c)
					}
				}
				if !yield(row.cells) {
					return
				}
			}
		}})
	}
	tr.modified = recorded.UTC().Format(time.RFC3339)
	return tr.Write(w)
}
