// Command gen writes N answers files for the built-in rubric into a folder,
// for bench/run.sh: go run ./bench/gen -n 200 -out /tmp/answers
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/sample"
	"github.com/alignaudit/audit/rubrics"
)

func main() {
	n := flag.Int("n", 10, "how many respondents")
	out := flag.String("out", "", "folder to write into (created)")
	team := flag.String("team", "Bench Team", "team name")
	period := flag.String("period", "2026-Q3", "period")
	flag.Parse()
	if err := gen(*n, *out, *team, *period); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func gen(n int, out, team, period string) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	data, err := rubrics.FS.ReadFile("alignment.yaml")
	if err != nil {
		return err
	}
	r, err := rubric.Parse("alignment.yaml", data)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var order []string
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			order = append(order, q.ID)
		}
	}
	for _, s := range sample.Sheets(r, team, period, n, 1) {
		data, err := answers.Encode(s, order)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, s.Source), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
