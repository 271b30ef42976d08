package xlsx

// The compression of the workbooks audit writes. archive/zip compresses at
// the default level, which takes most of the time of writing a large sheet;
// the levels here are several times faster for a file a fifth to a third
// larger.

import (
	"archive/zip"
	"compress/flate"
	"io"
	"sync"
)

// Levels measured on a report workbook's Answers sheet (3.7 MB of XML) and
// a tracker's (70 MB) on the bench machine: level 6 (zip's default) 57 and
// 142 MB/s; level 2 144 and 432 MB/s, 28% and 76% larger; level 3 86 and
// 428 MB/s, 42% larger for the tracker.
const (
	LevelReport  = 2 // the report workbook
	LevelTracker = 3 // the tracker's Answers sheet, tens of MB of repeated markup
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
