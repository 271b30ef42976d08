package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
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
	return utf8Text(data), nil
}

// utf8Text returns a file's text as UTF-8 without a byte order mark.
// Editors on Windows save "UTF-8 with BOM" and "Unicode" (UTF-16 with a
// BOM); YAML reads both, JSON neither. Lines stay where they were.
func utf8Text(data []byte) []byte {
	le, be := bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff})
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return data[3:]
	case (le || be) && len(data)%2 == 0:
		units := make([]uint16, 0, len(data)/2-1)
		for i := 2; i < len(data); i += 2 {
			if le {
				units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return []byte(string(utf16.Decode(units)))
	}
	return data
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

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

// loadRubric reads a rubric named by a file path or a built-in id. A name
// that has a YAML extension or a path separator, or that exists as a file,
// is a file.
func loadRubric(name string) (*rubric.Rubric, error) {
	if !isRubricFile(name) {
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
	// Files are read and parsed on all cores (a large team has thousands),
	// then taken in order, so that problems are listed as they were found
	// one file after another.
	parsed := make([]*answers.Sheet, len(names))
	errs := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names); i = int(next.Add(1) - 1) {
				parsed[i], errs[i] = loadSheet(names[i])
			}
		})
	}
	wg.Wait()
	var problems problem.List
	sheets := make([]*answers.Sheet, 0, len(names))
	for i, name := range names {
		if err := errs[i]; err != nil {
			var ee *exitError
			var pl problem.List
			switch {
			case errors.As(err, &ee):
				problems.Add(name, 0, "", "%v", strings.TrimPrefix(ee.err.Error(), name+": "))
			case errors.As(err, &pl):
				problems = append(problems, pl...)
			default:
				return nil, err
			}
			continue
		}
		sheets = append(sheets, parsed[i])
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return sheets, nil
}

// loadSheet reads and parses one answers file.
func loadSheet(name string) (*answers.Sheet, error) {
	data, err := readInput(name, maxAnswersBytes)
	if err != nil {
		return nil, err
	}
	s, err := answers.Parse(name, data)
	if err != nil {
		return nil, err
	}
	s.Source = name
	return s, nil
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
