package store

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/xdg"
	"go.yaml.in/yaml/v3"
)

// ReadDraft reads a draft and the time it was last written.
func ReadDraft(path string) (*answers.Sheet, time.Time, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxAnswersBytes+1))
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(data) > MaxAnswersBytes {
		return nil, time.Time{}, errors.New("too large")
	}
	s, err := answers.Parse(path, data)
	if err != nil {
		return nil, time.Time{}, err
	}
	return s, fi.ModTime(), nil
}

// DraftPath is where the draft for base (team, period, respondent) is kept;
// "" when there is no state folder.
func DraftPath(getenv func(string) string, base string) string {
	dir := xdg.State(getenv)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "drafts", base+".draft.yaml")
}

// Identity is what take remembers for the next time.
type Identity struct {
	Team       string `yaml:"team"`
	Respondent string `yaml:"respondent"`
	Role       string `yaml:"role"`
}

func identityPath(getenv func(string) string) string {
	dir := xdg.Config(getenv)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "last.yaml")
}

// RecallIdentity returns the last team, name and role, if any; a missing or
// broken file gives none.
func RecallIdentity(getenv func(string) string) Identity {
	var last Identity
	path := identityPath(getenv)
	if path == "" {
		return last
	}
	f, err := openRegular(path)
	if err != nil {
		return last
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil || yaml.Unmarshal(data, &last) != nil {
		return Identity{}
	}
	one := func(s string) string {
		s = strings.TrimSpace(s)
		if strings.ContainsAny(s, "\n\r") || len(s) > 200 {
			return ""
		}
		return safetext.Line(s)
	}
	return Identity{Team: one(last.Team), Respondent: one(last.Respondent), Role: one(last.Role)}
}

// RememberIdentity keeps id for RecallIdentity.
func RememberIdentity(getenv func(string) string, id Identity) error {
	path := identityPath(getenv)
	if path == "" {
		return nil
	}
	data, err := yaml.Marshal(id)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return Bare(err)
	}
	return WriteFileAtomic(path, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
