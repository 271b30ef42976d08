package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// packed returns a zip of the parts (name, content, name, content…)
// written with the reused compressor, read with the reused decompressors.
func packed(t *testing.T, parts ...string) *zip.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	register(zw, LevelTracker)
	for i := 0; i < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[i+1]); err != nil {
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
	ReadDeflate(zr)
	return zr
}

// TestRegister writes entries with the reused compressor and reads them
// back twice with the reused decompressors.
func TestRegister(t *testing.T) {
	want := map[string]string{
		"a.xml": strings.Repeat("<row><c s=\"4\" t=\"s\"><v>12</v></c></row>", 5000),
		"b.xml": "short",
		"c.xml": "",
	}
	zr := packed(t, "a.xml", want["a.xml"], "b.xml", want["b.xml"], "c.xml", want["c.xml"])
	for _, f := range append(zr.File, zr.File...) {

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

// TestCutShort reads a sheet whose compressed data is cut in two: the
// error is the one of the data ending early, not of the markup it ends in.
func TestCutShort(t *testing.T) {
	zr := packed(t, "sheet.xml", "<worksheet><sheetData>"+strings.Repeat(`<row><c s="4" t="s"><v>12</v></c><c><v>3.5</v></c></row>`, 20000)+"</sheetData></worksheet>")
	raw, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(raw)
	for _, cut := range []int{len(data) / 3, len(data) / 2, len(data) - 10} {
		rr := NewRowReader(flateReader(data[:cut]), nil)
		for err == nil {
			var row *Row
			if row, err = rr.Next(); row == nil && err == nil {
				t.Fatalf("cut at %d of %d: no error", cut, len(data))
			}
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d of %d: %v, want %v", cut, len(data), err, io.ErrUnexpectedEOF)
		}
		err = nil
	}
}

func flateReader(data []byte) io.Reader { return inflate(bytes.NewReader(data)) }
