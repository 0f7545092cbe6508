package ui

import (
	"image/color"
	"math"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/model"
)

// stanceChart is a small chart of one entity's dated scores on one axis, for
// the inspector: a step line from position to position (a stance holds until
// the next one), −2 at the bottom and +2 at the top with the poles named,
// each point tappable for its evidence and sources.
type stanceChart struct {
	widget.BaseWidget
	l      *model.Landscape
	axis   *model.Axis
	points []*model.Position // oldest first
	ts     []float64         // each point's place in years
	t0, t1 float64           // the years across the chart

	// onPoint, when set, hears of a tapped point instead of the chart
	// showing its evidence in a pop-up.
	onPoint func(p *model.Position)

	hover int // the point under the pointer, or -1
	pop   *widget.PopUp
}

var (
	_ fyne.Tappable      = (*stanceChart)(nil)
	_ desktop.Hoverable  = (*stanceChart)(nil)
	_ desktop.Cursorable = (*stanceChart)(nil)
)

// The chart's geometry, in Fyne units.
const (
	scPlotW  = 220 // the plot's least width
	scPlotH  = 60  // the plot's height
	scPointR = 4   // a point's radius
	scInset  = 6   // room inside the plot's ends, so an end point is whole
	scHit    = 10  // a tap this close to a point chooses it
)

// newStanceChart charts the entity's positions on the axis dated on or
// before upTo (all of them for a zero upTo), across the years from the first
// to upTo (or the landscape's as_of date), so a flat end says "still so".
func newStanceChart(l *model.Landscape, entity, axis string, upTo model.Date) fyne.CanvasObject {
	return newStanceChartOf(l, entity, axis, upTo)
}

func newStanceChartOf(l *model.Landscape, entity, axis string, upTo model.Date) *stanceChart {
	c := &stanceChart{l: l, hover: -1}
	c.axis, _ = l.Axis(axis)
	end := endOfPeriod(upTo)
	for _, p := range l.PositionsOf(entity) {
		if p.Axis != axis || (!upTo.IsZero() && model.MustDate(p.Date).Compare(end) > 0) {
			continue
		}
		c.points = append(c.points, p)
		c.ts = append(c.ts, dateYears(model.MustDate(p.Date)))
	}
	if len(c.ts) > 0 {
		c.t0, c.t1 = c.ts[0], c.ts[len(c.ts)-1]
		last := end
		if upTo.IsZero() {
			last = model.MustDate(l.AsOf)
		}
		if !last.IsZero() {
			c.t1 = max(c.t1, dateYears(last))
		}
		if c.t1-c.t0 < 1 {
			c.t0, c.t1 = c.t0-0.5, c.t0+0.5
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

// endOfPeriod is the last day d covers: "2014" ends on 2014-12-31.
func endOfPeriod(d model.Date) model.Date {
	switch {
	case d.IsZero() || d.Day != 0:
		return d
	case d.Month == 0:
		return model.EndOfYear(d.Year)
	}
	last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return model.Date{Year: d.Year, Month: d.Month, Day: last}
}

// scLayout is where the chart's parts go at one size.
type scLayout struct {
	textSize, textH float32
	x0, x1, y0, y1  float32 // the plot
}

func (c *stanceChart) geometry(size fyne.Size) scLayout {
	var g scLayout
	g.textSize = c.Theme().Size(theme.SizeNameCaptionText)
	g.textH = fyne.MeasureText("Ag", g.textSize, fyne.TextStyle{}).Height
	g.x0, g.x1 = 0, max(size.Width, scPlotW)
	g.y0 = g.textH + 2
	g.y1 = g.y0 + scPlotH
	return g
}

func (g scLayout) y(score int) float32 {
	return g.y0 + scInset + float32(model.MaxScore-score)/float32(model.MaxScore-model.MinScore)*(g.y1-g.y0-2*scInset)
}

func (c *stanceChart) x(g scLayout, t float64) float32 {
	return g.x0 + scInset + float32((t-c.t0)/(c.t1-c.t0))*(g.x1-g.x0-2*scInset)
}

// pointAt returns the point nearest p within reach of a tap, or -1.
func (c *stanceChart) pointAt(p fyne.Position) int {
	g := c.geometry(c.Size())
	best, bestD := -1, float32(scHit)
	for i, pos := range c.points {
		d := float32(math.Hypot(float64(p.X-c.x(g, c.ts[i])), float64(p.Y-g.y(pos.Score))))
		if d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// Tapped shows the evidence and sources of the point under the pointer.
func (c *stanceChart) Tapped(ev *fyne.PointEvent) {
	i := c.pointAt(ev.Position)
	if i < 0 {
		return
	}
	p := c.points[i]
	if c.onPoint != nil {
		c.onPoint(p)
		return
	}
	cnv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cnv == nil {
		return
	}
	c.showEvidence(p, cnv, ev.AbsolutePosition)
}

// showEvidence pops up what the position rests on: its date and score, the
// evidence, and its sources (only http and https addresses become links).
func (c *stanceChart) showEvidence(p *model.Position, cnv fyne.Canvas, at fyne.Position) {
	const width = 320
	box := container.NewVBox(
		&widget.Label{Text: p.Date + "  " + scoreText(p.Score) + "  " + poleLabel(c.axis, p.Score), TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: p.Evidence, Wrapping: fyne.TextWrapWord},
	)
	for _, id := range p.Sources {
		if s, ok := c.l.Source(id); ok {
			box.Add(sourceLink(s, s.Title, true))
		}
	}
	if c.pop != nil {
		c.pop.Hide()
	}
	c.pop = widget.NewPopUp(box, cnv)
	// Wrapped labels measure their height at the width they are given.
	box.Resize(fyne.NewSize(width, box.MinSize().Height))
	h := box.MinSize().Height
	c.pop.Resize(fyne.NewSize(width, h).Add(fyne.NewSize(2*theme.Padding(), 2*theme.Padding())))
	c.pop.ShowAtPosition(at.Add(fyne.NewPos(scHit, scHit)))
}

// MouseIn starts hover tracking.
func (c *stanceChart) MouseIn(ev *desktop.MouseEvent) { c.MouseMoved(ev) }

// MouseMoved rings the point under the pointer.
func (c *stanceChart) MouseMoved(ev *desktop.MouseEvent) {
	if i := c.pointAt(ev.Position); i != c.hover {
		c.hover = i
		c.Refresh()
	}
}

// MouseOut clears the ring.
func (c *stanceChart) MouseOut() {
	if c.hover >= 0 {
		c.hover = -1
		c.Refresh()
	}
}

// Cursor is a pointing hand over a point.
func (c *stanceChart) Cursor() desktop.Cursor {
	if c.hover >= 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// CreateRenderer draws the chart; it has few parts, so they are made anew on
// each refresh.
func (c *stanceChart) CreateRenderer() fyne.WidgetRenderer {
	r := &scRenderer{c: c}
	r.Refresh()
	return r
}

type scRenderer struct {
	c    *stanceChart
	objs []fyne.CanvasObject
}

func (r *scRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *scRenderer) MinSize() fyne.Size {
	g := r.c.geometry(fyne.Size{})
	return fyne.NewSize(scPlotW, g.y1+2+g.textH)
}

func (r *scRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *scRenderer) Destroy()                     {}

func (r *scRenderer) Refresh() {
	c := r.c
	size := c.Size()
	g := c.geometry(size)
	th := c.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, variant) }
	fg, primary, sep := col(theme.ColorNameForeground), col(theme.ColorNamePrimary), col(theme.ColorNameSeparator)

	text := func(s string, x, y float32, bold bool) *canvas.Text {
		t := &canvas.Text{Text: s, Color: fg, TextSize: g.textSize, TextStyle: fyne.TextStyle{Bold: bold}}
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(fyne.MeasureText(s, g.textSize, t.TextStyle).Width, g.textH))
		return t
	}
	objs := []fyne.CanvasObject{}
	bg := &canvas.Rectangle{FillColor: col(theme.ColorNameInputBackground), CornerRadius: 3}
	bg.Move(fyne.NewPos(g.x0, g.y0))
	bg.Resize(fyne.NewSize(g.x1-g.x0, g.y1-g.y0))
	objs = append(objs, bg)
	for s := model.MinScore; s <= model.MaxScore; s++ {
		ln := &canvas.Line{StrokeColor: sep, StrokeWidth: 1}
		if s == 0 {
			ln.StrokeColor = col(theme.ColorNameInputBorder)
		}
		ln.Position1, ln.Position2 = fyne.NewPos(g.x0, g.y(s)), fyne.NewPos(g.x1, g.y(s))
		objs = append(objs, ln)
	}

	if c.axis == nil || len(c.points) == 0 {
		objs = append(objs, text("No dated stance", g.x0+scInset, (g.y0+g.y1-g.textH)/2, false))
		r.objs = objs
		canvas.Refresh(c)
		return
	}
	pos, neg := "+2 "+c.axis.Pos.Label, "−2 "+c.axis.Neg.Label
	objs = append(objs, text(pos, g.x0, 0, false))
	years := strconv.Itoa(int(math.Floor(c.t0)))
	if last := int(math.Floor(c.t1)); last != int(math.Floor(c.t0)) {
		years += "–" + strconv.Itoa(last)
	}
	yw := fyne.MeasureText(years, g.textSize, fyne.TextStyle{}).Width
	objs = append(objs, text(years, g.x1-yw, g.y1+2, false))
	measure := func(s string) float32 { return fyne.MeasureText(s, g.textSize, fyne.TextStyle{}).Width }
	if s := elideText(neg, g.x1-g.x0-yw-8, measure); s != "" {
		objs = append(objs, text(s, g.x0, g.y1+2, false))
	}

	// A stance holds until the next: across, then up or down to the next
	// score; after the last, on to the chart's end.
	step := func(x1, y1, x2, y2 float32) {
		ln := &canvas.Line{StrokeColor: primary, StrokeWidth: 2}
		ln.Position1, ln.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
		objs = append(objs, ln)
	}
	for i, p := range c.points {
		x, y := c.x(g, c.ts[i]), g.y(p.Score)
		nx := g.x1 - scInset
		if i+1 < len(c.points) {
			nx = c.x(g, c.ts[i+1])
		}
		step(x, y, nx, y)
		if i+1 < len(c.points) {
			step(nx, y, nx, g.y(c.points[i+1].Score))
		}
	}
	for i, p := range c.points {
		x, y := c.x(g, c.ts[i]), g.y(p.Score)
		dot := &canvas.Circle{FillColor: primary, StrokeColor: fg}
		if i == c.hover {
			dot.StrokeWidth = 2
		}
		dot.Move(fyne.NewPos(x-scPointR, y-scPointR))
		dot.Resize(fyne.NewSize(2*scPointR, 2*scPointR))
		objs = append(objs, dot)
	}
	r.objs = objs
	canvas.Refresh(c)
}
