package xlsx

import "io"

// AsyncWriter passes what is written to it on to w in another goroutine,
// so that compressing a large part overlaps making it. An error of w is
// returned by Close, which must be called.
type AsyncWriter struct {
	w      io.Writer
	chunks chan []byte
	free   chan []byte
	done   chan struct{}
	err    error // of w; read after done is closed
}

// NewAsyncWriter returns an AsyncWriter to w.
func NewAsyncWriter(w io.Writer) *AsyncWriter {
	const buffers, size = 4, 256 << 10
	a := &AsyncWriter{w: w, chunks: make(chan []byte, buffers), free: make(chan []byte, buffers), done: make(chan struct{})}
	for range buffers {
		a.free <- make([]byte, 0, size)
	}
	go func() {
		defer close(a.done)
		for b := range a.chunks {
			if a.err == nil {
				_, a.err = a.w.Write(b)
			}
			a.free <- b[:0]
		}
	}()
	return a
}

func (a *AsyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		b := <-a.free
		k := min(len(p), cap(b))
		a.chunks <- append(b, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Close waits for the writes to w and returns the first error.
func (a *AsyncWriter) Close() error {
	close(a.chunks)
	<-a.done
	return a.err
}

// Async calls write with an AsyncWriter to w and closes it: a large part
// is made on one core and compressed on another.
func Async(w io.Writer, write func(io.Writer) error) error {
	aw := NewAsyncWriter(w)
	err := write(aw)
	if cerr := aw.Close(); err == nil {
		err = cerr
	}
	return err
}
