package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
)

// newTestMain opens the main content on the small test landscape in a test window.
func newTestMain(t *testing.T) (*Main, *app.Explorer, fyne.Window) {
	t.Helper()
	x := app.New(testLandscape(t))
	m := NewMain(x, false)
	w := test.NewTempWindow(t, m.Root)
	m.SetWindow(w)
	w.Resize(fyne.NewSize(1400, 800))
	m.AddShortcuts(w.Canvas())
	return m, x, w
}

// rows returns the text of the table's name column, top to bottom.
func rows(m *Main) []string {
	n, _ := m.table.table.Length()
	out := make([]string, n)
	for i := range n {
		o := m.table.table.CreateCell()
		m.table.table.UpdateCell(widget.TableCellID{Row: i, Col: 0}, o)
		out[i] = o.(*fyne.Container).Objects[1].(*widget.Label).Text
	}
	return out
}

func TestSearchNarrowsTable(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"World Internet Conference", "Internet Governance Forum", "International Telecommunication Union", "China", "United States", "Brazil", "Reporters Without Borders", "Huawei"}},
		{"wic", []string{"World Internet Conference", "China", "Reporters Without Borders"}}, // exact, then summaries
		{"inter", []string{"International Telecommunication Union", "Internet Governance Forum", "World Internet Conference"}},
		{"boycott", []string{"Reporters Without Borders"}},
		{"zzz", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m, _, _ := newTestMain(t)
			test.Type(m.search, tt.query)
			got := rows(m)
			if len(got) != len(tt.want) {
				t.Fatalf("got rows %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
			if want := fmtCount(len(tt.want), 8); m.table.count.Text != want {
				t.Errorf("count: got %q, want %q", m.table.count.Text, want)
			}
		})
	}
}

func TestFiltersNarrowTable(t *testing.T) {
	tests := []struct {
		name  string
		apply func(f *filters)
		want  []string
	}{
		{"kind forum", func(f *filters) { f.kinds.SetSelected([]string{"forum"}) },
			[]string{"World Internet Conference", "Internet Governance Forum", "International Telecommunication Union"}},
		{"kinds state and ngo", func(f *filters) { f.kinds.SetSelected([]string{"state", "ngo"}) },
			[]string{"China", "United States", "Brazil", "Reporters Without Borders"}},
		{"region East Asia", func(f *filters) { f.regions.SetSelected([]string{"East Asia"}) },
			[]string{"China", "Huawei"}},
		{"model multistakeholder", func(f *filters) { f.models.SetSelected([]string{"multistakeholder"}) },
			[]string{"Internet Governance Forum"}},
		{"year 2000", func(f *filters) { f.year.SetValue(2000) },
			[]string{"International Telecommunication Union", "China", "United States", "Brazil", "Reporters Without Borders", "Huawei"}},
		{"year 2010 and forums", func(f *filters) { f.year.SetValue(2010); f.kinds.SetSelected([]string{"forum"}) },
			[]string{"Internet Governance Forum", "International Telecommunication Union"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, x, _ := newTestMain(t)
			tt.apply(m.filters)
			got := rows(m)
			if len(got) != len(tt.want) {
				t.Fatalf("got rows %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
			// Clear filters puts every entity back and resets the widgets.
			x.ClearFilter()
			if n := len(rows(m)); n != 8 {
				t.Errorf("after clear: got %d rows, want 8", n)
			}
			if len(m.filters.kinds.Selected) != 0 || m.filters.year.Value != float64(m.filters.last) {
				t.Errorf("after clear: widgets still show kinds %v, year %v", m.filters.kinds.Selected, m.filters.year.Value)
			}
		})
	}
}

func TestSelectingRowFillsInspector(t *testing.T) {
	m, x, _ := newTestMain(t)
	if !hasText(m.inspector.body, "Select an entity in the table to see its stances, relations, events and sources.") {
		t.Fatal("inspector should invite a selection before one is made")
	}
	m.table.table.Select(widget.TableCellID{Row: 3, Col: 0}) // China
	sel, ok := x.Selected()
	if !ok || sel.ID != "china" {
		t.Fatalf("got selection %v, want china", sel)
	}
	for _, want := range []string{
		"China",
		"Cyber sovereignty vs. open internet",
		"2015-12-16  −2  Cyber sovereignty",
		"Xi at WIC 2015: each state chooses its own internet path.",
		"Host of",
		"2014-11-19  First World Internet Conference",
		"Example Publisher · 2015-12-16 · verified",
	} {
		if !hasText(m.inspector.body, want) {
			t.Errorf("inspector lacks %q", want)
		}
	}
}

func TestTappingRelationSelectsOtherSide(t *testing.T) {
	m, x, _ := newTestMain(t)
	x.Select("china")
	link := findLink(m.inspector.body, "WIC — World Internet Conference")
	if link == nil {
		t.Fatal("no link to WIC in China's relations")
	}
	test.TapAt(link, fyne.NewPos(link.Size().Width/2, link.Size().Height/2))
	if sel, _ := x.Selected(); sel == nil || sel.ID != "wic" {
		t.Fatalf("got selection %v, want wic", sel)
	}
	if !hasText(m.inspector.body, "Boycotted by") || findLink(m.inspector.body, "RSF — Reporters Without Borders") == nil {
		t.Error("WIC's inspector should list RSF under Boycotted by")
	}
	// The table follows the selection.
	if got := rows(m)[m.table.table.cursor]; got != "World Internet Conference" {
		t.Errorf("table cursor on %q, want World Internet Conference", got)
	}
	test.Tap(m.inspector.back)
	if sel, _ := x.Selected(); sel == nil || sel.ID != "china" {
		t.Fatalf("after back: got selection %v, want china", sel)
	}
}

func TestSourceLinksOpenOnlyWebAddresses(t *testing.T) {
	m, x, _ := newTestMain(t)
	x.Select("china")
	var found bool
	walk(m.inspector.body, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && h.URL != nil {
			found = true
			if h.URL.Scheme != "https" && h.URL.Scheme != "http" {
				t.Errorf("link %q opens %s", h.Text, h.URL)
			}
		}
	})
	if !found {
		t.Error("no source links in China's inspector")
	}
}

func TestKeyboardMovesSelection(t *testing.T) {
	m, x, w := newTestMain(t)
	w.Canvas().Focus(m.table.table)
	keys := []struct {
		key  fyne.KeyName
		want string
	}{
		{fyne.KeyDown, "wic"},
		{fyne.KeyDown, "igf"},
		{fyne.KeyEnd, "huawei"},
		{fyne.KeyDown, "huawei"},
		{fyne.KeyUp, "rsf"},
		{fyne.KeyHome, "wic"},
		{fyne.KeyPageDown, "huawei"},
	}
	for _, k := range keys {
		m.table.table.TypedKey(&fyne.KeyEvent{Name: k.key})
		if sel, _ := x.Selected(); sel == nil || sel.ID != k.want {
			t.Fatalf("after %s: got %v, want %s", k.key, sel, k.want)
		}
	}
}

func TestHeaderSortsTable(t *testing.T) {
	m, x, _ := newTestMain(t)
	tapHeader(t, m, 3) // Founded
	got := rows(m)
	want := []string{"International Telecommunication Union", "Reporters Without Borders", "Huawei", "Internet Governance Forum", "World Internet Conference", "Brazil", "China", "United States"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ascending founded: got %q, want %q", got, want)
		}
	}
	tapHeader(t, m, 3)
	got = rows(m)
	if got[0] != "World Internet Conference" || got[4] != "International Telecommunication Union" || got[7] != "United States" {
		t.Errorf("descending founded (undated last): got %q", got)
	}
	// Score sorts by the chosen axis, entities without a position last.
	x.SetAxis("sovereignty")
	tapHeader(t, m, 5)
	got = rows(m)
	if got[0] != "China" || got[1] != "United States" {
		t.Errorf("score ascending: got %q, want China then United States", got)
	}
}

func tapHeader(t *testing.T, m *Main, col int) {
	t.Helper()
	h := m.table.table.CreateHeader().(*widget.Button)
	m.table.table.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, h)
	test.Tap(h)
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		for _, c := range r.Objects() {
			walk(c, f)
		}
	}
}

func hasText(root fyne.CanvasObject, want string) bool {
	found := false
	walk(root, func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			found = found || v.Text == want
		case *widget.Hyperlink:
			found = found || v.Text == want
		}
	})
	return found
}

func findLink(root fyne.CanvasObject, text string) *widget.Hyperlink {
	var link *widget.Hyperlink
	walk(root, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && h.Text == text && link == nil {
			link = h
		}
	})
	return link
}

func TestInspectorMarkup(t *testing.T) {
	l := testLandscape(t)
	for _, id := range []string{"usa", "wic"} {
		t.Run(id, func(t *testing.T) {
			x := app.New(l)
			in := newInspector(x)
			w := test.NewTempWindow(t, in.root)
			w.Resize(fyne.NewSize(420, 900))
			x.Select(id)
			test.AssertRendersToMarkup(t, "inspector_"+id+".xml", w.Canvas())
		})
	}
}

func TestYearShowsInspectorAsItStood(t *testing.T) {
	m, x, _ := newTestMain(t)
	x.Select("china")
	for _, want := range []string{"WIC — World Internet Conference", "2015-12-16  −2  Cyber sovereignty", "2014-11-19  First World Internet Conference"} {
		if !hasText(m.inspector.body, want) {
			t.Fatalf("before the year filter the inspector lacks %q", want)
		}
	}
	m.filters.year.SetValue(2013)
	if m.filters.yearLbl.Text != "As it stood in 2013" {
		t.Errorf("year label: got %q", m.filters.yearLbl.Text)
	}
	for _, gone := range []string{"WIC — World Internet Conference", "2015-12-16  −2  Cyber sovereignty", "2014-11-19  First World Internet Conference"} {
		if hasText(m.inspector.body, gone) {
			t.Errorf("in 2013 the inspector still shows %q", gone)
		}
	}
	for _, kept := range []string{"IGF — Internet Governance Forum", "ITU — International Telecommunication Union", "2012-12-14  WCIT-12 ends in a split vote"} {
		if !hasText(m.inspector.body, kept) {
			t.Errorf("in 2013 the inspector lacks %q", kept)
		}
	}
	// China's forums in 2013: IGF and ITU, not yet WIC.
	china, _ := x.Landscape.Entity("china")
	if got := x.ForumCount(china); got != 2 {
		t.Errorf("China's forum count in 2013: got %d, want 2", got)
	}
}

func TestAxisNameOpensItsCodebookEntry(t *testing.T) {
	m, x, _ := newTestMain(t)
	x.Select("china")
	link := findLink(m.inspector.body, "Cyber sovereignty vs. open internet")
	if link == nil {
		t.Fatal("the axis name in China's stances is not a link")
	}
	test.TapAt(link, fyne.NewPos(link.Size().Width/2, link.Size().Height/2))
	if m.codebook == nil {
		t.Fatal("tapping the axis name opened no codebook")
	}
}

func TestWindowShortcutsWorkFromTheSearchBox(t *testing.T) {
	m, x, w := newTestMain(t)
	w.Canvas().Focus(m.search)
	ctrl := fyne.KeyModifierShortcutDefault
	m.search.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrl})
	if got := m.tabs.SelectedIndex(); got != 3 {
		t.Errorf("Ctrl+L in the search box: got tab %d, want the table (3)", got)
	}
	m.search.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: ctrl})
	if got := m.tabs.SelectedIndex(); got != 0 || x.Layout() != app.LayoutStance {
		t.Errorf("Ctrl+2 in the search box: got tab %d, layout %v; want the map's stance plane", got, x.Layout())
	}
	// The entry's own shortcuts still work.
	test.Type(m.search, "wic")
	m.search.TypedShortcut(&fyne.ShortcutSelectAll{})
	if m.search.SelectedText() != "wic" {
		t.Errorf("Ctrl+A selected %q, want %q", m.search.SelectedText(), "wic")
	}
}

func TestCtrlClickInTableAddsToCompare(t *testing.T) {
	m, x, _ := newTestMain(t)
	tbl := m.table.table
	for _, row := range []int{3, 4} { // China, United States
		tbl.multi = true // as MouseDown sets it for a Ctrl+click
		tbl.Select(widget.TableCellID{Row: row, Col: 0})
	}
	tbl.Select(widget.TableCellID{Row: 5, Col: 0}) // a plain click: selects only
	if got := x.CompareSet(); len(got) != 2 || got[0] != "china" || got[1] != "usa" {
		t.Errorf("compare set: got %v, want [china usa]", got)
	}
	if sel, _ := x.Selected(); sel == nil || sel.ID != "brazil" {
		t.Errorf("selection: got %v, want brazil", sel)
	}
}
