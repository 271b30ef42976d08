package tracker

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// resave opens a tracker in excelize and saves it with its Answers sheet
// rewritten, every row and cell with its reference, as other applications
// write sheets.
func resave(t *testing.T, data []byte) []byte {
	t.Helper()
	f := open(t, data)
	if err := f.SetColWidth(AnswersSheet, "N", "N", 5); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRowsCopied checks that an update gives the same Answers sheet whether
// the old rows are copied as the tracker wrote them, or read and written
// again after another application saved them.
func TestRowsCopied(t *testing.T) {
	a := result(t, "Zeta", "2026-Q1", 0)
	b := result(t, "Alpha", "2026-Q3", 1)
	c := result(t, "Mid", "2026-Q2", 2)
	old := update(t, nil, a, b)
	if xml := sheetXML(t, AnswersSheet, old); strings.Contains(xml, "<row r=") || strings.Contains(xml, "inlineStr") {
		t.Fatalf("Answers rows have references or inline strings: %.500s", xml)
	}
	resaved := resave(t, old)
	if xml := sheetXML(t, AnswersSheet, resaved); !strings.Contains(xml, `<row r="2"`) {
		t.Fatalf("excelize wrote rows without references: %.500s", xml)
	}
	want := rows(t, open(t, update(t, nil, a, b, c)), AnswersSheet)
	for name, data := range map[string][]byte{
		"copied": update(t, old, c),
		"read":   update(t, resaved, c),
	} {
		if diff := cmp.Diff(want, rows(t, open(t, data), AnswersSheet)); diff != "" {
			t.Errorf("%s: Answers (-want +got):\n%s", name, diff)
		}
	}
}

func TestCopiedKey(t *testing.T) {
	tr, err := Read(bytes.NewReader(update(t, nil, result(t, "Alpha", "2026-Q3", 0))))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	tr.sst = []string{"2026-Q3", "Alpha", "alignment", " "}
	text, score := tr.st.text, tr.st.score
	cell := func(style int, v string) string {
		return `<c s="` + strconv.Itoa(style) + `" t="s"><v>` + v + `</v></c>`
	}
	key := cell(text, "0") + cell(text, "1") + cell(text, "2")
	for _, tc := range []struct {
		name, row string
		ok        bool
	}{
		{"key only", key, true},
		{"all columns", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"><v>62.5</v></c>` + cell(text, "1"), true},
		{"no score", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"/>`, true},
		{"a column too many", key + strings.Repeat(cell(text, "3"), 12), false},
		{"value", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"/>` + cell(text, "1") +
			`<c s="` + strconv.Itoa(tr.st.value) + `"><v>2.5</v></c>`, true},
		{"value after an empty comment", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"><v>0</v></c>` +
			`<c s="` + strconv.Itoa(text) + `"/>` + `<c s="` + strconv.Itoa(tr.st.value) + `"><v>2.5</v></c>`, true},
		{"no option", key + strings.Repeat(cell(text, "3"), 6) + strings.Repeat(`<c s="`+strconv.Itoa(text)+`"/>`, 2) + `<c s="` + strconv.Itoa(score) + `"/>`, true},
		{"empty Value", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"/>` + cell(text, "1") + `<c s="` + strconv.Itoa(text) + `"/>`, false},
		{"text in Value", key + strings.Repeat(cell(text, "3"), 11), false},
		{"value as score", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"/>` + cell(text, "1") +
			`<c s="` + strconv.Itoa(score) + `"><v>2.5</v></c>`, false},
		{"reference", `<c r="A2" s="` + strconv.Itoa(text) + `" t="s"><v>0</v></c>` + cell(text, "1") + cell(text, "2"), false},
		{"other style", cell(score, "0") + cell(text, "1") + cell(text, "2"), false},
		{"unknown string", key + cell(text, "4"), false},
		{"blank team", cell(text, "0") + cell(text, "3") + cell(text, "2"), false},
		{"no rubric", cell(text, "0") + cell(text, "1"), false},
		{"number as text", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"><v>x</v></c>`, false},
		{"inline string", key + `<c s="` + strconv.Itoa(text) + `" t="inlineStr"><is><t>x</t></is></c>`, false},
		{"not closed", key + `<c s="`, false},
	} {
		k, n, ok := tr.copiedKey([]byte(tc.row+"</row><row>"), nil)
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if ok && (n != len(tc.row) || k != (rowKey{team: "alpha", period: "2026-Q3", rubric: "alignment"})) {
			t.Errorf("%s: %d bytes, key %+v", tc.name, n, k)
		}
	}
	// A row left out is read up to its key, then to its end, unless
	// markup that may hold "</row>" comes first.
	drop := map[rowKey]bool{{team: "alpha", period: "2026-Q3", rubric: "alignment"}: true}
	for _, tc := range []struct {
		name, row string
		ok        bool
	}{
		{"left out", key + `<c s="99"><v>x</v></c><c/>`, true},
		{"comment", key + `<c s="99"><!-- </row> --></c>`, false},
		{"CDATA", key + `<c s="99" t="inlineStr"><is><t><![CDATA[</row>]]></t></is></c>`, false},
		{"kept", cell(text, "0") + cell(text, "0") + cell(text, "2") + `<c s="99"/>`, false},
	} {
		k, n, ok := tr.copiedKey([]byte(tc.row+"</row><row>"), func(k rowKey) bool { return drop[k] })
		if ok != tc.ok || ok && (n != len(tc.row) || !drop[k]) {
			t.Errorf("%s: ok %v, %d bytes, key %+v; want ok %v, %d bytes", tc.name, ok, n, k, tc.ok, len(tc.row))
		}
	}
}

// TestNoSharedStrings updates a workbook whose text is all inline strings,
// with no shared strings part: the tracker adds one.
func TestNoSharedStrings(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", HistorySheet); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter(HistorySheet)
	if err != nil {
		t.Fatal(err)
	}
	var header []any
	for _, h := range historyHeader(builtin(t)) {
		header = append(header, h)
	}
	if err := sw.SetRow("A1", header); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if _, ok := parts(t, buf.Bytes())["xl/sharedStrings.xml"]; ok {
		t.Fatal("the workbook has shared strings")
	}
	res := result(t, "Northwind Traders", "2026-Q3", 0)
	data := update(t, buf.Bytes(), res)
	a := rows(t, open(t, data), AnswersSheet)
	if len(a) != 1+len(res.Respondents)*len(res.Questions) || a[1][1] != "Northwind Traders" {
		t.Errorf("Answers %d rows, first %q", len(a), a[1])
	}
	// And the next update reads them.
	data = update(t, data, result(t, "Northwind Traders", "2026-Q4", 0))
	if a := rows(t, open(t, data), AnswersSheet); len(a) != 1+2*len(res.Respondents)*len(res.Questions) {
		t.Errorf("Answers has %d rows after a second update", len(a))
	}
}
