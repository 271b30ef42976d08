package report

import (
	"errors"
	"io"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
)

// WorkbookOptions are the inputs of the report workbook besides the result.
type WorkbookOptions struct {
	Date time.Time
}

// Workbook writes the report workbook. (Being built: see issue 5.)
func Workbook(w io.Writer, res *scoring.Result, opts WorkbookOptions) error {
	return errors.New("workbook: not written yet")
}
