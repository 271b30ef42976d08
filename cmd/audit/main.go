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
	code := run(ctx, os.Args[1:], systemEnv())
	stop()
	os.Exit(code)
}
