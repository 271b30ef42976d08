package form

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
)

// resetCaches empties the caches of answer keys and sheet lists, as in a
// new run of audit.
func resetCaches(t *testing.T) {
	t.Helper()
	reset := func() {
		keys.mu.Lock()
		keys.entries, keys.next = nil, 0
		keys.mu.Unlock()
		workbooks.mu.Lock()
		workbooks.entries, workbooks.next = [len(workbooks.entries)]workbookEntry{}, 0
		workbooks.mu.Unlock()
	}
	reset()
	t.Cleanup(reset)
}

// readResult is what Read returns, in a form cmp can compare.
type readResult struct {
	Form *Form
	Err  string
}

func readForm(name string, data []byte) readResult {
	f, err := Read(name, data)
	r := readResult{Form: f}
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

var readResultOpts = cmp.AllowUnexported(Form{}, formQuestion{})

// replacePart returns the workbook data with the text old replaced by new
// in one of its parts, the others as they were.
func replacePart(t *testing.T, data []byte, part, old, new string) []byte {
	t.Helper()
	out, err := xlsxtest.EditParts(data, func(name, content string) string {
		if name != part {
			return content
		}
		if !strings.Contains(content, old) {
			t.Fatalf("%s holds no %q", part, old)
		}
		return strings.ReplaceAll(content, old, new)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keyVariants returns forms of one rubric whose answer keys are the same,
// or differ in the ways a cached key must not hide.
func keyVariants(t *testing.T) map[string][]byte {
	r := builtin(t)
	form := blank(t, r)
	labels1, _ := choices(r, 1)
	labels2, _ := choices(r, 2)
	first := r.Areas[0].Questions[0]
	ann := fill(t, form, filling{name: "Ann", role: "sales", answers: labels1})
	variants := map[string][]byte{
		"ann": ann,
		"bob": fill(t, form, filling{name: "Bob", role: "marketing", answers: labels2,
			comments: map[string]string{first.ID: "a comment that shifts the strings"}}),
		"edited label": fill(t, form, filling{name: "Cy", role: "sales", answers: labels1, edit: func(f *excelize.File) {
			_ = f.SetCellStr(KeySheet, colName(keyFirstAnswer)+fmt.Sprint(keyFirstRow), "Another label")
		}}),
		"edited id": fill(t, form, filling{name: "Di", role: "sales", answers: labels1, edit: func(f *excelize.File) {
			_ = f.SetCellStr(KeySheet, colName(keyFirstAnswer)+fmt.Sprint(keyFirstRow+1), "another-id")
		}}),
		"other team": fill(t, form, filling{name: "Ed", role: "sales", answers: labels1, edit: func(f *excelize.File) {
			_ = f.SetCellStr(KeySheet, cell("B", keyTeamRow), "Gamma")
		}}),
		"edited question": fill(t, form, filling{name: "Flo", role: "sales", answers: labels1, edit: func(f *excelize.File) {
			_ = f.SetCellStr(QuestionnaireSheet, "B7", "Another question")
		}}),
		// The key sheet's bytes as in ann, one of the strings it names
		// not: only the string's item tells.
		"edited string": replacePart(t, ann, "xl/sharedStrings.xml",
			"<t>"+first.Options[0].Label+"</t>", "<t>"+first.Options[0].Label+" (edited)</t>"),
	}
	return variants
}

// TestKeyCache: a form read after another, whose answer key may be cached,
// reads exactly as it reads first in a run (its answers, or its problems
// word for word), in either order.
func TestKeyCache(t *testing.T) {
	variants := keyVariants(t)
	fresh := map[string]readResult{}
	for name, data := range variants {
		resetCaches(t)
		fresh[name] = readForm(name+".xlsx", data)
	}
	if fresh["ann"].Err != "" || fresh["bob"].Err != "" {
		t.Fatalf("the pristine forms do not read: %q %q", fresh["ann"].Err, fresh["bob"].Err)
	}
	for _, name := range []string{"edited label", "edited id", "edited string", "edited question"} {
		if fresh[name].Err == "" {
			t.Errorf("%s: read without problems, want the change found", name)
		}
	}
	checkPairs(t, variants, fresh)
	// The cache is used: two respondents' forms of one key keep one key.
	resetCaches(t)
	readForm("ann.xlsx", variants["ann"])
	readForm("bob.xlsx", variants["bob"])
	if n := len(keys.entries); n != 1 {
		t.Errorf("%d answer keys kept for two forms of one key, want 1", n)
	}
}

// checkPairs reads each form after each other, and checks that it reads
// as when it is read first.
func checkPairs(t *testing.T, variants map[string][]byte, fresh map[string]readResult) {
	for first, firstData := range variants {
		for second, secondData := range variants {
			if first == second {
				continue
			}
			t.Run(first+" then "+second, func(t *testing.T) {
				resetCaches(t)
				readForm(first+".xlsx", firstData)
				got := readForm(second+".xlsx", secondData)
				if diff := cmp.Diff(fresh[second], got, readResultOpts); diff != "" {
					t.Errorf("read after %s (-fresh +got):\n%s", first, diff)
				}
			})
		}
	}
}

// TestKeyCacheLibreOffice: a form that LibreOffice saved again, whose key
// sheet and strings it wrote in its own way, reads after a pristine one as
// it reads first, and the other way round.
func TestKeyCacheLibreOffice(t *testing.T) {
	soffice := sofficeOrSkip(t)
	all := keyVariants(t)
	variants := map[string][]byte{"ann": all["ann"], "bob": all["bob"], "edited string": all["edited string"],
		"libreoffice": resave(t, soffice, all["ann"]), "libreoffice bob": resave(t, soffice, all["bob"])}
	fresh := map[string]readResult{}
	for name, data := range variants {
		resetCaches(t)
		fresh[name] = readForm(name+".xlsx", data)
	}
	if fresh["libreoffice"].Err != "" {
		t.Fatalf("the resaved form does not read: %s", fresh["libreoffice"].Err)
	}
	checkPairs(t, variants, fresh)
}

// TestKeyCacheConcurrent reads many forms at once, as a folder is read on
// all cores, each as it reads alone. Run it with -race.
func TestKeyCacheConcurrent(t *testing.T) {
	variants := keyVariants(t)
	var names []string
	fresh := map[string]readResult{}
	for name, data := range variants {
		resetCaches(t)
		fresh[name] = readForm(name+".xlsx", data)
		names = append(names, name)
	}
	resetCaches(t)
	const reads = 200
	got := make([]readResult, reads)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < reads; i += 8 {
				name := names[i%len(names)]
				got[i] = readForm(name+".xlsx", variants[name])
			}
		})
	}
	wg.Wait()
	for i, r := range got {
		name := names[i%len(names)]
		if diff := cmp.Diff(fresh[name], r, readResultOpts); diff != "" {
			t.Fatalf("read %d, %s (-alone +at once):\n%s", i, name, diff)
		}
	}
}

// TestSheetLookup: a cell is found as when all cells were put into a map
// by reference: of two cells of one reference the later, unless it is
// empty; rows out of order; references written otherwise kept apart.
func TestSheetLookup(t *testing.T) {
	data := zipOf(t, map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sst.xml"/></Relationships>`,
		"xl/sst.xml":                 `<sst><si><t>zero</t></si><si/><si><t>two</t></si></sst>`,
		"xl/worksheets/s.xml": `<worksheet><sheetData>` +
			`<row r="5"><c r="A5" t="s"><v>0</v></c><c r="A5" t="s"><v>1</v></c><c r="B5"><v>1</v></c><c r="B5"><v>2</v></c></row>` +
			`<row r="2"><c r="C2" t="s"><v>2</v></c><c r="c2"><v>lower</v></c><c r="D2" t="s"><v> 0</v></c></row>` +
			`</sheetData></worksheet>`,
	})
	b, err := openBook(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want, err := b.cells("S")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"A5": "zero", "B5": "2", "C2": "two", "c2": "lower", "D2": "zero"}, want); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	sh, err := b.readSheet("S")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"A5", "B5", "C2", "c2", "D2", "E9", "a5", "$A$5"} {
		if got := b.lookup(sh, ref); got != want[ref] {
			t.Errorf("lookup(%s) = %q, want %q", ref, got, want[ref])
		}
	}
}
