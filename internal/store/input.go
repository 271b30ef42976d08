package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/form"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
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
	return readInput(name, limit, nil)
}

// readInput is ReadInput reading into buf, when the file fits in it.
func readInput(name string, limit int64, buf []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, Invalidf("%s: %v", name, Bare(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return nil, Invalidf("%s: is a folder, not a file", name)
	}
	// A buffer of the file's size (one byte more to see its end), as
	// os.ReadFile makes: growing one from 512 bytes made as much garbage
	// again as a folder's answers files.
	size := int64(512)
	if err == nil && fi.Mode().IsRegular() {
		size = min(fi.Size(), limit) + 1
	}
	data := buf[:0]
	if int64(cap(buf)) < size {
		data = make([]byte, 0, size)
	}
	r := io.LimitReader(f, limit+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, Invalidf("%s: %v", name, Bare(err))
		}
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

// Loaded is a file read for its answers: a sheet, or why there is none.
type Loaded struct {
	Found
	Sheet *answers.Sheet
	// Err says why the file cannot be read: a problem.List or an
	// InputError for bad input, any other error for a failure.
	Err error
	// Skip says why a file found in a folder holds no answers and is
	// ignored: one of the Skip constants.
	Skip string
	// Form is the filled spreadsheet form the sheet was read from, if any.
	Form *form.Form
}

// Why a file found in a folder is ignored.
const (
	SkipRubric    = "a rubric"
	SkipWorkbook  = "a workbook that is not a form"
	SkipBlankForm = "a blank form"
)

// Load reads answers files on all cores (a company has thousands) and
// returns them in the order given.
func Load(files []Found) []Loaded {
	loaded := make([]Loaded, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			// One buffer for the files a worker reads: answers.Parse
			// keeps nothing of it. A buffer a file made 40 MB of
			// garbage for 20,000 respondents.
			var buf []byte
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				loaded[i] = load(files[i], &buf)
			}
		})
	}
	wg.Wait()
	return loaded
}

// load reads one file, into *buf if it is an answers file (which grows it
// as needed).
func load(f Found, buf *[]byte) Loaded {
	l := Loaded{Found: f}
	if strings.EqualFold(filepath.Ext(f.Path), ".xlsx") {
		return loadForm(f)
	}
	data, err := readInput(f.Path, MaxAnswersBytes, *buf)
	if cap(data) > cap(*buf) {
		*buf = data[:0]
	}
	if err != nil {
		l.Err = err
		return l
	}
	s, err := answers.Parse(f.Path, data)
	if err != nil {
		// A rubric kept in the answers folder is no one's answers.
		if f.InFolder && isRubric(f.Path, data) {
			l.Skip = SkipRubric
			return l
		}
		l.Err = err
		return l
	}
	s.Source = f.Path
	l.Sheet = s
	return l
}

// loadForm reads a spreadsheet form. A workbook found in a folder that is
// not a form (a report, a tracker) or is a blank form is skipped, after
// reading no more than its list of sheets.
func loadForm(f Found) Loaded {
	l := Loaded{Found: f}
	file, err := os.Open(f.Path)
	if err != nil {
		l.Err = Invalidf("%s: %v", f.Path, Bare(err))
		return l
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		l.Err = Invalidf("%s: %v", f.Path, Bare(err))
		return l
	}
	if fi.IsDir() {
		l.Err = Invalidf("%s: is a folder, not a file", f.Path)
		return l
	}
	isForm, err := form.Recognize(file, fi.Size())
	switch {
	case err != nil:
		l.Err = Invalidf("%s: %v", f.Path, err)
		return l
	case !isForm && f.InFolder:
		l.Skip = SkipWorkbook
		return l
	case !isForm:
		l.Err = Invalidf("%s: not an audit form: it has no sheet %q (make forms with audit form)", f.Path, form.QuestionnaireSheet)
		return l
	case fi.Size() > MaxAnswersBytes:
		l.Err = Invalidf("%s: larger than %d MB: not a form audit made", f.Path, MaxAnswersBytes>>20)
		return l
	}
	data, err := io.ReadAll(io.NewSectionReader(file, 0, MaxAnswersBytes))
	if err != nil {
		l.Err = Invalidf("%s: %v", f.Path, Bare(err))
		return l
	}
	fm, err := form.Read(f.Path, data)
	switch {
	case errors.Is(err, form.ErrNotWorkbook):
		l.Err = Invalidf("%s: %v", f.Path, err)
	case err != nil:
		l.Err = err
	case fm.Blank() && f.InFolder:
		l.Skip = SkipBlankForm
	case fm.Blank():
		l.Err = Invalidf("%s: a blank form: nothing is filled in", f.Path)
	default:
		l.Sheet, l.Form = fm.Sheet, fm
	}
	return l
}

// isRubric reports whether data is a valid rubric.
func isRubric(name string, data []byte) bool {
	_, err := rubric.Parse(name, data)
	return err == nil
}

// Problems lists the problems of the files that could not be read, file
// after file. An error that is not about the input (exit status 1) is
// returned as it is.
func Problems(loaded []Loaded) (problem.List, error) {
	var problems problem.List
	for _, l := range loaded {
		var ie *InputError
		var pl problem.List
		switch {
		case l.Err == nil:
		case errors.As(l.Err, &ie):
			problems.Add(l.Path, 0, "", "%v", strings.TrimPrefix(ie.Err.Error(), l.Path+": "))
		case errors.As(l.Err, &pl):
			problems = append(problems, pl...)
		default:
			return nil, l.Err
		}
	}
	return problems, nil
}

// LoadSheets reads answers files, reporting the problems of all of them at
// once. More than limit files (MaxAnswerFiles; tests use fewer) are refused
// before any is read.
func LoadSheets(names []string, limit int) ([]*answers.Sheet, error) {
	if len(names) > limit {
		return nil, Invalidf("%d answers files given: at most %d can be scored at once", len(names), limit)
	}
	files := make([]Found, len(names))
	for i, n := range names {
		files[i] = Found{Path: n}
	}
	loaded := Load(files)
	problems, err := Problems(loaded)
	if err != nil {
		return nil, err
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	sheets := make([]*answers.Sheet, len(loaded))
	for i, l := range loaded {
		sheets[i] = l.Sheet
	}
	return sheets, nil
}
