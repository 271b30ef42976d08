package xlsx

import (
	"fmt"
	"time"
)

// The dates a workbook can hold: Excel's date systems start on 1900-01-01
// (or 1904-01-01 in the 1904 system) and end on 9999-12-31.
var (
	FirstDate     = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	FirstDate1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	LastDate      = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Day returns the serial number a worksheet stores for the date of t (its
// year, month and day where it is): the days since 1899-12-30, or since
// 1904-01-01 in a workbook of the 1904 date system. Dates before 1900-03-01
// count one less, because Excel holds 1900 to be a leap year (its serial 60
// is 1900-02-29). A date outside the range the date system holds is an
// error. The days are counted without time.Duration, which ends in 2262.
func Day(t time.Time, date1904 bool) (float64, error) {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	first := FirstDate
	if date1904 {
		first = FirstDate1904
	}
	if day.Before(first) || day.After(LastDate) {
		return 0, fmt.Errorf("the date %s is outside the dates a workbook can hold (%s to %s)",
			day.Format(time.DateOnly), first.Format(time.DateOnly), LastDate.Format(time.DateOnly))
	}
	days := func(t time.Time) int64 { return t.Unix() / 86400 }
	if date1904 {
		return float64(days(day) - days(FirstDate1904)), nil
	}
	n := days(day) - days(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))
	if day.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		n--
	}
	return float64(n), nil
}
