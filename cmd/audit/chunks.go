package main

import "io"

// chunks is a file made in memory, in pieces. A bytes.Buffer doubles as
// it grows: the workbook of 20,000 respondents (17 MB) took a buffer of
// 32 MB, with the 16 MB one before it copied in, while the PDF and the
// tracker were being made.
type chunks struct {
	pieces [][]byte
}

// The first piece is small, for the small files most reports are; each
// next one is twice as large, up to maxChunk.
const (
	firstChunk = 64 << 10
	maxChunk   = 1 << 20
)

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		last := len(c.pieces) - 1
		if last < 0 || len(c.pieces[last]) == cap(c.pieces[last]) {
			size := firstChunk
			if last >= 0 {
				size = min(2*cap(c.pieces[last]), maxChunk)
			}
			c.pieces = append(c.pieces, make([]byte, 0, size))
			last++
		}
		piece := c.pieces[last]
		k := min(len(p), cap(piece)-len(piece))
		c.pieces[last] = append(piece, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes the file to w.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, piece := range c.pieces {
		k, err := w.Write(piece)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Bytes returns the file in one piece.
func (c *chunks) Bytes() []byte {
	if len(c.pieces) == 1 {
		return c.pieces[0]
	}
	var all []byte
	for _, piece := range c.pieces {
		all = append(all, piece...)
	}
	return all
}
