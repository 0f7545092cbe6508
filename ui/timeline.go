package ui

import (
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// timelineTab is the Timeline tab: the landscape's events on a time axis in
// lanes by forum or by kind, narrowed by the filters (and, on request, to the
// compare set), with the year slider's year as a cursor and the chosen
// event's details underneath.
type timelineTab struct {
	x    *app.Explorer
	hist *model.History
	view *timelineView

	laneBy      *widget.Select
	compareOnly *widget.Check
	count       *widget.Label
	detail      *fyne.Container
	root        fyne.CanvasObject

	// onSelectEvent, when set, hears of every event chosen on the timeline,
	// and of nil when the choice is cleared, so the inspector can show it.
	onSelectEvent func(ev *model.Event)

	events   []*model.Event // those shown, by date
	selected *model.Event
	facets   model.Filter // the filter the events were picked with, year aside
}

const (
	lanesByForum = "By forum"
	lanesByKind  = "By kind"
)

func newTimelineTab(x *app.Explorer) *timelineTab {
	t := &timelineTab{x: x, hist: model.NewHistory(x.Landscape)}
	t.view = newTimelineView()
	t.view.extent = eventExtent(t.hist.Timeline(model.EventFilter{}), x.Landscape)
	t.view.onTap = t.selectEvent
	t.view.onLane = func(id string) {
		if t.laneBy.Selected == lanesByForum {
			x.Select(id)
		}
	}
	t.laneBy = widget.NewSelect([]string{lanesByForum, lanesByKind}, func(string) { t.refreshEvents() })
	t.compareOnly = widget.NewCheck("Only the compare set", func(bool) { t.refreshEvents() })
	t.count = &widget.Label{}
	t.detail = container.NewVBox()

	zoom := func(f float64) func() {
		return func() {
			p := t.view.plot()
			t.view.zoomAbout(f, (p.x0+p.x1)/2)
		}
	}
	sized := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	controls := container.NewHBox(
		&widget.Label{Text: "Lanes"}, sized(130, t.laneBy), t.compareOnly,
		layout.NewSpacer(), t.count,
		&widget.Button{Icon: theme.ZoomOutIcon(), Importance: widget.LowImportance, OnTapped: zoom(1 / tlZoomStep)},
		&widget.Button{Icon: theme.ZoomInIcon(), Importance: widget.LowImportance, OnTapped: zoom(tlZoomStep)},
		&widget.Button{Text: "Fit", Icon: theme.ViewFullScreenIcon(), Importance: widget.LowImportance, OnTapped: t.fit},
	)
	split := container.NewVSplit(t.view, container.NewVScroll(container.NewPadded(t.detail)))
	split.Offset = 0.72
	t.root = container.NewBorder(controls, nil, nil, nil, split)

	x.OnChange(func(c app.Change) {
		switch c {
		case app.ChangedVisible:
			if !sameFacets(t.facets, x.Filter()) {
				t.refreshEvents()
			}
			t.view.setYear(x.Year())
		case app.ChangedCompare:
			if t.compareOnly.Checked {
				t.refreshEvents()
			}
		case app.ChangedSelection:
			id := ""
			if e, ok := x.Selected(); ok {
				id = e.ID
			}
			t.view.setRelated(id)
		}
	})
	t.laneBy.SetSelected(lanesByForum) // picks the events
	t.view.setYear(x.Year())
	t.fit()
	t.showDetail()
	return t
}

// sameFacets reports whether two filters pick the same entities but for the
// year: the year moves the timeline's cursor, it does not hide events.
func sameFacets(a, b model.Filter) bool {
	return a.Query == b.Query && maps.Equal(a.Kinds, b.Kinds) &&
		maps.Equal(a.Regions, b.Regions) && maps.Equal(a.Models, b.Models)
}

// refreshEvents picks the events the filters (and the compare toggle) allow
// and lays them into lanes. An event is kept when it names at least one
// entity passing the filters' facets and search. The year is left out on
// purpose: it is the cursor, and a timeline that dropped later events as the
// slider moved would hide what comes next.
func (t *timelineTab) refreshEvents() {
	if t.laneBy.Selected == "" {
		return // still being built
	}
	f := t.x.Filter()
	t.facets = f
	f.Year = 0
	all := f.IsZero() && !t.compareOnly.Checked
	var ids []string
	if !all {
		allowed := t.x.Landscape.Apply(f)
		var cmp map[string]bool
		if t.compareOnly.Checked {
			cmp = map[string]bool{}
			for _, id := range t.x.CompareSet() {
				cmp[id] = true
			}
		}
		for _, e := range allowed {
			if cmp == nil || cmp[e.ID] {
				ids = append(ids, e.ID)
			}
		}
	}
	switch {
	case all:
		t.events = t.hist.Timeline(model.EventFilter{})
	case len(ids) == 0:
		t.events = nil
	default:
		t.events = t.hist.Timeline(model.EventFilter{Entities: ids})
	}

	by := model.ByForum
	if t.laneBy.Selected == lanesByKind {
		by = model.ByKind
	}
	lanes := t.hist.Lanes(t.events, by)
	if by == model.ByKind && len(f.Kinds) > 0 {
		// Filtered to some kinds, the other kinds' lanes would repeat events
		// already shown in the lanes asked for.
		lanes = slices.DeleteFunc(lanes, func(ln model.Lane) bool { return ln.ID != "" && !f.Kinds[ln.ID] })
	}
	t.view.setLanes(lanes)

	total := len(t.x.Landscape.Events)
	switch {
	case t.compareOnly.Checked && len(t.x.CompareSet()) == 0:
		t.view.setMessage("The compare set is empty: add entities to it to see what happened to them.")
	case len(t.events) == 0:
		t.view.setMessage("No events name an entity that passes the filters.")
	default:
		t.view.setMessage("")
	}
	if len(t.events) == total {
		t.count.SetText(countEvents(total))
	} else {
		t.count.SetText(fmt.Sprintf("%d of %s", len(t.events), countEvents(total)))
	}
	if t.selected != nil && !slices.Contains(t.events, t.selected) {
		t.selectEvent(nil)
	}
}

// countEvents says "1 event", "2 events".
func countEvents(n int) string {
	if n == 1 {
		return "1 event"
	}
	return strconv.Itoa(n) + " events"
}

// fit frames the events shown, or the whole landscape when there are none.
func (t *timelineTab) fit() {
	ext := storyExtent(t.events, t.x.Landscape)
	pad := max(0.5, (ext[1]-ext[0])*0.04)
	t.view.setRange(ext[0]-pad, ext[1]+pad)
}

// storyExtent is eventExtent without lone events far before or after the
// rest: the ITU's founding in 1865 would otherwise squeeze the forty years
// the story is about into a corner. Those events stay a pan away. An event is
// alone when its gap to the next is larger than the span of all the rest.
func storyExtent(evs []*model.Event, l *model.Landscape) [2]float64 {
	if len(evs) < 3 {
		return eventExtent(evs, l)
	}
	ts := make([]float64, len(evs))
	for i, ev := range evs {
		ts[i] = dateYears(model.MustDate(ev.Date))
	}
	slices.Sort(ts)
	lo, hi := 0, len(ts)-1
	for hi-lo >= 2 {
		switch {
		case ts[lo+1]-ts[lo] > ts[hi]-ts[lo+1]:
			lo++
		case ts[hi]-ts[hi-1] > ts[hi-1]-ts[lo]:
			hi--
		default:
			return [2]float64{ts[lo], ts[hi]}
		}
	}
	return [2]float64{ts[lo], ts[hi]}
}

// eventExtent is the span of years the events cover, from the first one's
// start to the end of the last one's period; without events, the years the
// landscape's dates cover.
func eventExtent(evs []*model.Event, l *model.Landscape) [2]float64 {
	if len(evs) == 0 {
		first, last := l.YearRange()
		if first == 0 {
			y := float64(time.Now().Year())
			return [2]float64{y - 10, y}
		}
		return [2]float64{float64(first), float64(last + 1)}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, ev := range evs {
		d := model.MustDate(ev.Date)
		lo = min(lo, dateYears(d))
		hi = max(hi, dateYears(d))
	}
	return [2]float64{lo, hi}
}

// selectEvent makes ev the chosen event: its details show below the
// timeline, the hook hears of it and its first entity becomes the selection,
// so the map and the inspector follow. A nil ev clears the choice.
func (t *timelineTab) selectEvent(ev *model.Event) {
	t.selected = ev
	t.view.setSelected(ev)
	t.showDetail()
	if t.onSelectEvent != nil {
		t.onSelectEvent(ev)
	}
	if ev != nil && len(ev.Entities) > 0 {
		t.x.Select(ev.Entities[0])
	}
}

// showDetail fills the panel under the timeline with the chosen event: date,
// title, note, the entities it names (links that select them) and its sources
// (only http and https addresses become links).
func (t *timelineTab) showDetail() {
	ev := t.selected
	if ev == nil {
		t.detail.Objects = []fyne.CanvasObject{&widget.Label{
			Text:      "Click an event to see its note, entities and sources. The wheel or − / + zooms, dragging pans; hover over an event for its note.",
			Wrapping:  fyne.TextWrapWord,
			TextStyle: fyne.TextStyle{Italic: true},
		}}
		t.detail.Refresh()
		return
	}
	l := t.x.Landscape
	objs := []fyne.CanvasObject{
		&widget.Label{Text: ev.Title, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		&widget.Label{Text: ev.Date, TextStyle: fyne.TextStyle{Monospace: true}},
	}
	if ev.Note != "" {
		objs = append(objs, &widget.Label{Text: ev.Note, Wrapping: fyne.TextWrapWord})
	}
	// One wrapping paragraph of links: an event may name a dozen entities.
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: "Entities: ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Italic: true}}}}
	for i, id := range ev.Entities {
		e, ok := l.Entity(id)
		if !ok {
			continue
		}
		if i > 0 {
			segs = append(segs, &widget.TextSegment{Text: " · ", Style: widget.RichTextStyleInline})
		}
		segs = append(segs, &widget.HyperlinkSegment{Text: e.Label(), OnTapped: func() { t.x.Select(id) }})
	}
	objs = append(objs, &widget.RichText{Segments: segs, Wrapping: fyne.TextWrapWord})
	for _, id := range ev.Sources {
		if s, ok := l.Source(id); ok {
			objs = append(objs, sourceLink(s, s.Title, true),
				indent(&widget.Label{Text: sourceMeta(s), TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord}))
		}
	}
	t.detail.Objects = objs
	t.detail.Refresh()
}

// dateYears places a date on the time axis, in years since year 0: the
// start of its period, so "2014" and "2014-01-01" fall together.
func dateYears(d model.Date) float64 {
	if d.Month == 0 {
		return float64(d.Year)
	}
	day := max(d.Day, 1)
	yd := time.Date(d.Year, time.Month(d.Month), day, 0, 0, 0, 0, time.UTC).YearDay()
	n := time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
	return float64(d.Year) + float64(yd-1)/float64(n)
}

// monthYears places the first day of month m (0 = January of year 0,
// counting on) on the time axis.
func monthYears(m int) float64 {
	y, mo := m/12, m%12+1
	return dateYears(model.Date{Year: y, Month: mo, Day: 1})
}

// The timeline's geometry, in Fyne units.
const (
	tlAxisH   = 30  // the band of tick labels at the top
	tlLaneH   = 30  // one lane
	tlGutter  = 120 // the lane labels on the left
	tlInset   = 10  // space between the gutter or the right edge and a mark
	tlMarkR   = 5   // a mark's radius
	tlLabelGo = 4   // from a mark's edge to its title
	tlMinText = 28  // a title given less room than this is dropped
	tlTickGap = 56  // ticks are at least this far apart
	tlTipW    = 300 // the hover box's text width

	tlZoomStep = 1.5      // one press of − or +
	tlMinSpan  = 4.0 / 12 // the closest zoom: four months across
	tlMaxSpan  = 160.0    // the widest: a century and a half
	tlMonths   = 12       // months in a year
	tlTipLines = 6        // lines of a note the hover box shows at most
	tlEllipsis = "…"      // marks an elided title
)

// tlTickSteps are the spacings between ticks the axis chooses from, in months:
// from a month to a century.
var tlTickSteps = []int{1, 3, 6, 12, 24, 60, 120, 240, 600, 1200}

// tickGranularity names what a tick step counts: "months", "years" or "decades".
func tickGranularity(step int) string {
	switch {
	case step < tlMonths:
		return "months"
	case step < 10*tlMonths:
		return "years"
	}
	return "decades"
}

// timelineView draws the events of some lanes on a zoomable time axis. It
// draws with a small pool of canvas objects for only what is in view (the
// renderer's), so its cost follows the screen, not the dataset; the frame it
// draws is computed by frame, which hit tests share.
type timelineView struct {
	widget.BaseWidget

	lanes   []tlLane
	extent  [2]float64 // panning keeps the centre within these years
	t0, t1  float64    // the years across the plot
	top     float32    // lanes scrolled up by this much
	year    int        // the cursor's year; 0 for none
	message string     // shown instead of lanes when there are none

	selected *model.Event
	related  string // events naming this entity are ringed
	hover    *model.Event
	focused  bool

	onTap  func(ev *model.Event) // an event (or nil, for the background) was clicked
	onLane func(id string)       // a forum lane's label was clicked

	widths map[tlTextKey]float32 // measured titles
	last   *tlFrame              // what was drawn last, for hit tests
	lastSz fyne.Size
}

type tlLane struct {
	id, label string
	events    []*model.Event
	ts        []float64 // each event's place on the axis, ascending
	precise   []bool    // dated to the day
}

type tlTextKey struct {
	s    string
	size float32
	bold bool
}

var (
	_ fyne.Widget        = (*timelineView)(nil)
	_ fyne.Tappable      = (*timelineView)(nil)
	_ fyne.Draggable     = (*timelineView)(nil)
	_ fyne.Scrollable    = (*timelineView)(nil)
	_ fyne.Focusable     = (*timelineView)(nil)
	_ desktop.Hoverable  = (*timelineView)(nil)
	_ desktop.Cursorable = (*timelineView)(nil)
)

func newTimelineView() *timelineView {
	v := &timelineView{t0: 2000, t1: 2026, widths: map[tlTextKey]float32{}}
	v.ExtendBaseWidget(v)
	return v
}

func (v *timelineView) setLanes(lanes []model.Lane) {
	v.lanes = make([]tlLane, len(lanes))
	for i, ln := range lanes {
		tl := tlLane{id: ln.ID, label: ln.Label, events: ln.Events,
			ts: make([]float64, len(ln.Events)), precise: make([]bool, len(ln.Events))}
		for k, ev := range ln.Events {
			d := model.MustDate(ev.Date)
			tl.ts[k] = dateYears(d)
			tl.precise[k] = d.Day != 0
		}
		v.lanes[i] = tl
	}
	v.hover = nil
	v.clampTop()
	v.Refresh()
}

func (v *timelineView) setYear(y int) {
	if y != v.year {
		v.year = y
		v.Refresh()
	}
}

func (v *timelineView) setSelected(ev *model.Event) {
	v.selected = ev
	v.Refresh()
}

func (v *timelineView) setRelated(id string) {
	if id != v.related {
		v.related = id
		v.Refresh()
	}
}

func (v *timelineView) setMessage(s string) {
	if s != v.message {
		v.message = s
		v.Refresh()
	}
}

// setRange shows the years from t0 to t1, kept within the zoom limits and
// with the centre within the events' extent.
func (v *timelineView) setRange(t0, t1 float64) {
	span := min(max(t1-t0, tlMinSpan), tlMaxSpan)
	c := (t0 + t1) / 2
	if v.extent != [2]float64{} {
		c = min(max(c, v.extent[0]), v.extent[1])
	}
	v.t0, v.t1 = c-span/2, c+span/2
	v.Refresh()
}

// zoomAbout zooms in by factor (out when below 1), keeping the year under x
// where it is.
func (v *timelineView) zoomAbout(factor float64, x float32) {
	p := v.plot()
	at := p.years(x, v.t0, v.t1)
	span := min(max((v.t1-v.t0)/factor, tlMinSpan), tlMaxSpan)
	frac := float64(x-p.x0) / float64(p.x1-p.x0)
	v.setRange(at-frac*span, at+(1-frac)*span)
}

// panBy moves the view by dx, dy units of the screen.
func (v *timelineView) panBy(dx, dy float32) {
	p := v.plot()
	dt := float64(dx) / p.perYear(v.t0, v.t1)
	v.top -= dy
	v.clampTop()
	v.setRange(v.t0-dt, v.t1-dt)
}

func (v *timelineView) clampTop() {
	maxTop := float32(len(v.lanes))*tlLaneH - (v.Size().Height - tlAxisH)
	v.top = min(max(v.top, 0), max(maxTop, 0))
}

// tickStep is the spacing of the axis's ticks, in months, at the current zoom.
func (v *timelineView) tickStep() int {
	p := v.plot()
	perYear := p.perYear(v.t0, v.t1)
	for _, s := range tlTickSteps {
		if float64(s)/tlMonths*perYear >= tlTickGap {
			return s
		}
	}
	return tlTickSteps[len(tlTickSteps)-1]
}

// tlPlot is the horizontal extent of the plot within the widget.
type tlPlot struct{ x0, x1 float32 }

func (v *timelineView) plot() tlPlot {
	w := max(v.Size().Width, tlGutter+2*tlInset+100)
	return tlPlot{x0: tlGutter + tlInset, x1: w - tlInset}
}

func (p tlPlot) perYear(t0, t1 float64) float64 { return float64(p.x1-p.x0) / (t1 - t0) }

func (p tlPlot) x(t, t0, t1 float64) float32 {
	return p.x0 + float32((t-t0)*p.perYear(t0, t1))
}

func (p tlPlot) years(x float32, t0, t1 float64) float64 {
	return t0 + float64(x-p.x0)/p.perYear(t0, t1)
}

// tlFrame is one drawing of the timeline: where every visible thing goes.
type tlFrame struct {
	size        fyne.Size
	step        int // months between ticks
	ticks       []tlTick
	rows        []tlRow
	marks       []tlMark
	cursorX     float32 // <0: no cursor
	cursorLabel string
	cursorW     float32
	tip         *tlTip
	scroll      *tlScroll // where the lanes in view are among all, when they overflow
	message     string
	textSize    float32
	textH       float32
}

type tlTick struct {
	x     float32
	label string // "" when it would overlap the cursor's label
	bold  bool   // a year's start among month ticks
}

type tlRow struct {
	lane  int
	y     float32 // top of the lane
	label string
}

type tlMark struct {
	ev       *model.Event
	x, y     float32 // centre
	title    string  // "" when there is no room for it
	titleW   float32
	more     int // events hidden under this mark: too close to tell apart
	precise  bool
	selected bool
	hovered  bool
	related  bool
	future   bool // after the cursor's year
}

type tlScroll struct{ y, h float32 }

type tlTip struct {
	x, y, w, h float32
	lines      []string // the first is the date and title
}

// frame lays out what the view shows at size: the ticks, the visible lanes,
// the marks in view with the titles that fit, the cursor and the hover box.
func (v *timelineView) frame(size fyne.Size) *tlFrame {
	th := v.Theme()
	f := &tlFrame{size: size, cursorX: -1, message: v.message}
	f.textSize = th.Size(theme.SizeNameCaptionText)
	f.textH = fyne.MeasureText("Ag", f.textSize, fyne.TextStyle{}).Height
	p := v.plot()
	t0, t1 := v.t0, v.t1

	// The cursor sits at the end of its year: "as it stood in 2014"
	// includes everything that happened in 2014.
	cursorT := math.Inf(1)
	if v.year != 0 {
		cursorT = float64(v.year + 1)
		if x := p.x(cursorT, t0, t1); x >= p.x0 && x <= p.x1 {
			f.cursorX = x
			f.cursorLabel = strconv.Itoa(v.year)
			f.cursorW = v.measure(f.cursorLabel, f.textSize, true)
		}
	}

	f.step = v.tickStep()
	first := (int(math.Floor(t0*tlMonths))/f.step - 1) * f.step
	for m := first; ; m += f.step {
		t := monthYears(m)
		if t > t1 {
			break
		}
		x := p.x(t, t0, t1)
		if x < p.x0 {
			continue
		}
		tk := tlTick{x: x}
		if m%tlMonths == 0 {
			tk.label, tk.bold = strconv.Itoa(m/tlMonths), f.step < tlMonths
		} else {
			tk.label = time.Month(m%tlMonths + 1).String()[:3]
		}
		w := v.measure(tk.label, f.textSize, tk.bold)
		lx0, lx1 := x+3, x+3+w
		// Off the edge, under the cursor's label, or so close after the
		// cursor that "2014 2015" would read as one label.
		if lx1 > size.Width || (f.cursorX >= 0 && lx1 > f.cursorX-f.cursorW-6 && lx0 < f.cursorX+f.cursorW) {
			tk.label = ""
		}
		f.ticks = append(f.ticks, tk)
	}

	if len(v.lanes) == 0 {
		return f
	}
	if all, room := float32(len(v.lanes))*tlLaneH, size.Height-tlAxisH; all > room && room > 0 {
		f.scroll = &tlScroll{y: tlAxisH + v.top/all*room, h: max(room*room/all, 8)}
	}
	margin := float64(tlMarkR) / p.perYear(t0, t1)
	for li := range v.lanes {
		y := tlAxisH + float32(li)*tlLaneH - v.top
		if y+tlLaneH <= tlAxisH || y >= size.Height {
			continue
		}
		ln := &v.lanes[li]
		row := tlRow{lane: li, y: y}
		// A lane cut by an edge gets its stripe, not its label or marks.
		if y < tlAxisH || y+tlLaneH > size.Height {
			f.rows = append(f.rows, row)
			continue
		}
		row.label = v.elide(ln.label, tlGutter-10, f.textSize, true)
		f.rows = append(f.rows, row)
		cy := y + tlLaneH/2
		start := len(f.marks)
		lo := sort.SearchFloat64s(ln.ts, t0-margin)
		for k := lo; k < len(ln.ts); k++ {
			x := p.x(ln.ts[k], t0, t1)
			if x > p.x1 {
				break
			}
			if x < p.x0 {
				continue
			}
			ev := ln.events[k]
			sel, hov, rel := ev == v.selected, ev == v.hover, v.related != "" && slices.Contains(ev.Entities, v.related)
			if n := len(f.marks); n > start && x-f.marks[n-1].x < 2*tlMarkR+1 {
				// Too close to tell apart at this zoom: one mark stands for
				// both, and says so when hovered.
				m := &f.marks[n-1]
				m.more++
				m.selected, m.hovered, m.related = m.selected || sel, m.hovered || hov, m.related || rel
				continue
			}
			f.marks = append(f.marks, tlMark{ev: ev, x: x, y: cy, precise: ln.precise[k],
				selected: sel, hovered: hov, related: rel, future: ln.ts[k] >= cursorT})
		}
		// Titles run from their mark towards the next; one that would reach
		// the next mark is elided, and one left too little room is dropped,
		// so titles never overlap each other or another mark.
		for k := start; k < len(f.marks); k++ {
			m := &f.marks[k]
			from := m.x + tlMarkR + tlLabelGo
			to := p.x1 + tlInset
			if k+1 < len(f.marks) {
				to = f.marks[k+1].x - tlMarkR - tlLabelGo
			}
			if to-from < tlMinText {
				continue
			}
			m.title = v.elide(m.ev.Title, to-from, f.textSize, m.selected)
			if m.title != "" {
				m.titleW = v.measure(m.title, f.textSize, m.selected)
			}
		}
	}

	if v.hover != nil {
		for k := range f.marks {
			if f.marks[k].hovered {
				f.tip = v.tip(&f.marks[k], f)
				break
			}
		}
	}
	return f
}

// tip is the hover box of a mark: date and title, then the note.
func (v *timelineView) tip(m *tlMark, f *tlFrame) *tlTip {
	ev := m.ev
	lines := []string{v.elide(ev.Date+"  "+ev.Title, tlTipW, f.textSize, true)}
	note := ev.Note
	if note == "" {
		note = "(no note)"
	}
	lines = append(lines, v.wrap(note, tlTipW, f.textSize, tlTipLines)...)
	if m.more > 0 {
		lines = append(lines, fmt.Sprintf("and %s more here: zoom in to tell them apart", countEvents(m.more)))
	}
	var w float32
	for i, s := range lines {
		w = max(w, v.measure(s, f.textSize, i == 0))
	}
	pad := float32(6)
	t := &tlTip{lines: lines, w: w + 2*pad, h: float32(len(lines))*f.textH + 2*pad}
	t.x = min(m.x+tlMarkR+2, f.size.Width-t.w-2)
	t.x = max(t.x, 2)
	t.y = m.y + tlMarkR + 4
	if t.y+t.h > f.size.Height && m.y-tlMarkR-4-t.h >= 0 {
		t.y = m.y - tlMarkR - 4 - t.h
	}
	return t
}

func (v *timelineView) measure(s string, size float32, bold bool) float32 {
	k := tlTextKey{s, size, bold}
	if w, ok := v.widths[k]; ok {
		return w
	}
	w := fyne.MeasureText(s, size, fyne.TextStyle{Bold: bold}).Width
	if len(v.widths) > 20000 {
		clear(v.widths) // a bound, not a policy: titles are few
	}
	v.widths[k] = w
	return w
}

// elide shortens s with an ellipsis to fit width, or returns "" when not
// even a few letters would.
func (v *timelineView) elide(s string, width, size float32, bold bool) string {
	return elideText(s, width, func(s string) float32 { return v.measure(s, size, bold) })
}

// elideText shortens s with an ellipsis to fit width as measure measures
// it, or returns "" when not even three letters would.
func elideText(s string, width float32, measure func(string) float32) string {
	if measure(s) <= width {
		return s
	}
	runes := []rune(s)
	// The longest prefix that fits with the ellipsis.
	n := sort.Search(len(runes)+1, func(n int) bool {
		return measure(string(runes[:n])+tlEllipsis) > width
	}) - 1
	if n < 3 {
		return ""
	}
	return string(runes[:n]) + tlEllipsis
}

// wrap breaks s into lines of at most width, at most maxLines of them, the
// last elided if the text runs on.
func (v *timelineView) wrap(s string, width, size float32, maxLines int) []string {
	var lines []string
	line := ""
	words := tlWords(s)
	for i, w := range words {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line == "" || fyne.MeasureText(next, size, fyne.TextStyle{}).Width <= width {
			line = next
			continue
		}
		lines = append(lines, line)
		line = w
		if len(lines) == maxLines-1 {
			rest := line
			for _, r := range words[i+1:] {
				rest += " " + r
			}
			if e := v.elide(rest, width, size, false); e != "" {
				line = e
			}
			return append(lines, line)
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func tlWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t'
		switch {
		case space && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// currentFrame is the frame last drawn, or one made now if the size changed.
func (v *timelineView) currentFrame() *tlFrame {
	if v.last == nil || v.lastSz != v.Size() {
		v.last, v.lastSz = v.frame(v.Size()), v.Size()
	}
	return v.last
}

// markAt returns the mark under p (its dot or its title), or nil.
func (v *timelineView) markAt(p fyne.Position) *tlMark {
	f := v.currentFrame()
	var best *tlMark
	bestD := float32(math.MaxFloat32)
	for k := range f.marks {
		m := &f.marks[k]
		if p.Y < m.y-tlLaneH/2+2 || p.Y > m.y+tlLaneH/2-2 {
			continue
		}
		dx := p.X - m.x
		onTitle := m.title != "" && dx >= tlMarkR && dx <= tlMarkR+tlLabelGo+m.titleW
		d := float32(math.Hypot(float64(dx), float64(p.Y-m.y)))
		if (d <= tlMarkR+4 || onTitle) && d < bestD {
			best, bestD = m, d
		}
	}
	return best
}

// laneAt returns the lane whose label is under p, or -1.
func (v *timelineView) laneAt(p fyne.Position) int {
	if p.X >= tlGutter || p.Y < tlAxisH {
		return -1
	}
	i := int((p.Y - tlAxisH + v.top) / tlLaneH)
	if i < 0 || i >= len(v.lanes) {
		return -1
	}
	return i
}

// Tapped chooses the event under the pointer, or clears the choice on the
// background; a forum lane's label selects the forum.
func (v *timelineView) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
	if i := v.laneAt(ev.Position); i >= 0 {
		if id := v.lanes[i].id; id != "" && v.onLane != nil {
			v.onLane(id)
		}
		return
	}
	var chosen *model.Event
	if m := v.markAt(ev.Position); m != nil {
		chosen = m.ev
	}
	if v.onTap != nil {
		v.onTap(chosen)
	} else {
		v.setSelected(chosen)
	}
}

// Scrolled zooms about the pointer; a sideways scroll pans.
func (v *timelineView) Scrolled(ev *fyne.ScrollEvent) {
	if math.Abs(float64(ev.Scrolled.DX)) > math.Abs(float64(ev.Scrolled.DY)) {
		v.panBy(ev.Scrolled.DX, 0)
		return
	}
	v.zoomAbout(math.Exp(float64(ev.Scrolled.DY)*0.004), ev.Position.X)
}

// Dragged pans: sideways through time, up and down through the lanes.
func (v *timelineView) Dragged(ev *fyne.DragEvent) {
	v.hover = nil
	v.panBy(ev.Dragged.DX, ev.Dragged.DY)
}

// DragEnd ends a pan.
func (v *timelineView) DragEnd() {}

// MouseIn starts hover tracking.
func (v *timelineView) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved shows the note of the event under the pointer.
func (v *timelineView) MouseMoved(ev *desktop.MouseEvent) {
	var h *model.Event
	if m := v.markAt(ev.Position); m != nil {
		h = m.ev
	}
	if h != v.hover {
		v.hover = h
		v.Refresh()
	}
}

// MouseOut hides the hover box.
func (v *timelineView) MouseOut() {
	if v.hover != nil {
		v.hover = nil
		v.Refresh()
	}
}

// Cursor is a pointing hand over an event.
func (v *timelineView) Cursor() desktop.Cursor {
	if v.hover != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// FocusGained shows the focus ring.
func (v *timelineView) FocusGained() { v.focused = true; v.Refresh() }

// FocusLost hides it.
func (v *timelineView) FocusLost() { v.focused = false; v.Refresh() }

// TypedRune zooms with + and −.
func (v *timelineView) TypedRune(r rune) {
	p := v.plot()
	switch r {
	case '+', '=':
		v.zoomAbout(tlZoomStep, (p.x0+p.x1)/2)
	case '-', '−':
		v.zoomAbout(1/tlZoomStep, (p.x0+p.x1)/2)
	}
}

// TypedKey pans with the arrow keys.
func (v *timelineView) TypedKey(ev *fyne.KeyEvent) {
	step := (v.plot().x1 - v.plot().x0) / 8
	switch ev.Name {
	case fyne.KeyLeft:
		v.panBy(step, 0)
	case fyne.KeyRight:
		v.panBy(-step, 0)
	case fyne.KeyUp:
		v.panBy(0, tlLaneH)
	case fyne.KeyDown:
		v.panBy(0, -tlLaneH)
	}
}

// CreateRenderer draws the frame with pooled canvas objects.
func (v *timelineView) CreateRenderer() fyne.WidgetRenderer {
	r := &tlRenderer{v: v}
	r.gutterLine = &canvas.Line{StrokeWidth: 1}
	r.axisLine = &canvas.Line{StrokeWidth: 1}
	r.cursor = &canvas.Line{StrokeWidth: 2}
	r.cursorText = &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}
	r.tipBg = &canvas.Rectangle{StrokeWidth: 1}
	r.message = &canvas.Text{TextStyle: fyne.TextStyle{Italic: true}, Alignment: fyne.TextAlignCenter}
	r.focus = &canvas.Rectangle{StrokeWidth: 2, FillColor: color.Transparent}
	r.scroll = &canvas.Rectangle{}
	r.stripes.make = func() *canvas.Rectangle { return &canvas.Rectangle{} }
	r.grid.make = func() *canvas.Line { return &canvas.Line{StrokeWidth: 1} }
	r.tickText.make = func() *canvas.Text { return &canvas.Text{} }
	r.marks.make = func() *canvas.Circle { return &canvas.Circle{} }
	r.titles.make = func() *canvas.Text { return &canvas.Text{} }
	r.laneText.make = func() *canvas.Text { return &canvas.Text{} }
	r.tipText.make = func() *canvas.Text { return &canvas.Text{} }
	return r
}

// objectPool hands out reused canvas objects of one type, in order, each frame.
type objectPool[T fyne.CanvasObject] struct {
	items []T
	n     int
	make  func() T
}

func (p *objectPool[T]) next() T {
	if p.n == len(p.items) {
		p.items = append(p.items, p.make())
	}
	p.n++
	return p.items[p.n-1]
}

// appendUsed appends the objects p handed out this frame.
func appendUsed[T fyne.CanvasObject](objs []fyne.CanvasObject, p *objectPool[T]) []fyne.CanvasObject {
	for _, o := range p.items[:p.n] {
		objs = append(objs, o)
	}
	return objs
}

type tlRenderer struct {
	v *timelineView

	stripes    objectPool[*canvas.Rectangle]
	grid       objectPool[*canvas.Line]
	tickText   objectPool[*canvas.Text]
	marks      objectPool[*canvas.Circle]
	titles     objectPool[*canvas.Text]
	laneText   objectPool[*canvas.Text]
	tipText    objectPool[*canvas.Text]
	gutterLine *canvas.Line
	axisLine   *canvas.Line
	cursor     *canvas.Line
	cursorText *canvas.Text
	tipBg      *canvas.Rectangle
	message    *canvas.Text
	focus      *canvas.Rectangle
	scroll     *canvas.Rectangle

	objs []fyne.CanvasObject
}

func (r *tlRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *tlRenderer) MinSize() fyne.Size {
	return fyne.NewSize(tlGutter+2*tlInset+160, tlAxisH+2*tlLaneH)
}

func (r *tlRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *tlRenderer) Destroy() {}

// Refresh draws the frame at the widget's size: every pooled object is
// placed anew and the ones not needed this frame are left out.
func (r *tlRenderer) Refresh() {
	v := r.v
	size := v.Size()
	f := v.frame(size)
	v.last, v.lastSz = f, size

	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, variant) }
	fg, dim, primary := col(theme.ColorNameForeground), col(theme.ColorNameDisabled), col(theme.ColorNamePrimary)
	sep := col(theme.ColorNameSeparator)
	stripe := nrgba(fg)
	stripe.A = 0x0C

	for _, p := range []interface{ reset() }{&r.stripes, &r.grid, &r.tickText, &r.marks, &r.titles, &r.laneText, &r.tipText} {
		p.reset()
	}
	r.objs = r.objs[:0]

	for _, row := range f.rows {
		if row.lane%2 == 1 {
			s := r.stripes.next()
			s.FillColor = stripe
			y0 := max(row.y, tlAxisH)
			s.Move(fyne.NewPos(0, y0))
			s.Resize(fyne.NewSize(size.Width, min(row.y+tlLaneH, size.Height)-y0))
		}
	}
	for _, tk := range f.ticks {
		g := r.grid.next()
		g.StrokeColor = sep
		g.Position1, g.Position2 = fyne.NewPos(tk.x, tlAxisH-6), fyne.NewPos(tk.x, size.Height)
		if tk.label == "" {
			continue
		}
		t := r.tickText.next()
		t.Text, t.Color, t.TextSize, t.TextStyle = tk.label, fg, f.textSize, fyne.TextStyle{Bold: tk.bold}
		t.Move(fyne.NewPos(tk.x+3, (tlAxisH-f.textH)/2-2))
		t.Resize(fyne.NewSize(v.measure(tk.label, f.textSize, tk.bold), f.textH))
	}
	for _, m := range f.marks {
		c := r.marks.next()
		rad := float32(tlMarkR)
		if m.selected {
			rad += 2
		}
		c.Move(fyne.NewPos(m.x-rad, m.y-rad))
		c.Resize(fyne.NewSize(2*rad, 2*rad))
		ink := primary
		if m.future {
			ink = dim
		}
		// Dated to the day: a dot; to the month or year only: a ring, so
		// an imprecise date does not pass for a precise one.
		c.FillColor, c.StrokeColor, c.StrokeWidth = ink, color.Transparent, 0
		if !m.precise {
			c.FillColor, c.StrokeColor, c.StrokeWidth = color.Transparent, ink, 2
		}
		if m.selected || m.hovered || m.related {
			c.StrokeColor, c.StrokeWidth = fg, 2
		}
		if m.title == "" {
			continue
		}
		t := r.titles.next()
		t.Text, t.TextSize, t.TextStyle = m.title, f.textSize, fyne.TextStyle{Bold: m.selected}
		t.Color = fg
		if m.future {
			t.Color = dim
		}
		t.Move(fyne.NewPos(m.x+tlMarkR+tlLabelGo, m.y-f.textH/2))
		t.Resize(fyne.NewSize(m.titleW, f.textH))
	}
	for _, row := range f.rows {
		if row.label == "" {
			continue
		}
		t := r.laneText.next()
		t.Text, t.Color, t.TextSize, t.TextStyle = row.label, fg, f.textSize, fyne.TextStyle{Bold: true}
		t.Move(fyne.NewPos(6, row.y+(tlLaneH-f.textH)/2))
		t.Resize(fyne.NewSize(tlGutter-8, f.textH))
	}
	r.objs = appendUsed(r.objs, &r.stripes)
	r.objs = appendUsed(r.objs, &r.grid)
	r.objs = appendUsed(r.objs, &r.marks)
	r.objs = appendUsed(r.objs, &r.titles)
	r.objs = appendUsed(r.objs, &r.tickText)
	r.objs = appendUsed(r.objs, &r.laneText)

	r.gutterLine.StrokeColor = sep
	r.gutterLine.Position1, r.gutterLine.Position2 = fyne.NewPos(tlGutter, tlAxisH), fyne.NewPos(tlGutter, size.Height)
	r.axisLine.StrokeColor = col(theme.ColorNameInputBorder)
	r.axisLine.Position1, r.axisLine.Position2 = fyne.NewPos(0, tlAxisH), fyne.NewPos(size.Width, tlAxisH)
	r.add(r.gutterLine, r.axisLine)

	if f.cursorX >= 0 {
		r.cursor.StrokeColor = primary
		r.cursor.Position1, r.cursor.Position2 = fyne.NewPos(f.cursorX, 2), fyne.NewPos(f.cursorX, size.Height)
		r.cursorText.Text, r.cursorText.Color, r.cursorText.TextSize = f.cursorLabel, primary, f.textSize
		r.cursorText.Move(fyne.NewPos(f.cursorX-f.cursorW-4, (tlAxisH-f.textH)/2-2))
		r.cursorText.Resize(fyne.NewSize(f.cursorW, f.textH))
		r.add(r.cursor, r.cursorText)
	}
	if f.message != "" {
		r.message.Text, r.message.Color, r.message.TextSize = f.message, fg, th.Size(theme.SizeNameText)
		r.message.Move(fyne.NewPos(tlGutter, tlAxisH+tlLaneH/2))
		r.message.Resize(fyne.NewSize(size.Width-tlGutter, f.textH*1.5))
		r.add(r.message)
	}
	if tip := f.tip; tip != nil {
		r.tipBg.FillColor, r.tipBg.StrokeColor = col(theme.ColorNameOverlayBackground), col(theme.ColorNameInputBorder)
		r.tipBg.CornerRadius = th.Size(theme.SizeNameInputRadius)
		r.tipBg.Move(fyne.NewPos(tip.x, tip.y))
		r.tipBg.Resize(fyne.NewSize(tip.w, tip.h))
		r.add(r.tipBg)
		for i, s := range tip.lines {
			t := r.tipText.next()
			t.Text, t.Color, t.TextSize, t.TextStyle = s, fg, f.textSize, fyne.TextStyle{Bold: i == 0}
			t.Move(fyne.NewPos(tip.x+6, tip.y+6+float32(i)*f.textH))
			t.Resize(fyne.NewSize(tip.w-12, f.textH))
			r.add(t)
		}
	}
	if f.scroll != nil {
		r.scroll.FillColor = dim
		r.scroll.CornerRadius = 2
		r.scroll.Move(fyne.NewPos(size.Width-5, f.scroll.y))
		r.scroll.Resize(fyne.NewSize(4, f.scroll.h))
		r.add(r.scroll)
	}
	if v.focused {
		r.focus.StrokeColor = col(theme.ColorNameFocus)
		r.focus.Resize(size)
		r.add(r.focus)
	}
	for _, o := range r.objs {
		o.Refresh()
	}
	canvas.Refresh(v) // the set of objects changed, not only their looks
}

func (r *tlRenderer) add(objs ...fyne.CanvasObject) { r.objs = append(r.objs, objs...) }

func (p *objectPool[T]) reset() { p.n = 0 }

// playSpeeds are the player's speeds: how long it shows each year.
var playSpeeds = []struct {
	label string
	every time.Duration
}{
	{"1 year / 2 s", 2 * time.Second},
	{"1 year / s", time.Second},
	{"2 years / s", time.Second / 2},
	{"4 years / s", time.Second / 4},
}

// yearTicker is what the player waits on between years: a *time.Ticker, which
// tests replace through newPlayTicker to step when they choose.
type yearTicker interface {
	C() <-chan time.Time
	Stop()
}

type realTicker struct{ t *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.t.C }
func (t realTicker) Stop()               { t.t.Stop() }

// newPlayTicker starts a ticker firing every d.
var newPlayTicker = func(d time.Duration) yearTicker { return realTicker{time.NewTicker(d)} }

// player steps the explorer's year from first to last, one year a tick, so
// the whole window shows the landscape unfold. Its goroutine runs only while
// playing and ends on pause, at the last year, and when the widget is
// destroyed (its window closed).
type player struct {
	widget.BaseWidget
	x           *app.Explorer
	first, last int
	button      *widget.Button
	speed       *widget.Select
	root        fyne.CanvasObject

	stop   chan struct{} // non-nil while playing: closed to end the goroutine
	exited chan struct{} // closed when the last goroutine started has ended
}

var _ fyne.Widget = (*player)(nil)

func newPlayer(x *app.Explorer, first, last int) *player {
	p := &player{x: x, first: first, last: last}
	p.button = &widget.Button{Text: "Play", Icon: theme.MediaPlayIcon(), OnTapped: p.toggle}
	labels := make([]string, len(playSpeeds))
	for i, s := range playSpeeds {
		labels[i] = s.label
	}
	p.speed = widget.NewSelect(labels, func(string) {
		if p.playing() {
			p.stopTicker()
			p.startTicker() // at the new speed, from the year shown
		}
	})
	p.speed.Selected = playSpeeds[1].label
	p.ExtendBaseWidget(p)
	p.root = p
	return p
}

func (p *player) playing() bool { return p.stop != nil }

func (p *player) toggle() {
	if p.playing() {
		p.pause()
	} else {
		p.play()
	}
}

// play starts from the year shown, or from the first year when the slider is
// at its end ("all years") or past the last.
func (p *player) play() {
	if p.playing() || p.first >= p.last {
		return
	}
	if y := p.x.Year(); y == 0 || y < p.first || y >= p.last {
		p.x.SetYear(p.first)
	}
	p.button.SetText("Pause")
	p.button.SetIcon(theme.MediaPauseIcon())
	p.startTicker()
}

// pause stops at the year shown.
func (p *player) pause() {
	if !p.playing() {
		return
	}
	p.stopTicker()
	p.button.SetText("Play")
	p.button.SetIcon(theme.MediaPlayIcon())
}

func (p *player) interval() time.Duration {
	for _, s := range playSpeeds {
		if s.label == p.speed.Selected {
			return s.every
		}
	}
	return time.Second
}

func (p *player) startTicker() {
	t := newPlayTicker(p.interval())
	stop, exited := make(chan struct{}), make(chan struct{})
	p.stop, p.exited = stop, exited
	go func() {
		defer close(exited)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C():
				fyne.Do(func() {
					if p.stop == stop { // not a tick of a run since paused
						p.step()
					}
				})
			}
		}
	}()
}

func (p *player) stopTicker() {
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
}

// step shows the next year, and stops at the last. A year moved elsewhere
// meanwhile is followed; the slider pulled to its end ("all years") stops.
func (p *player) step() {
	y := p.x.Year()
	if y == 0 || y >= p.last {
		p.pause()
		return
	}
	p.x.SetYear(y + 1)
	if y+1 >= p.last {
		p.pause()
	}
}

// CreateRenderer shows the button and the speed.
func (p *player) CreateRenderer() fyne.WidgetRenderer {
	return &playerRenderer{p: p, box: container.NewHBox(p.button,
		container.NewGridWrap(fyne.NewSize(130, p.speed.MinSize().Height), p.speed))}
}

type playerRenderer struct {
	p   *player
	box *fyne.Container
}

func (r *playerRenderer) Layout(s fyne.Size)           { r.box.Resize(s) }
func (r *playerRenderer) MinSize() fyne.Size           { return r.box.MinSize() }
func (r *playerRenderer) Refresh()                     { r.box.Refresh() }
func (r *playerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }

// Destroy stops playing: the window holding the player is gone.
func (r *playerRenderer) Destroy() { r.p.pause() }
