package tracker

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
	"github.com/google/go-cmp/cmp"
)

// measuredResult scores the rubric 2.0 answers in cmd/audit/testdata/v2,
// with numbers and "don't know", as team's answers in period.
func measuredResult(t *testing.T, team, period string) *scoring.Result {
	t.Helper()
	files, _ := filepath.Glob("../../cmd/audit/testdata/v2/*.yaml")
	sheets, err := store.LoadSheets(files, store.MaxAnswerFiles)
	if err != nil || len(sheets) == 0 {
		t.Fatalf("rubric 2.0 answers: %d, %v", len(sheets), err)
	}
	for _, s := range sheets {
		s.Team, s.Period = team, period
	}
	r, err := rubrics.Parse("alignment@2.0")
	if err != nil {
		t.Fatal(err)
	}
	return score(t, r, sheets)
}

// TestAnswersValue: the Answers sheet has a Value column with the numbers
// given to number questions; "don't know" is its own option.
func TestAnswersValue(t *testing.T) {
	res := measuredResult(t, "Northwind Traders", "2026-Q4")
	f := open(t, update(t, nil, res))
	got := rows(t, f, AnswersSheet)
	if !slices.Equal(got[0], AnswersHeader) || AnswersHeader[answersValueCol-1] != "Value" {
		t.Fatalf("header %q, want %q with Value in column %d", got[0], AnswersHeader, answersValueCol)
	}
	byKey := map[string][]string{}
	for _, r := range got[1:] {
		byKey[r[3]+" "+r[7]] = r // respondent, question id
	}
	cells := func(who, q string) []string {
		r := byKey[who+" "+q]
		for len(r) < len(AnswersHeader) {
			r = append(r, "")
		}
		return []string{r[9], r[10], r[11], r[13]} // option id, option, score, value
	}
	for _, tt := range []struct {
		who, q string
		want   []string
	}{
		{"Dana Reyes", "handoff-speed", []string{"band-3", "Within a working day or so", "50", "6"}},
		{"Sam Okafor", "handoff-speed", []string{"band-4", "Within two working days or so", "25", "30"}},
		{"Zoë Ørsted", "handoff-speed", []string{"unknown", "Don't know", "", ""}},
		{"Dana Reyes", "handoff-within-agreed", []string{"unmeasured", "There is no agreed time, or nobody measures it", "0", ""}},
		{"Dana Reyes", "goals-shared-targets", []string{"shared-after", "Targets are set separately, then shown to the other team", "25", ""}},
	} {
		if diff := cmp.Diff(tt.want, cells(tt.who, tt.q)); diff != "" {
			t.Errorf("%s, %s (-want +got):\n%s", tt.who, tt.q, diff)
		}
	}
	if ct := cellType(t, f, AnswersSheet, "N2"); ct != 0 && ct != 2 { // unset or number
		t.Errorf("the Value column holds type %v, want numbers", ct)
	}
}

// TestUpgradeBeforeValue updates trackers made before the Value column
// (by audit, and that one saved again by LibreOffice): every cell they
// held is kept, the header gains Value, the new quarter's numbers are in
// it, and History keeps each row's rubric version.
func TestUpgradeBeforeValue(t *testing.T) {
	for _, file := range []string{"testdata/before-value.xlsx", "testdata/before-value-libreoffice.xlsx"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			old, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			before := open(t, old)
			oldAnswers := rows(t, before, AnswersSheet)
			oldHistory := rows(t, before, HistorySheet)
			if len(oldAnswers[0]) != len(AnswersHeader)-1 {
				t.Fatalf("%s: Answers header %q: not a tracker from before the Value column", file, oldAnswers[0])
			}

			res := measuredResult(t, "Northwind Traders", "2026-Q4")
			after := open(t, update(t, old, res))
			gotAnswers := rows(t, after, AnswersSheet)
			if !slices.Equal(gotAnswers[0], AnswersHeader) {
				t.Errorf("header %q, want %q", gotAnswers[0], AnswersHeader)
			}
			// The old rows come first (2026-Q3 before 2026-Q4), cell for cell.
			for i, want := range oldAnswers[1:] {
				got := gotAnswers[1+i]
				if diff := cmp.Diff(trimRight(want), trimRight(got)); diff != "" {
					t.Fatalf("Answers row %d changed (-before +after):\n%s", i+2, diff)
				}
			}
			newRows := gotAnswers[len(oldAnswers):]
			if want := len(res.Respondents) * len(res.Questions); len(newRows) != want {
				t.Errorf("%d new Answers rows, want %d", len(newRows), want)
			}
			values := 0
			for _, r := range newRows {
				if len(r) >= answersValueCol && r[answersValueCol-1] != "" {
					values++
				}
			}
			if values == 0 {
				t.Error("no new row has a Value")
			}

			gotHistory := rows(t, after, HistorySheet)
			if diff := cmp.Diff(trimRight(oldHistory[1][:colBand]), trimRight(gotHistory[1][:colBand])); diff != "" {
				t.Errorf("the 1.0 History row changed (-before +after):\n%s", diff)
			}
			var versions []string
			for _, r := range gotHistory[1:] {
				versions = append(versions, r[colVersion-1])
			}
			if !slices.Equal(versions, []string{"1.0", "2.0"}) {
				t.Errorf("History versions %q, want 1.0 then 2.0", versions)
			}
			if !strings.EqualFold(gotHistory[0][len(gotHistory[0])-1-len(gapTitles)], recordedTitle) ||
				!slices.Contains(gotHistory[0], "Existing customers and repeat business") {
				t.Errorf("History header %q lacks the new area before Recorded", gotHistory[0])
			}
		})
	}
}

func trimRight(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// TestHistoryVersion: the snapshots the PDF's trend draws carry each
// quarter's rubric version, and the Trend sheet gives a team a line per
// version, so that scores on two scales are never joined.
func TestHistoryVersion(t *testing.T) {
	data := update(t, nil, result(t, "Northwind Traders", "2026-Q3", 0), measuredResult(t, "Northwind Traders", "2026-Q4"))
	tr, err := Read(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var got []string
	for _, s := range tr.History("Northwind Traders", "alignment", "2027-Q1") {
		got = append(got, s.Period+" "+s.Version)
	}
	if want := []string{"2026-Q3 1.0", "2026-Q4 2.0"}; !slices.Equal(got, want) {
		t.Errorf("History = %q, want %q", got, want)
	}
	trend := rows(t, open(t, data), TrendSheet)
	var header []string
	for _, r := range trend {
		if len(r) > 0 && r[0] == "Period" {
			header = r
		}
	}
	if want := []string{"Period", "Northwind Traders (alignment 1.0)", "Northwind Traders (alignment 2.0)",
		"Northwind Traders (alignment 1.0) gap", "Northwind Traders (alignment 2.0) gap"}; !slices.Equal(header, want) {
		t.Errorf("Trend table header %q, want %q", header, want)
	}
}

// TestNumberRowsCopied: the rows of number answers without a comment, and
// of unanswered questions, are written without cell references, so that
// the next update copies them as they are; read back, they are the same.
func TestNumberRowsCopied(t *testing.T) {
	res := measuredResult(t, "Northwind Traders", "2026-Q4")
	data := update(t, nil, res)
	if xml := sheetXML(t, AnswersSheet, data); strings.Contains(xml, "<c r=") {
		t.Errorf("Answers cells have references: %.500s", xml[strings.Index(xml, "<c r="):])
	}
	want := rows(t, open(t, data), AnswersSheet)
	again := update(t, data, result(t, "Other", "2026-Q4", 0))
	got := rows(t, open(t, again), AnswersSheet)
	var kept [][]string
	for _, r := range got {
		if len(r) < 2 || r[1] != "Other" {
			kept = append(kept, r)
		}
	}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("the first team's rows after the second update (-want +got):\n%s", diff)
	}
}
