package ui

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// newTestCompare opens the Compare tab over its tray on the small test
// landscape, with ids in the compare set.
func newTestCompare(t *testing.T, ids ...string) (*compareTab, *app.Explorer, fyne.Window) {
	t.Helper()
	x := app.New(testLandscape(t))
	for _, id := range ids {
		if !x.AddToCompare(id) {
			t.Fatalf("AddToCompare(%q) refused", id)
		}
	}
	ct := newCompareTab(x)
	w := test.NewTempWindow(t, container.NewBorder(nil, ct.tray, nil, nil, ct.root))
	w.Resize(fyne.NewSize(1200, 900))
	return ct, x, w
}

// chipLabels are the names on the tray's chips, left to right.
func chipLabels(ct *compareTab) []string {
	var out []string
	for _, c := range ct.chipsOf {
		walk(c, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				out = append(out, l.Text)
			}
		})
	}
	return out
}

func TestCompareTrayFollowsCompareSet(t *testing.T) {
	tests := []struct {
		name   string
		act    func(ct *compareTab)
		want   []string
		labels []string
	}{
		{"as added", func(*compareTab) {}, []string{"china", "usa", "wic"}, []string{"China", "United States", "WIC"}},
		{"× removes", func(ct *compareTab) { test.Tap(ct.chipsOf[1].remove) }, []string{"china", "wic"}, []string{"China", "WIC"}},
		{"▶ moves right", func(ct *compareTab) { test.Tap(ct.chipsOf[0].right) }, []string{"usa", "china", "wic"}, nil},
		{"◀ moves left", func(ct *compareTab) { test.Tap(ct.chipsOf[2].left) }, []string{"china", "wic", "usa"}, nil},
		{"drag first past the last", func(ct *compareTab) {
			ct.chipsOf[0].Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 1000}})
			ct.chipsOf[0].DragEnd()
		}, []string{"usa", "wic", "china"}, []string{"United States", "WIC", "China"}},
		{"drag last to the middle", func(ct *compareTab) {
			c := ct.chipsOf[2]
			// Its centre lands just right of the first chip's.
			dx := ct.chipsOf[0].Position().X + ct.chipsOf[0].Size().Width/2 + 1 - (c.Position().X + c.Size().Width/2)
			c.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: dx}})
			c.DragEnd()
		}, []string{"china", "wic", "usa"}, nil},
		{"a short drag puts it back", func(ct *compareTab) {
			ct.chipsOf[1].Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 5}})
			ct.chipsOf[1].DragEnd()
		}, []string{"china", "usa", "wic"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, x, _ := newTestCompare(t, "china", "usa", "wic")
			tt.act(ct)
			if got := x.CompareSet(); !slices.Equal(got, tt.want) {
				t.Errorf("compare set: got %q, want %q", got, tt.want)
			}
			if tt.labels != nil {
				if got := chipLabels(ct); !slices.Equal(got, tt.labels) {
					t.Errorf("chips: got %q, want %q", got, tt.labels)
				}
			}
			if len(ct.chipsOf) != len(tt.want) {
				t.Fatalf("got %d chips, want %d", len(ct.chipsOf), len(tt.want))
			}
			// The ends cannot move further out.
			first, last := ct.chipsOf[0], ct.chipsOf[len(ct.chipsOf)-1]
			if !first.left.Disabled() || !last.right.Disabled() || first.right.Disabled() || last.left.Disabled() {
				t.Errorf("end arrows: got first ◀ %v ▶ %v, last ◀ %v ▶ %v disabled, want only the outer ones",
					first.left.Disabled(), first.right.Disabled(), last.left.Disabled(), last.right.Disabled())
			}
			// A short drag leaves the chips where the tray lays them.
			for i := 1; i < len(ct.chipsOf); i++ {
				if a, b := ct.chipsOf[i-1].Position().X, ct.chipsOf[i].Position().X; a >= b {
					t.Errorf("chip %d at x %v is not right of chip %d at x %v", i, b, i-1, a)
				}
			}
		})
	}
}

func TestCompareTrayHint(t *testing.T) {
	tests := []struct {
		ids      []string
		hint     string
		canShow  bool
		tabTitle string
	}{
		{nil, "Add 2 to 6 entities to compare them side by side.", false, "Compare"},
		{[]string{"china"}, "Add at least one more to compare.", false, "Compare"},
		{[]string{"china", "usa"}, "", true, "China · United States — latest stances"},
		{[]string{"wic", "igf", "itu", "china", "usa", "brazil"}, "Full: a comparison holds at most 6.", true,
			"World Internet Conference · Internet Governance Forum · International Telecommunication Union · China · United States · Brazil — latest stances"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.ids, "+"), func(t *testing.T) {
			ct, _, _ := newTestCompare(t, tt.ids...)
			if ct.hint.Text != tt.hint {
				t.Errorf("hint: got %q, want %q", ct.hint.Text, tt.hint)
			}
			if ct.show.Disabled() == tt.canShow {
				t.Errorf("Compare button disabled: got %v, want %v", ct.show.Disabled(), !tt.canShow)
			}
			if ct.title.Text != tt.tabTitle {
				t.Errorf("title: got %q, want %q", ct.title.Text, tt.tabTitle)
			}
			shown := false
			ct.onShow = func() { shown = true }
			test.Tap(ct.show)
			if shown != tt.canShow {
				t.Errorf("Compare button showed the tab: got %v, want %v", shown, tt.canShow)
			}
		})
	}
}

func TestCompareHighlightsRowsThatDifferByTwo(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		year int
		want []string // highlighted axes
	}{
		// China −2, the US +1 on sovereignty; only China on governance.
		{"china usa", []string{"china", "usa"}, 0, []string{"sovereignty"}},
		// China −2, Brazil +1 on governance; only China on sovereignty.
		{"china brazil", []string{"china", "brazil"}, 0, []string{"governance"}},
		// Brazil and the US hold no axis in common.
		{"usa brazil", []string{"usa", "brazil"}, 0, nil},
		// In 2013 China had not yet stated either position.
		{"china usa 2013", []string{"china", "usa"}, 2013, nil},
		{"china brazil 2014", []string{"china", "brazil"}, 2014, []string{"governance"}},
		{"all three", []string{"china", "usa", "brazil"}, 0, []string{"sovereignty", "governance"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, x, _ := newTestCompare(t, tt.ids...)
			x.SetYear(tt.year)
			if !slices.Equal(ct.highlighted, tt.want) {
				t.Errorf("highlighted rows: got %q, want %q", ct.highlighted, tt.want)
			}
			differ := 0
			walk(ct.root, func(o fyne.CanvasObject) {
				if _, ok := o.(*tint); ok {
					differ++
				}
			})
			if differ != len(tt.want) {
				t.Errorf("tinted rows: got %d, want %d", differ, len(tt.want))
			}
		})
	}
}

func TestCompareShowsNoPositionAsSuch(t *testing.T) {
	tests := []struct {
		axis   string
		column int
		want   string
	}{
		{"sovereignty", 0, "−2  Cyber sovereignty"},
		{"sovereignty", 1, "+1  Open, global internet"},
		{"sovereignty", 2, model.NoPosition},
		{"governance", 0, "−2  Multilateral"},
		{"governance", 1, model.NoPosition},
		{"governance", 2, "+1  Multistakeholder"},
	}
	ct, _, _ := newTestCompare(t, "china", "usa", "brazil")
	for _, tt := range tests {
		t.Run(tt.axis+"/"+ct.comparison.Entities[tt.column].ID, func(t *testing.T) {
			cell := ct.stanceCells[tt.axis][tt.column]
			if !hasText(cell, tt.want) {
				t.Errorf("got cell %q, want %q", cellText(cell), tt.want)
			}
			if tt.want == model.NoPosition && (hasText(cell, "0") || hasBar(cell)) {
				t.Errorf("no position drawn as a score: %q", cellText(cell))
			}
		})
	}
}

func TestCompareYearSliderChangesStances(t *testing.T) {
	ct, x, _ := newTestCompare(t, "usa", "china")
	f := newFilters(x)
	tests := []struct {
		year        float64
		usa, china  string
		title       string
		highlighted bool
	}{
		{2013, "+2  Open, global internet", model.NoPosition, "stances as of 2013", false},
		{2016, "+2  Open, global internet", "−2  Cyber sovereignty", "stances as of 2016", true},
		{float64(f.last), "+1  Open, global internet", "−2  Cyber sovereignty", "latest stances", true},
	}
	for _, tt := range tests {
		t.Run(f.yearLbl.Text, func(t *testing.T) {
			f.year.SetValue(tt.year)
			cells := ct.stanceCells["sovereignty"]
			if !hasText(cells[0], tt.usa) {
				t.Errorf("United States: got %q, want %q", cellText(cells[0]), tt.usa)
			}
			if !hasText(cells[1], tt.china) {
				t.Errorf("China: got %q, want %q", cellText(cells[1]), tt.china)
			}
			if !strings.HasSuffix(ct.title.Text, tt.title) && !strings.Contains(ct.title.Text, tt.title) {
				t.Errorf("title: got %q, want it to say %q", ct.title.Text, tt.title)
			}
			if got := slices.Contains(ct.highlighted, "sovereignty"); got != tt.highlighted {
				t.Errorf("sovereignty highlighted: got %v, want %v", got, tt.highlighted)
			}
		})
	}
}

func TestCompareMixedSetSaysWhatDoesNotApply(t *testing.T) {
	tests := []struct {
		ids  []string
		want []string
	}{
		{[]string{"china", "usa", "wic"}, []string{"n/a: not a forum", "n/a: a forum", "Forums in common (all compared actors)", "ITU, IGF"}},
		{[]string{"wic", "igf", "china"}, []string{"n/a: not a forum", "Participants in common (all compared forums)",
			"1 (state 1): China", "With IGF: 1 of 5 participants shared, Jaccard 0.20 (state 1)"}},
		{[]string{"china", "wic"}, []string{"Participation compares two or more actors, or two or more forums; this set has one of each at most."}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.ids, "+"), func(t *testing.T) {
			ct, _, _ := newTestCompare(t, tt.ids...)
			for _, want := range tt.want {
				if !hasText(ct.root, want) {
					t.Errorf("the tab lacks %q", want)
				}
			}
		})
	}
}

func TestCompareExport(t *testing.T) {
	ct, x, _ := newTestCompare(t, "china")
	var b bytes.Buffer
	if err := ct.exportMarkdown(&b); err == nil {
		t.Errorf("export of one entity: got no error, want one")
	}
	x.AddToCompare("usa")
	x.SetYear(2016)
	c, err := model.Compare(x.Landscape, []string{"china", "usa"}, model.EndOfYear(2016))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		export func(io.Writer) error
		model  func(io.Writer) error
		button *widget.Button
	}{
		{"compare-china-usa-2016.md", ct.exportMarkdown, c.WriteMarkdown, ct.exportMD},
		{"compare-china-usa-2016.csv", ct.exportCSV, c.WriteCSV, ct.exportCV},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got, want bytes.Buffer
			if err := tt.export(&got); err != nil {
				t.Fatal(err)
			}
			if err := tt.model(&want); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
			}
			var name string
			ct.onExport = func(n string, write func(io.Writer) error) { name = n }
			test.Tap(tt.button)
			if name != tt.name {
				t.Errorf("file name: got %q, want %q", name, tt.name)
			}
		})
	}
}

func TestCompareMarkup(t *testing.T) {
	_, _, w := newTestCompare(t, "china", "usa", "wic")
	test.AssertRendersToMarkup(t, "compare_tab.xml", w.Canvas())
}

// cellText is the text of a cell's labels, for failure messages.
func cellText(o fyne.CanvasObject) string {
	var parts []string
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			parts = append(parts, l.Text)
		}
	})
	return strings.Join(parts, " | ")
}

func hasBar(o fyne.CanvasObject) bool {
	found := false
	walk(o, func(o fyne.CanvasObject) {
		_, ok := o.(*stanceBar)
		found = found || ok
	})
	return found
}

func TestCompareColumnsScrollSideways(t *testing.T) {
	tests := []struct {
		ids    []string
		scroll bool
	}{
		{[]string{"china", "usa"}, false},
		{[]string{"wic", "igf", "itu", "china", "usa", "brazil"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.ids, "+"), func(t *testing.T) {
			ct, _, _ := newTestCompare(t, tt.ids...)
			wide := ct.body.Content.Size().Width > ct.body.Size().Width
			if wide != tt.scroll {
				t.Fatalf("columns %v wide in a %v view: got scrolling %v, want %v",
					ct.body.Content.Size().Width, ct.body.Size().Width, wide, tt.scroll)
			}
			ct.body.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DX: -300}})
			if got, want := ct.header.Offset.X, ct.body.Offset.X; got != want {
				t.Errorf("names scrolled to %v, want %v with the columns", got, want)
			}
			if tt.scroll && ct.body.Offset.X == 0 {
				t.Errorf("columns did not scroll sideways")
			}
		})
	}
}
