package rubric

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, src := range []string{
		"id: a\nid: b\n",
		"id: x\nversion: '1'\ntitle: T\nbands: []\nareas: []\n",
		"id: x\nversion: '1'\ntitle: T\nbands:\n  - {min: 0, label: L, summary: S}\nareas:\n  - id: a\n    title: A\n    why: W\n    questions:\n      - id: q\n        text: Q\n        advice: A\n        options: []\n",
		"",
		"# only a comment\n",
		"---\n",
		"~\n",
		"a: [1\n",
		"a: b\n\tc: d\n",
		"id: x\x00\n",
	} {
		r, err := Parse("x.yaml", []byte(src))
		fmt.Printf("%q\n  -> %+v\n  err=%v\n", src, r, err)
	}
}
