package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alignaudit/audit/internal/questionnaire"
)

// Flags that several commands share, with the same words in every help
// text and the same shell completion. A word in backquotes is the flag's
// placeholder in the help ("--out DIR").

// rubricFlag adds --rubric.
func rubricFlag(cmd *cobra.Command, p *string, value, dflt string) {
	cmd.Flags().StringVar(p, "rubric", value, "rubric `FILE`, built-in ID or ID@VERSION"+dflt)
	completeFlag(cmd, "rubric", completeRubric)
}

// outFlag adds --out.
func outFlag(cmd *cobra.Command, p *string, what string) {
	cmd.Flags().StringVar(p, "out", ".", "write "+what+" into `DIR` (created if missing)")
	completeFlag(cmd, "out", func(string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
}

// trackerFlag adds --tracker.
func trackerFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "tracker", "", "record this quarter in the tracker workbook `FILE.xlsx` (created if missing)")
	completeFlag(cmd, "tracker", files("xlsx"))
}

// actionsFlag adds --actions, which goes with --tracker.
func actionsFlag(cmd *cobra.Command, p *int) {
	cmd.Flags().IntVar(p, "actions", defaultActions, "with --tracker, add the team's top `N` actions of the quarter to the tracker's Actions sheet (0 for none)")
	completeFlag(cmd, "actions", noFiles)
}

// defaultActions is how many actions a quarter adds to the tracker.
const defaultActions = 5

// checkActions refuses a negative --actions.
func checkActions(n int) error {
	if n < 0 {
		return invalidf("--actions %d: want the number of actions to add to the tracker, 0 for none", n)
	}
	return nil
}

// fontFlag adds --font.
func fontFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "font", "", "font `FILE` for characters the PDF's fonts lack, such as Chinese (default: the settings' font, then the system's)")
	completeFlag(cmd, "font", files("ttf", "otf", "ttc", "otc"))
}

// allowMissingFlag adds --allow-missing.
func allowMissingFlag(cmd *cobra.Command, p *bool) {
	cmd.Flags().BoolVar(p, "allow-missing", false, "count unanswered questions as not answered instead of failing")
}

// completeFlag registers the completion of a flag's value.
func completeFlag(cmd *cobra.Command, name string, f func(toComplete string) ([]string, cobra.ShellCompDirective)) {
	if err := cmd.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return f(toComplete)
	}); err != nil {
		panic(err) // a flag name misspelt here
	}
}

// files completes file names with the given extensions.
func files(exts ...string) func(string) ([]string, cobra.ShellCompDirective) {
	return func(string) ([]string, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// words completes one of a fixed list of values.
func words(values ...string) func(string) ([]string, cobra.ShellCompDirective) {
	return func(toComplete string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, toComplete) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeRubric completes the id of a built-in rubric, or else a rubric
// file.
func completeRubric(toComplete string) ([]string, cobra.ShellCompDirective) {
	_, names, _ := builtinRubrics()
	ids, _ := words(names...)(toComplete)
	if len(ids) > 0 {
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
	return files("yaml", "yml")(toComplete)
}

// completeAnswers completes answers files.
func completeAnswers(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return files("yaml", "yml", "json")("")
}

// noFiles completes nothing: the value is a name or a date.
func noFiles(string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// completeRoles completes --role.
var completeRoles = words(questionnaire.Roles...)

// formatList is --format: pdf, xlsx or both, comma-separated.
type formatList struct{ formats *[]string }

var _ pflag.Value = formatList{}

func (f formatList) String() string { return strings.Join(*f.formats, ",") }
func (f formatList) Type() string   { return "LIST" }
func (f formatList) Set(s string) error {
	var out []string
	for _, part := range strings.Split(s, ",") {
		out = append(out, strings.ToLower(strings.TrimSpace(part)))
	}
	*f.formats = out
	return nil
}

// formatFlag adds --format.
func formatFlag(cmd *cobra.Command, p *[]string) {
	*p = slices.Clone(allFormats)
	cmd.Flags().Var(formatList{p}, "format", "what to write, a comma-separated `LIST` of pdf and xlsx")
	completeFlag(cmd, "format", func(toComplete string) ([]string, cobra.ShellCompDirective) {
		// After "pdf," the other one; else each and both.
		if before, _, ok := strings.Cut(toComplete, ","); ok {
			var out []string
			for _, f := range allFormats {
				if f != before && strings.HasPrefix(before+","+f, toComplete) {
					out = append(out, before+","+f)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		return words("pdf", "xlsx", "pdf,xlsx")(toComplete)
	})
}
