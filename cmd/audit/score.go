package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/spf13/cobra"
)

type scoreOptions struct {
	rubric       string
	json         bool
	allowMissing bool
	selection
}

func newScoreCmd(e *env) *cobra.Command {
	var opts scoreOptions
	cmd := &cobra.Command{
		Use:   "score [flags] ANSWERS...",
		Short: "Score answers files and print the result",
		Long: `Score answers files and print the overall score, the area scores, the top
actions and the red flags.

ANSWERS are answers files (YAML or JSON), filled spreadsheet forms, and
folders: a folder stands for every answers file and form in it (other files
are ignored, with a note saying how many). Answers of several teams or
periods give one summary per team and period; --team and --period choose
among them. A respondent who answered twice for a team and period counts
once, with the answers completed last, and a warning names both files.

Without --rubric (or with --rubric ID), the answers are scored with the
built-in rubric they name, in the version they name (rubric_version); a file
that names none, with the newest version all its answers fit.
Every problem in every file is listed at once, with its file, line and field.`,
		Example: `  audit score examples/*
  audit score examples
  audit score --team "Northwind Traders" --period 2026-Q3 examples
  audit score --json examples/*
  audit score --rubric rubrics/alignment-1.0.yaml --allow-missing examples/*.json`,
		Args:              minArgs(1, "answers files or folders"),
		ValidArgsFunction: completeAnswers,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScore(e, opts, args)
		},
	}
	rubricFlag(cmd, &opts.rubric, "", " (default: the rubric and version the answers name)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON (an array when there are several teams or periods)")
	allowMissingFlag(cmd, &opts.allowMissing)
	addSelectionFlags(cmd, &opts.selection)
	return cmd
}

// addSelectionFlags adds --team and --period.
func addSelectionFlags(cmd *cobra.Command, sel *selection) {
	cmd.Flags().StringVar(&sel.team, "team", "", "only the team `NAME` (case does not matter)")
	cmd.Flags().StringVar(&sel.period, "period", "", "only the quarter `YYYY-Qn`")
	completeFlag(cmd, "team", noFiles)
	completeFlag(cmd, "period", noFiles)
}

func runScore(e *env, opts scoreOptions, args []string) error {
	results, err := scoreTeams(e, opts.rubric, opts.allowMissing, opts.selection, args)
	if err != nil {
		return err
	}
	if opts.json {
		for _, res := range results {
			for _, w := range res.Warnings {
				e.say("warning: %s\n", w)
			}
		}
		return writeJSON(e.stdout, results)
	}
	for i, res := range results {
		if i > 0 {
			e.sayOut("\n")
		}
		if err := report.Text(e.stdout, res, e.stdoutTTY); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON writes one result as a JSON object, several as an array of
// them.
func writeJSON(w io.Writer, results []*scoring.Result) error {
	if len(results) == 1 {
		return report.JSON(w, results[0])
	}
	list := make([]json.RawMessage, len(results))
	for i, res := range results {
		var b bytes.Buffer
		if err := report.JSON(&b, res); err != nil {
			return err
		}
		list[i] = b.Bytes()
	}
	out, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}
