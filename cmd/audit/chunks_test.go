package main

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestChunks: a file written in pieces of any size reads back whole, in
// one piece and written out.
func TestChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, firstChunk - 1, firstChunk, firstChunk + 1, 3*maxChunk + 17} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(rng.IntN(256))
		}
		var c chunks
		for p := want; len(p) > 0; {
			k := min(len(p), 1+rng.IntN(3*firstChunk))
			if n, err := c.Write(p[:k]); n != k || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
			p = p[k:]
		}
		var out bytes.Buffer
		if n, err := c.WriteTo(&out); n != int64(size) || err != nil {
			t.Fatalf("%d bytes: WriteTo: %d, %v", size, n, err)
		}
		if !bytes.Equal(out.Bytes(), want) || !bytes.Equal(c.Bytes(), want) {
			t.Errorf("%d bytes: read back differently", size)
		}
		for _, piece := range c.pieces {
			if cap(piece) > maxChunk {
				t.Errorf("%d bytes: a piece of %d", size, cap(piece))
			}
		}
	}
}
