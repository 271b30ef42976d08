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
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

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
