package tracker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
	"github.com/xuri/excelize/v2"
)

// Tests of what the tracker keeps of a user's workbook through the
// spreadsheet engine: tables and filters on History, cell metadata, and
// which workbooks it refuses.

// save writes an excelize file.
func save(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetXML returns the part of a sheet of a tracker.
func sheetXML(t *testing.T, sheet string, data []byte) string {
	t.Helper()
	p, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.Sheet(sheet)
	if !ok {
		t.Fatalf("no sheet %s", sheet)
	}
	return parts(t, data)[s.Part]
}

// TestHistoryTable checks that a table the user made of History, and a
// filter on History, cover the rows an update adds, also when a new area
// adds a column.
func TestHistoryTable(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0), result(t, "Alpha", "2026-Q2", 1))
	last := xlsx.ColumnName(len(historyHeader(builtin(t))))
	f := open(t, data)
	if err := f.AddTable(HistorySheet, &excelize.Table{Range: "A1:" + last + "3", Name: "Scores", StyleName: "TableStyleMedium2"}); err != nil {
		t.Fatal(err)
	}
	data = update(t, save(t, f), result(t, "Beta", "2026-Q1", 0), result(t, "Gamma", "2026-Q1", 2))
	tables, err := open(t, data).GetTables(HistorySheet)
	if err != nil || len(tables) != 1 {
		t.Fatalf("tables %+v, %v", tables, err)
	}
	if want := "A1:" + last + "5"; tables[0].Range != want {
		t.Errorf("the table covers %s, want %s", tables[0].Range, want)
	}
	table := ""
	for name, content := range parts(t, data) {
		if strings.HasPrefix(name, "xl/tables/") {
			table = content
		}
	}
	if want := `<autoFilter ref="A1:` + last + `5"`; !strings.Contains(table, want) {
		t.Errorf("the table's filter is not %s:\n%s", want, table)
	}

	// A rubric with a new area: the table gains the column and the row.
	sheets := examples(t, "Delta", "2026-Q1")
	for _, s := range sheets {
		s.Answers["partners-shared-targets"] = answers.Answer{Option: "joint"}
	}
	data = update(t, data, score(t, areaRubric(t), sheets))
	tables, _ = open(t, data).GetTables(HistorySheet)
	if want := "A1:" + xlsx.ColumnName(len(historyHeader(builtin(t)))+1) + "6"; len(tables) != 1 || tables[0].Range != want {
		t.Errorf("after a new area the table is %+v, want the range %s", tables, want)
	}
	// Excel opens a table only when its columns match its range.
	if !strings.Contains(parts(t, data)["xl/tables/table1.xml"], `<tableColumns count="`+strconv.Itoa(len(historyHeader(builtin(t)))+1)+`"`) {
		t.Errorf("the table's columns:\n%s", parts(t, data)["xl/tables/table1.xml"])
	}
}

// TestHistoryFilter checks a filter set on History (not a table) with a
// sort.
func TestHistoryFilter(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0), result(t, "Alpha", "2026-Q2", 1))
	f := open(t, data)
	if err := f.AutoFilter(HistorySheet, "A1:F3", []excelize.AutoFilterOptions{{Column: "B", Expression: "x != blanks"}}); err != nil {
		t.Fatal(err)
	}
	data = update(t, save(t, f), result(t, "Beta", "2026-Q1", 0))
	if xml := sheetXML(t, HistorySheet, data); !strings.Contains(xml, `<autoFilter ref="A1:F4"`) {
		t.Errorf("History's filter does not cover row 4:\n%s", xml)
	}
}

// TestCellMetadata checks that cells of History keep the cell and value
// metadata newer versions of Excel write (cm, vm) when their rows are
// copied.
func TestCellMetadata(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0))
	p, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := p.Sheet(HistorySheet)
	// Row 2's Version cell becomes a linked data type (vm) and its
	// Respondents cell the result of a dynamic array formula (cm).
	edited, err := xlsxtest.EditParts(data, func(name, content string) string {
		if name != hist.Part {
			return content
		}
		content = regexp.MustCompile(`(<row[^>]*><c[^>]*>(?:.*?</c>){3})<c( [^>]*)>`).
			ReplaceAllString(content, `$1<c vm="1"$2>`)
		return regexp.MustCompile(`(<row[^>]*><c[^>]*>(?:.*?</c>){4})<c( [^>]*)>`).
			ReplaceAllString(content, `$1<c cm="1"$2>`)
	})
	if err != nil {
		t.Fatal(err)
	}
	if xml := sheetXML(t, HistorySheet, edited); !strings.Contains(xml, `vm="1"`) || !strings.Contains(xml, `cm="1"`) {
		t.Fatalf("the test did not mark the cells:\n%s", xml)
	}
	data = update(t, edited, result(t, "Beta", "2026-Q1", 0))
	xml := sheetXML(t, HistorySheet, data)
	rows := regexp.MustCompile(`<row[^>]*>.*?</row>`).FindAllString(xml, -1)
	if len(rows) != 3 {
		t.Fatalf("History has %d rows:\n%s", len(rows), xml)
	}
	// Alpha's row, still first, keeps them; Beta's new row has none.
	if !strings.Contains(rows[1], ` vm="1"`) || !strings.Contains(rows[1], ` cm="1"`) {
		t.Errorf("Alpha's row lost its cell metadata:\n%s", rows[1])
	}
	if strings.Contains(rows[2], `vm=`) || strings.Contains(rows[2], `cm=`) {
		t.Errorf("Beta's row has cell metadata:\n%s", rows[2])
	}
	if v, _ := open(t, data).GetCellValue(HistorySheet, "D2"); v == "" {
		t.Error("the Version cell lost its value")
	}
}

// TestStrictRefused checks that a tracker saved as a Strict Open XML
// Spreadsheet is refused: an update would mix the strict form with the
// transitional one that excelize writes.
func TestStrictRefused(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0))
	strict, err := xlsxtest.Strict(data)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(bytes.NewReader(strict))
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "Strict Open XML Spreadsheet") || !strings.Contains(err.Error(), "Excel Workbook (.xlsx)") {
		t.Errorf("error %v, want a FormatError that says to save it as an Excel Workbook", err)
	}
}

// TestDamagedAnswers checks that an Answers or Scores sheet that cannot be
// read to its end (a copy cut short, a bad checksum) makes Write fail with
// a FormatError: the caller writes nothing then. Read only reads the
// sheet's header, so the damage shows when its rows are copied.
func TestDamagedAnswers(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0))
	p, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{AnswersSheet, ScoresSheet} {
		s, _ := p.Sheet(sheet)
		for name, damage := range map[string]func([]byte, string) ([]byte, error){
			"checksum": xlsxtest.Damage, "truncated": xlsxtest.Truncate,
		} {
			bad, err := damage(data, s.Part)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := Read(bytes.NewReader(bad))
			if err != nil {
				t.Fatalf("%s %s: %v", sheet, name, err)
			}
			if err := tr.Record(result(t, "Beta", "2026-Q1", 0), day); err != nil {
				t.Fatal(err)
			}
			err = tr.Write(io.Discard)
			tr.Close()
			var fe *FormatError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), fmt.Sprintf("sheet %q cannot be read, the file is damaged", sheet)) {
				t.Errorf("%s %s: error %v, want a FormatError", sheet, name, err)
			}
		}
	}
}

// TestNewHistoryFiltered checks that a new tracker's History has a filter,
// as its Answers sheet has, that covers the rows every update adds.
func TestNewHistoryFiltered(t *testing.T) {
	data := update(t, nil, result(t, "Alpha", "2026-Q1", 0))
	data = update(t, data, result(t, "Alpha", "2026-Q2", 1), result(t, "Beta", "2026-Q2", 0))
	last := xlsx.ColumnName(len(historyHeader(builtin(t))))
	if xml := sheetXML(t, HistorySheet, data); !strings.Contains(xml, `<autoFilter ref="A1:`+last+`4"`) {
		t.Errorf("History's filter does not cover A1:%s4:\n%.600s", last, xml[strings.Index(xml, "</sheetData>"):])
	}
}
