package workbook

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/xlsx"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// Options are the inputs of the report workbook besides the result.
type Options struct {
	// Date is the report date, stored as the workbook's creation and
	// modification time so that the same input gives the same file.
	Date time.Time
	// FollowUp is the tracker's targets and earlier actions for the team;
	// zero without a tracker.
	FollowUp followup.FollowUp
}

// Sheets of the report workbook.
const (
	summarySheet = "Summary"
	answersSheet = "Answers"
	actionsSheet = "Actions"
	rolesSheet   = "Roles"
	followSheet  = "Follow-up"
)

// Workbook writes the report workbook: a Summary sheet (scores, bands and a
// chart of the area scores), Answers (one row per respondent and
// question), Actions (the ranked action plan, with the owner, due date and
// status of questions that already have an open action), when the
// tracker carries actions from earlier quarters Follow-up (each with its
// status and score change), and, when more than one role answered, Roles
// (scores by role and the sales–marketing gap). With targets, the Summary
// shows each beside its area's score.
// docs/workbooks.md describes the sheets.
//
// Numbers are stored as numbers with number formats. Text that respondents
// or rubric authors wrote is always stored as text, never as a formula or a
// link, and cleaned of characters a workbook cannot hold.
func Write(w io.Writer, res *scoring.Result, opts Options) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, res: res, opts: opts}
	if err := b.build(); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	p, err := xlsx.FromExcelize(f)
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	ans, ok := p.Sheet(answersSheet)
	if !ok || !ans.IsWorksheet() {
		return fmt.Errorf("workbook: excelize wrote no %s sheet", answersSheet)
	}
	xml, err := p.Part(ans.Part).Read()
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	// excelize lays out the Answers sheet with its header; its rows are
	// written here, their text in the shared string table: the question
	// texts and labels repeat on every respondent's rows.
	sst, err := p.SharedStrings()
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	edit := xlsx.Edit{Replace: map[string]func(io.Writer) error{
		ans.Part: func(w io.Writer) error {
			return xlsx.SpliceSheetData(xml, w, xlsx.Splice{
				Dimension: "A1:" + xlsx.ColumnName(len(answersHeader)) + strconv.Itoa(1+b.answerCount()),
				Strings:   sst.Table,
				Rows:      b.answerRows,
			})
		},
	}}
	sst.Save(p, &edit)
	return p.Write(w, xlsx.LevelReport, edit)
}

// builder writes the sheets of one workbook.
type builder struct {
	f    *excelize.File
	res  *scoring.Result
	opts Options
	err  error
	st   styleSet
	// truncated is set when Answers had more rows than a sheet holds.
	truncated int
}

type styleSet struct {
	title, subtitle, label, header, text, wrap, note, score, count, pct, gain, date, points, value int
	// wrapIndented is wrapped text kept off a right-aligned number beside
	// it (the Follow-up sheet's Notes after Change).
	wrapIndented                                         int
	scoreLeft, countLeft, bigGap, centered, gainCentered int
	overdue, overdueText                                 int
	bandScore, bandScoreLeft, bandText                   []int // by band index
}

// check records the first error of a chain of excelize calls.
func (b *builder) check(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *builder) str(sheet, cell, s string) {
	b.check(b.f.SetCellStr(sheet, cell, xlsx.Clean(s)))
}

func (b *builder) num(sheet, cell string, v float64, style int) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	b.check(b.f.SetCellFloat(sheet, cell, v, -1, 64))
	b.style(sheet, cell, cell, style)
}

// score writes a 0..100 score, or leaves the cell empty when there is none.
func (b *builder) score(sheet, cell string, s *float64, style int) {
	if s != nil {
		b.num(sheet, cell, *s, style)
		return
	}
	b.style(sheet, cell, cell, style)
}

func (b *builder) style(sheet, from, to string, style int) {
	b.check(b.f.SetCellStyle(sheet, from, to, style))
}

func (b *builder) widths(sheet string, widths ...float64) {
	for i, w := range widths {
		c := xlsx.ColumnName(i + 1)
		b.check(b.f.SetColWidth(sheet, c, c, w))
	}
}

func (b *builder) build() error {
	f, res := b.f, b.res
	b.check(f.SetSheetName("Sheet1", summarySheet))
	b.makeStyles()
	if b.err != nil {
		return b.err
	}
	b.answers()
	b.actions()
	if len(b.opts.FollowUp.Actions) > 0 {
		b.followUp()
	}
	if len(res.Roles) > 1 {
		b.roles()
	}
	b.summary() // last: it notes a truncated Answers sheet
	props := &excelize.DocProperties{
		Creator: "audit",
		Title:   xlsx.Clean(fmt.Sprintf("%s — %s, %s", res.Rubric.Title, res.Team, res.Period)),
		Subject: "Sales and marketing alignment",
	}
	if !b.opts.Date.IsZero() {
		if _, err := xlsx.Day(b.opts.Date, false); err != nil {
			return err
		}
		props.Created = b.opts.Date.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	b.check(f.SetDocProps(props))
	// Summary, the first sheet, is the active one as in every new file
	// (SetActiveSheet would read every sheet into memory).
	return b.err
}

func (b *builder) makeStyles() {
	f := b.f
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		b.check(err)
		return id
	}
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: color, Family: xlsx.Font}
	}
	format := func(code string) *string { return &code }
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	left := &excelize.Alignment{Vertical: "top", Horizontal: "left"}
	b.st = styleSet{
		title:        style(&excelize.Style{Font: font(true, 16, "1F2937")}),
		subtitle:     style(&excelize.Style{Font: font(true, 12, "1F2937")}),
		label:        style(&excelize.Style{Font: font(true, 11, "374151"), Alignment: top}),
		header:       style(xlsx.HeaderStyle()),
		text:         style(&excelize.Style{NumFmt: 49, Alignment: top}),
		wrap:         style(&excelize.Style{NumFmt: 49, Alignment: wrapTop}),
		wrapIndented: style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 1}}),
		note:         style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B7280", Family: xlsx.Font, Size: 11}, Alignment: wrapTop}),
		score:        style(&excelize.Style{CustomNumFmt: format("0.0"), Alignment: top}),
		count:        style(&excelize.Style{NumFmt: 1, Alignment: top}),
		countLeft:    style(&excelize.Style{NumFmt: 1, Alignment: left}),
		centered:     style(&excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		gainCentered: style(&excelize.Style{CustomNumFmt: format("+0.0;-0.0;0.0"),
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		scoreLeft: style(&excelize.Style{CustomNumFmt: format("0.0"), Alignment: left}),
		points:    style(&excelize.Style{CustomNumFmt: format("0.##;-0.##;0"), Alignment: top}),
		value:     style(&excelize.Style{NumFmt: 0, Alignment: top}),
		pct:       style(&excelize.Style{CustomNumFmt: format("0.0%"), Alignment: top}),
		gain:      style(&excelize.Style{CustomNumFmt: format("+0.0;-0.0;0.0"), Alignment: top}),
		date:      style(&excelize.Style{CustomNumFmt: format("yyyy-mm-dd"), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}}),
		overdue: style(&excelize.Style{CustomNumFmt: format("yyyy-mm-dd"), Font: font(true, 11, "9C2A1B"),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8D7D3"}}, Alignment: left}),
		overdueText: style(&excelize.Style{NumFmt: 49, Font: font(true, 11, "9C2A1B"), Alignment: top}),
		bigGap: style(&excelize.Style{CustomNumFmt: format("+0.0;-0.0;0.0"), Font: font(true, 11, "9C2A1B"),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8D7D3"}}}),
	}
	for i := range b.res.Rubric.Bands {
		fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{bandFill(i, len(b.res.Rubric.Bands))}}
		b.st.bandScore = append(b.st.bandScore, style(&excelize.Style{CustomNumFmt: format("0.0"), Fill: fill,
			Font: font(true, 11, "1F2937"), Alignment: top}))
		b.st.bandScoreLeft = append(b.st.bandScoreLeft, style(&excelize.Style{CustomNumFmt: format("0.0"), Fill: fill,
			Font: font(true, 11, "1F2937"), Alignment: left}))
		// Indented, so that the band does not sit against the
		// right-aligned score beside it ("32.8 Misaligned").
		b.st.bandText = append(b.st.bandText, style(&excelize.Style{NumFmt: 49, Fill: fill,
			Font: font(true, 11, "1F2937"), Alignment: &excelize.Alignment{Vertical: "top", Indent: 1}}))
	}
}

// bandStops are the band colours from the lowest to the highest band, as
// light fills that dark text reads on: red, amber, green, teal (the PDF's
// band colours, lightened).
var bandStops = [][3]float64{{244, 204, 196}, {251, 228, 190}, {214, 234, 208}, {204, 230, 234}}

// bandFill returns the fill colour of band i of n, spreading the stops
// over the bands.
func bandFill(i, n int) string {
	pos := 0.0
	if n > 1 {
		pos = float64(i) / float64(n-1) * float64(len(bandStops)-1)
	}
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(bandStops)-1)
	frac := pos - float64(lo)
	var rgb [3]int
	for k := range rgb {
		rgb[k] = int(math.Round(bandStops[lo][k]*(1-frac) + bandStops[hi][k]*frac))
	}
	return fmt.Sprintf("%02X%02X%02X", rgb[0], rgb[1], rgb[2])
}

// bandIndex returns the index of a band in the rubric, or -1.
func (b *builder) bandIndex(band *rubric.Band) int {
	if band == nil {
		return -1
	}
	for i, x := range b.res.Rubric.Bands {
		if x.Label == band.Label && x.Min == band.Min {
			return i
		}
	}
	return -1
}

func (b *builder) bandStyles(band *rubric.Band) (score, text int) {
	if i := b.bandIndex(band); i >= 0 {
		return b.st.bandScore[i], b.st.bandText[i]
	}
	return b.st.score, b.st.text
}

// summary writes the Summary sheet.
func (b *builder) summary() {
	f, res, sh, st := b.f, b.res, summarySheet, b.st
	b.widths(sh, 44, 11, 14, 11, 11, 9, 9, 10)
	b.str(sh, "A1", fmt.Sprintf("%s — %s, %s", res.Rubric.Title, res.Team, res.Period))
	b.style(sh, "A1", "A1", st.title)

	row := 3
	label := func(name string) string {
		cell := fmt.Sprintf("A%d", row)
		b.str(sh, cell, name)
		b.style(sh, cell, cell, st.label)
		return fmt.Sprintf("B%d", row)
	}
	cell := label("Rubric")
	b.str(sh, cell, fmt.Sprintf("%s (%s, version %s)", res.Rubric.Title, res.Rubric.ID, res.Rubric.Version))
	row++
	b.str(sh, label("Team"), res.Team)
	row++
	b.str(sh, label("Period"), res.Period)
	row++
	b.num(sh, label("Respondents"), float64(len(res.Respondents)), st.countLeft)
	row++
	if len(res.Roles) > 0 {
		b.str(sh, label("By role"), roleCounts(res))
		row++
	}
	if !b.opts.Date.IsZero() {
		cell = label("Report date")
		day, _ := xlsx.Day(b.opts.Date, false) // checked in build
		b.num(sh, cell, day, st.date)
		row++
	}
	overallStyle, bandStyle := b.bandStyles(res.Band)
	overallLeft := st.scoreLeft
	if i := b.bandIndex(res.Band); i >= 0 {
		overallLeft = st.bandScoreLeft[i]
	}
	cell = label("Overall score")
	b.score(sh, cell, res.Overall, overallLeft)
	row++
	cell = label("Band")
	b.str(sh, cell, report.BandLabel(res.Band))
	b.style(sh, cell, cell, bandStyle)
	if res.Band != nil && res.Band.Summary != "" {
		row++
		from, to := fmt.Sprintf("B%d", row), fmt.Sprintf("F%d", row)
		b.str(sh, from, res.Band.Summary)
		b.check(f.MergeCell(sh, from, to))
		b.style(sh, from, to, st.note)
		b.height(sh, row, wrappedCell{res.Band.Summary, 56})
	}

	if p := followup.Measure(res, b.opts.FollowUp).Words(res.Overall); p != "" {
		row++
		b.str(sh, label("Targets"), p)
	}
	if c := followup.Count(b.opts.FollowUp.Actions, b.opts.Date).Words(); c != "" {
		row++
		b.str(sh, label("Actions followed up"), c+" (see Follow-up)")
	}

	// The area table, with the targets beside the scores when there are
	// any.
	targets := len(b.opts.FollowUp.Targets) > 0
	row += 2
	b.str(sh, fmt.Sprintf("A%d", row), "Areas")
	b.style(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.subtitle)
	row++
	head := row
	if targets {
		b.headerRow(sh, row, "Area", "Score", "Band", "Weight", "Answered", "N/A", "Target", "By")
	} else {
		b.headerRow(sh, row, "Area", "Score", "Band", "Weight", "Answered", "N/A")
	}
	target := func(r, area string) {
		if t, ok := b.opts.FollowUp.Target(area); ok {
			b.num(sh, "G"+r, t.Score, st.score)
			b.str(sh, "H"+r, t.By)
		}
	}
	var total float64
	for _, a := range res.Areas {
		total += a.Area.Weight
	}
	first := row + 1
	for _, a := range res.Areas {
		row++
		r := fmt.Sprint(row)
		b.str(sh, "A"+r, a.Area.Title)
		b.style(sh, "A"+r, "A"+r, st.wrap)
		b.height(sh, row, wrappedCell{a.Area.Title, 44})
		scoreStyle, textStyle := b.bandStyles(a.Band)
		b.score(sh, "B"+r, a.Score, scoreStyle)
		b.str(sh, "C"+r, report.BandLabel(a.Band))
		b.style(sh, "C"+r, "C"+r, textStyle)
		if total > 0 {
			b.num(sh, "D"+r, a.Area.Weight/total, st.pct)
		}
		b.num(sh, "E"+r, float64(a.Answered), st.count)
		b.num(sh, "F"+r, float64(a.NA), st.count)
		target(r, a.Area.Title)
	}
	last := row
	if len(res.Areas) > 0 {
		chart := &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("%s!$B$%d", sh, head),
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sh, first, last),
				Values:     fmt.Sprintf("%s!$B$%d:$B$%d", sh, first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2A7A86"}},
			}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Area scores (0–100)", Font: &excelize.Font{Size: 12, Bold: true, Color: "1F2937"}}}},
			Legend: excelize.ChartLegend{Position: "none"},
			XAxis:  excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 9, Color: "374151"}},
			YAxis: excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0), MajorUnit: 20, MajorGridLines: true,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: excelize.Font{Size: 9, Color: "374151"}},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0"}},
			Dimension: excelize.ChartDimension{Width: 600, Height: uint(max(300, 70+42*len(res.Areas)))},
			GapWidth:  ptr(uint(60)),
		}
		at := "H3"
		if targets {
			at = "J3"
		}
		b.check(f.AddChart(sh, at, chart))
	}
	row++
	r := fmt.Sprint(row)
	b.str(sh, "A"+r, "Overall")
	b.style(sh, "A"+r, "A"+r, st.label)
	b.score(sh, "B"+r, res.Overall, overallStyle)
	b.str(sh, "C"+r, report.BandLabel(res.Band))
	b.style(sh, "C"+r, "C"+r, bandStyle)
	if total > 0 {
		b.num(sh, "D"+r, 1, st.pct)
	}
	var answered, na int
	for _, a := range res.Areas {
		answered += a.Answered
		na += a.NA
	}
	b.num(sh, "E"+r, float64(answered), st.count)
	b.num(sh, "F"+r, float64(na), st.count)
	target(r, followup.OverallArea)

	// The bands.
	row += 2
	b.str(sh, fmt.Sprintf("A%d", row), "Bands")
	b.style(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.subtitle)
	row++
	b.headerRow(sh, row, "Band", "From", "Meaning")
	b.check(f.MergeCell(sh, fmt.Sprintf("C%d", row), fmt.Sprintf("F%d", row)))
	for i, band := range res.Rubric.Bands {
		row++
		r := fmt.Sprint(row)
		b.str(sh, "A"+r, band.Label)
		b.style(sh, "A"+r, "A"+r, st.bandText[i])
		b.num(sh, "B"+r, band.Min, st.score)
		b.str(sh, "C"+r, band.Summary)
		b.check(f.MergeCell(sh, "C"+r, "F"+r))
		b.style(sh, "C"+r, "F"+r, st.wrap)
		b.height(sh, row, wrappedCell{band.Label, 44}, wrappedCell{band.Summary, 45})
	}

	if len(res.RedFlags) > 0 {
		row += 2
		b.str(sh, fmt.Sprintf("A%d", row), "Red flags")
		b.style(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.subtitle)
		row++
		b.headerRow(sh, row, "Question", "Chosen by", "Answer")
		b.check(f.MergeCell(sh, fmt.Sprintf("C%d", row), fmt.Sprintf("F%d", row)))
		for _, fl := range res.RedFlags {
			row++
			r := fmt.Sprint(row)
			b.str(sh, "A"+r, fl.Question.Text)
			b.style(sh, "A"+r, "A"+r, st.wrap)
			b.num(sh, "B"+r, float64(fl.Count), st.count)
			b.str(sh, "C"+r, fl.Option.Label)
			b.check(f.MergeCell(sh, "C"+r, "F"+r))
			b.style(sh, "C"+r, "F"+r, st.wrap)
			b.height(sh, row, wrappedCell{fl.Question.Text, 44}, wrappedCell{fl.Option.Label, 45})
		}
	}
	notes := append([]string{}, res.Warnings...)
	if b.truncated > 0 {
		notes = append(notes, fmt.Sprintf("The Answers sheet lists the first %d of %d answers: a worksheet holds %d rows.",
			xlsx.MaxRows-1, b.truncated, xlsx.MaxRows))
	}
	if len(notes) > 0 {
		row += 2
		b.str(sh, fmt.Sprintf("A%d", row), "Warnings")
		b.style(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.subtitle)
		for _, n := range notes {
			row++
			from, to := fmt.Sprintf("A%d", row), fmt.Sprintf("F%d", row)
			b.str(sh, from, n)
			b.check(f.MergeCell(sh, from, to))
			b.style(sh, from, to, st.note)
			b.height(sh, row, wrappedCell{n, 100})
		}
	}
	b.printWide(sh)
}

func (b *builder) headerRow(sheet string, row int, names ...string) {
	for i, n := range names {
		b.str(sheet, fmt.Sprintf("%s%d", xlsx.ColumnName(i+1), row), n)
	}
	b.style(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", xlsx.ColumnName(len(names)), row), b.st.header)
}

// printWide prints a sheet landscape, one page wide.
func (b *builder) printWide(sheet string) { b.check(xlsx.PrintWide(b.f, sheet)) }

// freezeHeader freezes the first row.
func (b *builder) freezeHeader(sheet string) {
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}))
}

// answersHeader is the header of the Answers sheet.
// Value is the number given to a number question (its band is the Answer).
var answersHeader = []string{"Respondent", "Role", "Area", "Question", "Answer", "Value", "Points", "Score", "Comment"}

// answers lays out the Answers sheet: one row per respondent and question.
// A team of thousands of respondents gives hundreds of thousands of rows:
// excelize writes the sheet without them, and answerRows writes them into
// the saved sheet (see zipWriter).
func (b *builder) answers() {
	f, res, sh := b.f, b.res, answersSheet
	if _, err := f.NewSheet(sh); err != nil {
		b.check(err)
		return
	}
	b.widths(sh, 20, 11, 28, 50, 40, 9, 8, 8, 50)
	b.headerRow(sh, 1, answersHeader...)
	b.freezeHeader(sh)
	b.printWide(sh)
	if total := len(res.Respondents) * len(res.Questions); total > xlsx.MaxRows-1 {
		b.truncated = total
	}
	if rows := b.answerCount(); rows > 0 {
		b.check(f.AddTable(sh, &excelize.Table{Range: fmt.Sprintf("A1:%s%d", xlsx.ColumnName(len(answersHeader)), rows+1), Name: "AnswersTable",
			StyleName: "TableStyleLight1", ShowRowStripes: ptr(true)}))
	}
}

// answerCount returns the number of rows of the Answers sheet after its
// header: one per respondent and question, up to the last row of a sheet.
func (b *builder) answerCount() int {
	return min(len(b.res.Respondents)*len(b.res.Questions), xlsx.MaxRows-1)
}

// answerRows writes the rows of the Answers sheet after its header. Every
// cell of a row is written, empty or not, so that none needs a reference,
// and a row is made of runs of cells that repeat from row to row, each made
// once: the respondent's name and role, the question's area and text with
// the answer, the option's points and score: BenchmarkWorkbook's 2,000
// respondents (78,000 rows) went from 132–138 ms to 72–87 ms, half of it
// now compressing.
func (b *builder) answerRows(sw *xlsx.SheetWriter) error {
	res, st := b.res, b.st
	// The height of a row without a comment depends on the question and
	// the answer alone: measured once (the texts' lengths took a fifth of
	// the time of writing the sheet). A comment's lines only make a row
	// higher: the height grows with the lines.
	type answered struct {
		question     int
		option       *rubric.Option
		na, dontKnow bool
	}
	type asked struct {
		cells  []byte // Area, Question, Answer
		height float64
	}
	questions := map[answered]asked{}
	type scored struct {
		option *rubric.Option
		score  float64
	}
	scores := map[scored][]byte{} // Points, Score
	values := map[float64][]byte{}
	heights := map[float64]string{}
	var buf, respondent []byte
	number := func(v float64, style int) xlsx.Cell {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return xlsx.Cell{Style: style}
		}
		return xlsx.NumberCell(0, v, style)
	}
	noValue := sw.AppendCells(nil, xlsx.Cell{Style: st.value})
	noComment := sw.AppendCells(nil, xlsx.Cell{Style: st.wrap})
	for ri, who := range res.Respondents {
		respondent = sw.AppendCells(respondent[:0], xlsx.TextCell(1, xlsx.Clean(who.Name), st.text), xlsx.TextCell(2, xlsx.Clean(who.Role), st.text))
		for qi, q := range res.Questions {
			if sw.LastRow() == xlsx.MaxRows {
				return nil // the Summary's warnings say so
			}
			resp := scoring.Response{Respondent: ri}
			if ri < len(q.Responses) {
				resp = q.Responses[ri]
			}
			answer := ""
			switch {
			case resp.NA:
				answer = "Not applicable"
			case resp.DontKnow:
				answer = "Don't know"
			case resp.Option != nil:
				answer = resp.Option.Label
			}
			key := answered{qi, resp.Option, resp.NA, resp.DontKnow}
			qa, ok := questions[key]
			if !ok {
				qa = asked{
					cells: sw.AppendCells(nil, xlsx.TextCell(3, q.Area.Title, st.wrap), xlsx.TextCell(4, q.Question.Text, st.wrap),
						xlsx.TextCell(5, answer, st.wrap)),
					height: rowHeight(wrappedCell{q.Area.Title, 28}, wrappedCell{q.Question.Text, 50}, wrappedCell{answer, 40}),
				}
				questions[key] = qa
			}
			h := qa.height
			comment := noComment
			if resp.Comment != "" {
				h = max(h, rowHeight(wrappedCell{resp.Comment, 50}))
				buf = sw.AppendCells(buf[:0], xlsx.TextCell(9, resp.Comment, st.wrap))
				comment = buf
			}
			height := ""
			if h > 0 {
				if height = heights[h]; height == "" {
					height = strconv.FormatFloat(h, 'f', -1, 64)
					heights[h] = height
				}
			}
			value := noValue
			if resp.Value != nil {
				if value = values[*resp.Value]; value == nil {
					value = sw.AppendCells(nil, number(*resp.Value, st.value))
					values[*resp.Value] = value
				}
			}
			sc := scored{resp.Option, resp.Score}
			points, ok := scores[sc]
			if !ok {
				if resp.Option != nil {
					points = sw.AppendCells(nil, number(resp.Option.Points, st.points), number(100*resp.Score, st.score))
				} else {
					points = sw.AppendCells(nil, xlsx.Cell{Style: st.points}, xlsx.Cell{Style: st.score})
				}
				scores[sc] = points
			}
			if err := sw.RawRow(height, respondent, qa.cells, value, points, comment); err != nil {
				return err
			}
		}
	}
	return nil
}

// actions writes the Actions sheet: the ranked action plan and, when the
// tracker carries actions, the open action of each question that has one:
// when it was raised, its owner, due date (overdue ones marked) and status.
func (b *builder) actions() {
	f, res, sh, st := b.f, b.res, actionsSheet, b.st
	if _, err := f.NewSheet(sh); err != nil {
		b.check(err)
		return
	}
	head := []string{"Rank", "Question", "Area", "Score", "Gain", "Advice"}
	carried := len(b.opts.FollowUp.Actions) > 0
	if carried {
		head = append(head, "Open action raised", "Owner", "Due", "Status", "Overdue")
	}
	b.widths(sh, 6, 50, 28, 10, 9, 70, 12, 22, 12, 13, 10)
	b.headerRow(sh, 1, head...)
	b.freezeHeader(sh)
	defer b.printWide(sh) // after AutoFilter, which replaces the sheet properties
	if len(res.Actions) == 0 {
		b.str(sh, "B2", "No actions: every answered question has the best score.")
		b.style(sh, "B2", "B2", st.note)
		return
	}
	for i, a := range res.Actions {
		r := fmt.Sprint(i + 2)
		b.num(sh, "A"+r, float64(i+1), st.centered)
		b.str(sh, "B"+r, a.Question.Text)
		b.str(sh, "C"+r, a.Area.Title)
		b.style(sh, "B"+r, "C"+r, st.wrap)
		b.num(sh, "D"+r, 100*a.Score, st.score)
		b.num(sh, "E"+r, a.Gain, st.gainCentered)
		b.str(sh, "F"+r, a.Question.Advice)
		b.style(sh, "F"+r, "F"+r, st.wrap)
		b.height(sh, i+2, wrappedCell{a.Question.Text, 50}, wrappedCell{a.Area.Title, 28}, wrappedCell{a.Question.Advice, 70})
		if open, ok := b.opts.FollowUp.OpenAction(a.Question.ID); ok {
			b.str(sh, "G"+r, open.Raised)
			b.tracked(sh, r, "H", open)
		}
	}
	b.check(f.AutoFilter(sh, fmt.Sprintf("A1:%s%d", xlsx.ColumnName(len(head)), len(res.Actions)+1), nil))
}

// tracked writes what the manager made of an action into four columns
// from col: owner, due date, status and "Overdue" when it is.
func (b *builder) tracked(sh, r, col string, a followup.Action) {
	st := b.st
	c, _ := excelize.ColumnNameToNumber(col)
	owner, due, status, overdue := xlsx.ColumnName(c)+r, xlsx.ColumnName(c+1)+r, xlsx.ColumnName(c+2)+r, xlsx.ColumnName(c+3)+r
	b.str(sh, owner, a.Owner)
	b.style(sh, owner, owner, st.wrap)
	if !a.Due.IsZero() {
		style := st.date
		if a.Overdue(b.opts.Date) {
			style = st.overdue
			b.str(sh, overdue, "Overdue")
			b.style(sh, overdue, overdue, st.overdueText)
		}
		if day, err := xlsx.Day(a.Due, false); err == nil {
			b.num(sh, due, day, style)
		}
	}
	b.str(sh, status, a.State())
	b.style(sh, status, status, st.text)
}

// followUp writes the Follow-up sheet: the actions raised in earlier
// quarters, with what the manager made of them and how their question's
// score moved since.
func (b *builder) followUp() {
	f, sh, st := b.f, followSheet, b.st
	if _, err := f.NewSheet(sh); err != nil {
		b.check(err)
		return
	}
	acts := b.opts.FollowUp.Actions
	b.widths(sh, 10, 50, 28, 22, 12, 13, 10, 11, 11, 10, 50)
	b.headerRow(sh, 1, "Raised", "Question", "Area", "Owner", "Due", "Status", "Overdue", "Score then", "Score now", "Change", "Notes")
	b.freezeHeader(sh)
	defer b.printWide(sh)
	for i, a := range acts {
		r := fmt.Sprint(i + 2)
		b.str(sh, "A"+r, a.Raised)
		b.style(sh, "A"+r, "A"+r, st.text)
		b.str(sh, "B"+r, a.Question)
		b.str(sh, "C"+r, a.Area)
		b.style(sh, "B"+r, "C"+r, st.wrap)
		b.tracked(sh, r, "D", a)
		b.num(sh, "H"+r, a.ScoreThen, st.score)
		if a.ScoreNow != nil {
			b.num(sh, "I"+r, *a.ScoreNow, st.score)
		}
		if change, ok := a.Change(); ok {
			b.num(sh, "J"+r, change, st.gain)
		}
		b.str(sh, "K"+r, a.Notes)
		b.style(sh, "K"+r, "K"+r, st.wrapIndented)
		b.height(sh, i+2, wrappedCell{a.Question, 50}, wrappedCell{a.Area, 28}, wrappedCell{a.Owner, 22}, wrappedCell{a.Notes, 50})
	}
	r := len(acts) + 3
	from, to := fmt.Sprintf("A%d", r), fmt.Sprintf("K%d", r)
	note := followup.Count(acts, b.opts.Date).Words() + ". Owner, due date, status and notes are as the tracker's Actions sheet " +
		"has them; Score now is the question's team score this quarter, and Change is Score now − Score then."
	if slices.ContainsFunc(acts, func(a followup.Action) bool { return a.Rescaled }) {
		note += " Change is empty where the rubric's version changed since the action was raised: the scores are on different scales."
	}
	b.str(sh, from, note)
	b.check(f.MergeCell(sh, from, to))
	b.style(sh, from, to, st.note)
	b.height(sh, r, wrappedCell{note, 190})
	b.check(f.AutoFilter(sh, fmt.Sprintf("A1:K%d", len(acts)+1), nil))
}

// roles writes the Roles sheet: each role's overall and area scores and,
// when both answered, the gap between sales and marketing.
func (b *builder) roles() {
	f, res, sh, st := b.f, b.res, rolesSheet, b.st
	if _, err := f.NewSheet(sh); err != nil {
		b.check(err)
		return
	}
	_, okS := res.Role(scoring.SalesRole)
	_, okM := res.Role(scoring.MarketingRole)
	gap := okS && okM
	names := []string{"Area"}
	for _, r := range res.Roles {
		names = append(names, sheetTitle(r.Role))
	}
	if gap {
		names = append(names, "Gap (sales − marketing)")
	}
	widths := []float64{44}
	for range res.Roles {
		widths = append(widths, 13)
	}
	b.widths(sh, append(widths, 24)...)
	b.headerRow(sh, 1, names...)
	b.freezeHeader(sh)
	b.printWide(sh)

	b.str(sh, "A2", "Respondents")
	b.style(sh, "A2", "A2", st.label)
	for i, r := range res.Roles {
		b.num(sh, fmt.Sprintf("%s2", xlsx.ColumnName(i+2)), float64(r.Respondents), st.count)
	}
	row := 3
	write := func(name string, bold bool, g *float64, score func(*scoring.RoleResult) *float64) {
		r := fmt.Sprint(row)
		b.str(sh, "A"+r, name)
		if bold {
			b.style(sh, "A"+r, "A"+r, st.label)
		} else {
			b.style(sh, "A"+r, "A"+r, st.wrap)
			b.height(sh, row, wrappedCell{name, 44})
		}
		for i := range res.Roles {
			s := score(&res.Roles[i])
			style := st.score
			if s != nil {
				style, _ = b.bandStyles(bandPtr(res.Rubric.Band(*s)))
			}
			b.score(sh, fmt.Sprintf("%s%s", xlsx.ColumnName(i+2), r), s, style)
		}
		if gap {
			cell := fmt.Sprintf("%s%s", xlsx.ColumnName(len(res.Roles)+2), r)
			if g != nil {
				style := st.gain
				if res.Highlighted(g) {
					style = st.bigGap
				}
				b.num(sh, cell, *g, style)
			}
		}
		row++
	}
	write("Overall", true, res.Gap, func(r *scoring.RoleResult) *float64 { return r.Overall })
	for _, a := range res.Areas {
		id := a.Area.ID
		write(a.Area.Title, false, a.Gap, func(r *scoring.RoleResult) *float64 { return r.Areas[id] })
	}
	if gap {
		row++
		from, to := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", xlsx.ColumnName(len(res.Roles)+2), row)
		b.str(sh, from, fmt.Sprintf("The gap is sales minus marketing: positive where sales sees it higher. "+
			"A gap of %g points or more either way (highlighted) means the two teams see that area very differently.", res.GapThreshold))
		b.check(f.MergeCell(sh, from, to))
		b.style(sh, from, to, st.note)
	}
}

func bandPtr(b rubric.Band) *rubric.Band { return &b }

// roleCounts says how many answered in each role: "1 marketing, 2 sales".
func roleCounts(res *scoring.Result) string {
	parts := make([]string, 0, len(res.Roles))
	for _, r := range res.Roles {
		parts = append(parts, fmt.Sprintf("%d %s", r.Respondents, r.Role))
	}
	return strings.Join(parts, ", ")
}

// sheetTitle capitalizes a role name for a column header.
func sheetTitle(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// wrappedCell is text in a wrapping cell of a width in characters.
type wrappedCell struct {
	text  string
	width float64
}

// rowHeight estimates the height of a row of wrapping cells
// (xlsx.RowHeight); 0 for a row of single lines.
func rowHeight(cells ...wrappedCell) float64 {
	wrapped := make([]xlsx.Wrapped, len(cells))
	for i, c := range cells {
		wrapped[i] = xlsx.Wrapped{Text: c.text, Width: c.width}
	}
	return xlsx.RowHeight(wrapped...)
}

// height sets the height of a row that wraps text.
func (b *builder) height(sheet string, row int, cells ...wrappedCell) {
	if h := rowHeight(cells...); h > 0 {
		b.check(b.f.SetRowHeight(sheet, row, h))
	}
}

func ptr[T any](v T) *T { return &v }
