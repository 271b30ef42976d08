package xlsx

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"

	"github.com/klauspost/compress/flate"
)

// A part made ahead is made and compressed in a goroutine of its own while
// the parts before it are written, then copied into the zip as it is: a
// tracker's Scores sheet is copied while its Answers sheet is (bench/gen's
// 10,000-quarter tracker, 90 and 70 MB of XML: writing it took 0.54–0.78 s
// instead of 0.84–0.92). It is held in memory, compressed, until it is
// written.
type aheadPart struct {
	done chan struct{}
	data bytes.Buffer // compressed
	crc  uint32
	size uint64 // unpacked
	err  error
}

// makeAhead starts making a part with write, compressed at level.
func makeAhead(write func(io.Writer) error, level int) *aheadPart {
	a := &aheadPart{done: make(chan struct{})}
	go func() {
		defer close(a.done)
		fw, err := flate.NewWriter(&a.data, level)
		if err != nil {
			a.err = err
			return
		}
		sum := crc32.NewIEEE()
		counted := &countingWriter{w: io.MultiWriter(fw, sum)}
		if a.err = write(counted); a.err == nil {
			a.err = fw.Close()
		}
		a.crc, a.size = sum.Sum32(), counted.n
	}()
	return a
}

// writeTo waits for the part and copies it into zw as name.
func (a *aheadPart) writeTo(zw *zip.Writer, name string) error {
	<-a.done
	if a.err != nil {
		return a.err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: a.crc,
		CompressedSize64: uint64(a.data.Len()), UncompressedSize64: a.size})
	if err != nil {
		return err
	}
	_, err = w.Write(a.data.Bytes())
	return err
}

type countingWriter struct {
	w io.Writer
	n uint64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += uint64(n)
	return n, err
}
