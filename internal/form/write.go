package form

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/xlsx"
)

// Options are what a form is for besides its rubric.
type Options struct {
	Team   string
	Period string // YYYY-Qn
	// Created is stored as the workbook's creation and modification time,
	// so that the same rubric and options give the same file.
	Created time.Time
	// Filled, if set, is filled in: its name, role, answers and comments,
	// as a respondent would choose them (for tests and benchmarks that
	// need filled forms).
	Filled *answers.Sheet
}

// Column widths of the Questionnaire sheet, in characters: wide enough to
// read, narrow enough for a laptop screen.
var widths = map[string]float64{"A": 5, "B": 50, "C": 34, "D": 42, "E": 24, "F": 32}

const fontName = "Calibri"

// The look of the cells the respondent fills in: yellow, in a box.
var (
	box = []excelize.Border{
		{Type: "left", Color: "B7A96B", Style: 1}, {Type: "right", Color: "B7A96B", Style: 1},
		{Type: "top", Color: "B7A96B", Style: 1}, {Type: "bottom", Color: "B7A96B", Style: 1},
	}
	yellow = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
)

// Write writes a blank form for the rubric to w.
func Write(w io.Writer, r *rubric.Rubric, opts Options) error {
	f := excelize.NewFile()
	defer f.Close()
	fw := &writer{f: f, r: r, opts: opts}
	if err := fw.build(); err != nil {
		return fmt.Errorf("form: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("form: %w", err)
	}
	return nil
}

type writer struct {
	f    *excelize.File
	r    *rubric.Rubric
	opts Options
	err  error
	st   struct{ title, intro, label, input, answer, comment, header, area, number, question, help, key int }
	// numberStyles are the styles of number answer cells, by unit: the
	// unit is shown after the number, which stays a number.
	numberStyles map[string]int
}

func (w *writer) check(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *writer) str(sheet, cell, s string, style int) {
	// SetCellStr stores text as text: nothing a rubric says becomes a
	// formula or a link.
	w.check(w.f.SetCellStr(sheet, cell, xlsx.Clean(s)))
	if style != 0 {
		w.check(w.f.SetCellStyle(sheet, cell, cell, style))
	}
}

func (w *writer) build() error {
	f := w.f
	w.check(f.SetSheetName("Sheet1", QuestionnaireSheet))
	_, err := f.NewSheet(KeySheet)
	w.check(err)
	w.makeStyles()
	qs := keyOf(w.r)
	w.questionnaire(qs)
	w.key(qs)
	w.check(f.SetSheetVisible(KeySheet, false))
	// Protection without a password: the respondent changes only the
	// yellow cells by accident, and can lift it on purpose.
	for _, sheet := range []string{QuestionnaireSheet, KeySheet} {
		w.check(f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
		}))
	}
	w.check(f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	props := &excelize.DocProperties{
		Title:   fmt.Sprintf("%s — %s, %s", w.r.Title, w.opts.Team, w.opts.Period),
		Subject: "Questionnaire form",
		Creator: "audit",
	}
	if !w.opts.Created.IsZero() {
		props.Created = w.opts.Created.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	w.check(f.SetDocProps(props))
	return w.err
}

func (w *writer) makeStyles() {
	style := func(s *excelize.Style) int {
		id, err := w.f.NewStyle(s)
		w.check(err)
		return id
	}
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: color, Family: fontName}
	}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	unlocked := &excelize.Protection{Locked: false}
	w.st.title = style(&excelize.Style{Font: font(true, 15, "1F2937"), Alignment: &excelize.Alignment{Vertical: "center"}})
	w.st.intro = style(&excelize.Style{Font: font(false, 11, "374151"), Alignment: wrapTop})
	w.st.label = style(&excelize.Style{Font: font(true, 11, "374151"), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", Indent: 1}})
	w.st.input = style(&excelize.Style{Font: font(false, 11, "000000"), Fill: yellow, Border: box, Protection: unlocked,
		NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "center"}})
	w.st.answer = style(&excelize.Style{Font: font(false, 11, "000000"), Fill: yellow, Border: box, Protection: unlocked,
		NumFmt: 49, Alignment: wrapTop})
	w.st.comment = style(&excelize.Style{Font: font(false, 11, "000000"), Border: box, Protection: unlocked,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFBEA"}}, NumFmt: 49, Alignment: wrapTop})
	w.st.header = style(&excelize.Style{Font: font(true, 11, "1F2937"), Alignment: wrapTop,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border: []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}}})
	w.st.area = style(&excelize.Style{Font: font(true, 12, "1F2937"), Alignment: &excelize.Alignment{Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}}})
	w.st.number = style(&excelize.Style{Font: font(false, 11, "6B7280"), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	w.st.question = style(&excelize.Style{Font: font(false, 11, "000000"), Alignment: wrapTop})
	w.st.help = style(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 10, Color: "6B7280", Family: fontName}, Alignment: wrapTop})
	w.st.key = style(&excelize.Style{NumFmt: 49})
}

// numberStyle returns the style of a number answer cell with unit: a
// yellow input cell whose number is shown with the unit after it (35 %,
// 6 business hours), and is stored as the number alone.
func (w *writer) numberStyle(unit string) int {
	if id, ok := w.numberStyles[unit]; ok {
		return id
	}
	format := "General"
	if u := strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' {
			return -1
		}
		return r
	}, unit); u != "" {
		sep := " "
		if u == "%" {
			sep = ""
		}
		format += `"` + sep + u + `"`
	}
	id, err := w.f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Size: 11, Color: "000000", Family: fontName}, Protection: &excelize.Protection{Locked: false},
		Fill: yellow, Border: box,
		CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"},
	})
	w.check(err)
	if w.numberStyles == nil {
		w.numberStyles = map[string]int{}
	}
	w.numberStyles[unit] = id
	return id
}

// questionnaire writes the sheet the respondent fills in.
func (w *writer) questionnaire(qs []keyQuestion) {
	const sh = QuestionnaireSheet
	f := w.f
	for col, width := range widths {
		w.check(f.SetColWidth(sh, col, col, width))
	}
	w.str(sh, "A1", fmt.Sprintf("%s — %s, %s", w.r.Title, w.opts.Team, w.opts.Period), w.st.title)
	w.check(f.MergeCell(sh, "A1", "F1"))
	w.check(f.SetRowHeight(sh, 1, 24))
	intro := "Type your name and choose your role, then choose one answer for each question from the list in its yellow " +
		"Answer cell (a comment is optional); for a question that asks for a number, type the number, or choose an answer " +
		"under Or instead if you cannot give one. Only the yellow cells can be changed. " +
		"Save the file with your name added to its file name, and send it back or put it in the team's shared folder."
	w.str(sh, "A2", intro, w.st.intro)
	w.check(f.MergeCell(sh, "A2", "F2"))
	w.check(f.SetRowHeight(sh, 2, 46))
	w.str(sh, "C3", "Your name", w.st.label)
	filled := w.opts.Filled
	if filled == nil {
		filled = &answers.Sheet{}
	}
	w.str(sh, nameCell, filled.Respondent, w.st.input)
	w.str(sh, "C4", "Your role", w.st.label)
	w.str(sh, roleCell, filled.Role, w.st.input)
	roles := excelize.NewDataValidation(true)
	roles.Sqref = roleCell
	w.check(roles.SetDropList(Roles))
	roles.SetError(excelize.DataValidationErrorStyleStop, "Your role", "Choose sales, marketing, leadership or other from the list.")
	w.check(f.AddDataValidation(sh, roles))

	for i, h := range []string{"No.", "Question", "What to think of", "Answer", "Or instead (numbers)", "Comment (optional)"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		w.str(sh, cell, h, w.st.header)
	}
	// Scrolling keeps the questions' header, name and role in view.
	w.check(f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: "A" + strconv.Itoa(headerRow+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: nameCell, ActiveCell: nameCell, Pane: "bottomLeft"}}}))

	row := firstRow
	qi := 0
	for ai, a := range w.r.Areas {
		w.str(sh, cell("A", row), strconv.Itoa(ai+1), w.st.area)
		w.str(sh, cell("B", row), a.Title, w.st.area)
		w.check(f.MergeCell(sh, cell("B", row), cell(commentCol, row)))
		w.check(f.SetRowHeight(sh, row, 20))
		row++
		for i, q := range a.Questions {
			kq := &qs[qi]
			qi++
			kq.answerCell, kq.commentCell = cell(answerCol, row), cell(commentCol, row)
			w.str(sh, cell("A", row), fmt.Sprintf("%d.%d", ai+1, i+1), w.st.number)
			w.str(sh, cell(textCol, row), kq.text, w.st.question)
			w.str(sh, cell("C", row), q.Help, w.st.help)
			given := filled.Answers[q.ID]
			w.str(sh, kq.commentCell, given.Comment, w.st.comment)
			if kq.number {
				kq.otherCell = cell(otherCol, row)
				w.numberCells(kq, &q, qi-1, given)
			} else {
				label := ""
				if i := slices.Index(kq.ids, given.Option); i >= 0 {
					label = kq.labels[i]
				}
				w.str(sh, kq.answerCell, label, w.st.answer)
				w.dropList(kq.answerCell, qi-1, len(kq.labels))
			}
			// The answer cell must fit the longest answer once chosen.
			longest := ""
			for _, l := range kq.labels {
				if len(l) > len(longest) {
					longest = l
				}
			}
			h := xlsx.RowHeight(xlsx.Wrapped{Text: kq.text, Width: widths["B"]},
				xlsx.Wrapped{Text: q.Help, Width: widths["C"] * 0.9}, // italic runs wider
				xlsx.Wrapped{Text: longest, Width: widths[string(kq.labelCol())]})
			w.check(f.SetRowHeight(sh, row, max(h, 30)))
			row++
		}
	}
	// Printed, the form is one page wide.
	w.check(f.SetPageLayout(sh, &excelize.PageLayoutOptions{
		Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0),
	}))
	w.check(f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	w.check(f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$%d:$%d", QuestionnaireSheet, headerRow, headerRow), Scope: QuestionnaireSheet,
	}))
}

// numberCells writes a number question's cells (the i-th question, kq):
// the answer cell takes a number within the question's range (the
// spreadsheet refuses anything else), and the cell beside it, if the
// question allows other answers, offers them in a drop-down list.
func (w *writer) numberCells(kq *keyQuestion, q *rubric.Question, i int, given answers.Answer) {
	const sh = QuestionnaireSheet
	f := w.f
	if given.Number != nil {
		w.check(f.SetCellFloat(sh, kq.answerCell, *given.Number, -1, 64))
	}
	w.check(f.SetCellStyle(sh, kq.answerCell, kq.answerCell, w.numberStyle(q.Unit)))
	want := "Type a number from " + rubric.WithUnit(q.Range(), q.Unit)
	if q.Unit == "%" {
		want += ", without the % sign"
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = kq.answerCell
	w.check(dv.SetRange(q.Min, q.Max, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	hint := want + "."
	if len(kq.labels) > 0 {
		hint += " Or choose " + strings.Join(kq.labels, ", ") + " under Or instead."
	}
	dv.SetInput("Answer", hint)
	dv.SetError(excelize.DataValidationErrorStyleStop, "Answer", hint)
	w.check(f.AddDataValidation(sh, dv))
	if len(kq.labels) == 0 {
		return
	}
	label := ""
	if j := slices.Index(kq.ids, given.Option); j >= 0 && given.Number == nil {
		label = kq.labels[j]
	}
	w.str(sh, kq.otherCell, label, w.st.answer)
	w.dropList(kq.otherCell, i, len(kq.labels))
}

// dropList gives cell a drop-down list of the i-th question's n answers.
func (w *writer) dropList(cell string, i, n int) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell
	dv.SetSqrefDropList(keyRange(i, n))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Answer", "Choose one of the answers in the list (the arrow at the right of the cell).")
	w.check(w.f.AddDataValidation(QuestionnaireSheet, dv))
}

// key writes the hidden Answer key sheet.
func (w *writer) key(qs []keyQuestion) {
	const sh = KeySheet
	w.str(sh, "A1", "audit reads the answers back with this sheet: please leave it as it is.", 0)
	for _, kv := range []struct {
		row         int
		name, value string
	}{
		{keyFormatRow, "format", formatID},
		{keyRubricRow, "rubric", w.r.ID},
		{keyVersionRow, "rubric version", w.r.Version},
		{keyHashRow, "questions hash", hashOf(qs)},
		{keyTeamRow, "team", w.opts.Team},
		{keyPeriodRow, "period", w.opts.Period},
		{keyNameCellRow, "name cell", nameCell},
		{keyRoleCellRow, "role cell", roleCell},
	} {
		w.str(sh, cell("A", kv.row), kv.name, w.st.key)
		w.str(sh, cell("B", kv.row), kv.value, w.st.key)
	}
	for i, h := range []string{"question", "answer cell", "comment cell", "question text", "", "answers"} {
		w.str(sh, cell(colName(i+1), keyHeaderRow), h, w.st.key)
	}
	for i, q := range qs {
		labels, ids := keyFirstRow+2*i, keyFirstRow+2*i+1
		w.str(sh, cell("A", labels), q.id, w.st.key)
		w.str(sh, cell("B", labels), q.answerCell, w.st.key)
		w.str(sh, cell("C", labels), q.commentCell, w.st.key)
		w.str(sh, cell("D", labels), q.text, w.st.key)
		mark := labelsMark
		if q.number {
			mark = numberMark
			w.str(sh, cell("B", ids), q.otherCell, w.st.key)
			w.str(sh, cell("C", ids), q.unit, w.st.key)
			w.str(sh, cell("D", ids), q.valueRange, w.st.key)
		}
		w.str(sh, cell("E", labels), mark, w.st.key)
		w.str(sh, cell("A", ids), q.id, w.st.key)
		w.str(sh, cell("E", ids), idsMark, w.st.key)
		for j := range q.ids {
			col := colName(keyFirstAnswer + j)
			w.str(sh, cell(col, labels), q.labels[j], w.st.key)
			w.str(sh, cell(col, ids), q.ids[j], w.st.key)
		}
	}
	w.check(w.f.SetColWidth(sh, "A", "E", 24))
}

// keyRange is the range of the i-th question's labels on the key sheet,
// the source of its drop-down list.
func keyRange(i, n int) string {
	row := strconv.Itoa(keyFirstRow + 2*i)
	return fmt.Sprintf("'%s'!$%s$%s:$%s$%s", KeySheet, colName(keyFirstAnswer), row, colName(keyFirstAnswer+n-1), row)
}

func cell(col string, row int) string { return col + strconv.Itoa(row) }

func colName(n int) string {
	name, _ := excelize.ColumnNumberToName(n)
	return name
}

func ptr[T any](v T) *T { return &v }

// splitCell splits "D14" into "D" and 14.
func splitCell(ref string) (string, int, bool) {
	col, row, err := excelize.SplitCellName(ref)
	if err != nil || strings.ToUpper(col) != col {
		return "", 0, false
	}
	return col, row, true
}
