package report

import (
	"errors"
	"io"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
)

// PDFOptions are the inputs of the PDF report besides the result.
type PDFOptions struct {
	Date    time.Time          // the report's date, also its creation date
	History []scoring.Snapshot // the team's earlier periods, oldest first
}

// PDF writes the report for leadership. (Being built: see issue 4.)
func PDF(w io.Writer, res *scoring.Result, opts PDFOptions) error {
	return errors.New("pdf report: not written yet")
}
