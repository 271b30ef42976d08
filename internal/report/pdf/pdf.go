package pdf

import (
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
)

// Options are the inputs of the PDF report besides the result.
type Options struct {
	Date    time.Time          // the report's date, also its creation date
	History []scoring.Snapshot // the team's earlier periods, oldest first
	// FollowUp is the tracker's targets and earlier actions for the team;
	// zero without a tracker.
	FollowUp followup.FollowUp
	// Actions is how many actions the action plan shows in full, with
	// their advice, before the rest in a compact table; 0 means
	// DefaultActions. audit report's --actions sets it, as it sets how
	// many the tracker raises.
	Actions int
	// Fonts have the characters the Go fonts lack, in order of preference
	// (see MissingRunes). Characters no font has print as "�".
	Fonts []Font
}

// PDF writes the report for leadership: an executive summary on page 1,
// one section per area, the perception gap between sales and marketing
// (when both answered), the trend over earlier quarters (when History has
// any), and the action plan with a note on method. With a tracker's
// follow-up, page 1 also says how the team stands against its targets and
// how last quarter's actions went, a section follows up each of them, the
// area sections show their targets and the action plan marks questions
// that already have an open action. docs/report.md describes each page.
//
// The same result and options give the same bytes: the creation date is
// opts.Date and nothing else in the file depends on the clock.
func Write(w io.Writer, res *scoring.Result, opts Options) error {
	d, err := newDoc(res, opts)
	if err != nil {
		return err
	}
	d.summary()
	if len(opts.FollowUp.Actions) > 0 {
		d.followUp()
	}
	if qs := numberQuestions(res); len(qs) > 0 {
		d.measuredFacts(qs)
	}
	d.areas()
	if sales, marketing, ok := salesAndMarketing(res); ok {
		d.perceptionGap(sales, marketing)
	}
	if trend := newTrend(res, opts.History); trend != nil {
		d.trend(trend)
	}
	d.actionPlan()
	d.methodology()
	if err := d.drawRefs(); err != nil {
		return err
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdf report: %w", err)
	}
	return nil
}

// fontFamily is the name the report's fonts are registered under.
const fontFamily = "Go"

func newDoc(res *scoring.Result, opts Options) (*doc, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	// Text is placed and measured by the helpers in layout.go; an
	// automatic page break in the middle of a drawing would tear it apart.
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetCellMargin(0)
	more := FollowUpTexts(opts.FollowUp)
	need := MissingRunes(res, more...)
	fonts, added, err := reportFonts(need, opts.Fonts)
	if err != nil {
		return nil, fmt.Errorf("pdf report: %w", err)
	}
	for i, f := range goFonts {
		pdf.AddUTF8FontFromBytes(fontFamily, f.style, fonts[i])
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdf report: load fonts: %w", err)
	}
	// Reproducible output: a fixed date and a sorted catalog make the same
	// input give the same bytes.
	pdf.SetCreationDate(opts.Date)
	pdf.SetModificationDate(opts.Date)
	pdf.SetCatalogSort(true)

	has := goFontHas()
	d := &doc{
		pdf: pdf, res: res, opts: opts,
		has:     func(r rune) bool { return has(r) || added[r] },
		widths:  map[string]map[rune]int{},
		refMark: refMark(res, more),
		pages:   map[string]int{},
	}
	r := res.Rubric
	pdf.SetTitle(metaText(fmt.Sprintf("%s: %s, %s", r.Title, res.Team, res.Period)), true)
	pdf.SetSubject(metaText(d.subject()), true)
	pdf.SetAuthor(metaText(res.Team), true)
	pdf.SetCreator("audit", true)
	pdf.SetKeywords(metaText(fmt.Sprintf("%s %s; %s; %s", r.ID, r.Version, res.Team, res.Period)), true)
	pdf.SetLang("en")
	pdf.AliasNbPages(d.pageCount())
	pdf.SetFooterFunc(d.footer)
	return d, nil
}

// subject is the report's one-line finding, for the document properties.
func (d *doc) subject() string {
	if d.res.Overall == nil {
		return "No question was answered."
	}
	return fmt.Sprintf("Overall alignment %s of 100: %s", report.FormatScore(d.res.Overall), report.BandLabel(d.res.Band))
}

// reportDate formats the report date as "1 October 2026", or "" when the
// caller gave none.
func (d *doc) reportDate() string {
	if d.opts.Date.IsZero() {
		return ""
	}
	return d.opts.Date.Format("2 January 2006")
}
