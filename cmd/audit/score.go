package main

import (
	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/spf13/cobra"
)

type scoreOptions struct {
	rubric       string
	json         bool
	allowMissing bool
}

func newScoreCmd(e *env) *cobra.Command {
	var opts scoreOptions
	cmd := &cobra.Command{
		Use:   "score [flags] ANSWERS...",
		Short: "Score answers files and print the result",
		Long: `Score one team's answers files for one period and print the overall score,
the area scores, the top actions and the red flags.

Without --rubric (or with --rubric ID), the answers are scored with the
built-in rubric they name, in the version they name (rubric_version); a file
that names none, with the newest version all its answers fit.
Every problem in every file is listed at once, with its file, line and field.`,
		Example: `  audit score examples/*
  audit score --json examples/*
  audit score --rubric rubrics/alignment-1.0.yaml --allow-missing examples/*.json`,
		Args:              minArgs(1, "answers files"),
		ValidArgsFunction: completeAnswers,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScore(e, opts, args)
		},
	}
	rubricFlag(cmd, &opts.rubric, "", " (default: the rubric and version the answers name)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	allowMissingFlag(cmd, &opts.allowMissing)
	return cmd
}

// scoreFiles loads answers files and their rubric and scores them.
func scoreFiles(rubricFlag string, allowMissing bool, files []string) (*scoring.Result, error) {
	sheets, err := store.LoadSheets(files, answerFilesLimit)
	if err != nil {
		return nil, err
	}
	r, err := rubricFor(rubricFlag, sheets)
	if err != nil {
		return nil, err
	}
	return scoring.Score(r, sheets, scoring.Options{AllowMissing: allowMissing})
}

func runScore(e *env, opts scoreOptions, files []string) error {
	res, err := scoreFiles(opts.rubric, opts.allowMissing, files)
	if err != nil {
		return err
	}
	if opts.json {
		for _, w := range res.Warnings {
			e.say("warning: %s\n", w)
		}
		return report.JSON(e.stdout, res)
	}
	return report.Text(e.stdout, res, e.stdoutTTY)
}
