package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// update rewrites golden files instead of comparing with them:
// go test ./cmd/audit -update
var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"audit":      func() { os.Exit(run(context.Background(), os.Args[1:], systemEnv())) },
		"crashwrite": crashWrite,
		"emlcheck":   emlCheck,
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each runs the
// audit binary as a user would and checks its output, files and exit status.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Condition: func(cond string) (bool, error) {
			if cond == "cjkfont" {
				// A font for Chinese and Japanese that audit finds.
				_, _, ok := systemFontFinder(os.Getenv).find('日', "JP")
				return ok, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			// Scripts reach the repository's examples and rubrics as $ROOT.
			env.Setenv("ROOT", root)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// slow skips an acceptance test in the fast tier, go test -short: one that
// takes more than a second or needs tools beyond Go (LibreOffice, a
// terminal, many files, a build). .ci/run runs them all.
func slow(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s: not in -short mode (.ci/run runs it)", why)
	}
}
