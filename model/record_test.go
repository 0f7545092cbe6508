package model

import (
	"reflect"
	"testing"
)

func TestDerive(t *testing.T) {
	instruments := []Instrument{
		{ID: "a74_247", Kind: "vote", Date: "2019-12-27"},
		{ID: "a74_28", Kind: "vote", Date: "2019-12-12"},
		{ID: "a74_29", Kind: "vote", Date: "2019-12-12"},
		{ID: "budapest", Kind: "ratification", Date: "2001-11-23"},
		{ID: "a73_27", Kind: "vote", Date: "2018-12-05"},
		{ID: "a73_266", Kind: "vote", Date: "2018-12-22"},
	}
	rules := []Rule{
		// A "yes" to the Russia-backed cybercrime process leans to a new
		// binding instrument; a "no" to existing law. Abstaining says nothing.
		{ID: "r-247", Instrument: "a74_247", Axis: "rules", Scores: map[string]int{"yes": -1, "no": 1}},
		{ID: "r-28", Instrument: "a74_28", Axis: "rules", Scores: map[string]int{"yes": 1, "no": -1}},
		{ID: "r-29", Instrument: "a74_29", Axis: "rules", Scores: map[string]int{"yes": -1, "no": 1}},
		{ID: "r-bud", Instrument: "budapest", Axis: "rules", Scores: map[string]int{"party": 1}},
		{ID: "r-bud-big", Instrument: "budapest", Axis: "sov", Scores: map[string]int{"party": 2}},
		// Rival resolutions of one session are read together.
		{ID: "r-27", Instrument: "a73_27", Axis: "rules", Scores: map[string]int{"yes": -1, "no": 1}, Group: "unga73"},
		{ID: "r-266", Instrument: "a73_266", Axis: "rules", Scores: map[string]int{"yes": 1, "no": -1}, Group: "unga73"},
	}
	ref := func(e, i string) RecordRef { return RecordRef{Entity: e, Instrument: i} }
	tests := []struct {
		name    string
		records []Record
		stated  func(entity, axis string, d Date) bool
		want    []Derived
	}{
		{
			name:    "a vote implies its rule's score at the vote's date",
			records: []Record{{Entity: "kenya", Instrument: "a74_247", Value: "yes", Sources: []string{"s1"}}},
			want: []Derived{{Entity: "kenya", Axis: "rules", Score: -1, Date: MustDate("2019-12-27"),
				From: Derivation{Rule: "r-247", Records: []RecordRef{ref("kenya", "a74_247")}}, Sources: []string{"s1"}}},
		},
		{
			name:    "a value the rule does not list says nothing",
			records: []Record{{Entity: "kenya", Instrument: "a74_247", Value: "abstain"}},
			want:    []Derived{},
		},
		{
			name: "records of one day pulling opposite ways cancel",
			records: []Record{
				{Entity: "chile", Instrument: "a74_28", Value: "yes", Sources: []string{"s2"}},
				{Entity: "chile", Instrument: "a74_29", Value: "yes", Sources: []string{"s2"}},
			},
			want: []Derived{{Entity: "chile", Axis: "rules", Score: 0, Date: MustDate("2019-12-12"),
				From:    Derivation{Rule: "r-28+r-29", Records: []RecordRef{ref("chile", "a74_28"), ref("chile", "a74_29")}},
				Sources: []string{"s2"}}},
		},
		{
			name:    "a record's own date wins over its instrument's",
			records: []Record{{Entity: "japan", Instrument: "budapest", Value: "party", Date: "2012-07-03"}},
			want: []Derived{
				{Entity: "japan", Axis: "rules", Score: 1, Date: MustDate("2012-07-03"),
					From: Derivation{Rule: "r-bud", Records: []RecordRef{ref("japan", "budapest")}}},
				// A rule's score past the bound is held to it.
				{Entity: "japan", Axis: "sov", Score: 1, Date: MustDate("2012-07-03"),
					From: Derivation{Rule: "r-bud-big", Records: []RecordRef{ref("japan", "budapest")}}},
			},
		},
		{
			name:    "a stated position of the same date wins; one of another date does not stop it",
			records: []Record{{Entity: "kenya", Instrument: "a74_247", Value: "no"}, {Entity: "india", Instrument: "a74_247", Value: "no"}},
			stated: func(entity, axis string, d Date) bool {
				return entity == "kenya" && d == MustDate("2019-12-27") || entity == "india" && d == MustDate("2019-12-26")
			},
			want: []Derived{{Entity: "india", Axis: "rules", Score: 1, Date: MustDate("2019-12-27"),
				From: Derivation{Rule: "r-247", Records: []RecordRef{ref("india", "a74_247")}}}},
		},
		{
			name: "rival resolutions of one group are read together, at the later date",
			records: []Record{
				{Entity: "kenya", Instrument: "a73_27", Value: "yes"}, {Entity: "kenya", Instrument: "a73_266", Value: "yes"},
				{Entity: "russia", Instrument: "a73_27", Value: "yes"}, {Entity: "russia", Instrument: "a73_266", Value: "no"},
			},
			want: []Derived{
				{Entity: "kenya", Axis: "rules", Score: 0, Date: MustDate("2018-12-22"),
					From: Derivation{Rule: "r-266+r-27", Records: []RecordRef{ref("kenya", "a73_266"), ref("kenya", "a73_27")}}},
				{Entity: "russia", Axis: "rules", Score: -1, Date: MustDate("2018-12-22"),
					From: Derivation{Rule: "r-266+r-27", Records: []RecordRef{ref("russia", "a73_266"), ref("russia", "a73_27")}}},
			},
		},
		{
			name:    "a record on an instrument without rules, or an unknown one, implies nothing",
			records: []Record{{Entity: "kenya", Instrument: "dfi", Value: "endorsed"}},
			want:    []Derived{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Derive(instruments, tt.records, rules, tt.stated)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
