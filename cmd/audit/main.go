// Command audit scores how well a company's sales and marketing teams work
// together: a questionnaire, a rubric, and a report for leadership.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first ctrl+c cancels ctx (take keeps the draft); a second one
	// ends the program at once, even when it waits on a read that never
	// ends. Files are written atomically, so that is safe.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], systemEnv())
	stop()
	os.Exit(code)
}
