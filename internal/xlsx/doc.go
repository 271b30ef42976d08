// Package xlsx is the spreadsheet engine under the report workbook and the
// tracker: what excelize cannot do fast enough, and what both writers
// share.
//
// excelize edits a workbook by reading whole sheets into memory; a tracker
// with 200,000 answer rows takes it tens of seconds. This package reads and
// writes rows as a stream (RowReader, SheetWriter, SpliceSheetData), keeps
// text in the shared string table (StringTable), and works on the package
// around the sheets (Package): it finds parts through the package's
// relationships, bounds what it unpacks, and writes a new file part by
// part, copying the parts it does not change. The writers leave to
// excelize what it does well (styles, charts, tables, data validation,
// protection), save the excelize file into a Package (FromExcelize), and
// splice their rows into its sheets.
//
// Text goes through Clean on its way into a cell, and is always stored as
// text, never as a formula. Dates go through Day.
package xlsx
