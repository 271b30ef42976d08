package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDraftPath(t *testing.T) {
	if got := DraftPath(envOf(map[string]string{}), "x"); got != "" {
		t.Errorf("DraftPath without a home = %q, want none", got)
	}
	if got, want := DraftPath(envOf(map[string]string{"XDG_STATE_HOME": "/s"}), "nw-2026-Q3-dana"), "/s/audit/drafts/nw-2026-Q3-dana.draft.yaml"; got != want {
		t.Errorf("DraftPath = %q, want %q", got, want)
	}
}

func TestReadDraft(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.draft.yaml")
	src := "rubric: alignment\nteam: Northwind\nperiod: 2026-Q3\nrespondent: Dana\nrole: sales\nanswers:\n  goals-shared-targets: {answer: separate}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
	s, got, err := ReadDraft(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Team != "Northwind" || len(s.Answers) != 1 || !got.Equal(when) {
		t.Errorf("ReadDraft = %+v at %v", s, got)
	}
	if err := os.WriteFile(path, make([]byte, MaxAnswersBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadDraft(path); err == nil {
		t.Error("a draft larger than an answers file was read")
	}
}

// TestRememberIdentity: what RememberIdentity keeps, RecallIdentity
// returns; a file someone edited into several lines gives nothing.
func TestRememberIdentity(t *testing.T) {
	getenv := envOf(map[string]string{"XDG_CONFIG_HOME": t.TempDir()})
	if got := RecallIdentity(getenv); got != (Identity{}) {
		t.Errorf("nothing remembered yet, got %+v", got)
	}
	want := Identity{Team: "Northwind Traders", Respondent: "Dana Reyes", Role: "sales"}
	if err := RememberIdentity(getenv, want); err != nil {
		t.Fatal(err)
	}
	if got := RecallIdentity(getenv); got != want {
		t.Errorf("RecallIdentity = %+v, want %+v", got, want)
	}
	if err := RememberIdentity(getenv, Identity{Team: "a\nb", Respondent: "Dana"}); err != nil {
		t.Fatal(err)
	}
	if got := RecallIdentity(getenv); got != (Identity{Respondent: "Dana"}) {
		t.Errorf("a team of two lines was recalled: %+v", got)
	}
	if err := RememberIdentity(envOf(nil), want); err != nil {
		t.Errorf("without a home folder nothing is kept, and no error: %v", err)
	}
}
