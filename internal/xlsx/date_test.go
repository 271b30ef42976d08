package xlsx

import (
	"testing"
	"time"
)

func TestDay(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		date     time.Time
		date1904 bool
		want     float64
	}{
		{day(1900, 1, 1), false, 1},
		{day(1900, 2, 28), false, 59},
		{day(1900, 3, 1), false, 61}, // 60 is Excel's 1900-02-29
		{day(1970, 1, 1), false, 25569},
		{day(2026, 10, 1), false, 46296},
		// Past time.Duration's range (2262): once 2192-04-09.
		{day(2300, 1, 1), false, 146099},
		{day(9999, 12, 31), false, 2958465},
		{day(1904, 1, 1), true, 0},
		{day(2026, 10, 1), true, 46296 - 1462},
		{day(9999, 12, 31), true, 2958465 - 1462},
		// The date where it is, whatever the time and zone.
		{time.Date(2026, 10, 1, 23, 59, 0, 0, time.FixedZone("UTC-11", -11*3600)), false, 46296},
	} {
		got, err := Day(tc.date, tc.date1904)
		if err != nil || got != tc.want {
			t.Errorf("Day(%s, 1904=%v) = %v, %v; want %v", tc.date, tc.date1904, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		date     time.Time
		date1904 bool
	}{
		{day(1, 1, 1), false}, // once 1607-09-20
		{day(1899, 12, 31), false},
		{day(1903, 12, 31), true},
		{day(10000, 1, 1), false},
		{day(-5, 3, 1), false},
	} {
		if got, err := Day(tc.date, tc.date1904); err == nil {
			t.Errorf("Day(%s, 1904=%v) = %v, want an error", tc.date, tc.date1904, got)
		}
	}
}
