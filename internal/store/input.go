package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
)

// Input limits: larger files are refused before they are read whole.
const (
	MaxRubricBytes  = 8 << 20
	MaxAnswersBytes = 2 << 20
	MaxAnswerFiles  = 20000
)

// ReadInput reads a user's file, refusing one larger than limit. A missing
// or unreadable file is invalid input (an InputError).
func ReadInput(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, Invalidf("%s: %v", name, Bare(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, Invalidf("%s: is a folder, not a file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, Invalidf("%s: %v", name, Bare(err))
	}
	if int64(len(data)) > limit {
		return nil, Invalidf("%s: larger than %d MB: not a rubric or answers file", name, limit>>20)
	}
	return UTF8Text(data), nil
}

// UTF8Text returns a file's text as UTF-8 without a byte order mark.
// Editors on Windows save "UTF-8 with BOM" and "Unicode" (UTF-16 with a
// BOM); YAML reads both, JSON neither. Lines stay where they were.
func UTF8Text(data []byte) []byte {
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

// LoadSheets reads answers files, reporting the problems of all of them at
// once. More than limit files (MaxAnswerFiles; tests use fewer) are refused
// before any is read.
func LoadSheets(names []string, limit int) ([]*answers.Sheet, error) {
	if len(names) > limit {
		return nil, Invalidf("%d answers files given: at most %d can be scored at once", len(names), limit)
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
				parsed[i], errs[i] = LoadSheet(names[i])
			}
		})
	}
	wg.Wait()
	var problems problem.List
	sheets := make([]*answers.Sheet, 0, len(names))
	for i, name := range names {
		if err := errs[i]; err != nil {
			var ie *InputError
			var pl problem.List
			switch {
			case errors.As(err, &ie):
				problems.Add(name, 0, "", "%v", strings.TrimPrefix(ie.Err.Error(), name+": "))
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

// LoadSheet reads and parses one answers file.
func LoadSheet(name string) (*answers.Sheet, error) {
	data, err := ReadInput(name, MaxAnswersBytes)
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
