package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
)

// Input limits: larger files are refused before they are read whole.
const (
	maxRubricBytes  = 8 << 20
	maxAnswersBytes = 2 << 20
	maxAnswerFiles  = 20000
	defaultRubricID = "alignment"
)

// readInput reads a user's file, refusing one larger than limit. A missing
// or unreadable file is invalid input (exit 2).
func readInput(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, invalidf("%s: %v", name, unwrapPathError(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, invalidf("%s: is a folder, not a file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, invalidf("%s: %v", name, unwrapPathError(err))
	}
	if int64(len(data)) > limit {
		return nil, invalidf("%s: larger than %d MB: not a rubric or answers file", name, limit>>20)
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// builtinRubric returns the built-in rubric with the given id.
func builtinRubric(id string) (*rubric.Rubric, error) {
	data, err := rubrics.FS.ReadFile(id + ".yaml")
	if err != nil {
		return nil, invalidf("no built-in rubric %q (built in: %s); give a rubric file with --rubric", id, strings.Join(builtinIDs(), ", "))
	}
	r, err := rubric.Parse("rubrics/"+id+".yaml", data)
	if err != nil {
		return nil, fmt.Errorf("built-in rubric %s is broken: %w", id, err)
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
	data, err := readInput(name, maxRubricBytes)
	if err != nil {
		return nil, err
	}
	return rubric.Parse(name, data)
}

// loadSheets reads answers files, reporting the problems of all of them at
// once.
func loadSheets(names []string) ([]*answers.Sheet, error) {
	if len(names) > maxAnswerFiles {
		return nil, invalidf("%d answers files given: at most %d can be scored at once", len(names), maxAnswerFiles)
	}
	var problems problem.List
	sheets := make([]*answers.Sheet, 0, len(names))
	for _, name := range names {
		data, err := readInput(name, maxAnswersBytes)
		if err != nil {
			var ee *exitError
			if errors.As(err, &ee) {
				problems.Add(name, 0, "", "%v", strings.TrimPrefix(ee.err.Error(), name+": "))
				continue
			}
			return nil, err
		}
		s, err := answers.Parse(name, data)
		if err != nil {
			var pl problem.List
			if errors.As(err, &pl) {
				problems = append(problems, pl...)
				continue
			}
			return nil, err
		}
		s.Source = name
		sheets = append(sheets, s)
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return sheets, nil
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
