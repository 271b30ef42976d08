package form

import (
	"bytes"
	"sync"
)

// keys holds the answer keys read last. The forms of a team and period,
// made by one run of audit form, have the same answer key; reading it (its
// sheet, its strings, its hash) was a third of the time of reading a form.
var keys keyCache

// maxKeys is the most answer keys kept: a folder holds the forms of a few
// teams and periods at a time, and a key is some 50 kB.
const maxKeys = 16

// keyCache holds answer keys, for all the forms a process reads; it is
// safe for concurrent use.
type keyCache struct {
	mu      sync.Mutex
	entries []*cachedKey
	next    int // the entry replaced next, once there are maxKeys
}

// cachedKey is an answer key read from a form, with what reads as the
// same key in another form.
//
// Two forms of one key do not have the same bytes in their key sheets:
// a cell holds the index of its text in the shared strings, which the
// respondent's answers shift. The key is thus kept as its sheet's part
// with each such index cut out, and the string item each index named, as
// written: a form whose key sheet has the same bytes around the indexes,
// and whose indexes name string items of the same bytes, has a key sheet
// whose every cell reads as this one's, and thus the same key. Bytes are
// compared, not hashes.
type cachedKey struct {
	part      []byte   // the key sheet's part
	refs      []keyRef // the shared strings it names, in the order written
	key       *key     // as readKey read it
	questions []formQuestion
}

// keyRef is a shared string named in a key sheet.
type keyRef struct {
	start, end int    // where its index stands in the part
	item       []byte // the string item, as written
}

// newCachedKey returns the cache entry of a key read from a form whose key
// sheet's part and cells (in the order written) are given; nil when the
// sheet names a shared string other than by plain digits, or its
// strings were not read by the quick path.
func newCachedKey(part []byte, cells []sheetCell, strs *sharedStrings, k *key) *cachedKey {
	e := &cachedKey{part: bytes.Clone(part), key: k, questions: formQuestions(k)}
	var items []byte // the items of refs, one after the other
	var ends []int   // where each ends in items
	for i := range cells {
		c := &cells[i]
		if c.typ != "s" {
			continue
		}
		if c.vEnd == 0 || strs.items == nil {
			return nil
		}
		it := strs.items[c.sst]
		items = append(items, strs.data[it.start:it.end]...)
		ends = append(ends, len(items))
		e.refs = append(e.refs, keyRef{start: int(c.vStart), end: int(c.vEnd)})
	}
	at := 0
	for i, end := range ends {
		e.refs[i].item, at = items[at:end:end], end
	}
	// Cells are in the order written unless the sheet's were not; refs
	// must be.
	for i := 1; i < len(e.refs); i++ {
		if e.refs[i].start < e.refs[i-1].end {
			return nil
		}
	}
	return e
}

// formQuestions returns what a Form keeps of a key's questions.
func formQuestions(k *key) []formQuestion {
	qs := make([]formQuestion, len(k.questions))
	for i, q := range k.questions {
		qs[i] = formQuestion{id: q.id, answerCell: q.answerCell, ids: q.ids, number: q.number}
	}
	return qs
}

// matches reports whether the key sheet part data, whose workbook's
// shared strings b reads, reads as the cached key's.
func (e *cachedKey) matches(data []byte, b *book) bool {
	var strs *sharedStrings
	if len(e.refs) > 0 {
		var err error
		if strs, err = b.sharedStrings(); err != nil || strs.items == nil {
			return false // the reading of the sheet says why, or reads it slowly
		}
	}
	pos, last := 0, 0
	for _, ref := range e.refs {
		around := e.part[last:ref.start]
		if !bytes.HasPrefix(data[pos:], around) {
			return false
		}
		pos += len(around)
		end := pos
		for end < len(data) && data[end] >= '0' && data[end] <= '9' {
			end++
		}
		n, ok := digits(data[pos:end])
		if !ok || n >= len(strs.items) {
			return false
		}
		it := strs.items[n]
		if !bytes.Equal(strs.data[it.start:it.end], ref.item) {
			return false
		}
		pos, last = end, ref.end
	}
	return bytes.Equal(data[pos:], e.part[last:])
}

// lookup returns the cached key that the key sheet part data reads as;
// nil when there is none.
func (c *keyCache) lookup(data []byte, b *book) *cachedKey {
	var entries [maxKeys]*cachedKey
	c.mu.Lock()
	n := copy(entries[:], c.entries)
	c.mu.Unlock()
	for _, e := range entries[:n] {
		if e.matches(data, b) {
			return e
		}
	}
	return nil
}

// add keeps e, unless a key of the same reading is kept already.
func (c *keyCache) add(e *cachedKey, data []byte, b *book) {
	if c.lookup(data, b) != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) < maxKeys {
		c.entries = append(c.entries, e)
		return
	}
	c.entries[c.next] = e
	c.next = (c.next + 1) % maxKeys
}
