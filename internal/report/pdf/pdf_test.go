package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/testkit"
	"github.com/alignaudit/audit/rubrics"
)

// pdfOut keeps the rendered PDFs for looking at them:
// go test ./internal/report -run TestPDF -pdfout /tmp/pdfcheck
var pdfOut = flag.String("pdfout", "", "also write the test PDFs into `DIR`")

var reportDay = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// pdfCase is one report to render and check.
type pdfCase struct {
	name     string
	res      *scoring.Result
	opts     Options
	minPages int
	maxPages int
	want     []string // in pdftotext's output, spaces collapsed
	dontWant []string
}

func pdfCases(t *testing.T) []pdfCase {
	t.Helper()
	dana := "northwind-2026-Q3-dana-reyes.yaml"
	all := []string{dana, "northwind-2026-Q3-sam-okafor.json", "northwind-2026-Q3-zoe-orsted.yaml"}
	team := scoreSheets(t, builtinRubric(t), exampleSheets(t, all...), false)
	measured := measuredResult(t)
	return []pdfCase{
		{
			name:     "single",
			res:      scoreSheets(t, builtinRubric(t), exampleSheets(t, dana), false),
			opts:     Options{Date: reportDay},
			minPages: 4, maxPages: 12,
			want: []string{
				"SALES AND MARKETING ALIGNMENT AUDIT", "Rubric version 1.0", "Northwind Traders",
				"Alignment report for 2026-Q3 · 1 October 2026", "Respondents: 1 (1 sales)",
				"27.0", "Misaligned", "Top three actions", "+5.8", "Red flags",
				"Areas in detail", "Leads sit in a shared queue", "— Dana Reyes, sales", "Not applicable",
				"Action plan", "How the scores are computed", "Page 1 of",
			},
			dontWant: []string{"Perception gap", "Trend by quarter"},
		},
		{
			name:     "team",
			res:      team,
			opts:     Options{Date: reportDay},
			minPages: 5, maxPages: 16,
			want: []string{
				"Respondents: 3 (1 marketing, 2 sales)", "43.8", "Developing",
				"+4.5", "Zoë Ørsted", "— Zoë Ørsted, marketing",
				"Perception gap: sales and marketing", "Gaps of 15 points or more", "Where the two sides differ most",
				"Sales score 30.6, marketing 69.6", "Action plan", "Dana Reyes (sales)",
			},
			dontWant: []string{"Trend by quarter", "\ufffd"},
		},
		{
			name:     "history",
			res:      team,
			opts:     Options{Date: reportDay, History: history(team)},
			minPages: 6, maxPages: 17,
			want: []string{
				"Trend by quarter", "Scores by quarter", "2025-Q4", "2026-Q1", "2026-Q2",
				"Overall score up 3.8 points since 2026-Q2 (40.0).", "Overall 43.8 in 2026-Q3: up 3.8 points since 2026-Q2 (40.0).",
			},
		},
		longCase(t),
		manyCommentsCase(t),
		manyRespondentsCase(t),
		followUpCase(t),
		manyFlagsCase(t, 8),
		manyFlagsCase(t, 30),
		{
			name:     "measured",
			res:      measured,
			opts:     Options{Date: reportDay},
			minPages: 8, maxPages: 20,
			want: []string{
				"Rubric version 2.0", "Measured facts", "lowest to highest", "team median", "sales median", "marketing median",
				"What is the median time from a sales-ready lead arriving to the first contact by sales, in business hours?",
				"median 18", "18 business hours", "Range 6 to 30", "Don't know 1", "Not measured 3",
				"Sales median 32.5%", "Marketing median 55%", "81.5% of target",
				"Numbers given: median 35% (30 to 55), 3 numbers; sales 32.5%, marketing 55%",
				"3 don't know", "“Don't know” is left out like “Not applicable”",
				"A number answer falls into one of the question's bands",
			},
			dontWant: []string{"Trend by quarter", "\ufffd"},
		},
		{
			name:     "rubric-change",
			res:      measured,
			opts:     Options{Date: reportDay, History: versionHistory(team)},
			minPages: 9, maxPages: 21,
			want: []string{
				"Trend by quarter", "Rubric 2.0", "v1.0", "v2.0",
				"Overall score not comparable with 2026-Q3",
				"The rubric changed from version 1.0 to 2.0 in 2026-Q4 (dashed line)",
				"Change: none shown, because 2026-Q3 was scored with rubric version 1.0 and 2026-Q4 with 2.0",
			},
		},
		{
			name:     "unanswered",
			res:      unanswered(t),
			opts:     Options{Date: reportDay},
			minPages: 3, maxPages: 8,
			want: []string{
				"No question was answered, so there is no score.", "not answered", "None: no question was answered.",
			},
		},
	}
}

// measuredResult scores the rubric 2.0 answers of cmd/audit/testdata/v2:
// numbers, "we don't measure this" and "don't know".
func measuredResult(t *testing.T) *scoring.Result {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "cmd", "audit", "testdata", "v2", "*.yaml"))
	sheets, err := store.LoadSheets(files, store.MaxAnswerFiles)
	if err != nil || len(sheets) == 0 {
		t.Fatalf("rubric 2.0 answers: %d, %v", len(sheets), err)
	}
	r, err := rubrics.Parse("alignment@2.0")
	if err != nil {
		t.Fatal(err)
	}
	return scoreSheets(t, r, sheets, false)
}

// versionHistory is three earlier quarters scored with rubric 1.0, before
// the current one with 2.0.
func versionHistory(res *scoring.Result) []scoring.Snapshot {
	out := history(res)
	out = append(out[1:], out[0])
	for i, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3"} {
		out[i].Period, out[i].Version = p, "1.0"
	}
	return out
}

// unanswered is a result where the one respondent answered nothing: no
// score, no band, no actions.
func unanswered(t *testing.T) *scoring.Result {
	sheets := exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml")
	sheets[0].Answers = map[string]answers.Answer{}
	return scoreSheets(t, builtinRubric(t), sheets, true)
}

// history is three earlier quarters of the team, a little worse each
// quarter back.
func history(res *scoring.Result) []scoring.Snapshot {
	var out []scoring.Snapshot
	for i, p := range []string{"2025-Q4", "2026-Q1", "2026-Q2"} {
		back := float64(3 - i)
		overall := *res.Overall - 3.8*back
		if i == 2 {
			overall = 40
		}
		s := scoring.Snapshot{Period: p, Overall: &overall, Areas: map[string]*float64{}}
		for j, a := range res.Areas {
			v := *a.Score - back*float64(2+j%3) + float64(j%2)*4
			s.Areas[a.Area.Title] = &v
		}
		out = append(out, s)
	}
	return out
}

// longCase has texts far longer than a page's width or height, names in
// several scripts, an emoji and a character the font lacks.
func longCase(t *testing.T) pdfCase {
	r := builtinRubric(t)
	r.Title = "Sales and Marketing Alignment Audit for Companies Whose Teams Span Several Continents and Languages"
	r.Areas[0].Title = "Shared goals, metrics, incentives and the planning calendar that links them across both teams"
	r.Areas[0].Why = words(120)
	q := &r.Areas[0].Questions[0]
	q.Text = "Long question: " + words(90)
	q.Advice = "Long advice: " + words(150)
	q.Options[1].Label = "Long option: " + words(40)
	r.Areas[1].Recommendations = append(r.Areas[1].Recommendations, rubric.Recommendation{Below: 101, Text: "Long recommendation: " + words(200)})

	sheets := teamSheets(t, "Продажи и маркетинг — Nordic Ørsted & Søn")
	sheets[0].Respondent = "Алексей Продажин"
	comment(sheets[0], "goals-shared-targets", "Several hundred words: "+words(400))
	comment(sheets[1], "goals-shared-targets", "Emoji 🎉👍🏽 and ❤️ here; CJK 日本 there; tab\tand\r\nnew line. Zoë Ørsted said: «Продажи растут».")
	comment(sheets[2], "messaging-value-proposition", "Twenty thousand characters: "+strings.Repeat("x", 30)+" "+words(4000)[:19900])
	// One respondent who left questions unanswered.
	fourth := *sheets[2]
	fourth.Respondent, fourth.Role = "Ingrid Ångström", "leadership"
	fourth.Answers = map[string]answers.Answer{"goals-shared-targets": {Option: "joint"}, "handoff-follow-up": {Option: "na"}}
	sheets = append(sheets, &fourth)
	return pdfCase{
		name:     "long",
		res:      scoreSheets(t, r, sheets, true),
		opts:     Options{Date: reportDay},
		minPages: 10, maxPages: 40,
		want: []string{
			"Продажи и маркетинг — Nordic Ørsted & Søn", "— Алексей Продажин, sales",
			"Emoji � and � here; CJK � there; tab and", "new line. Zoë Ørsted said: «Продажи растут».",
			"Long recommendation:", "Twenty thousand characters:", "Ingrid Ångström (leadership)",
			"No answer",
		},
	}
}

// manyCommentsCase is a team of eight who all commented on one question:
// the five longest comments are shown, in the order given, and the rest
// counted.
func manyCommentsCase(t *testing.T) pdfCase {
	var sheets []*answers.Sheet
	for i := range 8 {
		s := *teamSheets(t, "Commenters")[i%3]
		s.Answers = maps.Clone(s.Answers)
		s.Respondent = fmt.Sprintf("Commenter %d", i+1)
		// Lengths 1, 8, 2, 7, ... words: the longest five are
		// commenters 2, 4, 6, 7 and 8.
		n := []int{1, 8, 2, 7, 3, 6, 5, 4}[i]
		comment(&s, "goals-shared-targets", fmt.Sprintf("Comment of commenter %d: %s", i+1, words(n)))
		sheets = append(sheets, &s)
	}
	c := pdfCase{
		name:     "many-comments",
		res:      scoreSheets(t, builtinRubric(t), sheets, false),
		opts:     Options{Date: reportDay},
		minPages: 5, maxPages: 16,
		want: []string{"and 3 more comments: see the Answers sheet of the report workbook"},
	}
	for _, n := range []int{2, 4, 6, 7, 8} {
		c.want = append(c.want, fmt.Sprintf("Comment of commenter %d:", n))
	}
	for _, n := range []int{1, 3, 5} {
		c.dontWant = append(c.dontWant, fmt.Sprintf("Comment of commenter %d:", n))
	}
	return c
}

// manyRespondentsCase is a team of 105, all of whom chose the option with
// the fewest points: the report names the first 100.
func manyRespondentsCase(t *testing.T) pdfCase {
	r := builtinRubric(t)
	worst := map[string]answers.Answer{}
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			o := q.Options[0]
			for _, other := range q.Options {
				if other.Points < o.Points {
					o = other
				}
			}
			worst[q.ID] = answers.Answer{Option: o.ID}
		}
	}
	var sheets []*answers.Sheet
	for i := range 105 {
		roles := []string{"sales", "marketing"}
		sheets = append(sheets, &answers.Sheet{Rubric: r.ID, RubricVersion: r.Version, Team: "Many", Period: "2026-Q3",
			Respondent: fmt.Sprintf("Person %d", i+1), Role: roles[i%2], Answers: worst, Source: fmt.Sprintf("p%d.yaml", i+1)})
	}
	return pdfCase{
		name:     "many-respondents",
		res:      scoreSheets(t, r, sheets, false),
		opts:     Options{Date: reportDay},
		minPages: 5, maxPages: 20,
		want:     []string{"Respondents, 105: Person 1 (sales)", "Person 100 (marketing) and 5 more: see the"},
		dontWant: []string{"Person 101 ("},
	}
}

// teamSheets are the three example respondents' sheets with another
// team's name.
func teamSheets(t *testing.T, team string) []*answers.Sheet {
	sheets := exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml", "northwind-2026-Q3-sam-okafor.json", "northwind-2026-Q3-zoe-orsted.yaml")
	for _, s := range sheets {
		s.Team = team
	}
	return sheets
}

// comment sets a respondent's comment on a question.
func comment(s *answers.Sheet, id, text string) {
	a := s.Answers[id]
	a.Comment = text
	s.Answers[id] = a
}

// manyFlagsCase is one respondent who chose a red-flag answer to n
// questions: more than page 1 has room for.
func manyFlagsCase(t *testing.T, n int) pdfCase {
	r := builtinRubric(t)
	sheets := exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml")
	k := 0
	for ai := range r.Areas {
		for qi := range r.Areas[ai].Questions {
			q := &r.Areas[ai].Questions[qi]
			if k == n {
				continue
			}
			k++
			q.Options[0].RedFlag = true
			sheets[0].Answers[q.ID] = answers.Answer{Option: q.Options[0].ID}
		}
	}
	want := []string{", marked in the area sections:"}
	if n > 20 {
		want = append(want, "more, marked in the area sections from page")
	}
	return pdfCase{
		name:     fmt.Sprintf("flags-%d", n),
		res:      scoreSheets(t, r, sheets, false),
		opts:     Options{Date: reportDay},
		minPages: 4, maxPages: 12,
		want: want,
	}
}

// words makes n words of filler text that wraps like prose.
func words(n int) string {
	vocab := strings.Fields("the pipeline review shows that marketing qualified leads rarely reach a first call within two days " +
		"because nobody owns the handoff and the definition of a ready lead was never written down")
	out := make([]string, n)
	for i := range out {
		out[i] = vocab[(i*7+i/5)%len(vocab)]
	}
	return strings.Join(out, " ")
}

func builtinRubric(t *testing.T) *rubric.Rubric { return testkit.Rubric(t, "alignment@1.0") }

func exampleSheets(t *testing.T, names ...string) []*answers.Sheet {
	return testkit.Examples(t, names...)
}

func scoreSheets(t *testing.T, r *rubric.Rubric, sheets []*answers.Sheet, allowMissing bool) *scoring.Result {
	return testkit.Score(t, r, sheets, scoring.Options{AllowMissing: allowMissing})
}

// TestPDF renders each case twice, checks the bytes are the same, and
// reads the PDF back as users' tools do: its text (against a golden file
// and key strings), its structure and its page count.
func TestPDF(t *testing.T) {
	for _, c := range pdfCases(t) {
		t.Run(c.name, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := Write(&first, c.res, c.opts); err != nil {
				t.Fatal(err)
			}
			if err := Write(&second, c.res, c.opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Errorf("rendering twice gave different bytes (%d and %d)", first.Len(), second.Len())
			}
			if n := first.Len(); n > 300_000 {
				t.Errorf("PDF is %d bytes, want under 300 kB", n)
			}
			checkPDF(t, c, first.Bytes())
		})
	}
}

// checkPDF writes a case's PDF to a file (into -pdfout, if given) and
// reads it back: its structure, pages, text and margins. It returns the
// file.
func checkPDF(t *testing.T, c pdfCase, data []byte) string {
	t.Helper()
	t.Logf("%d bytes", len(data))
	dir := t.TempDir()
	if *pdfOut != "" {
		dir = *pdfOut
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, c.name+".pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkStructure(t, file)
	checkPages(t, file, c.minPages, c.maxPages)
	checkText(t, file, c)
	checkBounds(t, file)
	return file
}

// needTool skips the test when a tool is missing, except in CI, where
// .ci/run installs it and a missing tool is an error. The fast tier (go
// test -short) runs no outside tool.
func needTool(t *testing.T, name string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("needs %s: not in -short mode (.ci/run runs it)", name)
	}
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s not installed (poppler-utils, qpdf): skipping", name)
		}
		t.Fatalf("%s not installed, and CI is set", name)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func checkStructure(t *testing.T, file string) {
	t.Helper()
	runTool(t, "qpdf", "--check", file)
	fonts := runTool(t, "pdffonts", file)
	// Columns: name type encoding emb sub uni object-id generation.
	for _, line := range strings.Split(fonts, "\n")[2:] {
		if f := strings.Fields(line); len(f) >= 8 && f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", line)
		}
	}
}

var wordBox = regexp.MustCompile(`<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// checkBounds reads where each word landed and checks that text stays
// inside the margins, that only the footer is below the body, and that
// every page has more on it than its footer.
func checkBounds(t *testing.T, file string) {
	t.Helper()
	const pt = 72 / 25.4 // points per millimetre
	const slack = 1.0    // mm
	boxes := runTool(t, "pdftotext", "-bbox", file, "-")
	page, words := 0, 0
	endPage := func() {
		if page > 0 && words == 0 {
			t.Errorf("page %d has nothing but its footer", page)
		}
	}
	for _, m := range wordBox.FindAllStringSubmatch(boxes, -1) {
		if m[0] == "<page " {
			endPage()
			page, words = page+1, 0
			continue
		}
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
			v[i] /= pt
		}
		x0, y0, x1, y1 := v[0], v[1], v[2], v[3]
		if x0 < marginLeft-slack || x1 > contentRight+slack {
			t.Errorf("page %d: %q runs into the side margin (x %.1f to %.1f mm)", page, m[5], x0, x1)
		}
		footer := y0 >= bodyBottom
		switch {
		case y0 < marginTop-slack:
			t.Errorf("page %d: %q is above the top margin (y %.1f mm)", page, m[5], y0)
		case !footer && y1 > bodyBottom+slack:
			t.Errorf("page %d: %q runs below the body (y %.1f to %.1f mm)", page, m[5], y0, y1)
		case footer && y1 > 297-5:
			t.Errorf("page %d: %q is off the page (y %.1f mm)", page, m[5], y1)
		}
		if !footer {
			words++
		}
	}
	endPage()
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

func checkPages(t *testing.T, file string, lo, hi int) {
	t.Helper()
	info := runTool(t, "pdfinfo", file)
	m := pagesLine.FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	t.Logf("%d pages", n)
	if n < lo || n > hi {
		t.Errorf("%d pages, want %d to %d", n, lo, hi)
	}
	for _, want := range []string{"Creator:         audit", "Title:", "Subject:", "Author:"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// checkText compares the text of the PDF with the golden file and looks
// for the case's key strings. Runs of spaces are collapsed, so that the
// golden text does not depend on exact column positions.
func checkText(t *testing.T, file string, c pdfCase) {
	t.Helper()
	raw := runTool(t, "pdftotext", "-layout", file, "-")
	var lines []string
	for _, line := range strings.Split(raw, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	for _, want := range c.want {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, bad := range c.dontWant {
		if strings.Contains(got, bad) {
			t.Errorf("text has %q", bad)
		}
	}
	golden := filepath.Join("testdata", "pdf", c.name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("text differs from %s (-want +got):\n%s", golden, diff)
	}
}

// TestClean checks what text becomes before fpdf sees it.
func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Zoë Ørsted, Продажи", "Zoë Ørsted, Продажи"},
		{"great 🎉🎉 work", "great \ufffd work"},
		{"👍🏽 ok", "\ufffd ok"},
		{"love ❤️", "love \ufffd"},
		{"a\tb\r\nc\rd\x07", "a b\nc\nd"},
		{"日本語", "\ufffd"},
	} {
		if got := testDoc(t).clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// testDoc is a report of one example respondent, not yet drawn, for
// testing the helpers that place text.
func testDoc(t *testing.T) *doc {
	t.Helper()
	d, err := newDoc(scoreSheets(t, builtinRubric(t), exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml"), false), Options{Date: reportDay})
	if err != nil {
		t.Fatal(err)
	}
	d.newPage()
	return d
}

// TestShownComments: the five longest comments are shown, the first given
// of equally long ones, in the order given; the rest are counted.
func TestShownComments(t *testing.T) {
	var q scoring.QuestionResult
	for i, n := range []int{3, 3, 5, 1, 0, 3, 3, 3, 2} {
		q.Responses = append(q.Responses, scoring.Response{Respondent: i, Comment: strings.Repeat("é", n) + " "})
	}
	shown, more := shownComments(q)
	var got []int
	for _, r := range shown {
		got = append(got, r.Respondent)
	}
	if want := []int{0, 1, 2, 5, 6}; !slices.Equal(got, want) || more != 3 {
		t.Errorf("shown %v and %d more, want %v and 3 more", got, more, want)
	}
}
