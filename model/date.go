package model

import (
	"fmt"
	"strconv"
)

// Date is a dataset date of year, month or day precision ("2014", "2014-11",
// "2014-11-19"). Month and Day are 0 when not given. The zero Date is "no date".
type Date struct {
	Year, Month, Day int
}

// ParseDate reads a date in one of the three forms the schema allows.
func ParseDate(s string) (Date, error) {
	var d Date
	bad := func() (Date, error) {
		return Date{}, fmt.Errorf("bad date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	switch len(s) {
	case 4, 7, 10:
	default:
		return bad()
	}
	num := func(from, to int) (int, bool) {
		for i := from; i < to; i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(s[from:to])
		return n, err == nil
	}
	var ok bool
	if d.Year, ok = num(0, 4); !ok || d.Year == 0 {
		return bad()
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad()
		}
		if d.Month, ok = num(5, 7); !ok {
			return bad()
		}
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("bad date %q: there is no month %02d", s, d.Month)
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		if d.Day, ok = num(8, 10); !ok {
			return bad()
		}
		if n := daysIn(d.Year, d.Month); d.Day < 1 || d.Day > n {
			return Date{}, fmt.Errorf("bad date %q: %04d-%02d has %d days", s, d.Year, d.Month, n)
		}
	}
	return d, nil
}

// MustDate is ParseDate for dates known to be well formed; it returns the zero
// Date for anything else, which sorts before every real date.
func MustDate(s string) Date {
	d, _ := ParseDate(s)
	return d
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.Year == 0 }

// key orders dates; a coarser date sorts before the finer dates inside it.
func (d Date) key() int { return d.Year*10000 + d.Month*100 + d.Day }

// Before reports whether d sorts strictly before e.
func (d Date) Before(e Date) bool { return d.key() < e.key() }

// Compare returns -1, 0 or +1 as d sorts before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch a, b := d.key(), e.key(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// last is the last day d covers: "2014" runs to 2014-12-31, "2014-02" to
// 2014-02-28. Comparing a coarse date by its first day alone would call
// "2025-06" later than an as_of of "2025".
func (d Date) last() Date {
	switch {
	case d.Year == 0 || d.Day != 0:
		return d
	case d.Month == 0:
		return EndOfYear(d.Year)
	}
	return Date{Year: d.Year, Month: d.Month, Day: daysIn(d.Year, d.Month)}
}

// EndOfYear is the last day of year y: "as things stood in y" includes all of y.
func EndOfYear(y int) Date { return Date{Year: y, Month: 12, Day: 31} }

// String writes d in the precision it was given.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}
