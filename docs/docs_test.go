package docs_test

import (
	"strings"
	"testing"

	"govscape/docs"
	"govscape/model"
	"govscape/resources"
)

// TestEveryAxisHasACodebookSection: the inspector links each axis to its
// section, so a missing or misnamed heading would be a dead link.
func TestEveryAxisHasACodebookSection(t *testing.T) {
	l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range l.Axes {
		sec, ok := docs.CodebookSection(a.ID)
		if !ok {
			t.Errorf("no codebook section for axis %s", a.ID)
			continue
		}
		if !strings.HasPrefix(sec, "## "+a.ID+" ") {
			t.Errorf("section for %s starts %q", a.ID, sec[:min(40, len(sec))])
		}
		for _, score := range []string{"−2", "−1", "0", "+1", "+2"} {
			if !strings.Contains(sec, score) {
				t.Errorf("section for %s never mentions the score %s", a.ID, score)
			}
		}
		if strings.Count(sec, "\n## ") > 0 {
			t.Errorf("section for %s runs into the next section", a.ID)
		}
	}
	if _, ok := docs.CodebookSection("no_such_axis"); ok {
		t.Error("found a section for an axis that does not exist")
	}
}
