package tracker

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

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

var scoresWidths = []float64{24, 10, 12, 9, 12, 40, 9}

func scoreKey(r *xlsx.Row) rowKey {
	return rowKey{
		team:   answers.NameKey(r.Text(scTeam)),
		period: strings.TrimSpace(r.Text(scPeriod)),
		rubric: strings.TrimSpace(r.Text(scRubric)),
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
// The old rows are left out when the sheet is written (writeScores):
// filtering them here made recording many quarters into a large tracker
// quadratic.
func (t *Tracker) recordScores(key rowKey, res *scoring.Result) {
	if t.scoresRecorded == nil {
		t.scoresRecorded = map[rowKey][]*xlsx.Row{}
	}
	t.scoresRecorded[key] = t.resultScoreRows(res)
}

// writeScores writes the Scores sheet: the old sheet (or, for a new one,
// the header excelize wrote) with its rows in their order, those of the
// recorded keys left out and the recorded rows placed before the first
// row of a later team and period. The rows are copied as they are, read
// cell by cell only when the tracker did not write them (see
// copiedScoreKey): reading the Scores of a tracker of 10,000 History rows
// (240,000 rows) whole at open and sorting them took 2 s and 700 MB of
// BenchmarkTrackerAppend's 2.8 s.
func (t *Tracker) writeScores(out *xlsx.Package, s xlsx.Sheet, w io.Writer, styles int) error {
	var src io.Reader
	if t.scoresPart != "" {
		rc, err := t.src.Part(t.scoresPart).Open()
		if err != nil {
			return t.damaged(t.scores, err)
		}
		defer rc.Close()
		src = rc
	} else {
		xml, err := out.Part(s.Part).Read()
		if err != nil {
			return err
		}
		src = bytes.NewReader(xml)
	}
	keys := slices.Collect(maps.Keys(t.scoresRecorded))
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	err := xlsx.CopySheetData(src, t.sst, w, func(rr *xlsx.RowReader, sw *xlsx.SheetWriter) error {
		next := 0
		place := func(k rowKey, all bool) error {
			for ; next < len(keys) && (all || keys[next].less(k)); next++ {
				for _, r := range t.scoresRecorded[keys[next]] {
					r.Num = sw.LastRow() + 1
					if err := sw.Row(r); err != nil {
						return t.tooManyRows(t.scores, err)
					}
				}
			}
			return nil
		}
		for {
			if ahead, ok := rr.PeekRaw(); ok {
				if k, end, ok := t.copiedScoreKey(ahead, styles); ok {
					rr.SkipRaw(end)
					if t.scoresRecorded[k] == nil {
						if err := place(k, false); err != nil {
							return err
						}
						if err := sw.Raw(ahead[:end]); err != nil {
							return t.tooManyRows(t.scores, err)
						}
					}
					continue
				}
			}
			row, err := rr.Next()
			if err != nil {
				return t.damaged(t.scores, err)
			}
			if row == nil {
				return place(rowKey{}, true)
			}
			if row.Blank(xlsx.MaxCols) {
				continue
			}
			k := scoreKey(row)
			if t.scoresRecorded[k] != nil {
				continue
			}
			if err := place(k, false); err != nil {
				return err
			}
			knownStyles(row, styles)
			row.Num = sw.LastRow() + 1
			if err := sw.Row(row); err != nil {
				return t.tooManyRows(t.scores, err)
			}
		}
	})
	if fe := (*FormatError)(nil); err != nil && !errors.As(err, &fe) {
		return t.damaged(t.scores, err)
	}
	return err
}

// copiedScoreKey reads the cells of an old Scores row, b being what
// follows its <row> tag, and returns the row's key and the length of its
// cells (they end with </row>) when the row can be copied as it is: its
// cells are as the tracker writes them, one after another from column A,
// each <c s="style"/>, <c s="style"><v>number</v></c> or
// <c s="style" t="inlineStr"><is><t>text</t></is></c> (s="style" left
// out for the default style), with a team, period and rubric. Text with an
// escape (&amp; or _xHHHH_) or anything Clean would change is read and
// written again.
func (t *Tracker) copiedScoreKey(b []byte, styles int) (_ rowKey, end int, _ bool) {
	var text [scRubric][]byte
	rest := b
	for col := 1; !hasPrefix(rest, "</row>"); col++ {
		if col > xlsx.MaxCols || !hasPrefix(rest, "<c") {
			return rowKey{}, 0, false
		}
		rest = rest[len("<c"):]
		if hasPrefix(rest, ` s="`) {
			style, after, ok := cutInt(rest[len(` s="`):])
			if !ok || style >= styles || !hasPrefix(after, `"`) {
				return rowKey{}, 0, false
			}
			rest = after[1:]
		}
		switch {
		case hasPrefix(rest, "/>"):
			rest = rest[len("/>"):]
		case hasPrefix(rest, "><v>"):
			rest = rest[len("><v>"):]
			i := bytes.IndexByte(rest, '<')
			if i < 0 || !xlsx.IsNumber(string(rest[:i])) || !hasPrefix(rest[i:], "</v></c>") {
				return rowKey{}, 0, false
			}
			rest = rest[i+len("</v></c>"):]
		case hasPrefix(rest, ` t="inlineStr"><is><t>`):
			rest = rest[len(` t="inlineStr"><is><t>`):]
			i := bytes.IndexByte(rest, '<')
			if i < 0 || !plainText(rest[:i]) || !hasPrefix(rest[i:], "</t></is></c>") {
				return rowKey{}, 0, false
			}
			if col <= len(text) {
				text[col-1] = rest[:i]
			}
			rest = rest[i+len("</t></is></c>"):]
		default:
			return rowKey{}, 0, false
		}
	}
	k := rowKey{team: t.scoreTeamKey(text[scTeam-1]),
		period: string(bytes.TrimSpace(text[scPeriod-1])), rubric: string(bytes.TrimSpace(text[scRubric-1]))}
	return k, len(b) - len(rest), k.team != "" && k.period != "" && k.rubric != ""
}

// plainText reports whether the text of a cell, as written in the XML,
// is the text itself, as Clean leaves it: no escapes, no characters that
// XML cannot carry.
func plainText(b []byte) bool {
	if len(b) > xlsx.MaxCellChars || bytes.IndexByte(b, '&') >= 0 || bytes.Contains(b, []byte("_x")) {
		return false
	}
	ascii := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
		ascii = ascii && c < 0x80
	}
	return ascii || utf8.Valid(b) && !bytes.ContainsAny(b, "\uFFFE\uFFFF")
}

// scoreTeamKey returns the answers.NameKey of a team's name in Scores,
// made once for all the rows that name the team.
func (t *Tracker) scoreTeamKey(name []byte) string {
	if k, ok := t.scoreTeams[string(name)]; ok {
		return k
	}
	if t.scoreTeams == nil {
		t.scoreTeams = map[string]string{}
	}
	k := answers.NameKey(string(name))
	t.scoreTeams[string(name)] = k
	return k
}
