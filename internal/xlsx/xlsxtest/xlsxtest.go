// Package xlsxtest changes workbook files for tests of the code that reads
// them: it edits their parts as text, turns them into the strict form, and
// damages a part. Only tests import it.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
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

// Damage returns the zip in data with one byte of a part's compressed data
// changed, so that unpacking it fails (a bad checksum or a broken stream),
// as in a file that was damaged on a disk or in a transfer. The part is
// named as the zip names it.
func Damage(data []byte, part string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			return nil, err
		}
		if f.CompressedSize64 < 16 {
			return nil, fmt.Errorf("%s: too small to damage", part)
		}
		out := bytes.Clone(data)
		out[off+int64(f.CompressedSize64)/2] ^= 0x55
		return out, nil
	}
	return nil, fmt.Errorf("no part %s", part)
}
