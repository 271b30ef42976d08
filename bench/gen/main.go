// Command gen writes test data for bench/run.sh: N answers files for the
// built-in rubric into a folder, or a large tracker workbook.
//
//	go run ./bench/gen -n 200 -out /tmp/answers
//	go run ./bench/gen -tracker /tmp/big.xlsx -history 10000 -answer-rows 200000
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
)

func main() {
	n := flag.Int("n", 10, "how many respondents (with -tracker: per team and quarter)")
	out := flag.String("out", "", "folder to write answers files into (created)")
	team := flag.String("team", "Bench Team", "team name")
	period := flag.String("period", "2026-Q3", "period")
	trackerFile := flag.String("tracker", "", "write a tracker workbook `FILE` instead of answers files")
	history := flag.Int("history", 10000, "with -tracker: History rows")
	answerRows := flag.Int("answer-rows", 200000, "with -tracker: Answers rows")
	flag.Parse()
	var err error
	if *trackerFile != "" {
		err = genTracker(*trackerFile, *n, *history, *answerRows)
	} else {
		err = gen(*n, *out, *team, *period)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func builtin() (*rubric.Rubric, error) { return rubrics.Parse("alignment") }

func gen(n int, out, team, period string) error {
	if out == "" {
		return fmt.Errorf("-out or -tracker is required")
	}
	r, err := builtin()
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

// genTracker writes a tracker of history History rows and about
// answerRows Answers rows, n respondents per team and quarter.
func genTracker(path string, n, history, answerRows int) error {
	r, err := builtin()
	if err != nil {
		return err
	}
	res, err := scoring.Score(r, sample.Sheets(r, "Team", "2021-Q1", n, 1), scoring.Options{})
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	recorded := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := sample.Tracker(w, res, history, answerRows, recorded); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
