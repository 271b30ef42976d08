package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
)

const defaultRubricID = "alignment"

// answerFilesLimit is how many answers files are scored at once; tests
// lower it, to prove the limit without writing 20,000 files.
var answerFilesLimit = store.MaxAnswerFiles

// builtinRubric returns the built-in rubric that name names: an id (its
// newest version) or ID@VERSION.
func builtinRubric(name string) (*rubric.Rubric, error) {
	r, err := rubrics.Parse(name)
	var broken problem.List
	switch {
	case errors.As(err, &broken):
		return nil, fmt.Errorf("built-in rubric %s is broken: %w", name, err)
	case err != nil:
		return nil, invalidf("no built-in rubric %q (built in: %s); give a rubric file with --rubric", name, strings.Join(builtinNames(), ", "))
	}
	return r, nil
}

// builtinNames lists the names of the built-in rubrics: ID for the newest
// version of each, ID@VERSION for the older ones.
func builtinNames() []string {
	all, _ := rubrics.All()
	var names []string
	for i, r := range all {
		if i == 0 || all[i-1].ID != r.ID {
			names = append(names, r.ID) // the newest version
		} else {
			names = append(names, r.ID+"@"+r.Version)
		}
	}
	return names
}

// builtinVersions returns every built-in version of rubric id, newest
// first.
func builtinVersions(id string) ([]*rubric.Rubric, error) {
	all, err := rubrics.All()
	if err != nil {
		return nil, fmt.Errorf("built-in rubrics: %w", err)
	}
	var out []*rubric.Rubric
	for _, r := range all {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out, nil
}

// loadRubric reads a rubric named by a file path, a built-in id or
// ID@VERSION. A name that has a YAML extension or a path separator, or that
// exists as a file, is a file.
func loadRubric(name string) (*rubric.Rubric, error) {
	if !isRubricFile(name) {
		return builtinRubric(name)
	}
	data, err := store.ReadInput(name, store.MaxRubricBytes)
	if err != nil {
		return nil, err
	}
	return rubric.Parse(name, data)
}

// rubricFor returns the rubric named by --rubric, or else the built-in one
// that the answers name. A built-in rubric named by its id alone is taken
// in the version the answers name (docs/answers-format.md): so answers made
// with version 1.0 are scored with 1.0 after 2.0 is built in.
func rubricFor(flag string, sheets []*answers.Sheet) (*rubric.Rubric, error) {
	if flag != "" && (isRubricFile(flag) || strings.Contains(flag, "@")) {
		return loadRubric(flag)
	}
	id := flag
	if id == "" {
		id = defaultRubricID
		if len(sheets) > 0 {
			id = sheets[0].Rubric
		}
	}
	versions, err := builtinVersions(id)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		if flag == "" && len(sheets) > 0 {
			return nil, invalidf("%s: rubric %q is not built in (built in: %s): give its file with --rubric", sheets[0].Source, id, strings.Join(builtinNames(), ", "))
		}
		return builtinRubric(id)
	}
	return pickVersion(id, versions, sheets)
}

// pickVersion chooses among the built-in versions of a rubric (newest
// first) the one the answers were made with: the version they name, or,
// when none names one, the newest version that every answer fits.
func pickVersion(id string, versions []*rubric.Rubric, sheets []*answers.Sheet) (*rubric.Rubric, error) {
	named := map[string]string{} // version → the first file that names it
	var order []string
	for _, s := range sheets {
		if s.Rubric != id || s.RubricVersion == "" {
			continue
		}
		if _, seen := named[s.RubricVersion]; !seen {
			named[s.RubricVersion] = s.Source
			order = append(order, s.RubricVersion)
		}
	}
	switch len(order) {
	case 0:
		for _, r := range versions {
			if _, err := scoring.Score(r, sheets, scoring.Options{AllowMissing: true}); err == nil {
				return r, nil
			}
		}
		return versions[0], nil // its problems are reported when the answers are scored
	case 1:
		for _, r := range versions {
			if r.Version == order[0] {
				return r, nil
			}
		}
		var have []string
		for _, r := range versions {
			have = append(have, r.Version)
		}
		return nil, invalidf("%s: rubric_version: version %s of rubric %q is not built in (built in: %s): give its file with --rubric",
			named[order[0]], order[0], id, strings.Join(have, ", "))
	}
	return nil, invalidf("%s answers version %s of rubric %q, but %s answers version %s: the versions are different scales, so score the answers of one version at a time",
		named[order[1]], order[1], id, named[order[0]], order[0])
}

// isRubricFile reports whether a --rubric value names a file: it has a
// YAML extension or a path separator, or exists as a file.
func isRubricFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	if ext == ".yaml" || ext == ".yml" || strings.ContainsRune(name, os.PathSeparator) {
		return true
	}
	_, err := os.Stat(name)
	return err == nil
}
