package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
)

const defaultRubricID = "alignment"

// builtinRubric returns the built-in rubric with the given id.
func builtinRubric(id string) (*rubric.Rubric, error) {
	r, err := rubrics.Parse(id)
	var broken problem.List
	switch {
	case errors.As(err, &broken):
		return nil, fmt.Errorf("built-in rubric %s is broken: %w", id, err)
	case err != nil:
		return nil, invalidf("no built-in rubric %q (built in: %s); give a rubric file with --rubric", id, strings.Join(builtinIDs(), ", "))
	}
	return r, nil
}

func builtinIDs() []string {
	entries, _ := fs.ReadDir(rubrics.FS, ".")
	var ids []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(ids)
	return ids
}

// loadRubric reads a rubric named by a file path or a built-in id. A name
// that has a YAML extension or a path separator, or that exists as a file,
// is a file.
func loadRubric(name string) (*rubric.Rubric, error) {
	ext := strings.ToLower(path.Ext(name))
	_, statErr := os.Stat(name)
	if ext != ".yaml" && ext != ".yml" && !strings.ContainsRune(name, os.PathSeparator) && statErr != nil {
		return builtinRubric(name)
	}
	data, err := store.ReadInput(name, store.MaxRubricBytes)
	if err != nil {
		return nil, err
	}
	return rubric.Parse(name, data)
}

// rubricFor returns the rubric named by --rubric, or else the built-in one
// that the answers name.
func rubricFor(flag string, sheets []*answers.Sheet) (*rubric.Rubric, error) {
	if flag != "" {
		return loadRubric(flag)
	}
	id := defaultRubricID
	if len(sheets) > 0 {
		id = sheets[0].Rubric
	}
	r, err := builtinRubric(id)
	if err != nil && len(sheets) > 0 {
		return nil, invalidf("%s: rubric %q is not built in (built in: %s): give its file with --rubric", sheets[0].Source, id, strings.Join(builtinIDs(), ", "))
	}
	return r, err
}
