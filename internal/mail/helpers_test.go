package mail

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

var mailDay = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)

// exampleResult scores the example answers with the team renamed.
func exampleResult(t *testing.T, team string) *scoring.Result {
	t.Helper()
	sheets := testkit.Examples(t)
	for _, s := range sheets {
		s.Team = team
	}
	// The examples answer version 1.0.
	return testkit.Score(t, testkit.Rubric(t, "alignment@1.0"), sheets, scoring.Options{})
}

func ptr(f float64) *float64 { return &f }

func addr(t *testing.T, s string) *netmail.Address {
	t.Helper()
	a, err := ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// pdfBytes stands in for a PDF: every byte value, so that an encoding
// slip shows.
func pdfBytes() []byte {
	b := []byte("%PDF-1.4\n")
	for i := range 3000 {
		b = append(b, byte(i*7+i/256))
	}
	return append(b, []byte("\r\n.\r\n%%EOF\n")...)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, strings.TrimSpace(string(want)))
	}
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
