package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// CopySheetData writes the worksheet part read from r to w with its rows
// written again, as SpliceSheetData does, but without holding the part in
// memory: the header (row 1) is kept as it is, then rows reads the old rows
// that follow from rr (sst being the workbook's shared strings) and writes
// the new ones with sw, which writes text as inline strings. Everything
// after the rows is kept, with the ranges of autoFilter and sortState that
// start at row 1 or 2 made to end at the last row written. The dimension
// element, the used range, is left out: it comes before the rows, whose
// number is known only once they are written, and it is optional
// (applications work the used range out, as for the tracker's Answers
// sheet, which never had one).
func CopySheetData(r io.Reader, sst []string, w io.Writer, rows func(rr *RowReader, sw *SheetWriter) error) error {
	start := &headCapture{r: r}
	rr := NewRowReader(start, sst)
	first, err := rr.Next()
	if err != nil {
		return err
	}
	if first == nil || first.Num != 1 {
		return errors.New("worksheet has no header row")
	}
	start.done = true
	head, err := withoutElement(start.buf[:rr.dataStart], "dimension")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	bw.WriteString("<")
	bw.Write(rr.dataQName)
	bw.WriteString(">")
	bw.Write(start.buf[rr.rowStart:rr.rowEnd])
	sw := NewSheetWriter(bw, nil, 1)
	if err := rows(rr, sw); err != nil {
		return err
	}
	if rr.state == 1 {
		if err := rr.sc.skipElement(); err != nil {
			return err
		}
		rr.state = 2
	}
	// The scanner holds the input from the end of sheetData on; the rest
	// is read whole (reading a zipped part to its end checks its checksum).
	s := rr.sc
	tail := s.buf[s.pos:s.end]
	if s.err != nil {
		return s.err
	}
	if !s.eof {
		rest, err := io.ReadAll(s.src)
		if err != nil {
			return err
		}
		tail = append(tail, rest...)
	}
	if tail, err = ExtendRanges(tail, sw.LastRow(), "autoFilter", "sortState", "sortCondition"); err != nil {
		return err
	}
	bw.WriteString("</")
	bw.Write(rr.dataQName)
	bw.WriteString(">")
	bw.Write(tail)
	return bw.Flush()
}

// headCapture is a reader that keeps what it has read until done.
type headCapture struct {
	r    io.Reader
	buf  []byte
	done bool
}

func (c *headCapture) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if !c.done {
		c.buf = append(c.buf, p[:n]...)
	}
	return n, err
}

// withoutElement returns xml without the first element of the given local
// name.
func withoutElement(xml []byte, name string) ([]byte, error) {
	sc := newScanner(bytes.NewReader(xml))
	for {
		t, err := sc.next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tokEOF:
			return xml, nil
		case t.kind == tokStart && string(t.name) == name:
			from := t.start
			if !t.empty {
				if err := sc.skipElement(); err != nil {
					return nil, err
				}
			}
			return append(xml[:from:from], xml[sc.off:]...), nil
		}
	}
}
