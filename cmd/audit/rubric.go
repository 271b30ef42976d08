package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
)

func newRubricCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rubric",
		Short: "List, show and validate rubrics",
		Long: `A rubric holds the areas, questions, answer options and points that answers
are scored against. The built-in rubric "alignment" is used unless you give
your own; docs/rubric-format.md describes the format. Several versions of a
built-in rubric are kept: "alignment" is the newest, "alignment@1.0" an
older one, and answers are scored with the version they were made with.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return invalidf("unknown command %q for 'audit rubric': use list, show or validate", args[0])
			}
			return cmd.Help()
		},
		RunE: func(cmd *cobra.Command, args []string) error { return nil },
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:                   "list",
			DisableFlagsInUseLine: true,
			Short:                 "List the built-in rubrics, every version",
			Long: `List the built-in rubrics with every version built in, newest first. The
first column is the name to give to --rubric: ID for the newest version,
ID@VERSION for an older one. Answers files name the version they were made
with, and are scored with it.`,
			Args:              exactArgs(0, "no arguments"),
			ValidArgsFunction: cobra.NoFileCompletions,
			RunE: func(cmd *cobra.Command, args []string) error {
				return runRubricList(e)
			},
		},
		&cobra.Command{
			Use:                   "show ID|ID@VERSION|FILE",
			DisableFlagsInUseLine: true,
			Short:                 "Print a rubric's areas, questions and options with their points",
			Example:               "  audit rubric show alignment\n  audit rubric show alignment@1.0\n  audit rubric show rubrics/alignment.yaml",
			Args:                  exactArgs(1, "one rubric id or file"),
			ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return completeRubric(toComplete)
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				r, err := loadRubric(args[0])
				if err != nil {
					return err
				}
				return report.Rubric(e.stdout, r)
			},
		},
		&cobra.Command{
			Use:                   "validate FILE...",
			DisableFlagsInUseLine: true,
			Short:                 "Check rubric files and list every problem",
			Long: `Check rubric files. Prints "ok" for each valid file and exits 0; otherwise
lists every problem with its file, line and field, and exits 2.`,
			Example: "  audit rubric validate rubrics/*.yaml",
			Args:    minArgs(1, "rubric files"),
			ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return files("yaml", "yml")("")
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				return runValidate(e, args)
			},
		},
	)
	return cmd
}

func runRubricList(e *env) error {
	all, names, err := builtinRubrics()
	if err != nil {
		return err
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for i, r := range all {
		e.sayOut("%-*s  %-6s %2d areas %3d questions  %s\n", width, names[i], r.Version, len(r.Areas), r.NumQuestions(), r.Title)
	}
	return nil
}

// builtinRubrics returns the built-in rubrics, every version, newest first,
// with the name --rubric takes for each: ID for the newest version,
// ID@VERSION for an older one.
func builtinRubrics() ([]*rubric.Rubric, []string, error) {
	all, err := rubrics.All()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in rubrics: %w", err)
	}
	names := make([]string, len(all))
	for i, r := range all {
		names[i] = r.ID + "@" + r.Version
		if i == 0 || all[i-1].ID != r.ID {
			names[i] = r.ID // the newest version
		}
	}
	return all, names, nil
}

func runValidate(e *env, files []string) error {
	var all problem.List
	for _, name := range files {
		data, err := store.ReadInput(name, store.MaxRubricBytes)
		if err != nil {
			var ie *store.InputError
			if errors.As(err, &ie) {
				all.Add(name, 0, "", "%v", ie.Err)
				continue
			}
			return err
		}
		r, err := rubric.Parse(name, data)
		var pl problem.List
		switch {
		case errors.As(err, &pl):
			all = append(all, pl...)
		case err != nil:
			return err
		default:
			e.sayOut("%s: ok (%s %s, %d areas, %d questions)\n", name, r.ID, r.Version, len(r.Areas), r.NumQuestions())
		}
	}
	return all.Err()
}
