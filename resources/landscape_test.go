package resources_test

import (
	"testing"

	"govscape/model"
	"govscape/resources"
)

// TestLandscapeValidates keeps the bundled dataset loadable: the app refuses a
// dataset with any problem, so one bad edit to landscape.json would leave the
// window empty. On failure the error lists every problem with its JSON path.
func TestLandscapeValidates(t *testing.T) {
	l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) == 0 {
		t.Errorf("%s: got no entities, want a landscape to explore", resources.LandscapeName)
	}
}
