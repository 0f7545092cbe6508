package render

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/image/font"
)

// Renderer draws scenes. It keeps caches (shape masks, label images, buffers)
// across frames, so one Renderer serves one map. Draw is not safe to call
// from two goroutines at once.
type Renderer struct {
	face    font.Face
	sprites sprites
	labels  map[string]*labelSprite

	// Per-frame buffers, reused.
	sx, sy      []float64 // screen position of each node
	sr          []float64 // drawn radius of each node
	visible     []bool
	edgeOrder   []int32   // the frame's drawable edges, in drawing order
	segs        []seg     // and each prepared for drawing
	segRows     []rowSpan // and the rows it draws on
	bins        [][]int32 // per band: the segs it draws, in order
	nodeOrder   []int32   // the visible nodes, in drawing order
	nodeRows    []rowSpan // and the rows each reaches
	drawn       int       // edges on screen this frame
	h           int       // image height this frame
	placed      []placedLabel
	order       []int32
	top         []int32       // the heaviest small nodes, for labels
	nodeSprites []*nodeSprite // per visible node: its shape this frame
	grid        labelGrid     // placed labels
	nodeGrid    labelGrid     // large nodes, which ordinary labels avoid

	// MaxLabels caps how many labels one frame shows.
	MaxLabels int
	// Labels are drawn only for nodes at least this large on screen, unless
	// selected, hovered or highlighted — small dots with text read as noise.
	MinLabelRadius float64
}

// New returns a Renderer that writes labels with face; a nil face draws no labels.
func New(face font.Face) *Renderer {
	return &Renderer{face: face, labels: map[string]*labelSprite{}, MaxLabels: 300, MinLabelRadius: 3}
}

// SetFace changes the labels' font face (after a change of screen scale),
// dropping every label drawn with the old one.
func (r *Renderer) SetFace(face font.Face) {
	r.face = face
	clear(r.labels)
}

// Draw renders the scene as seen by cam into img, replacing its contents.
func (r *Renderer) Draw(img *image.RGBA, s *Scene, cam Camera) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == 0 || h == 0 {
		return
	}
	if img.Rect.Min != (image.Point{}) {
		// The drawing code indexes from the origin.
		img = &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: image.Rect(0, 0, w, h)}
	}
	r.h = h
	r.project(s, cam, w, h)
	r.orderEdges(s, w, h)
	r.orderNodes(s)

	// First the labels are placed while the edges are prepared for drawing,
	// in chunks; then the image is drawn in bands of a few dozen rows, which
	// keep the pixels a band touches within the processor's cache. Workers,
	// one a core, take tasks in turn.
	const chunk = 1024
	chunks := (len(r.edgeOrder) + chunk - 1) / chunk
	parallel(1+chunks, func(t int) {
		if t == 0 {
			r.placeLabels(s, cam, w, h)
			r.prepareLabels(s)
			return
		}
		lo := (t - 1) * chunk
		r.prepareEdges(s, lo, min(len(r.edgeOrder), lo+chunk), w, h)
	})
	nb := max(1, (h+bandRows-1)/bandRows)
	r.binEdges(nb)
	parallel(nb, func(i int) {
		b := newBand(img, i*bandRows, min(h, (i+1)*bandRows))
		r.drawBand(&b, s, i, cam)
	})
}

// parallel runs task(0) … task(n−1) on one worker a core.
func parallel(n int, task func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			task(i)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				task(i)
			}
		}()
	}
	wg.Wait()
}

// DenseEdges is the number of on-screen edges above which a frame draws
// them as plain hairlines: past it, lines overlap so much that smoothing
// changes little but costs twice the pixels.
const DenseEdges = 6000

// bandRows is the height of a band: 48 rows of a 1600-pixel image is 300 KiB.
const bandRows = 32

func (r *Renderer) project(s *Scene, cam Camera, w, h int) {
	n := len(s.Nodes)
	r.sx = grow(r.sx, n)
	r.sy = grow(r.sy, n)
	r.sr = grow(r.sr, n)
	if cap(r.visible) < n {
		r.visible = make([]bool, n)
		r.nodeSprites = make([]*nodeSprite, n)
	}
	r.visible = r.visible[:n]
	r.nodeSprites = r.nodeSprites[:n]
	hw, hh := float64(w)/2, float64(h)/2
	for i := range s.Nodes {
		nd := &s.Nodes[i]
		x := (nd.X-cam.X)*cam.Zoom + hw
		y := (nd.Y-cam.Y)*cam.Zoom + hh
		rad := drawnRadius(nd.Radius, cam.Zoom)
		r.sx[i], r.sy[i], r.sr[i] = x, y, rad
		m := rad + 4
		r.visible[i] = nd.Flags&Hidden == 0 && x+m >= 0 && x-m < float64(w) && y+m >= 0 && y-m < float64(h)
		if r.visible[i] {
			// Look the masks up once here rather than in every band.
			r.nodeSprites[i] = r.sprites.node(nd.Shape, rad, rad >= 3)
		}
	}
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// Edge and node passes: faded things first, so what matters is drawn on top.
const (
	passDim = iota
	passNormal
	passBright
)

func nodePass(f Flags) int {
	switch {
	case f&(Selected|Hovered|Highlighted) != 0:
		return passBright
	case f&Dimmed != 0:
		return passDim
	}
	return passNormal
}

// rowSpan is the first and last image row something draws on; lo > hi: none.
type rowSpan struct{ lo, hi int32 }

func (sp rowSpan) meets(y0, y1 int) bool { return int(sp.lo) < y1 && int(sp.hi) >= y0 }

// orderEdges lists the frame's drawable edges, faded ones first so that
// what matters is drawn on top, and decides whether the frame is dense.
func (r *Renderer) orderEdges(s *Scene, w, h int) {
	fw, fh := float64(w), float64(h)
	visible := func(e *Edge) bool {
		if e.Flags&Hidden != 0 || s.Nodes[e.A].Flags&Hidden != 0 || s.Nodes[e.B].Flags&Hidden != 0 {
			return false
		}
		x0, y0, x1, y1 := r.sx[e.A], r.sy[e.A], r.sx[e.B], r.sy[e.B]
		return !((x0 < 0 && x1 < 0) || (x0 > fw && x1 > fw) || (y0 < 0 && y1 < 0) || (y0 > fh && y1 > fh))
	}
	r.edgeOrder = r.edgeOrder[:0]
	var dim, bright int
	for i := range s.Edges {
		e := &s.Edges[i]
		if !visible(e) {
			continue
		}
		r.edgeOrder = append(r.edgeOrder, int32(i))
		switch nodePass(e.Flags) {
		case passDim:
			dim++
		case passBright:
			bright++
		}
	}
	r.drawn = len(r.edgeOrder)
	if dim > 0 || bright > 0 {
		// Stable in place: the passes in turn, each in the scene's order.
		sort.SliceStable(r.edgeOrder, func(a, b int) bool {
			return nodePass(s.Edges[r.edgeOrder[a]].Flags) < nodePass(s.Edges[r.edgeOrder[b]].Flags)
		})
	}
	n := len(r.edgeOrder)
	if cap(r.segs) < n {
		r.segs = make([]seg, n)
		r.segRows = make([]rowSpan, n)
	}
	r.segs, r.segRows = r.segs[:n], r.segRows[:n]
}

// prepareEdges makes the segs of r.edgeOrder[lo:hi].
func (r *Renderer) prepareEdges(s *Scene, lo, hi, w, h int) {
	dense := r.drawn > DenseEdges
	for k := lo; k < hi; k++ {
		e := &s.Edges[r.edgeOrder[k]]
		st := s.EdgeStyles[e.Style]
		col, width := st.Color, st.Width
		switch nodePass(e.Flags) {
		case passDim:
			col.A = uint8(float64(col.A) * 0.18)
		case passBright:
			col.A = 255
			width = math.Max(width, 2)
		}
		sg, ok := makeSeg(r.sx[e.A], r.sy[e.A], r.sx[e.B], r.sy[e.B], col, width, st.Dash, dense, w, h)
		if !ok {
			r.segRows[k] = rowSpan{1, 0}
			continue
		}
		r.segs[k] = sg
		a, b := sg.rows()
		r.segRows[k] = rowSpan{int32(a), int32(b)}
	}
}

// binEdges lists for each band the segs that draw on its rows.
func (r *Renderer) binEdges(nb int) {
	r.bins = resetBins(r.bins, nb)
	for k, sp := range r.segRows {
		for b := max(0, int(sp.lo)/bandRows); b <= min(nb-1, int(sp.hi)/bandRows); b++ {
			r.bins[b] = append(r.bins[b], int32(k))
		}
	}
}

func resetBins(bins [][]int32, n int) [][]int32 {
	if cap(bins) < n {
		bins = make([][]int32, n)
	}
	bins = bins[:n]
	for i := range bins {
		bins[i] = bins[i][:0]
	}
	return bins
}

// orderNodes lists the visible nodes, faded ones first, with the rows their
// shapes (with rings, outlines and pin marks) reach.
func (r *Renderer) orderNodes(s *Scene) {
	r.nodeOrder, r.nodeRows = r.nodeOrder[:0], r.nodeRows[:0]
	for pass := passDim; pass <= passBright; pass++ {
		for i := range s.Nodes {
			if !r.visible[i] || nodePass(s.Nodes[i].Flags) != pass {
				continue
			}
			y, m := r.sy[i], r.sr[i]*1.2+7
			r.nodeOrder = append(r.nodeOrder, int32(i))
			r.nodeRows = append(r.nodeRows, rowSpan{int32(math.Floor(y - m)), int32(math.Ceil(y + m))})
		}
	}
}

func (r *Renderer) drawBand(b *band, s *Scene, bi int, cam Camera) {
	b.fill(s.Background)
	for _, g := range s.Guides {
		x0, y0 := cam.ToScreen(g.X0, g.Y0, b.w, r.h)
		x1, y1 := cam.ToScreen(g.X1, g.Y1, b.w, r.h)
		b.rect(x0, y0, x1, y1, g.Fill)
	}
	for _, k := range r.bins[bi] {
		b.draw(&r.segs[k])
	}
	for k, sp := range r.nodeRows {
		if sp.meets(b.y0, b.y1) {
			i := r.nodeOrder[k]
			r.drawNode(b, s, &s.Nodes[i], int(i), r.sx[i], r.sy[i], r.sr[i])
		}
	}
	for _, p := range r.placed {
		if p.y+p.sprite.h < b.y0 || p.y > b.y1 {
			continue
		}
		b.stampLabel(p.sprite, p.x-1, p.y-1, p.solid, s.Background, r.labelColour(s, p.dim))
	}
}

func (r *Renderer) drawNode(b *band, s *Scene, nd *Node, i int, x, y, rad float64) {
	ix, iy := int(math.Round(x)), int(math.Round(y))
	fill := nd.Fill
	outline := s.Background
	if nd.Flags&Dimmed != 0 && nd.Flags&(Selected|Hovered|Highlighted) == 0 {
		fill = mix(fill, s.Background, 0.75)
	}
	switch {
	case nd.Flags&Selected != 0:
		ring := r.sprites.get(Circle, rad+4)
		b.stamp(ring, ix+ring.Rect.Min.X, iy+ring.Rect.Min.Y, s.SelectColor)
	case nd.Flags&Hovered != 0:
		ring := r.sprites.get(Circle, rad+3)
		b.stamp(ring, ix+ring.Rect.Min.X, iy+ring.Rect.Min.Y, s.HoverColor)
	}
	// A thin outline in the background colour keeps touching nodes apart.
	b.stampNode(r.nodeSprites[i], ix, iy, fill, outline)
	if nd.Flags&Pinned != 0 {
		// The pin mark: a small dot in the label colour at the upper right.
		p := r.sprites.get(Circle, math.Max(1.5, rad*0.35))
		px, py := ix+int(rad*0.8), iy-int(rad*0.8)
		b.stamp(p, px+p.Rect.Min.X, py+p.Rect.Min.Y, s.LabelColor)
	}
}

// prepareLabels works out the placed labels' fully covered pixels in this
// frame's colours (sprites remember them from frame to frame).
func (r *Renderer) prepareLabels(s *Scene) {
	for i := range r.placed {
		p := &r.placed[i]
		v := 0
		if p.dim {
			v = 1
		}
		p.solid = p.sprite.prepare(v, s.Background, r.labelColour(s, p.dim))
	}
}

// labelColour is the colour of a label's text, plain or faded.
func (r *Renderer) labelColour(s *Scene, dim bool) color.NRGBA {
	col := s.LabelColor
	if dim {
		col.A = 110
	}
	return col
}

// mix moves colour a towards b by t (0…1).
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), a.A}
}

// placeLabels chooses which labels this frame shows: most important first
// (selected, hovered, highlighted, then by weight), each only where it
// overlaps no label already placed, up to MaxLabels.
func (r *Renderer) placeLabels(s *Scene, cam Camera, w, h int) {
	r.placed = r.placed[:0]
	if r.face == nil {
		return
	}
	r.grid.reset(w, h)
	for _, c := range s.Captions {
		sp := r.caption(c.Text)
		cx, cy := cam.ToScreen(c.X, c.Y, w, h)
		x, y := int(cx)-sp.w/2, int(cy)-sp.h/2
		if c.Left {
			x = int(cx)
		}
		rect := image.Rect(x-2, y-1, x+sp.w+2, y+sp.h+1)
		r.grid.add(rect)
		r.placed = append(r.placed, placedLabel{x: x, y: y, sprite: sp})
	}
	r.order = r.order[:0]
	// The heaviest few nodes are labelled however small they are drawn, so a
	// zoomed-out map of thousands still names its hubs.
	r.top = r.top[:0]
	for i := range s.Nodes {
		nd := &s.Nodes[i]
		if !r.visible[i] || nd.Label == "" {
			continue
		}
		important := nd.Flags&(Selected|Hovered|Highlighted) != 0
		if !important && nd.Flags&Dimmed != 0 {
			continue
		}
		if important || r.sr[i] >= r.MinLabelRadius {
			r.order = append(r.order, int32(i))
			continue
		}
		r.keepHeaviest(s, int32(i))
	}
	r.order = append(r.order, r.top...)
	rank := func(i int32) int {
		f := s.Nodes[i].Flags
		switch {
		case f&Selected != 0:
			return 0
		case f&Hovered != 0:
			return 1
		case f&Highlighted != 0:
			return 2
		}
		return 3
	}
	sort.Slice(r.order, func(a, b int) bool {
		ia, ib := r.order[a], r.order[b]
		if ra, rb := rank(ia), rank(ib); ra != rb {
			return ra < rb
		}
		if wa, wb := s.Nodes[ia].Weight, s.Nodes[ib].Weight; wa != wb {
			return wa > wb
		}
		return ia < ib
	})
	// Large nodes keep their space from ordinary labels: a label over a node
	// hides it. The selection's and the hover's labels may cover nodes.
	r.nodeGrid.reset(w, h)
	for i := range s.Nodes {
		if r.visible[i] && r.sr[i] >= 5 {
			x, y, rad := int(r.sx[i]), int(r.sy[i]), int(r.sr[i])+1
			r.nodeGrid.add(image.Rect(x-rad, y-rad, x+rad, y+rad))
		}
	}
	for _, i := range r.order {
		if len(r.placed) >= r.MaxLabels+len(s.Captions) {
			break
		}
		nd := &s.Nodes[i]
		sp := r.label(nd.Label)
		y := int(r.sy[i]) - sp.h/2
		// Right of the node if there is room there, else left of it.
		right := int(r.sx[i]+r.sr[i]) + 4
		left := int(r.sx[i]-r.sr[i]) - 4 - sp.w
		var rect image.Rectangle
		x, ok := 0, false
		mayCover := rank(i) < 2
		for _, cx := range [2]int{right, left} {
			rect = image.Rect(cx-2, y-1, cx+sp.w+2, y+sp.h+1)
			if rect.Min.X >= 0 && rect.Max.X <= w && rect.Min.Y >= 0 && rect.Max.Y <= h &&
				!r.grid.overlaps(rect) && (mayCover || !r.nodeGrid.overlaps(rect)) {
				x, ok = cx, true
				break
			}
		}
		if !ok {
			continue
		}
		r.grid.add(rect)
		r.placed = append(r.placed, placedLabel{x: x, y: y, sprite: sp, dim: nd.Flags&Dimmed != 0 && rank(i) == 3})
	}
}

// alwaysLabelled is how many of the heaviest nodes get a label candidacy
// whatever their drawn size.
const alwaysLabelled = 40

// keepHeaviest keeps r.top as the alwaysLabelled heaviest nodes seen so far,
// heaviest first: an insertion into a short sorted list, and most nodes fail
// the first comparison.
func (r *Renderer) keepHeaviest(s *Scene, i int32) {
	w := s.Nodes[i].Weight
	n := len(r.top)
	if n == alwaysLabelled && w <= s.Nodes[r.top[n-1]].Weight {
		return
	}
	if n < alwaysLabelled {
		r.top = append(r.top, i)
	} else {
		r.top[n-1] = i
	}
	for j := len(r.top) - 1; j > 0 && s.Nodes[r.top[j-1]].Weight < w; j-- {
		r.top[j-1], r.top[j] = r.top[j], r.top[j-1]
	}
}

// CaptionWidth is how wide a caption of text s is drawn, in pixels; 0 with no face.
func (r *Renderer) CaptionWidth(s string) int {
	if r.face == nil {
		return 0
	}
	return r.caption(s).w
}

// LabelsPlaced reports how many labels the last Draw showed.
func (r *Renderer) LabelsPlaced() int { return len(r.placed) }

// PlacedLabels returns the texts of the labels the last Draw showed, in the
// order they were placed.
func (r *Renderer) PlacedLabels() []string {
	out := make([]string, len(r.placed))
	for i, p := range r.placed {
		out[i] = p.sprite.textString
	}
	return out
}
