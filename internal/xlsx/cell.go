package xlsx

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Kind is the kind of value a cell holds, as a worksheet stores it.
type Kind uint8

// The kinds of cell values.
const (
	Empty  Kind = iota // no value (the cell may still carry a style)
	Number             // Value is the number as written
	String             // Value is the text
	Bool               // Value is "0" or "1"
	Error              // Value is the error, such as #N/A
)

// Cell is one cell read from or written to a worksheet.
type Cell struct {
	Col   int // 1-based
	Kind  Kind
	Value string
	Style int // index into the workbook's cell formats; 0 is the default
	// Attrs are the cell's other attributes as read, such as ` cm="1"
	// vm="2"` (the cell and value metadata newer versions of Excel write
	// for dynamic arrays, data types and pictures in cells), so that a
	// cell that is copied keeps them. New cells have none.
	Attrs string
}

// TextCell is a cell holding the text s (which the SheetWriter cleans
// with Clean); an empty text gives an empty cell with the style.
func TextCell(col int, s string, style int) Cell {
	if s == "" {
		return Cell{Col: col, Style: style}
	}
	return Cell{Col: col, Kind: String, Value: s, Style: style}
}

// NumberCell is a cell holding the number v.
func NumberCell(col int, v float64, style int) Cell {
	return Cell{Col: col, Kind: Number, Value: strconv.FormatFloat(v, 'f', -1, 64), Style: style}
}

// Row is one worksheet row: its number, its cells in ascending column
// order, and the row's own formatting, which moves with it.
type Row struct {
	Num          int // 1-based
	Cells        []Cell
	Style        int
	CustomFormat bool   // the row's style applies to its empty cells
	Height       string // in points, "" for the default
}

// Get returns the cell in a column, and whether it holds a value.
func (r *Row) Get(col int) (Cell, bool) {
	for _, c := range r.Cells {
		if c.Col == col {
			return c, c.Kind != Empty
		}
		if c.Col > col {
			break
		}
	}
	return Cell{Col: col}, false
}

// Text returns a cell's value as text ("" when empty).
func (r *Row) Text(col int) string {
	c, _ := r.Get(col)
	return c.Value
}

// Number returns a cell's value as a number, if it is one (or text that is
// one).
func (r *Row) Number(col int) (float64, bool) {
	c, ok := r.Get(col)
	v := strings.TrimSpace(c.Value)
	if !ok || (c.Kind != Number && c.Kind != String) || !IsNumber(v) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// Blank reports whether the row has no values in columns 1..n.
func (r *Row) Blank(n int) bool {
	for _, c := range r.Cells {
		if c.Col <= n && c.Kind != Empty && strings.TrimSpace(c.Value) != "" {
			return false
		}
	}
	return true
}

// Set stores a cell, keeping the cells in column order.
func (r *Row) Set(c Cell) {
	for i := range r.Cells {
		if r.Cells[i].Col == c.Col {
			r.Cells[i] = c
			return
		}
		if r.Cells[i].Col > c.Col {
			r.Cells = append(r.Cells, Cell{})
			copy(r.Cells[i+1:], r.Cells[i:])
			r.Cells[i] = c
			return
		}
	}
	r.Cells = append(r.Cells, c)
}

// ColumnName returns the letters of a 1-based column: 1 is A, 28 is AB;
// "" for a column outside 1..MaxCols. It is excelize.ColumnNumberToName for
// callers that know their column is valid.
func ColumnName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}
