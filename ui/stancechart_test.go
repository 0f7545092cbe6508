package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/model"
)

func TestStanceChartPoints(t *testing.T) {
	tests := []struct {
		name   string
		entity string
		axis   string
		upTo   model.Date
		want   []string // dates of the points
	}{
		{"all", "usa", "sovereignty", model.Date{}, []string{"2012-12-14", "2025-03"}},
		{"up to a year", "usa", "sovereignty", model.Date{Year: 2020}, []string{"2012-12-14"}},
		{"up to the month of a position", "usa", "sovereignty", model.Date{Year: 2025, Month: 3}, []string{"2012-12-14", "2025-03"}},
		{"up to the month before", "usa", "sovereignty", model.Date{Year: 2025, Month: 2}, []string{"2012-12-14"}},
		{"on the day", "usa", "sovereignty", model.Date{Year: 2012, Month: 12, Day: 14}, []string{"2012-12-14"}},
		{"before any", "usa", "sovereignty", model.Date{Year: 2011}, nil},
		{"another axis", "china", "governance", model.Date{}, []string{"2014-11-19"}},
		{"unknown axis", "usa", "nope", model.Date{}, nil},
	}
	l := testLandscape(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newStanceChart(l, tt.entity, tt.axis, tt.upTo).(*stanceChart)
			var got []string
			for _, p := range c.points {
				got = append(got, p.Date)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got points %q, want %q", got, tt.want)
			}
		})
	}
}

// pointPos is where the chart draws its i-th point.
func pointPos(c *stanceChart, i int) fyne.Position {
	g := c.geometry(c.Size())
	return fyne.NewPos(c.x(g, c.ts[i]), g.y(c.points[i].Score))
}

func TestStanceChartTapShowsEvidence(t *testing.T) {
	l := testLandscape(t)
	c := newStanceChart(l, "usa", "sovereignty", model.Date{}).(*stanceChart)
	w := test.NewTempWindow(t, container.NewVBox(c))
	w.Resize(fyne.NewSize(400, 300))

	test.TapAt(c, pointPos(c, 1).Add(fyne.NewPos(3, -2)))
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("tapping a point shows nothing")
	}
	var texts []string
	var link *widget.Hyperlink
	for _, o := range test.LaidOutObjects(overlay) {
		switch o := o.(type) {
		case *widget.Label:
			texts = append(texts, o.Text)
		case *widget.Hyperlink:
			link = o
		}
	}
	if want := []string{"2025-03  +1  Open, global internet", "Mixed signals on data rules in 2025."}; !slices.Equal(texts, want) {
		t.Errorf("got pop-up text %q, want %q", texts, want)
	}
	if link == nil || link.Text != "IGF history" || link.URL == nil || link.URL.String() != "https://example.org/igf" {
		t.Errorf("got source link %+v, want IGF history to https://example.org/igf", link)
	}

	// Away from every point, a tap does nothing.
	w.Canvas().Overlays().Top().Hide()
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	test.TapAt(c, fyne.NewPos(c.Size().Width/2, 2))
	if w.Canvas().Overlays().Top() != nil {
		t.Error("a tap away from the points shows a pop-up")
	}

	// With a callback, the point goes there instead.
	var got *model.Position
	c.onPoint = func(p *model.Position) { got = p }
	test.TapAt(c, pointPos(c, 0))
	if got == nil || got.Date != "2012-12-14" {
		t.Errorf("callback got %v, want the 2012-12-14 position", got)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("with a callback set, a pop-up still shows")
	}
}

func TestStanceChartRenders(t *testing.T) {
	l := testLandscape(t)
	c := newStanceChart(l, "usa", "sovereignty", model.Date{})
	w := test.NewTempWindow(t, c)
	pad := 2 * theme.Padding() // the test window's, around its content
	w.Resize(c.MinSize().Add(fyne.NewSize(pad, pad)))
	test.AssertRendersToMarkup(t, "stancechart_usa.xml", w.Canvas())
}
