// Package rubrics holds the rubrics built into the binary.
//
// Several versions of a rubric live side by side, so that answers made
// with an older version are still scored with it: NAME.yaml is the newest
// version of a rubric, NAME-VERSION.yaml an older one kept for its answers.
// A rubric is named by its id, which means its newest version, or by
// ID@VERSION for one version.
package rubrics

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/alignaudit/audit/internal/rubric"
)

// FS holds every built-in rubric as NAME.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Parse reads and validates the built-in rubric that name names: an id for
// its newest version, or ID@VERSION. When there is none, the error is an
// fs.ErrNotExist; when one does not validate, a problem.List.
func Parse(name string) (*rubric.Rubric, error) {
	id, version, pinned := strings.Cut(name, "@")
	if pinned && version == "" {
		return nil, fmt.Errorf("no built-in rubric %q: give a version after @: %w", name, fs.ErrNotExist)
	}
	all, err := All()
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.ID == id && (version == "" || r.Version == version) {
			return r, nil // All lists the newest version first
		}
	}
	return nil, fmt.Errorf("no built-in rubric %q: %w", name, fs.ErrNotExist)
}

// All reads and validates every built-in rubric, sorted by id, and the
// versions of one id from the newest down.
func All() ([]*rubric.Rubric, error) {
	names, err := fs.Glob(FS, "*.yaml")
	if err != nil {
		return nil, err
	}
	var all []*rubric.Rubric
	for _, name := range names {
		data, err := FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		r, err := rubric.Parse("rubrics/"+name, data)
		if err != nil {
			return nil, err
		}
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b *rubric.Rubric) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return rubric.CompareVersions(b.Version, a.Version)
	})
	return all, nil
}
