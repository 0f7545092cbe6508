package ui

import (
	"os"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// newTestTimeline opens the Timeline tab on the small test landscape in a
// window of its own.
func newTestTimeline(t *testing.T) (*timelineTab, *app.Explorer, fyne.Window) {
	t.Helper()
	x := app.New(testLandscape(t))
	tab := newTimelineTab(x)
	w := test.NewTempWindow(t, tab.root)
	w.Resize(fyne.NewSize(900, 500))
	return tab, x, w
}

func testLandscape(t testing.TB) *model.Landscape {
	t.Helper()
	test.NewTempApp(t)
	data, err := os.ReadFile("testdata/landscape.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "testdata/landscape.json")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// markOf finds the mark drawn for the event with the given id.
func markOf(t *testing.T, v *timelineView, id string) tlMark {
	t.Helper()
	for _, m := range v.currentFrame().marks {
		if m.ev.ID == id {
			return m
		}
	}
	t.Fatalf("no mark drawn for event %q", id)
	return tlMark{}
}

func shownIDs(tab *timelineTab) []string {
	out := []string{}
	for _, ev := range tab.events {
		out = append(out, ev.ID)
	}
	return out
}

func TestTimelineClickSelectsEvent(t *testing.T) {
	tab, x, _ := newTestTimeline(t)
	var hooked []*model.Event
	tab.onSelectEvent = func(ev *model.Event) { hooked = append(hooked, ev) }

	m := markOf(t, tab.view, "wcit")
	test.TapAt(tab.view, fyne.NewPos(m.x, m.y))
	if tab.selected == nil || tab.selected.ID != "wcit" {
		t.Fatalf("got event %v chosen, want wcit", tab.selected)
	}
	if e, ok := x.Selected(); !ok || e.ID != "itu" {
		t.Errorf("got selection %v, want the event's first entity itu", e)
	}
	if len(hooked) != 1 || hooked[0].ID != "wcit" {
		t.Errorf("got hook calls %v, want one with wcit", hooked)
	}
	// Every event naming the selection is ringed: both name China.
	x.Select("china")
	for _, id := range []string{"wcit", "wic-1"} {
		if !markOf(t, tab.view, id).related {
			t.Errorf("event %s names China but is not marked as related", id)
		}
	}

	// The detail panel shows the event and links to each entity it names.
	var links []string
	var usaLink *widget.Hyperlink
	for _, o := range test.LaidOutObjects(tab.detail) {
		if h, ok := o.(*widget.Hyperlink); ok {
			links = append(links, h.Text)
			if h.Text == "United States" {
				usaLink = h
			}
		}
	}
	want := []string{"ITU", "United States", "China", "WCIT-12"} // three entities, one source
	if !slices.Equal(links, want) {
		t.Fatalf("got detail links %q, want %q", links, want)
	}
	test.TapAt(usaLink, fyne.NewPos(usaLink.Size().Width/2, usaLink.Size().Height/2))
	if e, _ := x.Selected(); e == nil || e.ID != "usa" {
		t.Errorf("tapping the United States link: got selection %v, want usa", e)
	}

	// A click on the background clears the event, not the selection.
	test.TapAt(tab.view, fyne.NewPos(tlGutter+20, tlAxisH+tlLaneH*1.5+2))
	if tab.selected != nil || hooked[len(hooked)-1] != nil {
		t.Errorf("got event %v chosen after a background click, want none", tab.selected)
	}
	if e, _ := x.Selected(); e == nil || e.ID != "usa" {
		t.Errorf("background click changed the selection to %v", e)
	}
}

func TestTimelineLaneLabelSelectsForum(t *testing.T) {
	tab, x, _ := newTestTimeline(t)
	// By forum, the lanes come in the order of their first event: ITU, WIC.
	test.TapAt(tab.view, fyne.NewPos(20, tlAxisH+tlLaneH*1.5))
	if e, _ := x.Selected(); e == nil || e.ID != "wic" {
		t.Errorf("got selection %v, want wic", e)
	}
}

func TestTimelineFiltersApply(t *testing.T) {
	tests := []struct {
		name  string
		apply func(x *app.Explorer)
		want  []string
	}{
		{"none", func(*app.Explorer) {}, []string{"wcit", "wic-1"}},
		{"kind ngo", func(x *app.Explorer) { x.SetFacet("kind", []string{"ngo"}) }, []string{}},
		{"region North America", func(x *app.Explorer) { x.SetFacet("region", []string{"North America"}) }, []string{"wcit"}},
		{"model state-led", func(x *app.Explorer) { x.SetFacet("model", []string{"state-led"}) }, []string{"wic-1"}},
		{"search wic", func(x *app.Explorer) { x.SetQuery("World Internet") }, []string{"wic-1"}},
		// The year moves the cursor; it hides nothing.
		{"year 2010", func(x *app.Explorer) { x.SetYear(2010) }, []string{"wcit", "wic-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, x, _ := newTestTimeline(t)
			tt.apply(x)
			if got := shownIDs(tab); !slices.Equal(got, tt.want) {
				t.Errorf("got events %q, want %q", got, tt.want)
			}
			x.ClearFilter()
			if got := shownIDs(tab); len(got) != 2 {
				t.Errorf("after clearing: got events %q, want both", got)
			}
		})
	}
}

func TestTimelineCompareSetNarrows(t *testing.T) {
	tab, x, _ := newTestTimeline(t)
	x.AddToCompare("usa")
	if got := shownIDs(tab); len(got) != 2 {
		t.Fatalf("before the toggle: got events %q, want both", got)
	}
	tab.compareOnly.SetChecked(true)
	if got, want := shownIDs(tab), []string{"wcit"}; !slices.Equal(got, want) {
		t.Errorf("compare set {usa}: got events %q, want %q", got, want)
	}
	if got, want := tab.count.Text, "1 of 2 events"; got != want {
		t.Errorf("count: got %q, want %q", got, want)
	}
	x.AddToCompare("wic")
	if got, want := shownIDs(tab), []string{"wcit", "wic-1"}; !slices.Equal(got, want) {
		t.Errorf("compare set {usa, wic}: got events %q, want %q", got, want)
	}
	x.RemoveFromCompare("usa")
	x.RemoveFromCompare("wic")
	if got := shownIDs(tab); len(got) != 0 {
		t.Errorf("empty compare set: got events %q, want none", got)
	}
	if tab.view.message == "" {
		t.Error("empty compare set: no message says why the timeline is empty")
	}
	// The filters and the compare set both apply.
	x.AddToCompare("usa")
	x.SetFacet("kind", []string{"forum"})
	if got := shownIDs(tab); len(got) != 0 {
		t.Errorf("compare set {usa} and kind forum: got events %q, want none", got)
	}
	tab.compareOnly.SetChecked(false)
	if got := shownIDs(tab); len(got) != 2 {
		t.Errorf("toggle off, kind forum: got events %q, want both", got)
	}
}

func TestTimelineZoomChangesTicks(t *testing.T) {
	tab, _, _ := newTestTimeline(t)
	v := tab.view
	v.setRange(1900, 2040)
	if got := tickGranularity(v.tickStep()); got != "decades" {
		t.Fatalf("140 years across: got ticks of %s, want decades", got)
	}
	// Wheel in over the axis until the ticks are months, noting each
	// granularity on the way.
	seen := []string{"decades"}
	for range 100 {
		v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, tlAxisH/2)}, Scrolled: fyne.Delta{DY: 100}})
		if g := tickGranularity(v.tickStep()); g != seen[len(seen)-1] {
			seen = append(seen, g)
		}
	}
	if want := []string{"decades", "years", "months"}; !slices.Equal(seen, want) {
		t.Errorf("zooming in: got ticks %q, want %q", seen, want)
	}
	if span := v.t1 - v.t0; span < tlMinSpan-1e-9 {
		t.Errorf("zoomed in to %.3f years, closer than the %.3f limit", span, tlMinSpan)
	}
	f := v.currentFrame()
	if f.step != 1 {
		t.Errorf("closest zoom: got ticks every %d months, want 1", f.step)
	}
	// − zooms back out.
	for range 10 {
		v.TypedRune('-')
	}
	if got := tickGranularity(v.tickStep()); got != "years" {
		t.Errorf("after ten presses of −: got ticks of %s, want years", got)
	}
}

func TestTimelineDragPans(t *testing.T) {
	tab, _, _ := newTestTimeline(t)
	v := tab.view
	v.setRange(2010, 2016)
	perYear := v.plot().perYear(v.t0, v.t1)
	v.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -float32(perYear)}})
	v.DragEnd()
	if d := v.t0 - 2011; d < -1e-6 || d > 1e-6 {
		t.Errorf("dragged left by a year's width: got the view starting at %.4f, want 2011", v.t0)
	}
	// Panning stops with the events' extent at the centre's limit.
	for range 50 {
		v.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -500}})
	}
	if c := (v.t0 + v.t1) / 2; c > v.extent[1]+1e-9 {
		t.Errorf("panned the centre to %.2f, past the last event at %.2f", c, v.extent[1])
	}
}

func TestTimelineYearCursor(t *testing.T) {
	tab, x, _ := newTestTimeline(t)
	if f := tab.view.currentFrame(); f.cursorX >= 0 {
		t.Errorf("all years: got a cursor at %v, want none", f.cursorX)
	}
	x.SetYear(2013)
	f := tab.view.currentFrame()
	if f.cursorLabel != "2013" {
		t.Fatalf("year 2013: got cursor %q at %v", f.cursorLabel, f.cursorX)
	}
	// WCIT (2012) happened by 2013; the first WIC (2014) had not.
	if m := markOf(t, tab.view, "wcit"); m.future || m.x >= f.cursorX {
		t.Errorf("wcit: got future=%v at x=%v, want it before the cursor at %v", m.future, m.x, f.cursorX)
	}
	if m := markOf(t, tab.view, "wic-1"); !m.future || m.x <= f.cursorX {
		t.Errorf("wic-1: got future=%v at x=%v, want it after the cursor at %v", m.future, m.x, f.cursorX)
	}
}

func TestTimelineHoverShowsNote(t *testing.T) {
	tab, _, _ := newTestTimeline(t)
	m := markOf(t, tab.view, "wic-1")
	tab.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(m.x+1, m.y)}})
	tip := tab.view.currentFrame().tip
	if tip == nil {
		t.Fatal("hovering an event shows no box")
	}
	if !slices.Contains(tip.lines, "Held in Wuzhen.") {
		t.Errorf("got hover lines %q, want the note", tip.lines)
	}
	tab.view.MouseOut()
	if tab.view.currentFrame().tip != nil {
		t.Error("the hover box stays after the pointer leaves")
	}
}

// TestTimelineTitlesDoNotOverlap checks on the bundled landscape, at zooms
// from a century to months and in both lane modes, that no title runs into
// another title or mark and none leaves the widget.
func TestTimelineTitlesDoNotOverlap(t *testing.T) {
	test.NewTempApp(t)
	x, err := app.OpenEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	tab := newTimelineTab(x)
	w := test.NewTempWindow(t, tab.view)
	w.Resize(fyne.NewSize(1200, 900))
	v := tab.view
	for _, lanes := range []string{lanesByForum, lanesByKind} {
		tab.laneBy.SetSelected(lanes)
		for _, span := range []float64{120, 40, 12, 3, 0.5} {
			for _, start := range []float64{1990, 2005, 2013.3} {
				v.setRange(start, start+span)
				f := v.currentFrame()
				titles := 0
				for i, a := range f.marks {
					if a.title == "" {
						continue
					}
					titles++
					x0, x1 := a.x+tlMarkR+tlLabelGo, a.x+tlMarkR+tlLabelGo+a.titleW
					if x1 > f.size.Width {
						t.Errorf("%s, %v+%v: %q ends at %v, past the edge %v", lanes, start, span, a.title, x1, f.size.Width)
					}
					for j, b := range f.marks {
						if i == j || b.y != a.y {
							continue
						}
						if b.x+tlMarkR > x0 && b.x-tlMarkR < x1 {
							t.Errorf("%s, %v+%v: title %q runs over the mark of %q", lanes, start, span, a.title, b.ev.Title)
						}
						if b.title != "" {
							bx0 := b.x + tlMarkR + tlLabelGo
							if bx0 < x1 && bx0+b.titleW > x0 {
								t.Errorf("%s, %v+%v: titles %q and %q overlap", lanes, start, span, a.title, b.title)
							}
						}
					}
				}
				if span <= 12 && start == 2013.3 && titles == 0 {
					t.Errorf("%s, %v+%v: no titles shown at all", lanes, start, span)
				}
			}
		}
	}
}

// TestTimelineRendersAtTwoZooms compares the timeline's markup with golden
// files: decades with the cursor at 2013 and the first WIC selected, and
// months around WCIT-12 and the first WIC with the pointer on the latter.
func TestTimelineRendersAtTwoZooms(t *testing.T) {
	tab, x, _ := newTestTimeline(t)
	w := test.NewTempWindow(t, tab.view)
	w.Resize(fyne.NewSize(700, 160))
	x.SetYear(2013)

	tab.view.setRange(1985, 2035)
	tab.selectEvent(tab.events[1])
	test.AssertRendersToMarkup(t, "timeline_decades.xml", w.Canvas())

	tab.selectEvent(nil)
	tab.view.setRange(2012.6, 2015.2)
	m := markOf(t, tab.view, "wic-1")
	tab.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(m.x, m.y)}})
	test.AssertRendersToMarkup(t, "timeline_months.xml", w.Canvas())
}

// manualTicker is a player's ticker that ticks when the test sends on it. An
// unbuffered channel makes each send wait until the player has finished the
// previous tick.
type manualTicker struct {
	c       chan time.Time
	every   time.Duration
	stopped chan struct{}
}

func (m *manualTicker) C() <-chan time.Time { return m.c }
func (m *manualTicker) Stop()               { close(m.stopped) }

func useManualTickers(t *testing.T) *[]*manualTicker {
	var made []*manualTicker
	old := newPlayTicker
	newPlayTicker = func(d time.Duration) yearTicker {
		m := &manualTicker{c: make(chan time.Time), every: d, stopped: make(chan struct{})}
		made = append(made, m)
		return m
	}
	t.Cleanup(func() { newPlayTicker = old })
	return &made
}

// waitEnded waits for the player's goroutine to end, failing after a while.
func waitEnded(t *testing.T, exited chan struct{}) {
	t.Helper()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatal("the player's goroutine did not end")
	}
}

func TestPlayerReachesLastYearAndStops(t *testing.T) {
	tickers := useManualTickers(t)
	x := app.New(testLandscape(t))
	var years []int
	x.OnChange(func(c app.Change) {
		if c == app.ChangedVisible {
			years = append(years, x.Year())
		}
	})
	p := newPlayer(x, 2010, 2014)
	test.NewTempWindow(t, p.root)

	test.Tap(p.button)
	if !p.playing() || x.Year() != 2010 {
		t.Fatalf("after play: playing=%v at year %d, want playing from 2010", p.playing(), x.Year())
	}
	if len(*tickers) != 1 || (*tickers)[0].every != time.Second {
		t.Fatalf("got %d tickers, want one at the default 1 s", len(*tickers))
	}
	tk, exited := (*tickers)[0], p.exited
	for range 4 {
		tk.c <- time.Now()
	}
	waitEnded(t, exited)
	if want := []int{2010, 2011, 2012, 2013, 2014}; !slices.Equal(years, want) {
		t.Errorf("got years %v, want %v", years, want)
	}
	if p.playing() || p.button.Text != "Play" {
		t.Errorf("at the last year: playing=%v, button %q; want stopped, Play", p.playing(), p.button.Text)
	}
	select {
	case <-tk.stopped:
	default:
		t.Error("the ticker was not stopped")
	}

	// Play again from the end starts over at the first year.
	test.Tap(p.button)
	if x.Year() != 2010 {
		t.Errorf("play at the end: got year %d, want 2010", x.Year())
	}
	again := p.exited
	p.pause()
	waitEnded(t, again)
}

func TestPlayerStops(t *testing.T) {
	tests := []struct {
		name string
		stop func(p *player, x *app.Explorer, tk *manualTicker)
	}{
		{"pause", func(p *player, _ *app.Explorer, _ *manualTicker) { test.Tap(p.button) }},
		{"widget destroyed", func(p *player, _ *app.Explorer, _ *manualTicker) { test.WidgetRenderer(p).Destroy() }},
		{"slider moved to all years", func(_ *player, x *app.Explorer, tk *manualTicker) {
			x.SetYear(0)
			tk.c <- time.Now()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tickers := useManualTickers(t)
			x := app.New(testLandscape(t))
			x.SetYear(2012)
			p := newPlayer(x, 2000, 2020)
			test.NewTempWindow(t, p.root)
			test.Tap(p.button)
			if x.Year() != 2012 {
				t.Errorf("play from 2012: got year %d, want it to go on from there", x.Year())
			}
			exited := p.exited
			tt.stop(p, x, (*tickers)[0])
			waitEnded(t, exited)
			if p.playing() {
				t.Error("still playing")
			}
			select {
			case <-(*tickers)[0].stopped:
			default:
				t.Error("the ticker was not stopped")
			}
		})
	}
}

func TestPlayerSpeedChangeRestartsTicker(t *testing.T) {
	tickers := useManualTickers(t)
	x := app.New(testLandscape(t))
	p := newPlayer(x, 2000, 2020)
	test.NewTempWindow(t, p.root)
	test.Tap(p.button)
	first := p.exited
	p.speed.SetSelected(playSpeeds[3].label)
	waitEnded(t, first)
	if len(*tickers) != 2 || (*tickers)[1].every != playSpeeds[3].every {
		t.Fatalf("got %d tickers, want a second at %v", len(*tickers), playSpeeds[3].every)
	}
	// The year arrives on the player's goroutine (fyne.Do runs inline in
	// tests); the channel hands it over, and orders the step before the pause.
	years := make(chan int, 1)
	x.OnChange(func(c app.Change) {
		if c == app.ChangedVisible {
			years <- x.Year()
		}
	})
	(*tickers)[1].c <- time.Now()
	if y := <-years; y != 2001 {
		t.Errorf("one tick at the new speed: got year %d, want 2001", y)
	}
	second := p.exited
	p.pause()
	waitEnded(t, second)
}

// BenchmarkTimeline measures, on a synthetic landscape of about 3,000
// events, one frame of the timeline at 1600×1000 (what a pan, zoom or hover
// costs) at a wide and a close zoom, and one step of the year slider.
func BenchmarkTimeline(b *testing.B) {
	test.NewTempApp(b)
	l := model.Synthetic(1, 30000, 1)
	x := app.New(l)
	tab := newTimelineTab(x)
	w := test.NewTempWindow(b, tab.view)
	w.Resize(fyne.NewSize(1600, 1000))
	size := tab.view.Size()
	for _, zoom := range []struct {
		name   string
		lanes  string
		t0, t1 float64
	}{
		{"frame_35_years_by_forum", lanesByForum, 1990, 2025},
		{"frame_35_years_by_kind", lanesByKind, 1990, 2025},
		{"frame_2_years_by_kind", lanesByKind, 2010, 2012},
	} {
		b.Run(zoom.name, func(b *testing.B) {
			tab.laneBy.SetSelected(zoom.lanes)
			tab.view.setRange(zoom.t0, zoom.t1)
			marks := 0
			b.ReportAllocs()
			for b.Loop() {
				marks = len(tab.view.frame(size).marks)
			}
			b.ReportMetric(float64(len(l.Events)), "events")
			b.ReportMetric(float64(marks), "marks")
		})
	}
	// The timeline's share of a year step (the explorer's own recompute is
	// benchmarked in app): the cursor moves and the view redraws.
	b.Run("year_cursor", func(b *testing.B) {
		tab.view.setRange(1990, 2025)
		y := 1990
		b.ReportAllocs()
		for b.Loop() {
			y++
			if y > 2025 {
				y = 1990
			}
			tab.view.setYear(y)
		}
	})
	// A change of filter picks the events and lays out the lanes anew.
	b.Run("refilter", func(b *testing.B) {
		x.SetFacet("kind", []string{"state", "forum"})
		b.ReportAllocs()
		for b.Loop() {
			tab.refreshEvents()
		}
		b.ReportMetric(float64(len(tab.events)), "shown")
	})
}
