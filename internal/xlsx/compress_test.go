package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestRegister writes entries with the reused compressor and reads them
// back.
func TestRegister(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	register(zw, LevelTracker)
	want := map[string]string{
		"a.xml": strings.Repeat("<row><c s=\"4\" t=\"s\"><v>12</v></c></row>", 5000),
		"b.xml": "short",
		"c.xml": "",
	}
	for _, name := range []string{"a.xml", "b.xml", "c.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, want[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want[f.Name] {
			t.Errorf("%s: got %d bytes, want %d", f.Name, len(got), len(want[f.Name]))
		}
		if f.Name == "a.xml" && f.CompressedSize64*20 > f.UncompressedSize64 {
			t.Errorf("a.xml compressed to %d of %d bytes", f.CompressedSize64, f.UncompressedSize64)
		}
	}
}
