//go:build unix

package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// vtScreen is a small terminal emulator for the end-to-end tests: it keeps
// the screen that a program's output would show. Bubble Tea redraws only
// the cells that change, so the text of a frame is not in the output as
// such; the screen is. It knows what Bubble Tea's inline renderer sends
// (text, CR, LF, BS, TAB, relative cursor moves, erasing, SGR) plus the
// usual absolute moves, and ignores modes and queries. Anything else is
// recorded in unknown, so that a change in the renderer fails loudly
// instead of leaving a wrong screen.
type vtScreen struct {
	mu       sync.Mutex
	w, h     int
	cells    [][]rune
	x, y     int
	wrapNext bool // the last column was written: the next rune wraps

	state   int // ground, esc, csi, str (OSC, DCS, ...), strEsc, charset
	params  []byte
	partial []byte // an incomplete UTF-8 rune
	unknown []string
}

const (
	vtGround = iota
	vtEsc
	vtCSI
	vtStr
	vtStrEsc
	vtCharset
)

func newVTScreen(w, h int) *vtScreen {
	s := &vtScreen{w: w, h: h}
	s.cells = make([][]rune, h)
	for i := range s.cells {
		s.cells[i] = s.blankLine()
	}
	return s
}

func (s *vtScreen) blankLine() []rune {
	l := make([]rune, s.w)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// Write implements io.Writer.
func (s *vtScreen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range p {
		s.byte(b)
	}
	return len(p), nil
}

func (s *vtScreen) byte(b byte) {
	switch s.state {
	case vtEsc:
		s.state = vtGround
		switch b {
		case '[':
			s.state, s.params = vtCSI, s.params[:0]
		case ']', 'P', '_', '^', 'X':
			s.state = vtStr
		case '(', ')', '*', '+':
			s.state = vtCharset
		case '7', '8', '=', '>':
		case 'M': // reverse index
			if s.y == 0 {
				s.scrollDown(1)
			} else {
				s.y--
			}
		case 'D':
			s.lineFeed()
		case 'E':
			s.x = 0
			s.lineFeed()
		default:
			s.unknown = append(s.unknown, fmt.Sprintf("ESC %q", b))
		}
		return
	case vtCSI:
		if b >= 0x40 && b <= 0x7e {
			s.state = vtGround
			s.csi(string(s.params), b)
			return
		}
		s.params = append(s.params, b)
		return
	case vtStr:
		switch b {
		case 0x07:
			s.state = vtGround
		case 0x1b:
			s.state = vtStrEsc
		}
		return
	case vtStrEsc:
		s.state = vtStr
		if b == '\\' {
			s.state = vtGround
		}
		return
	case vtCharset:
		s.state = vtGround
		return
	}
	switch {
	case b == 0x1b:
		s.state = vtEsc
		s.partial = s.partial[:0]
	case b == '\r':
		s.x, s.wrapNext = 0, false
	case b == '\n' || b == 0x0b || b == 0x0c:
		s.lineFeed()
	case b == '\b':
		if s.x > 0 {
			s.x--
		}
		s.wrapNext = false
	case b == '\t':
		s.x = min(s.w-1, (s.x/8+1)*8)
		s.wrapNext = false
	case b < 0x20 || b == 0x7f:
		// BEL and other controls: nothing to draw
	default:
		s.partial = append(s.partial, b)
		if !utf8.FullRune(s.partial) {
			return
		}
		r, _ := utf8.DecodeRune(s.partial)
		s.partial = s.partial[:0]
		s.print(r)
	}
}

func (s *vtScreen) print(r rune) {
	if s.wrapNext {
		s.x, s.wrapNext = 0, false
		s.lineFeed()
	}
	s.cells[s.y][s.x] = r
	if s.x == s.w-1 {
		s.wrapNext = true
	} else {
		s.x++
	}
}

func (s *vtScreen) lineFeed() {
	s.wrapNext = false
	if s.y == s.h-1 {
		s.scrollUp(1)
		return
	}
	s.y++
}

func (s *vtScreen) scrollUp(n int) {
	for range min(n, s.h) {
		s.cells = append(s.cells[1:], s.blankLine())
	}
}

func (s *vtScreen) scrollDown(n int) {
	for range min(n, s.h) {
		s.cells = append([][]rune{s.blankLine()}, s.cells[:s.h-1]...)
	}
}

func (s *vtScreen) csi(params string, final byte) {
	if params != "" && strings.ContainsAny(params[:1], "?>=<") {
		return // private modes and queries
	}
	if strings.ContainsAny(params, " !\"#$%&'*+,-./") {
		return // sequences with intermediates: queries and settings
	}
	var ps []int
	for _, f := range strings.Split(params, ";") {
		f, _, _ = strings.Cut(f, ":")
		n, _ := strconv.Atoi(f)
		ps = append(ps, n)
	}
	arg := func(i, def int) int {
		if i < len(ps) && ps[i] > 0 {
			return ps[i]
		}
		return def
	}
	clampX := func(x int) int { return max(0, min(s.w-1, x)) }
	clampY := func(y int) int { return max(0, min(s.h-1, y)) }
	s.wrapNext = false
	switch final {
	case 'A':
		s.y = clampY(s.y - arg(0, 1))
	case 'B', 'e':
		s.y = clampY(s.y + arg(0, 1))
	case 'C', 'a':
		s.x = clampX(s.x + arg(0, 1))
	case 'D':
		s.x = clampX(s.x - arg(0, 1))
	case 'E':
		s.x, s.y = 0, clampY(s.y+arg(0, 1))
	case 'F':
		s.x, s.y = 0, clampY(s.y-arg(0, 1))
	case 'G', '`':
		s.x = clampX(arg(0, 1) - 1)
	case 'd':
		s.y = clampY(arg(0, 1) - 1)
	case 'H', 'f':
		s.y, s.x = clampY(arg(0, 1)-1), clampX(arg(1, 1)-1)
	case 'J':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.y, s.x, s.w)
			for y := s.y + 1; y < s.h; y++ {
				s.eraseLine(y, 0, s.w)
			}
		case 1:
			for y := 0; y < s.y; y++ {
				s.eraseLine(y, 0, s.w)
			}
			s.eraseLine(s.y, 0, s.x+1)
		default:
			for y := range s.h {
				s.eraseLine(y, 0, s.w)
			}
		}
	case 'K':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.y, s.x, s.w)
		case 1:
			s.eraseLine(s.y, 0, s.x+1)
		default:
			s.eraseLine(s.y, 0, s.w)
		}
	case 'X':
		s.eraseLine(s.y, s.x, min(s.w, s.x+arg(0, 1)))
	case '@':
		n := min(arg(0, 1), s.w-s.x)
		line := s.cells[s.y]
		copy(line[s.x+n:], line[s.x:s.w-n])
		s.eraseLine(s.y, s.x, s.x+n)
	case 'P':
		n := min(arg(0, 1), s.w-s.x)
		line := s.cells[s.y]
		copy(line[s.x:], line[s.x+n:])
		s.eraseLine(s.y, s.w-n, s.w)
	case 'S':
		s.scrollUp(arg(0, 1))
	case 'T':
		s.scrollDown(arg(0, 1))
	case 'm', 'h', 'l', 'n', 'c', 't', 'q', 'p', 's', 'u':
		// styles, modes, reports, cursor style: nothing to draw
	default:
		s.unknown = append(s.unknown, fmt.Sprintf("CSI %s%c", params, final))
	}
}

func (s *vtScreen) eraseLine(y, from, to int) {
	for x := max(0, from); x < min(s.w, to); x++ {
		s.cells[y][x] = ' '
	}
}

// text returns the screen, one line per row, without trailing blanks.
func (s *vtScreen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	lines := make([]string, s.h)
	for y, l := range s.cells {
		lines[y] = strings.TrimRight(string(l), " ")
	}
	return strings.Join(lines, "\n")
}

func (s *vtScreen) unknownSequences() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unknown...)
}
