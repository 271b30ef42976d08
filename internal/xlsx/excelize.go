package xlsx

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// What both workbooks do with excelize: save a file into a Package, and the
// formatting their sheets share.

// FromExcelize saves f into a Package, in memory and not compressed, so
// that its parts can be found through their relationships and changed
// before Package.Write writes the file.
func FromExcelize(f *excelize.File) (*Package, error) {
	c := &capture{}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return c })
	if _, err := f.WriteTo(io.Discard); err != nil {
		return nil, err
	}
	if len(c.parts) == 0 {
		return nil, errNoCapture
	}
	return c.Package()
}

// OpenOptions are the options to open a workbook with excelize: its unzip
// limits are those of Open, so that a workbook excelize reads is bounded
// as much as one this package reads.
func OpenOptions() excelize.Options {
	return excelize.Options{UnzipSizeLimit: MaxTotalSize, UnzipXMLSizeLimit: min(MaxTotalSize, 16<<20)}
}

// Font is the workbooks' default font; styles that set a font name it so
// that no application falls back to another.
const Font = "Calibri"

// HeaderStyle is the style of a table's header row: bold on a light blue
// fill, wrapped, with a line below.
func HeaderStyle() *excelize.Style {
	return &excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 11, Color: "1F2937", Family: Font},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}},
	}
}

// PrintWide sets a sheet to print landscape, one page wide.
func PrintWide(f *excelize.File, sheet string) error {
	landscape, one, anyHeight, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &anyHeight}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
