// Package xlsxtest changes workbook files for tests of the code that reads
// them: it edits their parts as text, turns them into the strict form, and
// damages a part, and has LibreOffice save it. Only tests import it.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Parts returns the unpacked parts of a workbook (any zip) by name.
func Parts(data []byte) (map[string]string, error) {
	out := map[string]string{}
	_, err := EditParts(data, func(name, content string) string {
		out[name] = content
		return content
	})
	return out, err
}

// EditParts returns the workbook (any zip) in data with each part's content
// replaced by what edit returns for it; parts keep their order.
func EditParts(data []byte, edit func(name, content string) string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, edit(f.Name, string(b))); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Strict returns the workbook in data in ISO strict form, as Excel saves a
// "Strict Open XML Spreadsheet": the namespaces and relationship types of
// the transitional form replaced by those of the strict one.
func Strict(data []byte) ([]byte, error) {
	r := strings.NewReplacer(
		"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/drawingml/2006/", "http://purl.oclc.org/ooxml/drawingml/")
	return EditParts(data, func(_, content string) string { return r.Replace(content) })
}

// Damage returns the zip in data with a wrong checksum for a part (named
// as the zip names it), as in a file damaged on a disk or in a transfer:
// the part unpacks, and the checksum fails at its end.
func Damage(data []byte, part string) ([]byte, error) {
	return rewrite(data, part, func(fh *zip.FileHeader, raw []byte) []byte {
		fh.CRC32 ^= 0x5555
		return raw
	})
}

// Truncate returns the zip in data with the second half of a part's
// compressed data missing, as in a copy that stopped half way: the part
// unpacks up to there, then fails.
func Truncate(data []byte, part string) ([]byte, error) {
	return rewrite(data, part, func(fh *zip.FileHeader, raw []byte) []byte {
		raw = raw[:len(raw)/2]
		fh.CompressedSize64 = uint64(len(raw))
		return raw
	})
}

// rewrite returns the zip in data with one part's header and compressed
// data changed by edit; the other parts are copied as they are.
func rewrite(data []byte, part string, edit func(fh *zip.FileHeader, raw []byte) []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		if f.Name != part {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		found = true
		rc, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		raw, err := io.ReadAll(rc)
		if err != nil {
			return nil, err
		}
		fh := f.FileHeader
		fh.Flags &^= 0x8 // sizes and checksum in the header, not after the data
		raw = edit(&fh, raw)
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(raw); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("no part %s", part)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SofficeOrSkip returns LibreOffice's soffice, or skips the test (in -short
// mode, or when it is not installed).
func SofficeOrSkip(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs LibreOffice")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed")
	}
	return soffice
}

// Resave opens and saves a workbook in LibreOffice, as a user who edits it
// there would.
func Resave(t testing.TB, soffice string, data []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "book.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved, err := os.ReadFile(filepath.Join(out, "book.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(saved, data) {
		t.Fatal("LibreOffice wrote the same bytes: it did not save the file again")
	}
	return saved
}
