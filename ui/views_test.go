package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"govscape/app"
	"govscape/app/store"
	"govscape/ui/layout"
)

// newTestMainWithStore is newTestMain with a fresh store attached.
func newTestMainWithStore(t *testing.T) (*Main, *app.Explorer, *store.Store) {
	t.Helper()
	m, x, _ := newTestMain(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m.AttachStore(st)
	return m, x, st
}

func TestSaveViewAndReopenRestoresEverything(t *testing.T) {
	m, x, _ := newTestMainWithStore(t)
	x.SetFacet("kind", []string{"state", "forum"})
	x.SetYear(2016)
	x.SetQuery("i")
	x.Select("china")
	x.SetLayout(app.LayoutStance)
	x.SetStanceAxes("governance", "sovereignty")
	x.SetColourBy("sovereignty")
	x.AddToCompare("china")
	x.AddToCompare("usa")
	m.tabs.SelectIndex(3)
	v := m.mapTab.view
	v.pinned["wic"] = true
	m.views.save("China and the US, 2016", "a test view")
	want := m.CaptureState()
	if len(m.views.views) != 1 || m.views.views[0].Name != "China and the US, 2016" {
		t.Fatalf("views after save: %+v", m.views.views)
	}

	x.ClearFilter()
	x.Select("brazil")
	x.SetLayout(app.LayoutForce)
	x.SetColourBy("")
	x.RemoveFromCompare("usa")
	m.tabs.SelectIndex(0)
	delete(v.pinned, "wic")

	m.views.open(0)
	got := m.CaptureState()
	if g, w := stateString(got), stateString(want); g != w {
		t.Errorf("reopened view:\ngot  %s\nwant %s", g, w)
	}
	if m.tabs.SelectedIndex() != 3 || m.filters.year.Value != 2016 || m.search.Text != "i" {
		t.Errorf("widgets after reopening: tab %d, year %v, search %q", m.tabs.SelectedIndex(), m.filters.year.Value, m.search.Text)
	}
	if !v.pinned["wic"] {
		t.Error("the pinned node was not pinned again")
	}
}

func stateString(s app.State) string {
	data, _ := app.MarshalState(s)
	return string(data)
}

func TestViewDeleteRenameOverwriteUndo(t *testing.T) {
	m, x, _ := newTestMainWithStore(t)
	m.views.save("First", "")
	m.views.save("Second", "")
	names := func() []string {
		var out []string
		for _, v := range m.views.views {
			out = append(out, v.Name)
		}
		return out
	}
	if got := names(); len(got) != 2 || got[0] != "Second" {
		t.Fatalf("newest first: got %v", got)
	}

	m.views.list.Select(0)
	m.views.delete()
	if got := names(); len(got) != 1 || got[0] != "First" {
		t.Fatalf("after delete: got %v", got)
	}
	ctrlZ := &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}
	m.search.TypedShortcut(ctrlZ) // Ctrl+Z, from wherever the focus is
	if got := names(); len(got) != 2 {
		t.Fatalf("after undoing the delete: got %v", got)
	}

	id := m.views.views[len(m.views.views)-1].ID // First
	m.views.rename(id, "Renamed")
	m.Undo()
	for _, n := range names() {
		if n == "Renamed" {
			t.Error("undo left the rename in place")
		}
	}

	x.Select("wic")
	m.views.save("First", "") // overwrite
	m.Undo()
	for _, v := range m.views.views {
		if v.Name == "First" {
			s, _ := app.UnmarshalState(v.State)
			if s.Selected == "wic" {
				t.Error("undo left the overwrite in place")
			}
		}
	}
	if m.undo.Next() != "" {
		t.Errorf("undo stack should be empty, next is %q", m.undo.Next())
	}
}

func TestLastStateIsReopened(t *testing.T) {
	m, x, st := newTestMainWithStore(t)
	x.Select("igf")
	x.SetYear(2012)
	m.tabs.SelectIndex(3)
	m.saveLastState()

	m2, x2, _ := newTestMain(t)
	m2.AttachStore(st)
	m2.reopenLastState()
	if sel, _ := x2.Selected(); sel == nil || sel.ID != "igf" || x2.Year() != 2012 || m2.tabs.SelectedIndex() != 3 {
		t.Errorf("reopened: selected %v, year %d, tab %d", sel, x2.Year(), m2.tabs.SelectedIndex())
	}
}

func TestWhatChangedListsMovesWithEvidence(t *testing.T) {
	m, _, _ := newTestMain(t)
	m.ShowWhatChanged()
	m.changed.from.SetSelected("2013")
	m.changed.to.SetSelected("2025")
	got := m.changed.text
	for _, want := range []string{
		"Stances that moved (",
		"United States", "Mixed signals on data rules in 2025.", // the US's 2025 move and its evidence
		"Founded (1)", "World Internet Conference",
		"Events (1)", "First World Internet Conference",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("what changed 2013→2025 lacks %q:\n%s", want, got)
		}
	}
	m.changed.from.SetSelected("2025")
	if got := m.changed.text; !strings.Contains(got, "Nothing recorded changed") {
		t.Errorf("same year twice: got %q", got)
	}
}

func TestCompareTabCapturesAsPicture(t *testing.T) {
	m, x, _ := newTestMain(t)
	x.AddToCompare("china")
	x.AddToCompare("usa")
	x.SetYear(2016)
	m.tabs.SelectIndex(1)
	img, err := m.captureObject(m.compare.root)
	if err != nil {
		t.Fatal(err)
	}
	size := m.compare.root.Size()
	if b := img.Bounds(); b.Dx() < int(size.Width)-2 || b.Dy() < int(size.Height)-2 {
		t.Errorf("picture is %v, want about %v", b, size)
	}
	if got := m.compareName("png"); got != "compare-china-usa-2016.png" {
		t.Errorf("file name: got %q", got)
	}
}

func TestComparePlaneShowsTheCompareSet(t *testing.T) {
	m, x, _ := newTestMain(t)
	p := m.comparePlane
	if len(p.scene.Nodes) != 0 {
		t.Fatalf("empty compare set: got %d nodes", len(p.scene.Nodes))
	}
	x.SetStanceAxes("sovereignty", "governance")
	x.AddToCompare("china")
	x.AddToCompare("usa")
	if len(p.scene.Nodes) != 2 || p.plane == nil {
		t.Fatalf("got %d nodes, want 2", len(p.scene.Nodes))
	}
	// China: sovereignty −2, governance −2, so the (−2, −2) cell.
	china := layout.Point{X: p.scene.Nodes[0].X, Y: p.scene.Nodes[0].Y}
	for _, c := range p.plane.Cells {
		if c.Region == layout.Scored && c.X == -2 && c.Y == -2 && !c.Bounds.Contains(china) {
			t.Errorf("China at %v, outside the (−2, −2) cell", china)
		}
	}
	// The US has no governance position in the fixture: it sits in a strip.
	us := layout.Point{X: p.scene.Nodes[1].X, Y: p.scene.Nodes[1].Y}
	if p.plane.Grid.Contains(us) {
		t.Errorf("the US, without a governance position, is inside the grid at %v", us)
	}
	img := p.draw(300, 260)
	if img.Bounds().Dx() != 300 {
		t.Errorf("frame %v", img.Bounds())
	}
}

func TestChosenCompareRowsAreShownExportedAndSaved(t *testing.T) {
	m, x, _ := newTestMainWithStore(t)
	x.AddToCompare("china")
	x.AddToCompare("usa")
	x.SetCompareAxes([]string{"governance"})
	var md strings.Builder
	if err := m.compare.exportMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "Cyber sovereignty vs. open internet") {
		t.Error("the export shows an axis the user left out")
	}
	if !strings.Contains(md.String(), "Multilateral vs. multistakeholder") {
		t.Error("the export lacks the chosen axis")
	}
	m.views.save("governance only", "")
	x.SetCompareAxes(nil)
	m.views.open(0)
	if got := x.CompareAxes(); len(got) != 1 || got[0] != "governance" {
		t.Errorf("reopened view: compare rows %v, want [governance]", got)
	}
}
