package model_test

import (
	"strings"
	"testing"

	"govscape/model"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want model.Date
		// err is a fragment of the error; empty means no error.
		err string
	}{
		{"2014", model.Date{Year: 2014}, ""},
		{"2014-11", model.Date{Year: 2014, Month: 11}, ""},
		{"2014-11-19", model.Date{Year: 2014, Month: 11, Day: 19}, ""},
		{"0001-01-01", model.Date{Year: 1, Month: 1, Day: 1}, ""},
		{"2014-12-31", model.Date{Year: 2014, Month: 12, Day: 31}, ""},
		{"2014-04-30", model.Date{Year: 2014, Month: 4, Day: 30}, ""},
		{"2014-04-31", model.Date{}, "2014-04 has 30 days"},
		{"2014-13", model.Date{}, "no month 13"},
		{"2014-00", model.Date{}, "no month 00"},
		{"2014-01-00", model.Date{}, "has 31 days"},
		{"2014-01-32", model.Date{}, "has 31 days"},
		// Leap years: every fourth, except centuries, except every fourth century.
		{"2024-02-29", model.Date{Year: 2024, Month: 2, Day: 29}, ""},
		{"2023-02-29", model.Date{}, "2023-02 has 28 days"},
		{"2000-02-29", model.Date{Year: 2000, Month: 2, Day: 29}, ""},
		{"1900-02-29", model.Date{}, "1900-02 has 28 days"},
		{"2015-02-30", model.Date{}, "2015-02 has 28 days"},
		{"2024-02-30", model.Date{}, "2024-02 has 29 days"},
		{"", model.Date{}, "want YYYY"},
		{"0000", model.Date{}, "want YYYY"},
		{"14", model.Date{}, "want YYYY"},
		{"20145", model.Date{}, "want YYYY"},
		{"2014/11", model.Date{}, "want YYYY"},
		{"2014-1-19", model.Date{}, "want YYYY"},
		{"19-11-2014", model.Date{}, "want YYYY"},
		{"2014-11-19T00", model.Date{}, "want YYYY"},
		{"+201", model.Date{}, "want YYYY"},
		{"2014-+1", model.Date{}, "want YYYY"},
		{"2014-11--1", model.Date{}, "want YYYY"},
		{"２０１４", model.Date{}, "want YYYY"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := model.ParseDate(tt.in)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseDate(%q): got %v, %v; want %v, nil", tt.in, got, err, tt.want)
				}
				if s := got.String(); s != tt.in {
					t.Errorf("ParseDate(%q).String(): got %q, want it back unchanged", tt.in, s)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q): got %v, %v; want an error mentioning %q", tt.in, got, err, tt.err)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q): got %v with the error, want the zero Date", tt.in, got)
			}
			if d := model.MustDate(tt.in); !d.IsZero() {
				t.Errorf("MustDate(%q): got %v, want the zero Date", tt.in, d)
			}
		})
	}
}

func TestDateOrder(t *testing.T) {
	// A coarse date sorts before the finer dates inside it, and the zero
	// Date before every real one.
	ordered := []string{"", "1999-12-31", "2014", "2014-01", "2014-01-01", "2014-01-02", "2014-11", "2014-11-19", "2015"}
	for i, a := range ordered {
		for j, b := range ordered {
			da, db := model.MustDate(a), model.MustDate(b)
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := da.Compare(db); got != want {
				t.Errorf("Compare(%q, %q): got %d, want %d", a, b, got, want)
			}
			if got := da.Before(db); got != (want < 0) {
				t.Errorf("Before(%q, %q): got %v, want %v", a, b, got, want < 0)
			}
		}
	}
}

func TestEndOfYear(t *testing.T) {
	if got, want := model.EndOfYear(2014), model.MustDate("2014-12-31"); got != want {
		t.Errorf("EndOfYear(2014): got %v, want %v", got, want)
	}
	if got := (model.Date{}).String(); got != "" {
		t.Errorf("zero Date String(): got %q, want empty", got)
	}
}
