package tracker

import (
	"bytes"
	"sort"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// ScoresSheet is the long-form sheet of scores for pivot tables: one row
// per team, period, rubric, role (the team as a whole, then each role) and
// area (then the overall score). audit owns it: its rows are rewritten on
// every update, those of the recorded team and period replaced, like the
// Answers rows.
const ScoresSheet = "Scores"

// ScoresHeader is the header of the Scores sheet.
var ScoresHeader = []string{"Team", "Period", "Rubric", "Version", "Role", "Area", "Score"}

// The columns of Scores.
const (
	scTeam = 1 + iota
	scPeriod
	scRubric
	scVersion
	scRole
	scArea
	scScore
)

// TeamRole is the role of the Scores rows of the whole team.
const TeamRole = "Team"

// maxScoresSize bounds the Scores sheet, which is read whole: about 30
// rows per History row.
const maxScoresSize = 256 << 20

var scoresWidths = []float64{24, 10, 12, 9, 12, 40, 9}

func scoreKey(r *xlsx.Row) rowKey {
	return rowKey{
		team:   answers.NameKey(r.Text(scTeam)),
		period: strings.TrimSpace(r.Text(scPeriod)),
		rubric: strings.TrimSpace(r.Text(scRubric)),
	}
}

// readScores reads the rows of the Scores sheet, after its header.
func (t *Tracker) readScores(xml []byte) error {
	rr := xlsx.NewRowReader(bytes.NewReader(xml), t.sst)
	first, err := rr.Next()
	if err != nil {
		return formatErrorf("sheet %q: %v", t.scores, err)
	}
	if first == nil {
		return nil
	}
	names := headerNames(first)
	ok := first.Num == 1 && len(names) >= len(ScoresHeader)
	for i := 0; ok && i < len(ScoresHeader); i++ {
		ok = strings.EqualFold(names[i], ScoresHeader[i])
	}
	if !ok {
		return formatErrorf("sheet %q has the header %q; a tracker's is %q: rename that sheet or name another file",
			t.scores, strings.Join(names, " | "), strings.Join(ScoresHeader, " | "))
	}
	t.scoresHeader = true
	for {
		row, err := rr.Next()
		if err != nil {
			return formatErrorf("sheet %q: %v", t.scores, err)
		}
		if row == nil {
			return nil
		}
		if !row.Blank(xlsx.MaxCols) {
			t.scoreRows = append(t.scoreRows, row)
		}
	}
}

// initScores writes the header of a new (or empty) Scores sheet.
func (t *Tracker) initScores() error {
	f, sh := t.f, t.scores
	for i, h := range ScoresHeader {
		c := xlsx.ColumnName(i + 1)
		if err := f.SetCellStr(sh, c+"1", h); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, c, c, scoresWidths[i]); err != nil {
			return err
		}
	}
	last := xlsx.ColumnName(len(ScoresHeader)) + "1"
	if err := f.SetCellStyle(sh, "A1", last, t.st.header); err != nil {
		return err
	}
	if err := f.AutoFilter(sh, "A1:"+last, nil); err != nil {
		return err
	}
	if err := f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm._FilterDatabase", Scope: sh}); err != nil {
		return err
	}
	t.scoresHeader = true
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// scoreRows returns the Scores rows of a result: the team's area scores
// and overall score, then each role's.
func (t *Tracker) resultScoreRows(res *scoring.Result) []*xlsx.Row {
	var out []*xlsx.Row
	add := func(role, area string, v *float64) {
		r := &xlsx.Row{}
		for i, s := range []string{res.Team, res.Period, res.Rubric.ID, res.Rubric.Version, role, area} {
			r.Cells = append(r.Cells, xlsx.TextCell(i+1, strings.TrimSpace(xlsx.Clean(s)), t.st.text))
		}
		c := xlsx.Cell{Col: scScore, Style: t.st.score}
		if v != nil {
			c = xlsx.NumberCell(scScore, *v, t.st.score)
		}
		r.Cells = append(r.Cells, c)
		out = append(out, r)
	}
	for _, a := range res.Areas {
		add(TeamRole, a.Area.Title, a.Score)
	}
	add(TeamRole, followup.OverallArea, res.Overall)
	for _, role := range res.Roles {
		for _, a := range res.Areas {
			add(role.Role, a.Area.Title, role.Areas[a.Area.ID])
		}
		add(role.Role, followup.OverallArea, role.Overall)
	}
	return out
}

// recordScores replaces the Scores rows of res's team, period and rubric.
// The old rows are left out once, when the sheet is written (see
// sortScores): filtering them here made recording many quarters into a
// large tracker quadratic.
func (t *Tracker) recordScores(key rowKey, res *scoring.Result) {
	if t.scoresRecorded == nil {
		t.scoresRecorded = map[rowKey][]*xlsx.Row{}
	}
	t.scoresRecorded[key] = t.resultScoreRows(res)
}

// sortScores leaves out the rows of the recorded teams and periods, adds
// their new rows, and puts the rows in team, period and rubric order, each
// team and period's rows in the order they were written.
func (t *Tracker) sortScores() {
	type keyed struct {
		key rowKey
		row *xlsx.Row
	}
	rows := make([]keyed, 0, len(t.scoreRows))
	for _, r := range t.scoreRows {
		if k := scoreKey(r); t.scoresRecorded[k] == nil {
			rows = append(rows, keyed{k, r})
		}
	}
	for k, recorded := range t.scoresRecorded {
		for _, r := range recorded {
			rows = append(rows, keyed{k, r})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].key.less(rows[j].key) })
	t.scoreRows = t.scoreRows[:0]
	for i, r := range rows {
		r.row.Num = i + 2
		t.scoreRows = append(t.scoreRows, r.row)
	}
	t.scoresRecorded = nil
}
