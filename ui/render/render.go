package render

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"slices"
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
	segs        []seg                     // per edge: prepared for drawing, if drawn
	edgeBins    []bins                    // per chunk of edges: the drawn ones by pass and band
	edgeCounts  []int                     // per chunk of edges: how many are on screen
	inks        [][3]ink                  // per edge style: its ink in each pass
	nodeBins    []bins                    // per chunk of nodes: the visible ones by pass and band
	spriteMemo  []map[nodeKey]*nodeSprite // per chunk of nodes: sprites looked up
	drawn       int                       // edges on screen this frame
	h           int                       // image height this frame
	placed      []placedLabel
	labelInks   [2]labelInk   // labels' colours, plain and faded
	order       []uint64      // label candidates' keys (labelKey)
	nodeLabels  []nodeLabel   // per node: its label's sprite, remembered
	top         []int32       // the heaviest small nodes, for labels
	nodeSprites []*nodeSprite // per visible node: its shape this frame
	grid        labelGrid     // placed labels
	labelMu     sync.Mutex    // guards labelsReady and waiting
	labelsReady bool          // this frame's labels are placed
	waiting     []int         // bands drawn before they were, whose labels wait
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
	clear(r.nodeLabels)
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
	nb := max(1, (h+bandRows-1)/bandRows)

	// The frame is made in two rounds of tasks, shared out over one worker
	// a core. First the nodes and the edges are projected onto the screen,
	// in chunks, and sorted into the bands of rows they reach. Then the
	// bands are drawn — fill, guides, edges, nodes — while one task places
	// the labels; each band's labels are stamped as soon as both are done,
	// by whichever finishes last. Bands keep the pixels they touch in the
	// processor's cache from the fill to the labels.
	nodeChunks := (len(s.Nodes) + chunk - 1) / chunk
	edgeChunks := (len(s.Edges) + chunk - 1) / chunk
	r.startNodes(s, nb, nodeChunks)
	r.startEdges(s, nb, edgeChunks)
	parallel(nodeChunks+edgeChunks, func(t int) {
		if t < nodeChunks {
			r.projectChunk(s, cam, w, h, nb, t)
		} else {
			r.edgeChunk(s, cam, w, h, nb, t-nodeChunks)
		}
	})
	r.drawn = 0
	for _, n := range r.edgeCounts {
		r.drawn += n
	}
	dense := r.drawn > DenseEdges
	r.labelsReady, r.waiting = false, r.waiting[:0]
	parallel(1+nb, func(t int) {
		if t == 0 {
			if testHookPlacing != nil {
				testHookPlacing()
			}
			r.placeLabels(s, cam, w, h)
			r.prepareLabels(s)
			r.labelMu.Lock()
			r.labelsReady = true
			r.labelMu.Unlock()
			// No band is added to waiting from here on.
			for _, i := range r.waiting {
				b := newBand(img, i*bandRows, min(h, (i+1)*bandRows))
				r.drawLabels(&b, s)
			}
			return
		}
		i := t - 1
		b := newBand(img, i*bandRows, min(h, (i+1)*bandRows))
		r.drawBand(&b, s, i, cam, dense)
		r.labelMu.Lock()
		ready := r.labelsReady
		if !ready {
			r.waiting = append(r.waiting, i)
		}
		r.labelMu.Unlock()
		if ready {
			r.drawLabels(&b, s)
		}
	})
}

// testHookPlacing, if set, runs before a frame's labels are placed.
var testHookPlacing func()

// chunk is how many nodes or edges one task prepares.
const chunk = 1024

// bins sorts the things one chunk of nodes or edges draws by pass and by
// band: bins[pass][band] lists them in the scene's order.
type bins [3][][]int32

func (b *bins) reset(nb int) {
	for p := range b {
		if cap(b[p]) < nb {
			b[p] = make([][]int32, nb)
		}
		b[p] = b[p][:nb]
		for i := range b[p] {
			b[p][i] = b[p][i][:0]
		}
	}
}

// add puts item into the bands that rows lo…hi fall in.
func (b *bins) add(pass int, item int32, lo, hi int) {
	nb := len(b[pass])
	for i := max(0, lo/bandRows); i <= min(nb-1, hi/bandRows); i++ {
		b[pass][i] = append(b[pass][i], item)
	}
}

func growBins(bs []bins, n int) []bins {
	if cap(bs) < n {
		bs = append(bs[:cap(bs)], make([]bins, n-cap(bs))...)
	}
	return bs[:n]
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

// bandRows is the height of a band. A band of a 1600-pixel image is 6.4
// KiB a row; the smaller the band, the better its pixels stay in a core's
// cache (512 KiB of second level here), but the more lines are taken up and
// clipped again at band edges, which costs more. On this machine 128 rows
// measured faster than 64 and 200 at 1k nodes (and 64 faster than 32 and
// 48 before the line loops were quicker), and the same as 64 at 10k.
const bandRows = 128

// startNodes readies the per-node buffers for a frame of the scene.
func (r *Renderer) startNodes(s *Scene, nb, chunks int) {
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
	r.nodeBins = growBins(r.nodeBins, chunks)
	for len(r.spriteMemo) < chunks {
		r.spriteMemo = append(r.spriteMemo, map[nodeKey]*nodeSprite{})
	}
}

// onScreen is where the centre of node nd is drawn.
func onScreen(nd *Node, cam Camera, w, h int) (x, y float64) {
	return (nd.X-cam.X)*cam.Zoom + float64(w)/2, (nd.Y-cam.Y)*cam.Zoom + float64(h)/2
}

// projectChunk works out where each node of chunk c is drawn, how large,
// with which sprite, and sorts the visible ones into the chunk's bins.
func (r *Renderer) projectChunk(s *Scene, cam Camera, w, h, nb, c int) {
	bins, memo := &r.nodeBins[c], r.spriteMemo[c]
	bins.reset(nb)
	for i := c * chunk; i < min(len(s.Nodes), (c+1)*chunk); i++ {
		nd := &s.Nodes[i]
		x, y := onScreen(nd, cam, w, h)
		rad := drawnRadius(nd.Radius, cam.Zoom)
		r.sx[i], r.sy[i], r.sr[i] = x, y, rad
		m := rad + 4
		r.visible[i] = nd.Flags&Hidden == 0 && x+m >= 0 && x-m < float64(w) && y+m >= 0 && y-m < float64(h)
		if !r.visible[i] {
			continue
		}
		// Look the sprite up once here rather than in every band, in a
		// memo of the chunk's own: the shared cache takes a lock.
		k := nodeKey{nd.Shape, int(math.Round(rad * 4)), rad >= 3}
		sp := memo[k]
		if sp == nil {
			sp = r.sprites.node(nd.Shape, rad, rad >= 3)
			memo[k] = sp
		}
		r.nodeSprites[i] = sp
		// The selection ring and the pin mark reach past the shape.
		reach := rad*1.2 + 7
		bins.add(nodePass(nd.Flags), int32(i), int(math.Floor(y-reach)), int(math.Ceil(y+reach)))
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

// startEdges readies the per-edge buffers for a frame of the scene, and
// each edge style's ink in each pass: faded, plain, or bright and at least
// two pixels wide.
func (r *Renderer) startEdges(s *Scene, nb, chunks int) {
	if cap(r.segs) < len(s.Edges) {
		r.segs = make([]seg, len(s.Edges))
	}
	r.segs = r.segs[:len(s.Edges)]
	r.edgeBins = growBins(r.edgeBins, chunks)
	if cap(r.edgeCounts) < chunks {
		r.edgeCounts = make([]int, chunks)
	}
	r.edgeCounts = r.edgeCounts[:chunks]
	r.inks = r.inks[:0]
	for _, st := range s.EdgeStyles {
		dim, bright := st.Color, st.Color
		dim.A = uint8(float64(dim.A) * 0.18)
		bright.A = 255
		r.inks = append(r.inks, [3]ink{
			passDim:    inkOf(dim, st.Width, st.Dash),
			passNormal: inkOf(st.Color, st.Width, st.Dash),
			passBright: inkOf(bright, math.Max(st.Width, 2), st.Dash),
		})
	}
}

// edgeChunk makes the seg of each drawable edge of chunk c, sorts them
// into the chunk's bins and counts the edges on screen. It works out where
// the ends are itself, as the nodes are projected meanwhile.
func (r *Renderer) edgeChunk(s *Scene, cam Camera, w, h, nb, c int) {
	bins := &r.edgeBins[c]
	bins.reset(nb)
	fw, fh := float64(w), float64(h)
	count := 0
	for i := c * chunk; i < min(len(s.Edges), (c+1)*chunk); i++ {
		e := &s.Edges[i]
		a, b := &s.Nodes[e.A], &s.Nodes[e.B]
		if e.Flags&Hidden != 0 || a.Flags&Hidden != 0 || b.Flags&Hidden != 0 {
			continue
		}
		x0, y0 := onScreen(a, cam, w, h)
		x1, y1 := onScreen(b, cam, w, h)
		if (x0 < 0 && x1 < 0) || (x0 > fw && x1 > fw) || (y0 < 0 && y1 < 0) || (y0 > fh && y1 > fh) {
			continue
		}
		count++
		pass := nodePass(e.Flags)
		sg, ok := makeSeg(x0, y0, x1, y1, &r.inks[e.Style][pass], w, h)
		if !ok {
			continue
		}
		r.segs[i] = sg
		lo, hi := sg.rows()
		bins.add(pass, int32(i), lo, hi)
	}
	r.edgeCounts[c] = count
}

// drawBand draws band bi but for the labels: edges, faded ones first, then
// nodes likewise, each pass in the scene's order.
func (r *Renderer) drawBand(b *band, s *Scene, bi int, cam Camera, dense bool) {
	b.fill(s.Background)
	for _, g := range s.Guides {
		x0, y0 := cam.ToScreen(g.X0, g.Y0, b.w, r.h)
		x1, y1 := cam.ToScreen(g.X1, g.Y1, b.w, r.h)
		b.rect(x0, y0, x1, y1, g.Fill)
	}
	for pass := passDim; pass <= passBright; pass++ {
		for c := range r.edgeBins {
			for _, i := range r.edgeBins[c][pass][bi] {
				b.draw(&r.segs[i], dense)
			}
		}
	}
	for pass := passDim; pass <= passBright; pass++ {
		for c := range r.nodeBins {
			for _, i := range r.nodeBins[c][pass][bi] {
				r.drawNode(b, s, &s.Nodes[i], int(i), r.sx[i], r.sy[i], r.sr[i])
			}
		}
	}
}

// drawLabels draws the labels that fall in the band.
func (r *Renderer) drawLabels(b *band, s *Scene) {
	for _, p := range r.placed {
		if p.y+p.sprite.h+2 < b.y0 || p.y-1 >= b.y1 {
			continue
		}
		k := &r.labelInks[0]
		if p.dim {
			k = &r.labelInks[1]
		}
		b.stampLabel(p.sprite, p.x-1, p.y-1, k)
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

// prepareLabels makes the labels' inks for this frame's colours, plain and
// faded, unless they are those of the last frame.
func (r *Renderer) prepareLabels(s *Scene) {
	for v, dim := range [2]bool{false, true} {
		if k := &r.labelInks[v]; !k.made || k.bg != s.Background || k.fg != r.labelColour(s, dim) {
			*k = labelInkOf(s.Background, r.labelColour(s, dim))
		}
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
		if i >= maxLabelled {
			break
		}
		if important || r.sr[i] >= r.MinLabelRadius {
			r.order = append(r.order, labelKey(s, int32(i)))
			continue
		}
		r.keepHeaviest(s, int32(i))
	}
	for _, i := range r.top {
		r.order = append(r.order, labelKey(s, i))
	}
	slices.Sort(r.order)
	if len(r.nodeLabels) < len(s.Nodes) {
		r.nodeLabels = append(r.nodeLabels, make([]nodeLabel, len(s.Nodes)-len(r.nodeLabels))...)
	}
	// Large nodes keep their space from ordinary labels: a label over a node
	// hides it. The selection's and the hover's labels may cover nodes.
	r.nodeGrid.reset(w, h)
	for i := range s.Nodes {
		if r.visible[i] && r.sr[i] >= 5 {
			x, y, rad := int(r.sx[i]), int(r.sy[i]), int(r.sr[i])+1
			r.nodeGrid.add(image.Rect(x-rad, y-rad, x+rad, y+rad))
		}
	}
	for _, key := range r.order {
		if len(r.placed) >= r.MaxLabels+len(s.Captions) {
			break
		}
		i, rank := int32(key&(maxLabelled-1)), key>>62
		nd := &s.Nodes[i]
		nl := &r.nodeLabels[i]
		if nl.sp == nil || nl.text != nd.Label {
			nl.text, nl.sp = nd.Label, r.label(nd.Label)
		}
		sp := nl.sp
		y := int(r.sy[i]) - sp.h/2
		// Right of the node if there is room there, else left of it.
		right := int(r.sx[i]+r.sr[i]) + 4
		left := int(r.sx[i]-r.sr[i]) - 4 - sp.w
		var rect image.Rectangle
		x, ok := 0, false
		mayCover := rank < 2
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
		r.placed = append(r.placed, placedLabel{x: x, y: y, sprite: sp, dim: nd.Flags&Dimmed != 0 && rank == 3})
	}
}

// labelKey orders a node among the candidates for a label: by rank
// (selected, hovered, highlighted, then the rest), then by weight, heaviest
// first, then by index. Sorting the keys as numbers sorts the nodes; the
// rank is in the top 2 bits, the index in the low 24.
func labelKey(s *Scene, i int32) uint64 {
	f := s.Nodes[i].Flags
	rank := uint64(3)
	switch {
	case f&Selected != 0:
		rank = 0
	case f&Hovered != 0:
		rank = 1
	case f&Highlighted != 0:
		rank = 2
	}
	// The weight keeps its 38 most significant bits (sign, exponent and 26
	// of its fraction's): weights closer than that are told apart by index.
	return rank<<62 | weightKey(s.Nodes[i].Weight)>>26<<24 | uint64(i)
}

// maxLabelled bounds the nodes that may have labels: the first 16M.
const maxLabelled = 1 << 24

// weightKey maps weights to integers in the opposite order: the heavier,
// the smaller.
func weightKey(w float64) uint64 {
	b := math.Float64bits(w)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// nodeLabel is a node's label text and its sprite.
type nodeLabel struct {
	text string
	sp   *labelSprite
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
