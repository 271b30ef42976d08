package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// update rewrites golden files instead of comparing with them:
// go test ./cmd/audit -update
var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"audit":      func() { os.Exit(run(context.Background(), os.Args[1:], systemEnv())) },
		"crashwrite": crashWrite,
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sheet": sheetCmd,
		},
		Setup: func(env *testscript.Env) error {
			// Scripts reach the repository's examples and rubrics as $ROOT.
			env.Setenv("ROOT", root)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// sheetCmd is the script command "sheet FILE.xlsx SHEET": it prints the
// sheet's rows, one per line, cells separated by " | ", as excelize reads
// them.
func sheetCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sheet FILE.xlsx SHEET")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	rows, err := f.GetRows(args[1])
	ts.Check(err)
	for _, r := range rows {
		fmt.Fprintln(ts.Stdout(), strings.Join(r, " | "))
	}
}
