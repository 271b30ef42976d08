// Package layers holds only a test: that the packages of this module
// import each other and their libraries as README's layout says, so that
// the architecture stays as documented.
package layers

import (
	"fmt"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/alignaudit/audit/"

// A kind of package that only some packages may import.
type kind struct {
	name     string   // what it is, for messages
	prefixes []string // import paths (and what is below them)
	allowed  []string // packages of this module that may import them (and what is below)
}

// kinds are the layers' rules. Everything under cmd/ may import anything.
var kinds = []kind{
	{"a terminal package", []string{"charm.land/huh", "charm.land/bubbletea", "golang.org/x/term",
		"github.com/charmbracelet/x/term", "github.com/charmbracelet/colorprofile", "github.com/creack/pty", "github.com/mattn/go-isatty"},
		[]string{"internal/questionnaire"}},
	{"a text styling package", []string{"charm.land/lipgloss"},
		[]string{"internal/questionnaire", "internal/report"}},
	{"a PDF package", []string{"codeberg.org/go-pdf/fpdf", "github.com/jung-kurt/gofpdf", "golang.org/x/image/font"},
		[]string{"internal/report/pdf", "internal/fontmerge"}},
	{"a spreadsheet package", []string{"github.com/xuri/excelize", module + "internal/xlsx", module + "internal/tracker"},
		[]string{"internal/xlsx", "internal/tracker", "internal/report/workbook", "internal/form", "bench"}},
	{"a package that opens files", []string{"os", "os/exec", "syscall", "io/ioutil", "golang.org/x/sys", module + "internal/store"},
		// xlsxtest and testkit are test scaffolding (only tests import
		// them, below): one has LibreOffice resave a workbook file, the
		// other reads examples/.
		[]string{"internal/store", "bench/gen", "internal/xlsx/xlsxtest", "internal/testkit"}},
	{"test scaffolding", []string{module + "bench", module + "internal/xlsx/xlsxtest", module + "internal/testkit"},
		[]string{"bench"}},
	{"the questionnaire", []string{module + "internal/questionnaire"}, nil},
	{"an output package", []string{module + "internal/report"},
		[]string{"internal/report"}},
}

// pure are the packages of the domain: rubric and answers in, result out.
// Nothing they import, directly or through other packages of this module,
// may be of the kinds above.
var pure = []string{"internal/scoring", "internal/rubric", "internal/answers", "internal/problem", "internal/yamlwalk", "internal/safetext", "internal/collect", "internal/followup"}

// TestLayers checks the imports of every package of the module (not of its
// tests) against the rules.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		graph[strings.TrimPrefix(f[0], module)] = f[1:]
	}
	for _, p := range []string{"internal/scoring", "internal/xlsx", "internal/tracker", "internal/report/pdf", "internal/form", "internal/collect", "cmd/audit"} {
		if _, ok := graph[p]; !ok {
			t.Fatalf("go list does not list %s: %q", p, out)
		}
	}
	for _, problem := range check(graph) {
		t.Error(problem)
	}
}

// check returns what breaks the rules in a graph of the module's packages
// (paths without the module's prefix) and their direct imports.
func check(graph map[string][]string) []string {
	var problems []string
	pkgs := make([]string, 0, len(graph))
	for p := range graph {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		if under(p, "cmd") {
			continue
		}
		for _, imp := range graph[p] {
			for _, k := range kinds {
				if !matches(imp, k.prefixes) || slices.ContainsFunc(k.allowed, func(a string) bool { return under(p, a) }) {
					continue
				}
				if imp == module+p || under(imp, module+p) {
					continue // a package below itself
				}
				problems = append(problems, fmt.Sprintf("%s imports %s, %s; only %s may", p, imp, k.name, allowedList(k)))
			}
		}
	}
	// The domain, through everything of this module it imports.
	for _, root := range pure {
		seen := map[string]bool{root: true}
		queue := []string{root}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, imp := range graph[p] {
				if !strings.HasPrefix(imp, module) {
					if k, ok := kindOf(imp); ok {
						problems = append(problems, fmt.Sprintf("%s depends on %s, %s, through %s: the domain is pure", root, imp, k.name, p))
					}
					continue
				}
				dep := strings.TrimPrefix(imp, module)
				if !slices.ContainsFunc(pure, func(d string) bool { return d == dep }) {
					problems = append(problems, fmt.Sprintf("%s depends on %s through %s: the domain imports only the domain", root, dep, p))
				}
				if !seen[dep] {
					seen[dep] = true
					queue = append(queue, dep)
				}
			}
		}
	}
	// The spreadsheet engine stands below everything else of this module.
	for _, imp := range graph["internal/xlsx"] {
		if strings.HasPrefix(imp, module) {
			problems = append(problems, fmt.Sprintf("internal/xlsx imports %s: the spreadsheet engine imports nothing of this module", imp))
		}
	}
	return problems
}

func kindOf(imp string) (kind, bool) {
	for _, k := range kinds {
		if matches(imp, k.prefixes) {
			return k, true
		}
	}
	return kind{}, false
}

func matches(imp string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return under(imp, p) })
}

// under reports whether path is dir or below it.
func under(path, dir string) bool { return path == dir || strings.HasPrefix(path, dir+"/") }

func allowedList(k kind) string {
	if len(k.allowed) == 0 {
		return "cmd"
	}
	return strings.Join(k.allowed, ", ") + " and cmd"
}

// TestCheck shows that check finds each kind of break: a test of the
// layers that could not fail would guard nothing.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		graph map[string][]string
		want  string // "" when the graph keeps the rules
	}{
		{"as documented", map[string][]string{
			"internal/scoring":         {"fmt", module + "internal/rubric"},
			"internal/rubric":          {"go.yaml.in/yaml/v3"},
			"internal/report":          {"charm.land/lipgloss/v2", module + "internal/scoring"},
			"internal/report/pdf":      {"codeberg.org/go-pdf/fpdf", module + "internal/report"},
			"internal/report/workbook": {"github.com/xuri/excelize/v2", module + "internal/xlsx", module + "internal/report"},
			"internal/xlsx":            {"archive/zip", "github.com/xuri/excelize/v2"},
			"internal/store":           {"os", "golang.org/x/sys/unix"},
			"cmd/audit":                {"os", "charm.land/huh/v2", module + "internal/store"},
			"bench/gen":                {"os", module + "bench/sample"},
		}, ""},
		{"scoring opens files", map[string][]string{"internal/scoring": {"os"}}, "internal/scoring imports os, a package that opens files"},
		{"scoring reaches the spreadsheet", map[string][]string{
			"internal/scoring": {module + "internal/rubric"}, "internal/rubric": {module + "internal/xlsx"}, "internal/xlsx": nil,
		}, "internal/scoring depends on internal/xlsx through internal/rubric"},
		{"scoring reaches the terminal", map[string][]string{
			"internal/scoring": {module + "internal/answers"}, "internal/answers": {"charm.land/lipgloss/v2"},
		}, "internal/scoring depends on charm.land/lipgloss/v2, a text styling package, through internal/answers"},
		{"the PDF in a terminal", map[string][]string{"internal/report/pdf": {"charm.land/bubbletea/v2"}}, "a terminal package"},
		{"the workbook draws a PDF", map[string][]string{"internal/report/workbook": {"codeberg.org/go-pdf/fpdf"}}, "a PDF package"},
		{"the tracker locks files", map[string][]string{"internal/tracker": {module + "internal/store"}}, "a package that opens files"},
		{"test helpers in production", map[string][]string{"internal/tracker": {module + "internal/xlsx/xlsxtest"}}, "test scaffolding"},
		{"the engine on the domain", map[string][]string{"internal/xlsx": {module + "internal/scoring"}}, "the spreadsheet engine imports nothing"},
		{"an output asks questions", map[string][]string{"internal/report": {module + "internal/questionnaire"}}, "the questionnaire"},
	} {
		problems := check(tc.graph)
		switch {
		case tc.want == "" && len(problems) > 0:
			t.Errorf("%s: %q", tc.name, problems)
		case tc.want != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }):
			t.Errorf("%s: problems %q, want one saying %q", tc.name, problems, tc.want)
		}
	}
}
