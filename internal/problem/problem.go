// Package problem collects the problems found in a user's input files, so
// that every problem can be reported at once with the file, line and field
// that caused it.
package problem

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with an input file.
type Problem struct {
	File string // the file as the user named it
	Line int    // 1-based; 0 when unknown
	Path string // the field, e.g. areas[1].questions[0].scale; may be empty
	Msg  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List is a set of problems. A non-empty List is an error: the caller's
// input is invalid.
type List []Problem

// Add appends a problem.
func (l *List) Add(file string, line int, path, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders problems by file, then line, keeping the order of problems
// found on the same line.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
}

// Error prints one problem per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, p := range l {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
