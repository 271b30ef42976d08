package xlsx

// The compression of the workbooks audit writes and reads. Deflate is
// klauspost/compress's, a drop-in for compress/flate that is quicker both
// ways; archive/zip takes it through RegisterCompressor and
// RegisterDecompressor. Measured on the bench machine (best of 3) on the
// Answers sheets of a 20,000-respondent report workbook (207 MB of XML) and
// tracker (276 MB):
//
//	                            report            tracker
//	compress/flate level 2      896 ms, 16.8 MB   638 ms, 12.3 MB
//	compress/flate level 3      915 ms, 15.4 MB   744 ms, 10.2 MB
//	klauspost level 1           583 ms, 19.1 MB   378 ms, 13.3 MB
//	klauspost level 5           849 ms, 14.7 MB   878 ms,  9.6 MB
//	unpacking, level 6 data     compress/flate 383 ms, klauspost 215 ms
//
// Before, at 20,000 respondents, reading 2,000 forms and writing the two
// workbooks spent 4 s of CPU in compress/flate; the files are a tenth to a
// quarter larger.

import (
	"archive/zip"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// The levels of the workbooks: the report workbook is made once and sent;
// the tracker's Answers sheet is tens of MB of repeated markup that every
// update writes again.
const (
	LevelReport  = 1
	LevelTracker = 1
)

// register makes zw compress its entries at level, with a compressor that
// is reused from entry to entry: a new one takes a megabyte.
func register(zw *zip.Writer, level int) {
	pool := &sync.Pool{}
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		if fw, ok := pool.Get().(*flate.Writer); ok {
			fw.Reset(w)
			return &pooled{fw, pool}, nil
		}
		fw, err := flate.NewWriter(w, level)
		if err != nil {
			return nil, err
		}
		return &pooled{fw, pool}, nil
	})
}

// pooled returns its writer to the pool when it is closed.
type pooled struct {
	*flate.Writer
	pool *sync.Pool
}

func (p *pooled) Close() error {
	err := p.Writer.Close()
	p.pool.Put(p.Writer)
	return err
}

// inflaters holds decompressors for reuse: a new one takes 40 kB, and a
// folder of forms opens four parts of each.
var inflaters sync.Pool

// ReadDeflate makes zr unpack its parts with klauspost/compress.
func ReadDeflate(zr *zip.Reader) {
	zr.RegisterDecompressor(zip.Deflate, inflate)
}

func inflate(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(flate.Resetter).Reset(r, nil); err == nil {
			return &pooledReader{fr}
		}
	}
	return &pooledReader{flate.NewReader(r)}
}

// pooledReader returns its decompressor to the pool when it is closed.
type pooledReader struct{ io.ReadCloser }

func (p *pooledReader) Close() error {
	err := p.ReadCloser.Close()
	inflaters.Put(p.ReadCloser)
	p.ReadCloser = nil
	return err
}
