package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/mail"
	"github.com/alignaudit/audit/internal/report/pdf"
	"github.com/alignaudit/audit/internal/report/workbook"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/xlsx"
)

// smallReport is the largest number of answers files for which a report
// trades memory for speed (see runReport).
const smallReport = 1000

// reportMemoryLimit is the memory a report tries to stay within (see
// runReport).
const reportMemoryLimit = 256 << 20

type reportOptions struct {
	rubric       string
	out          string
	tracker      string
	actions      int
	formats      []string
	date         string
	font         string
	allowMissing bool
	selection
	email emailFlags
}

var allFormats = []string{"pdf", "xlsx"}

func newReportCmd(e *env) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report [flags] ANSWERS...",
		Short: "Write the PDF report and the Excel workbook for each team and period",
		Long: `Score the answers of a team for a period and write <team>-<period>.pdf
(the report for leadership) and <team>-<period>.xlsx (the data behind it)
into --out, then print their paths.

ANSWERS are answers files (YAML or JSON), filled spreadsheet forms, and
folders: a folder stands for every answers file and form in it (other files,
such as earlier reports, are ignored, with a note saying how many). Answers
of several teams or periods give one report per team and period; --team and
--period choose among them. A respondent who answered twice for a team and
period counts once, with the answers completed last, and a warning names
both files.

With --tracker, each team's quarter is also recorded in a tracker workbook
(created when missing; the same team and period replace their row), and the
PDF shows the trend over the earlier quarters the tracker holds. The quarter's
top actions (--actions, 5 unless given, 0 for none) go on the tracker's
Actions sheet, where the manager fills in owner, due date and status; the
next quarter's report follows them up, with the targets of its Targets
sheet.

With --email-to, it also writes <team>-<period>.eml: an email draft with
the PDF attached and a short summary, which Outlook, Apple Mail and
Thunderbird open ready to edit and send. With --send, audit sends it
through SMTP at once (see audit send --help for the settings).

Files are written to a temporary file and renamed, so an existing report or
tracker is never left half-written.`,
		Example: `  audit report examples/*
  audit report --out reports --tracker scores.xlsx examples
  audit report --team "Northwind Traders" --period 2026-Q3 --format pdf examples
  audit report --format pdf --date 2026-10-01 examples/*
  audit report --tracker scores.xlsx --email-to vp@example.com --email-cc cmo@example.com examples/*
  audit report --email-to vp@example.com --send --smtp smtp.example.com --smtp-user dana@example.com examples/*`,
		Args:              minArgs(1, "answers files or folders"),
		ValidArgsFunction: completeAnswers,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), e, cmd.Flags(), opts, args)
		},
	}
	f := cmd.Flags()
	rubricFlag(cmd, &opts.rubric, "", " (default: the rubric and version the answers name)")
	outFlag(cmd, &opts.out, "the reports")
	trackerFlag(cmd, &opts.tracker)
	actionsFlag(cmd, &opts.actions)
	formatFlag(cmd, &opts.formats)
	f.StringVar(&opts.date, "date", "", "the report's date, as `YYYY-MM-DD` (default: SOURCE_DATE_EPOCH, else today)")
	fontFlag(cmd, &opts.font)
	allowMissingFlag(cmd, &opts.allowMissing)
	addSelectionFlags(cmd, &opts.selection)
	completeFlag(cmd, "date", noFiles)
	opts.email.register(f)
	return cmd
}

// reportDate is --date, else SOURCE_DATE_EPOCH (for reproducible builds of
// the report), else today. A date a workbook cannot hold (before 1900 or
// after 9999) is refused: the workbook and the tracker record it.
func reportDate(e *env, flag string) (time.Time, error) {
	outside := func(what string) error {
		return invalidf("%s: the report date must be from %s to %s, the dates a workbook holds", what,
			xlsx.FirstDate.Format(time.DateOnly), xlsx.LastDate.Format(time.DateOnly))
	}
	if flag != "" {
		t, err := time.Parse("2006-01-02", flag)
		if err != nil {
			return time.Time{}, invalidf("--date %q: want YYYY-MM-DD, e.g. 2026-10-01", flag)
		}
		if t.Before(xlsx.FirstDate) || t.After(xlsx.LastDate) {
			return time.Time{}, outside(fmt.Sprintf("--date %s", flag))
		}
		return t, nil
	}
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, invalidf("SOURCE_DATE_EPOCH %q: want seconds since 1970", s)
		}
		// Compared as seconds: a time far beyond year 9999 has no date.
		if sec < xlsx.FirstDate.Unix() || sec >= xlsx.LastDate.AddDate(0, 0, 1).Unix() {
			return time.Time{}, outside(fmt.Sprintf("SOURCE_DATE_EPOCH %s", s))
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return e.now(), nil
}

func checkFormats(formats []string) error {
	if len(formats) == 0 {
		return invalidf("--format: name pdf, xlsx or both")
	}
	for _, f := range formats {
		if !slices.Contains(allFormats, strings.ToLower(strings.TrimSpace(f))) {
			return invalidf("--format %q: want pdf, xlsx or both (pdf,xlsx)", f)
		}
	}
	return nil
}

func runReport(ctx context.Context, e *env, flags *pflag.FlagSet, opts reportOptions, args []string) error {
	if err := checkFormats(opts.formats); err != nil {
		return err
	}
	if err := checkActions(opts.actions); err != nil {
		return err
	}
	date, err := reportDate(e, opts.date)
	if err != nil {
		return err
	}
	if err := checkFont(e, opts.font); err != nil {
		return err
	}
	targets := reportTargets{out: opts.out, tracker: opts.tracker, actions: opts.actions, formats: opts.formats, date: date, font: opts.font}
	email, err := planEmail(ctx, e, flags, opts.email, targets.wants("pdf"))
	if err != nil {
		return err
	}
	if email != nil {
		targets.email = &mail.Draft{From: email.draft.from, To: email.draft.to, Cc: email.draft.cc, Date: e.now()}
	}
	// A folder's answers are read at once: those of 20,000 respondents
	// take about 150 MB, and the garbage collector would let the heap
	// grow to twice that while they are read (400 MB in all). A soft
	// limit makes it collect sooner when memory runs high: 270 MB in all,
	// for 5% more time; a small report never comes near it. A limit the
	// user set (GOMEMLIMIT) is left alone.
	if e.getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(reportMemoryLimit))
	}
	if targets.tracker != "" {
		targets.opening = openTrackerEarly(targets.tracker)
		defer targets.opening.close()
	}
	results, err := scoreTeams(e, opts.rubric, opts.allowMissing, opts.selection, args)
	if err != nil {
		return err
	}
	// A report allocates tens of megabytes that are garbage at once (the
	// PDF library makes a compressor for every page and font) from a heap
	// of a few: at the default GOGC of 100 the collector runs a dozen times
	// and takes a quarter of a small report's time. Collect less often,
	// unless the teams are large: then the heap is large to begin with, and
	// memory must stay bounded (at 1,000 respondents the peak is about
	// 100 MB either way). A GOGC the user set is left alone.
	if respondents(results) <= smallReport && e.getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	for _, res := range results {
		for _, w := range res.Warnings {
			e.say("warning: %s\n", w)
		}
	}
	paths, err := writeReports(ctx, e, results, targets)
	for _, p := range paths {
		e.sayOut("%s\n", p)
	}
	if err != nil || email == nil || email.sender == nil {
		return err
	}
	// Send the files as written, so that what was sent is on disk. A
	// team's email that fails to send leaves the others to be sent; the
	// error names the file to send again.
	var errs []error
	for _, name := range paths {
		if !strings.HasSuffix(name, ".eml") {
			continue
		}
		if err := sendReport(ctx, e, name, email); err != nil {
			if errors.Is(err, errAborted) {
				return err
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sendReport sends the email draft name that audit report wrote.
func sendReport(ctx context.Context, e *env, name string, email *emailPlan) error {
	eml, err := readLimited(name, maxEmailBytes)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	out, err := prepareEmail(e, name, eml, nil)
	if err != nil {
		return err
	}
	return sendEmail(ctx, e, e.stderr, name, out, email.sender, email.dryRun)
}

// respondents counts the respondents of all results.
func respondents(results []*scoring.Result) int {
	n := 0
	for _, res := range results {
		n += len(res.Respondents)
	}
	return n
}

// reportTargets says where and what writeReports writes.
type reportTargets struct {
	out     string
	tracker string
	actions int // the actions of each quarter to add to the tracker
	formats []string
	date    time.Time
	font    string      // --font
	email   *mail.Draft // write an email draft with the PDF too; nil: none
	// opening is the tracker opened while the answers were read; nil:
	// writeReports opens it.
	opening *trackerOpening
}

func (t reportTargets) wants(format string) bool {
	for _, f := range t.formats {
		if strings.EqualFold(strings.TrimSpace(f), format) {
			return true
		}
	}
	return false
}

// writeReports writes the PDF and workbook (and the email draft) of each
// result and records it in the tracker, returning the paths written.
// `audit take` uses it too.
//
// A signal (ctx done) stops it before the next file is written, and before
// the tracker is replaced: the tracker is then as it was.
func writeReports(ctx context.Context, e *env, results []*scoring.Result, t reportTargets) ([]string, error) {
	if err := os.MkdirAll(t.out, 0o755); err != nil {
		return nil, fmt.Errorf("create --out folder %s: %w", t.out, store.Bare(err))
	}
	bases := make([]string, len(results))
	for i, res := range results {
		bases[i] = filepath.Join(t.out, store.FilePart(res.Team)+"-"+res.Period)
		for _, out := range []string{bases[i] + ".xlsx", bases[i] + ".pdf"} {
			if t.tracker != "" && store.SameFile(t.tracker, out) {
				return nil, invalidf("--tracker %s is the report this run writes (%s): name another file", t.tracker, out)
			}
		}
	}
	// Read the tracker first: a tracker that is not a valid workbook stops
	// everything before any file is written. It stays locked until it is
	// updated, and a large tracker is read once. Each team's history is
	// read before its quarter is recorded and after the earlier quarters
	// of this run are (results come in team and period order), so that
	// the PDFs show the trend over all of them.
	// So is its follow-up (the targets, and the actions of earlier
	// quarters), before the quarter's own actions are added.
	histories := make([][]scoring.Snapshot, len(results))
	followUps := make([]followup.FollowUp, len(results))
	var tr *lockedTracker
	if t.tracker != "" {
		opening := t.opening
		if opening == nil {
			opening = openTrackerEarly(t.tracker)
			defer opening.close()
		}
		var err error
		if tr, err = opening.take(); err != nil {
			return nil, err
		}
		warned := map[string]bool{}
		for i, res := range results {
			histories[i] = tr.history(res)
			var warnings []string
			followUps[i], warnings = tr.followUp(res)
			for _, w := range warnings {
				if !warned[w] {
					warned[w] = true
					e.say("warning: --tracker %s: %s\n", t.tracker, w)
				}
			}
			if err := tr.record(res, t.date, t.actions); err != nil {
				return nil, err
			}
		}
	}
	// The fonts for the characters the built-in ones lack, in the answers
	// and in what the tracker follows up (an owner's name, a note).
	fonts := &openFonts{}
	if t.wants("pdf") {
		var need []rune
		for i, res := range results {
			need = append(need, pdf.MissingRunes(res, pdf.FollowUpTexts(followUps[i])...)...)
		}
		slices.Sort(need)
		var err error
		if fonts, err = reportFonts(e, t.font, slices.Compact(need)); err != nil {
			return nil, err
		}
	}
	defer fonts.close() // after the PDFs are made: see wg below
	// The files are made at the same time, in memory, then written one by
	// one: for each team and period the PDF, the workbook and the email
	// draft, then the tracker. One team's files are in memory at a time
	// (with the tracker's), so that many teams need no more memory than
	// one. A failure stops the files after it.
	var wg sync.WaitGroup
	defer wg.Wait() // before the tracker is closed
	var trk *rendering
	if tr != nil {
		trk = render(&wg, tr.write)
	}
	var paths []string
	for i, res := range results {
		files := renderTeam(&wg, res, histories[i], followUps[i], bases[i], t, fonts.fonts)
		// Nothing is written before the tracker and the team's files are
		// made: a tracker found damaged or full while its rows are copied
		// stops the run with no report written, as one that does not read
		// does.
		for _, r := range append([]*rendering{trk}, files.renderings()...) {
			if err := r.wait(); err != nil {
				return paths, err
			}
		}
		for _, f := range files {
			if ctx.Err() != nil {
				return paths, stoppedBefore(t)
			}
			if err := store.WriteFileAtomic(f.path, f.r.copyTo); err != nil {
				return paths, err
			}
			paths = append(paths, f.path)
		}
		for _, f := range files {
			f.r.buf = chunks{} // free them before the next team's
		}
	}
	if tr != nil {
		if err := tr.save(ctx, trk.copyTo); err != nil {
			if ctx.Err() != nil {
				return paths, stoppedBefore(t)
			}
			return paths, err
		}
		paths = append(paths, t.tracker)
	}
	return paths, nil
}

// teamFile is a file of a team's report being made, and where it goes.
type teamFile struct {
	path string
	r    *rendering
}

type teamFiles []teamFile

func (files teamFiles) renderings() []*rendering {
	rs := make([]*rendering, len(files))
	for i, f := range files {
		rs[i] = f.r
	}
	return rs
}

// renderTeam starts making the files of one team and period (base is their
// path without the extension): the PDF (with fonts for the characters the
// built-in fonts lack), the workbook and the email draft that t asks for,
// in the order they are written.
func renderTeam(wg *sync.WaitGroup, res *scoring.Result, history []scoring.Snapshot, follow followup.FollowUp, base string, t reportTargets, fonts []pdf.Font) teamFiles {
	var files teamFiles
	var pdfOut *rendering
	// The email summarises the PDF: it takes the PDF's follow-up.
	pdfOpts := pdf.Options{Date: t.date, History: history, FollowUp: follow, Actions: t.actions, Fonts: fonts}
	if t.wants("pdf") {
		pdfOut = render(wg, func(w io.Writer) error {
			return pdf.Write(w, res, pdfOpts)
		})
		files = append(files, teamFile{base + ".pdf", pdfOut})
	}
	if t.wants("xlsx") {
		files = append(files, teamFile{base + ".xlsx", render(wg, func(w io.Writer) error {
			return workbook.Write(w, res, workbook.Options{Date: t.date, FollowUp: follow})
		})})
	}
	if t.email != nil && pdfOut != nil {
		files = append(files, teamFile{base + ".eml", render(wg, func(w io.Writer) error {
			<-pdfOut.done
			if pdfOut.err != nil {
				return pdfOut.err
			}
			d := *t.email
			d.Summary = mail.NewSummary(res, history, pdfOpts.FollowUp, t.date, filepath.Base(base+".pdf"))
			d.PDF = pdfOut.buf.Bytes()
			return mail.Write(w, d)
		})})
	}
	return files
}

// stoppedBefore is the error of a report stopped by a signal.
func stoppedBefore(t reportTargets) error {
	msg := "stopped"
	if t.tracker != "" {
		msg += "; the tracker " + t.tracker + " was not changed"
	}
	return &exitError{code: exitAborted, err: errors.New(msg)}
}

// rendering is a file being made in memory by another goroutine.
type rendering struct {
	done chan struct{}
	buf  chunks
	err  error
}

// render starts making a file with write.
func render(wg *sync.WaitGroup, write func(w io.Writer) error) *rendering {
	r := &rendering{done: make(chan struct{})}
	wg.Go(func() {
		defer close(r.done)
		r.err = write(&r.buf)
	})
	return r
}

// wait waits for the file (nil: none) and returns the error making it.
func (r *rendering) wait() error {
	if r == nil {
		return nil
	}
	<-r.done
	return r.err
}

// copyTo waits for the file and writes it to w.
func (r *rendering) copyTo(w *bufio.Writer) error {
	<-r.done
	if r.err != nil {
		return r.err
	}
	_, err := r.buf.WriteTo(w)
	return err
}
