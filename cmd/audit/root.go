package main

import (
	"context"
	"errors"
	"runtime/debug"

	"github.com/alignaudit/audit/internal/problem"
	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v
}

const rootHelp = `audit scores how well a company's sales and marketing teams work together.

A manager answers a questionnaire about shared goals and metrics, consistent
messaging, lead quality feedback, the lead handoff, leadership and shared
customer insight. The answers are scored against a rubric and written as a
PDF report for leadership and an Excel workbook, and a tracker workbook keeps
each team's scores quarter by quarter.`

const rootExamples = `  # Answer the built-in questionnaire in the terminal
  audit

  # Score the example team's answers and print the result
  audit score examples/*
  audit score --json examples/*

  # Write the PDF report and the workbook, and record the quarter in a tracker
  audit report --out reports --tracker scores.xlsx examples/*

  # The same, with an email draft to leadership (the PDF attached), then send it
  audit report --tracker scores.xlsx --email-to vp@example.com examples/*
  audit send --smtp smtp.example.com --smtp-user dana@example.com northwind-traders-2026-Q3.eml

  # List, show and check rubrics
  audit rubric list
  audit rubric show alignment
  audit rubric validate rubrics/alignment.yaml`

const exitHelp = `
Exit status:
  0    ok
  1    failure (a file could not be read or written, the mail server refused, ...)
  2    invalid input or usage (the message names the file, line and field)
  130  aborted by the user (ctrl+c)
`

// run executes the command line and returns the exit status.
func run(ctx context.Context, args []string, e *env) int {
	cmd := newRootCmd(e)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	if code != exitAborted || !errors.Is(err, errAborted) {
		printError(e, err)
	}
	return code
}

func printError(e *env, err error) {
	var pl problem.List
	if errors.As(err, &pl) {
		n := len(pl)
		e.say("audit: %d problem%s found:\n", n, plural(n))
		for _, p := range pl {
			e.say("  %s\n", p)
		}
		return
	}
	e.say("audit: %v\n", err)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func newRootCmd(e *env) *cobra.Command {
	// audit alone is audit take: it has take's flags, the same ones, so
	// that a flag given to either lands in take's options.
	take := newTakeCmd(e)
	root := &cobra.Command{
		Use:           "audit",
		Short:         "Score how well sales and marketing work together",
		Long:          rootHelp,
		Example:       rootExamples,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return invalidf("unknown command %q: see 'audit --help'", args[0])
			}
			return nil
		},
		// With no command, audit runs the questionnaire, as audit take.
		RunE:              take.RunE,
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	root.Flags().AddFlagSet(take.Flags())
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("audit {{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return invalidf("%v: see '%s --help'", err, cmd.CommandPath())
	})
	root.SetHelpTemplate(root.HelpTemplate() + exitHelp)

	root.AddCommand(
		take,
		newScoreCmd(e),
		newReportCmd(e),
		newSendCmd(e),
		newRubricCmd(e),
	)
	for _, sub := range root.Commands() {
		sub.SetFlagErrorFunc(root.FlagErrorFunc())
	}
	return root
}

// exactArgs and minArgs wrap cobra's checks so that a wrong count is a
// usage error (exit 2).
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return invalidf("%s: missing %s: see '%s --help'", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return invalidf("%s takes %s: see '%s --help'", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}
