package store

import (
	"os"
	"path/filepath"
	"strings"
)

// Found is a file that may hold a respondent's answers.
type Found struct {
	Path string // as the user named it, or joined to the folder they named
	// InFolder is set for a file found in a folder the user named: such a
	// file that turns out to hold no answers (a report workbook, a tracker,
	// a rubric) is ignored, where a file named on its own is refused.
	InFolder bool
}

// Listing is what the arguments of a command that reads answers stand for.
type Listing struct {
	Files []Found
	// Ignored are the files and subfolders (with a trailing separator) of
	// the named folders that cannot hold answers.
	Ignored []string
}

// answersExt reports whether a file in a folder may be an answers file or
// a spreadsheet form, by its extension.
func answersExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".xlsx":
		return true
	}
	return false
}

// hiddenName reports whether a folder entry is left out without a word:
// hidden files (a dot first: audit's temporary files, LibreOffice's lock
// files, .DS_Store), Excel's owner files (~$ first), which mean a workbook
// is open, not that it holds answers, and lock files (.lock last: the lock
// of a tracker kept in the answers folder, which audit report takes while
// it lists the folder).
func hiddenName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.HasSuffix(strings.ToLower(name), ".lock")
}

// ListAnswers expands the arguments of report, score and status: a folder
// stands for the answers files and forms directly in it (YAML, JSON and
// .xlsx, by extension; not its subfolders), in name order; any other
// argument is a file to read, whatever its name. A path named twice is
// read once. More than limit files (MaxAnswerFiles; tests use fewer) are
// refused before any is read.
func ListAnswers(args []string, limit int) (*Listing, error) {
	l := &Listing{}
	seen := map[string]bool{}
	add := func(f Found) {
		key := filepath.Clean(f.Path)
		if !seen[key] {
			seen[key] = true
			l.Files = append(l.Files, f)
		}
	}
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil || !fi.IsDir() {
			// A missing or unreadable file is reported when it is read.
			add(Found{Path: arg})
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, Invalidf("%s: %v", arg, Bare(err))
		}
		for _, ent := range entries {
			name := ent.Name()
			if hiddenName(name) {
				continue
			}
			path := filepath.Join(arg, name)
			isDir := ent.IsDir()
			if ent.Type()&os.ModeSymlink != 0 {
				// A link stands for what it points to.
				fi, err := os.Stat(path)
				isDir = err == nil && fi.IsDir()
			}
			switch {
			case isDir:
				l.Ignored = append(l.Ignored, path+string(filepath.Separator))
			case answersExt(name):
				add(Found{Path: path, InFolder: true})
			default:
				l.Ignored = append(l.Ignored, path)
			}
		}
	}
	if len(l.Files) > limit {
		return nil, Invalidf("%d answers files given: at most %d can be scored at once", len(l.Files), limit)
	}
	return l, nil
}

// Without returns the listing without the file at path (the rubric named
// with --rubric, which may sit in the answers folder).
func (l *Listing) Without(path string) {
	kept := l.Files[:0]
	for _, f := range l.Files {
		if !f.InFolder || !SameFile(f.Path, path) {
			kept = append(kept, f)
		}
	}
	l.Files = kept
}
