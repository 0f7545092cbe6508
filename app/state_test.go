package app_test

import (
	"reflect"
	"strings"
	"testing"

	"govscape/app"
)

func TestStateRoundTrips(t *testing.T) {
	x := newExplorer(t)
	l := x.Landscape
	ax := l.Axes[len(l.Axes)-1].ID
	x.SetQuery("a")
	x.SetFacet("kind", []string{"state", "forum"})
	x.SetYear(2015)
	x.SetAxis(ax)
	x.SortBy(app.ColFounded)
	x.SortBy(app.ColFounded) // descending
	x.SetLayout(app.LayoutStance)
	x.SetStanceAxes(ax, l.Axes[0].ID)
	x.SetColourBy(ax)
	x.Select(l.Entities[1].ID)
	x.SetFocusDepth(2)
	x.AddToCompare(l.Entities[0].ID)
	x.AddToCompare(l.Entities[2].ID)
	saved := x.Capture()

	data, err := app.MarshalState(saved)
	if err != nil {
		t.Fatal(err)
	}
	back, err := app.UnmarshalState(data)
	if err != nil {
		t.Fatal(err)
	}
	y := newExplorer(t)
	missing, err := y.Restore(back)
	if err != nil || len(missing) != 0 {
		t.Fatalf("Restore: missing %v, err %v", missing, err)
	}
	if got := y.Capture(); !reflect.DeepEqual(got, saved) {
		t.Errorf("restored state differs:\ngot  %+v\nwant %+v", got, saved)
	}
	if !reflect.DeepEqual(visible(y), visible(x)) {
		t.Errorf("visible after restore: got %v, want %v", visible(y), visible(x))
	}
	if col, asc, ok := y.Sort(); !ok || col != app.ColFounded || asc {
		t.Errorf("sort after restore: got %v asc=%v on=%v", col, asc, ok)
	}
}

func TestRestoreReportsWhatTheDatasetLacks(t *testing.T) {
	x := newExplorer(t)
	first := x.Landscape.Entities[0].ID
	missing, err := x.Restore(app.State{Version: app.StateSchema, Selected: "atlantis", Compare: []string{first, "el-dorado"}, ColourBy: "no_axis"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(missing, ","); got != "axis no_axis,el-dorado,atlantis" {
		t.Errorf("missing: got %q", got)
	}
	if sel, ok := x.Selected(); ok {
		t.Errorf("selected %v, want nothing", sel.ID)
	}
	if got := x.CompareSet(); len(got) != 1 || got[0] != first {
		t.Errorf("compare set: got %v, want [%s]", got, first)
	}
}

func TestRestoreRefusesNewerState(t *testing.T) {
	x := newExplorer(t)
	before := x.Capture()
	if _, err := x.Restore(app.State{Version: app.StateSchema + 1, Query: "x"}); err == nil || !strings.Contains(err.Error(), "newer Govscape") {
		t.Fatalf("got %v, want a newer-version error", err)
	}
	if got := x.Capture(); !reflect.DeepEqual(got, before) {
		t.Error("a refused state changed the explorer")
	}
}

func TestUndoTakesBackInOrderAndKeepsFailures(t *testing.T) {
	var u app.Undo
	var log []string
	u.Push("a", func() error { log = append(log, "undo a"); return nil })
	fail := true
	u.Push("b", func() error {
		if fail {
			return errString("disk full")
		}
		log = append(log, "undo b")
		return nil
	})
	if what, err := u.Undo(); what != "b" || err == nil {
		t.Fatalf("got %q, %v; want b failing", what, err)
	}
	if u.Next() != "b" {
		t.Fatalf("a failed undo should stay: next is %q", u.Next())
	}
	fail = false
	u.Undo()
	u.Undo()
	if got := strings.Join(log, ","); got != "undo b,undo a" {
		t.Errorf("got %q", got)
	}
	if what, err := u.Undo(); what != "" || err != nil {
		t.Errorf("empty stack: got %q, %v", what, err)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
