package tracker

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// answersXML returns the Answers part of a tracker.
func answersXML(t *testing.T, data []byte) string {
	t.Helper()
	p, err := openPackage(data)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.sheet(AnswersSheet)
	if !ok {
		t.Fatal("no Answers sheet")
	}
	return parts(t, data)[s.part]
}

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
	if xml := answersXML(t, old); strings.Contains(xml, "<row r=") || strings.Contains(xml, "inlineStr") {
		t.Fatalf("Answers rows have references or inline strings: %.500s", xml)
	}
	resaved := resave(t, old)
	if xml := answersXML(t, resaved); !strings.Contains(xml, `<row r="2"`) {
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
		{"a column too many", key + strings.Repeat(cell(text, "3"), 11), false},
		{"reference", `<c r="A2" s="` + strconv.Itoa(text) + `" t="s"><v>0</v></c>` + cell(text, "1") + cell(text, "2"), false},
		{"other style", cell(score, "0") + cell(text, "1") + cell(text, "2"), false},
		{"unknown string", key + cell(text, "4"), false},
		{"blank team", cell(text, "0") + cell(text, "3") + cell(text, "2"), false},
		{"no rubric", cell(text, "0") + cell(text, "1"), false},
		{"number as text", key + strings.Repeat(cell(text, "3"), 8) + `<c s="` + strconv.Itoa(score) + `"><v>x</v></c>`, false},
		{"inline string", key + `<c s="` + strconv.Itoa(text) + `" t="inlineStr"><is><t>x</t></is></c>`, false},
		{"not closed", key + `<c s="`, false},
	} {
		k, n, ok := tr.copiedKey([]byte(tc.row + "</row><row>"))
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if ok && (n != len(tc.row) || k != (rowKey{team: "alpha", period: "2026-Q3", rubric: "alignment"})) {
			t.Errorf("%s: %d bytes, key %+v", tc.name, n, k)
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

func TestStringTable(t *testing.T) {
	for _, tc := range []struct {
		name, xml, want string
	}{{
		name: "excelize's",
		xml:  `<?xml version="1.0"?>` + "\n" + `<sst xmlns="ns" count="3" uniqueCount="2"><si><t>Team</t></si><si><r><t>Alpha</t></r></si></sst>`,
		want: `<?xml version="1.0"?>` + "\n" + `<sst xmlns="ns" uniqueCount="4"><si><t>Team</t></si><si><r><t>Alpha</t></r></si>` +
			`<si><t>Alpha</t></si><si><t xml:space="preserve"> a &amp; _x005F_x0041_</t></si></sst>`,
	}, {
		name: "prefixed, quoted",
		xml:  `<x:sst xmlns:x="ns" a='say "hi"'><x:si><x:t>Team</x:t></x:si></x:sst>`,
		want: `<x:sst xmlns:x="ns" a='say "hi"' uniqueCount="3"><x:si><x:t>Team</x:t></x:si>` +
			`<x:si><x:t>Alpha</x:t></x:si><x:si><x:t xml:space="preserve"> a &amp; _x005F_x0041_</x:t></x:si></x:sst>`,
	}, {
		name: "empty",
		xml:  `<sst xmlns="ns"/>`,
		want: `<sst xmlns="ns" uniqueCount="3"><si><t>Team</t></si><si><t>Alpha</t></si><si><t xml:space="preserve"> a &amp; _x005F_x0041_</t></si></sst>`,
	}} {
		st, _, err := newStringTable([]byte(tc.xml))
		if err != nil {
			t.Fatal(err)
		}
		// A plain item is reused; a formatted one is not.
		for _, s := range []string{"Team", "Alpha", " a & _x0041_", "Alpha"} {
			st.id(s)
		}
		if tc.name == "excelize's" && st.id("Team") != 0 {
			t.Errorf("%s: Team is not item 0", tc.name)
		}
		got, err := st.appendItems([]byte(tc.xml))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}
