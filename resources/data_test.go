package resources_test

import (
	"net/url"
	"strings"
	"testing"

	"govscape/model"
	"govscape/resources"
)

func bundled(t *testing.T) *model.Landscape {
	t.Helper()
	l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestEverySourceIsCited keeps the source list honest: a source nothing cites
// is either a leftover or a fact that lost its record.
func TestEverySourceIsCited(t *testing.T) {
	l := bundled(t)
	cited := map[string]bool{}
	cite := func(ids []string) {
		for _, id := range ids {
			cited[id] = true
		}
	}
	for _, e := range l.Entities {
		cite(e.Sources)
	}
	for _, r := range l.Relations {
		cite(r.Sources)
	}
	for _, p := range l.Positions {
		cite(p.Sources)
	}
	for _, ev := range l.Events {
		cite(ev.Sources)
	}
	for _, s := range l.Sources {
		if !cited[s.ID] {
			t.Errorf("source %s (%s) is cited by no record", s.ID, s.URL)
		}
	}
}

// TestNoDuplicateSourceURLs: one document, one source record, so its
// verification level is stated once.
func TestNoDuplicateSourceURLs(t *testing.T) {
	l := bundled(t)
	seen := map[string]string{}
	for _, s := range l.Sources {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Errorf("source %s: %v", s.ID, err)
			continue
		}
		key := strings.ToLower(u.Host) + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery
		if other, dup := seen[key]; dup {
			t.Errorf("sources %s and %s share the URL %s", other, s.ID, s.URL)
		}
		seen[key] = s.ID
	}
}

// TestNoEntityStandsAlone: an entity without a relation cannot be reached on
// the map or from the inspector.
func TestNoEntityStandsAlone(t *testing.T) {
	l := bundled(t)
	for _, e := range l.Entities {
		if len(l.RelationsOf(e.ID)) == 0 {
			t.Errorf("entity %s (%s) has no relation", e.ID, e.Name)
		}
	}
}

// TestEvidenceIsWritten: a score without a line of evidence cannot be checked.
func TestEvidenceIsWritten(t *testing.T) {
	l := bundled(t)
	for i, p := range l.Positions {
		if len(strings.Fields(p.Evidence)) < 4 {
			t.Errorf("positions[%d] (%s on %s): evidence %q is too thin to check", i, p.Entity, p.Axis, p.Evidence)
		}
	}
}

// TestEveryEntityIsDescribed: the inspector opens on the summary.
func TestEveryEntityIsDescribed(t *testing.T) {
	l := bundled(t)
	for _, e := range l.Entities {
		if strings.TrimSpace(e.Summary) == "" {
			t.Errorf("entity %s (%s) has no summary", e.ID, e.Name)
		}
		if e.Region == "" {
			t.Errorf("entity %s (%s) has no region", e.ID, e.Name)
		}
	}
}
