package model_test

import (
	"encoding/json"
	"testing"

	"govscape/model"
)

// landscapeOf builds and parses a document holding just these entities, each
// citing one source, so a test states only what it is about.
func landscapeOf(t testing.TB, entities ...model.Entity) *model.Landscape {
	t.Helper()
	doc := model.Landscape{
		Schema: model.Schema, Title: "test", AsOf: "2025-12-31",
		Sources: []model.Source{{ID: "s", Title: "S", URL: "https://example.org", Publisher: "P", Verification: "verified"}},
	}
	for _, e := range entities {
		if e.Kind == "" {
			e.Kind = "ngo"
		}
		e.Sources = []string{"s"}
		doc.Entities = append(doc.Entities, e)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "test")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSearch(t *testing.T) {
	// Listed out of rank order, so the order found is the ranking's.
	l := landscapeOf(t,
		model.Entity{ID: "zr", Name: "Zeta Regional", Region: "Netland"},
		model.Entity{ID: "isoc", Name: "Internet Society", Short: "ISOC"},
		model.Entity{ID: "orig", Name: "Open Rights Group", Summary: "Campaigns for net neutrality."},
		model.Entity{ID: "x", Name: "Unrelated", Summary: "Nothing here."},
		model.Entity{ID: "gnf", Name: "Global Net Forum"},
		model.Entity{ID: "netmundial", Name: "NETmundial Initiative"},
		model.Entity{ID: "nsf", Name: "Network Science Foundation", Short: "NET"},
		model.Entity{ID: "dns-org", Name: "Domain Body", Tags: []string{"Net-Governance"}},
		model.Entity{ID: "nl", Name: "Netherlands", Kind: "state"},
		model.Entity{ID: "nt", Name: "Net"},
	)
	type hit struct {
		id   string
		rank model.Rank
	}
	netHits := []hit{
		// Exact name before exact short name: ties go by name.
		{"nt", model.RankExact},
		{"nsf", model.RankExact},
		{"nl", model.RankPrefix},
		{"netmundial", model.RankPrefix},
		{"gnf", model.RankWordPrefix},
		{"isoc", model.RankName},
		{"dns-org", model.RankText},
		{"orig", model.RankText},
		{"zr", model.RankText},
	}
	tests := []struct {
		query string
		want  []hit
	}{
		{"net", netHits},
		{"NET", netHits},
		{"  Net  ", netHits},
		{"", nil},
		{"   ", nil},
		{"gnf", []hit{{"gnf", model.RankExact}}},
		{"isoc", []hit{{"isoc", model.RankExact}}},
		{"is", []hit{{"isoc", model.RankPrefix}}},
		{"soc", []hit{{"isoc", model.RankWordPrefix}}},
		{"ciety", []hit{{"isoc", model.RankName}}},
		// Every word of the query, in any order, anywhere in the text.
		{"neutrality campaigns", []hit{{"orig", model.RankText}}},
		{"neutrality zebra", nil},
		{"state", []hit{{"nl", model.RankText}}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got []hit
			for _, h := range l.Search(tt.query) {
				got = append(got, hit{h.Entity.ID, h.Rank})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Search(%q):\ngot  %v\nwant %v", tt.query, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Search(%q)[%d]: got %v, want %v", tt.query, i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestSearchTiesByName checks that hits of one rank come in name order, not
// file order, whatever case the names are written in.
func TestSearchTiesByName(t *testing.T) {
	l := landscapeOf(t,
		model.Entity{ID: "c", Name: "forum Charlie"},
		model.Entity{ID: "a", Name: "Forum alpha"},
		model.Entity{ID: "b", Name: "FORUM Bravo"},
	)
	var got []string
	for _, h := range l.Search("forum") {
		got = append(got, h.Entity.ID)
	}
	if want := []string{"a", "b", "c"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("Search(forum): got %v, want %v", got, want)
	}
}
