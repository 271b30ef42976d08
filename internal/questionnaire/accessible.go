package questionnaire

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/alignaudit/audit/internal/answers"
)

// accessibleWidth is where the summary wraps in accessible mode.
const accessibleWidth = 76

// askAccessible asks with huh's accessible prompts, a field at a time, so
// that it can stop between prompts when the context is cancelled or the
// input ends. Answered questions (of a resumed draft) are skipped: there is
// no going back.
func (t *Terminal) askAccessible(ctx context.Context, q *quiz, onProgress func(*answers.Sheet) error) error {
	w := t.out
	r := q.r
	total := len(q.refs)
	progress := func() error {
		q.sync()
		if onProgress == nil {
			return nil
		}
		return onProgress(q.sheet)
	}
	for ai := range r.Areas {
		if q.areaDone(ai) {
			continue
		}
		a := &r.Areas[ai]
		fmt.Fprintf(w, "Area %d of %d: %s\n%s\n\n", ai+1, len(r.Areas), a.Title, a.Why)
		span := q.spans[ai]
		for i := span[0]; i < span[1]; i++ {
			if q.answered[i] {
				continue
			}
			ref := q.refs[i]
			qu := ref.q
			fmt.Fprintf(w, "Question %d of %d\n", i+1, total)
			if qu.Help != "" {
				fmt.Fprintln(w, qu.Help)
			}
			if err := t.askQuestionAccessible(ctx, q, i); err != nil {
				return err
			}
			title := "Comment (optional, press Enter to skip):"
			// The answer counts from here: the comment is kept as far as it
			// was typed.
			q.answered[i] = true
			// No CharLimit: huh would ask again and take the next line (the
			// next answer, when piped) as the comment, and it counts bytes.
			comment := huh.NewInput().Title(title).Value(&q.comments[i])
			err := t.runAccessible(ctx, comment, false, "")
			if n := utf8.RuneCountInString(q.comments[i]); n > answers.MaxCommentLength {
				// The draft leaves this question out, to be asked again,
				// rather than keep a comment no answers file may hold.
				q.answered[i] = false
				if err == nil {
					err = fmt.Errorf("%w: question %d, %q: the comment is %d characters long, more than the %d allowed",
						ErrTooLong, i+1, qu.ID, n, answers.MaxCommentLength)
				}
			}
			if perr := progress(); perr != nil {
				return perr
			}
			if err != nil {
				return err
			}
		}
	}

	q.sync()
	res, err := score(r, q.sheet)
	if err != nil {
		return fmt.Errorf("score answers: %w", err)
	}
	fmt.Fprintf(w, "%s\n\n", summary(res, accessibleWidth, 0, summaryStyles{}))
	save := true
	c := huh.NewConfirm().Title("Save your answers? (y: save, n: not now)").Value(&save)
	if err := t.runAccessible(ctx, c, false, ""); err != nil {
		return err
	}
	if !save {
		return ErrDeclined
	}
	return nil
}

// askQuestionAccessible asks question i: a numbered choice, and for a number
// question the number (when the respondent chose to type one).
func (t *Terminal) askQuestionAccessible(ctx context.Context, q *quiz, i int) error {
	qu := q.refs[i].q
	if !qu.IsNumber() || hasChoices(qu) {
		cs := choices(qu)
		opts := make([]huh.Option[string], 0, len(cs))
		for _, o := range cs {
			opts = append(opts, huh.NewOption(optionLabel(o, " — "), o.ID))
		}
		title := qu.Text
		if qu.IsNumber() {
			title += " (" + numberHint(qu) + ")"
		}
		sel := huh.NewSelect[string]().Title(title).Options(opts...).Value(&q.values[i])
		if err := t.runAccessible(ctx, sel, true, "Type the number of your answer."); err != nil {
			return err
		}
	}
	if !qu.IsNumber() || q.values[i] != numberChoice {
		return nil
	}
	title := fmt.Sprintf("%s (%s)", numberTitle(qu), qu.Range())
	if !hasChoices(qu) {
		title = qu.Text + " " + title
	}
	input := huh.NewInput().Title(title + ":").CharLimit(40).Value(&q.numbers[i]).Validate(func(s string) error {
		_, err := ParseNumber(qu, s)
		return err
	})
	return t.runAccessible(ctx, input, false, "")
}

// runAccessible runs one field's accessible prompt. When required, an empty
// line (which huh takes as the default) asks again, after the hint.
func (t *Terminal) runAccessible(ctx context.Context, f huh.Field, required bool, hint string) error {
	t.lines.ctx = ctx
	for {
		f.Init()
		f.Focus()
		t.prompt(f)
		fmt.Fprintln(t.out)
		switch {
		case ctx.Err() != nil:
			return ErrAborted
		case t.lines.line.Len() > 0:
			// huh's scanner gave up in the middle of a line longer than
			// 64 KB; the rest of it would answer the next prompts.
			return fmt.Errorf("%w: a line of more than 64 KB", ErrTooLong)
		case t.lines.ended:
			return ErrInputEnded
		case required && strings.TrimSpace(t.lines.last) == "":
			if hint != "" {
				fmt.Fprintln(t.out, hint)
			}
			continue
		}
		return nil
	}
}

// prompt runs a field's accessible prompt. When the input ends or the
// context is cancelled while a prompt waits, huh takes the last line or the
// default and can index out of range on an invalid last line: the caller
// throws that answer away, so the panic is too.
func (t *Terminal) prompt(f huh.Field) {
	defer func() {
		if r := recover(); r != nil && !t.lines.ended && t.lines.ctx.Err() == nil {
			panic(r)
		}
	}()
	_ = f.RunAccessible(t.out, t.lines)
}

// lineReader hands its input to huh one byte at a time: huh's accessible
// prompts read each answer with a new bufio.Scanner, which would otherwise
// swallow the following lines. It remembers the last complete line, notes
// the end of the input, and stops waiting when its context is cancelled
// (ctrl+c on a terminal in line mode sends SIGINT, which cancels it).
type lineReader struct {
	ctx     context.Context
	src     io.Reader
	buf     []byte
	err     error // of the source, after buf is used up
	pending chan chunk
	reading bool
	line    strings.Builder
	last    string // the last complete line, without its newline
	ended   bool   // the input ended or failed
}

type chunk struct {
	data []byte
	err  error
}

func newLineReader(src io.Reader) *lineReader {
	return &lineReader{ctx: context.Background(), src: src, pending: make(chan chunk, 1)}
}

// Read implements io.Reader, returning at most one byte.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(l.buf) == 0 {
		if l.err != nil && l.line.Len() > 0 {
			l.buf = []byte{'\n'} // end the last line, which has no newline
			break
		}
		if l.err != nil {
			l.ended = true
			return 0, l.err
		}
		if err := l.fill(); err != nil {
			return 0, err
		}
	}
	c := l.buf[0]
	l.buf = l.buf[1:]
	p[0] = c
	switch c {
	case '\n':
		l.last = strings.TrimSuffix(l.line.String(), "\r")
		l.line.Reset()
	default:
		l.line.WriteByte(c)
	}
	return 1, nil
}

// fill waits for the next chunk of input. The read runs in a goroutine so
// that a cancelled context ends the wait; the read itself goes on and its
// chunk is kept for the next fill.
func (l *lineReader) fill() error {
	if !l.reading {
		l.reading = true
		go func() {
			b := make([]byte, 4096)
			n, err := l.src.Read(b)
			l.pending <- chunk{data: b[:n], err: err}
		}()
	}
	select {
	case c := <-l.pending:
		l.reading = false
		l.buf = c.data
		if c.err != nil {
			l.err = c.err
		}
		return nil
	case <-l.ctx.Done():
		return l.ctx.Err()
	}
}
