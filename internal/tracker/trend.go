package tracker

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// Layout of the Trend sheet: a title, a note, the chart, then the table the
// chart draws from.
const (
	trendChartRow  = 4
	trendGapRow    = 26 // the gap's chart
	trendTableRow  = 48
	maxTrendSeries = 255 // Excel's limit of series in one chart
	maxQuarters    = 400 // periods filled in between the first and last
)

// series is one line of the Trend chart: a team with one version of one
// rubric. Scores of two versions are different scales, so a team whose
// rubric changed version gets a line per version.
type series struct{ team, rubric, version string }

// buildTrend fills the (empty) Trend sheet from History: a table of the
// overall score by period (rows) and team (columns), and a line chart of it.
// excelize lays out the sheet and adds the chart; the cells are kept in
// t.trendRows for Write, so that excelize never reads the string table.
func (t *Tracker) buildTrend() error {
	f, sh := t.f, t.trend
	var lines []series
	index := map[series]int{}
	rubrics := map[string]bool{}
	periodSet := map[string]bool{}
	values := map[series]map[string]string{}
	gaps := map[series]map[string]float64{}
	labels := map[series]string{}
	versions := map[series]map[string]bool{} // by team and rubric, without version
	for _, r := range t.rows {
		k := keyOf(r)
		if k.team == "" || k.period == "" {
			continue
		}
		s := series{k.team, k.rubric, strings.TrimSpace(r.Text(colVersion))}
		tr := series{team: k.team, rubric: k.rubric}
		if versions[tr] == nil {
			versions[tr] = map[string]bool{}
		}
		versions[tr][s.version] = true
		// The team as the latest row writes it (rows are in period order).
		labels[s] = strings.TrimSpace(r.Text(colTeam))
		if _, ok := index[s]; !ok {
			index[s] = len(lines)
			lines = append(lines, s)
			values[s] = map[string]string{}
		}
		rubrics[k.rubric] = true
		periodSet[k.period] = true
		if c, ok := r.Get(colOverall); ok && c.Kind == xlsx.Number {
			if _, dup := values[s][k.period]; !dup {
				values[s][k.period] = c.Value
			}
		}
		if v, ok := r.Number(t.recordedCol() + len(gapTitles)); ok && t.gapCols {
			if gaps[s] == nil {
				gaps[s] = map[string]float64{}
			}
			if _, dup := gaps[s][k.period]; !dup {
				gaps[s][k.period] = v
			}
		}
	}
	periods := quarters(periodSet)

	text := func(row int, s string, style int) *xlsx.Row {
		r := &xlsx.Row{Num: row, Cells: []xlsx.Cell{{Col: 1, Kind: xlsx.String, Value: s, Style: style}}}
		t.trendRows = append(t.trendRows, r)
		return r
	}
	text(1, "Overall score by team and period, with the overall target and the perception gap", t.st.title)
	note := "audit rebuilds this sheet from History and Targets on every update: changes made here are lost."
	if len(lines) > maxTrendSeries {
		note += fmt.Sprintf(" The chart shows the first %d of %d teams; the table has all.", maxTrendSeries, len(lines))
	}
	text(2, note, t.st.note)
	if err := xlsx.PrintWide(f, sh); err != nil {
		return err
	}
	// Printed, each chart and the table start a page: the charts are not
	// cut in two.
	for _, row := range []int{trendGapRow, trendTableRow} {
		if err := f.InsertPageBreak(sh, "A"+strconv.Itoa(row)); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sh, "A", "A", 11); err != nil {
		return err
	}
	if len(lines) > 0 {
		if err := f.SetColWidth(sh, "B", xlsx.ColumnName(len(lines)+1), 18); err != nil {
			return err
		}
	}
	if len(lines) == 0 || len(periods) == 0 {
		text(trendChartRow, "No scores recorded yet.", 0)
		return nil
	}

	header := text(trendTableRow, "Period", t.st.header)
	header.Height = "32" // room for two lines of a long team's name
	names := make([]string, len(lines))
	for i, s := range lines {
		label := labels[s]
		switch {
		case len(versions[series{team: s.team, rubric: s.rubric}]) > 1:
			label += " (" + strings.TrimSpace(s.rubric+" "+s.version) + ")"
		case len(rubrics) > 1:
			label += " (" + s.rubric + ")"
		}
		names[i] = label
		header.Cells = append(header.Cells, xlsx.Cell{Col: i + 2, Kind: xlsx.String, Value: label, Style: t.st.header})
	}
	// The target and gap columns follow the scores, for the lines that
	// have any: a column per line and what it shows.
	type extra struct {
		line  int
		col   int
		value map[string]float64
	}
	targetOf := t.overallTargets(labels, lines, periods)
	var targetCols, gapCols []extra
	col := len(lines) + 2
	// Targets are a team's, whatever rubric or version its scores were on:
	// one target column for the team, not one for each of its lines (which
	// would draw the same dashed line over each other).
	targeted := map[string]bool{}
	for i, s := range lines {
		if i < maxTrendSeries && len(targetOf[s]) > 0 && !targeted[s.team] {
			targeted[s.team] = true
			targetCols = append(targetCols, extra{i, col, targetOf[s]})
			header.Cells = append(header.Cells, xlsx.TextCell(col, labels[s]+" target", t.st.header))
			col++
		}
	}
	for i, s := range lines {
		if i < maxTrendSeries && len(gaps[s]) > 0 {
			gapCols = append(gapCols, extra{i, col, gaps[s]})
			header.Cells = append(header.Cells, xlsx.TextCell(col, names[i]+" gap", t.st.header))
			col++
		}
	}
	for pi, p := range periods {
		r := text(trendTableRow+1+pi, p, 0)
		for i, s := range lines {
			v, ok := values[s][p]
			if !ok {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			r.Cells = append(r.Cells, xlsx.Cell{Col: i + 2, Kind: xlsx.Number, Value: strconv.FormatFloat(x, 'f', -1, 64), Style: t.st.score})
		}
		for _, e := range targetCols {
			if v, ok := e.value[p]; ok {
				r.Cells = append(r.Cells, xlsx.NumberCell(e.col, v, t.st.score))
			}
		}
		for _, e := range gapCols {
			if v, ok := e.value[p]; ok {
				r.Cells = append(r.Cells, xlsx.NumberCell(e.col, v, t.st.gap))
			}
		}
	}
	t.trendCols = col - 1
	if col > len(lines)+2 {
		if err := f.SetColWidth(sh, xlsx.ColumnName(len(lines)+2), xlsx.ColumnName(col-1), 18); err != nil {
			return err
		}
	}

	ref := quoteSheet(sh)
	first, last := trendTableRow+1, trendTableRow+len(periods)
	cats := fmt.Sprintf("%s!$A$%d:$A$%d", ref, first, last)
	chart := &excelize.Chart{
		Type:      excelize.Line,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Overall score by team"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 760, Height: 380},
		XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "404040"}},
		YAxis: excelize.ChartAxis{
			MajorGridLines: true, MajorUnit: 20, Minimum: ptr(0.0), Maximum: ptr(100.0),
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: excelize.Font{Size: 9, Color: "404040"},
		},
		ShowBlanksAs: "span",
	}
	column := func(n int) (name, values string) {
		c := xlsx.ColumnName(n)
		return fmt.Sprintf("%s!$%s$%d", ref, c, trendTableRow), fmt.Sprintf("%s!$%s$%d:$%s$%d", ref, c, first, c, last)
	}
	// A team's target is its score's colour, dashed, without markers.
	paint := func(line int) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{trendColors[line%len(trendColors)]}}
	}
	for i := range lines {
		if i == maxTrendSeries {
			break
		}
		name, vals := column(i + 2)
		chart.Series = append(chart.Series, excelize.ChartSeries{
			Name: name, Categories: cats, Values: vals, Fill: paint(i),
			Line:   excelize.LineOptions{Width: 2.25},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 6, Fill: paint(i)},
		})
	}
	for _, e := range targetCols {
		if len(chart.Series) == maxTrendSeries {
			break
		}
		name, vals := column(e.col)
		chart.Series = append(chart.Series, excelize.ChartSeries{
			Name: name, Categories: cats, Values: vals, Fill: paint(e.line),
			Line:   excelize.LineOptions{Width: 1.5, Dash: excelize.LineDashDash},
			Marker: excelize.ChartMarker{Symbol: "none"},
		})
	}
	if err := f.AddChart(sh, "A"+strconv.Itoa(trendChartRow), chart); err != nil {
		return err
	}
	if len(gapCols) == 0 {
		return nil
	}
	// The gap's axis is even around 0, so that a small gap looks small:
	// ±50, or ±100 when a gap is wider.
	limit := 50.0
	for _, e := range gapCols {
		for _, v := range e.value {
			if math.Abs(v) > limit {
				limit = 100
			}
		}
	}
	gap := &excelize.Chart{
		Type:      excelize.Line,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Perception gap (sales − marketing) by team"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 760, Height: 380},
		// The periods below the chart, not at the 0 line.
		XAxis: excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "404040"}, TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis: excelize.ChartAxis{
			MajorGridLines: true, MajorUnit: limit / 2, Minimum: ptr(-limit), Maximum: ptr(limit),
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "+0;-0;0"}, Font: excelize.Font{Size: 9, Color: "404040"},
		},
		ShowBlanksAs: "span",
	}
	for _, e := range gapCols {
		name, vals := column(e.col)
		gap.Series = append(gap.Series, excelize.ChartSeries{
			Name: name, Categories: cats, Values: vals, Fill: paint(e.line),
			Line:   excelize.LineOptions{Width: 2.25},
			Marker: excelize.ChartMarker{Symbol: "diamond", Size: 6, Fill: paint(e.line)},
		})
	}
	return f.AddChart(sh, "A"+strconv.Itoa(trendGapRow), gap)
}

// trendColors are the colours of the Trend lines, one per team.
var trendColors = []string{"1F77B4", "D62728", "2CA02C", "FF7F0E", "9467BD", "8C564B", "E377C2", "7F7F7F", "BCBD22", "17BECF"}

// overallTargets returns, for each line, the overall target of its team
// in each period (as followup.For chooses it) from the valid rows of
// Targets; lines without one have none.
func (t *Tracker) overallTargets(labels map[series]string, lines []series, periods []string) map[series]map[string]float64 {
	rows, _ := t.readTargets()
	var targets []followup.Target
	for _, r := range rows {
		if r.bad == "" && strings.EqualFold(strings.TrimSpace(r.t.Area), followup.OverallArea) {
			targets = append(targets, r.t)
		}
	}
	out := map[series]map[string]float64{}
	if len(targets) == 0 {
		return out
	}
	for _, s := range lines {
		for _, p := range periods {
			f := followup.For(&scoring.Result{Team: labels[s], Period: p}, nil, targets)
			if tg, ok := f.Target(followup.OverallArea); ok {
				if out[s] == nil {
					out[s] = map[string]float64{}
				}
				out[s][p] = tg.Score
			}
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// quoteSheet returns a sheet name as a formula reference names it.
func quoteSheet(name string) string {
	plain := true
	for _, r := range name {
		if !(r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			plain = false
		}
	}
	if plain && name != "" && !(name[0] >= '0' && name[0] <= '9') {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// quarters returns the periods in order; when all are YYYY-Qn, the quarters
// in between that have no scores are filled in, so that the chart's time
// axis is even.
func quarters(set map[string]bool) []string {
	list := make([]string, 0, len(set))
	valid := true
	for p := range set {
		list = append(list, p)
		valid = valid && answers.ValidPeriod(p)
	}
	sort.Strings(list)
	if !valid || len(list) < 2 {
		return list
	}
	q := func(p string) int {
		y, _ := strconv.Atoi(p[:4])
		return y*4 + int(p[6]-'1')
	}
	lo, hi := q(list[0]), q(list[len(list)-1])
	if hi-lo+1 > maxQuarters {
		return list
	}
	out := make([]string, 0, hi-lo+1)
	for n := lo; n <= hi; n++ {
		out = append(out, fmt.Sprintf("%04d-Q%d", n/4, n%4+1))
	}
	return out
}
