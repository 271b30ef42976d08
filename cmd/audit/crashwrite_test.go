package main

import (
	"bufio"
	"os"
	"strings"

	"github.com/alignaudit/audit/internal/store"
)

// crashWrite is a test command (see TestMain): it writes its first argument
// with store.WriteFileAtomic and kills its own process half-way through, as a
// crash or a power cut would.
func crashWrite() {
	path := os.Args[1]
	store.WriteFileAtomic(path, func(w *bufio.Writer) error {
		w.WriteString(strings.Repeat("half-written ", 1<<16))
		w.Flush()
		// Process.Kill is SIGKILL on Unix and TerminateProcess on
		// Windows: no deferred code or handler runs, as in a crash.
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Kill()
		}
		select {}
	})
}
