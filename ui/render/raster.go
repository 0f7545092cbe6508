package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"sync/atomic"
	"unsafe"
)

// The drawing code treats an RGBA image's pixels as 32-bit words, red in the
// low byte: the byte order of every machine Fyne's desktop drivers run on.
func init() {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		panic("render: the map's drawing code needs a little-endian machine")
	}
}

// band is the part of the image one goroutine draws: rows [y0, y1).
type band struct {
	pix    []uint32 // the whole image, a word a pixel
	stride int      // words a row
	w, h   int      // the whole image's size
	y0, y1 int
	dense  bool // many edges this frame: draw them as plain hairlines
}

// newBand returns the band of rows [y0, y1) of img, whose bounds start at the origin.
func newBand(img *image.RGBA, y0, y1 int) band {
	b := band{stride: img.Stride / 4, w: img.Rect.Dx(), h: img.Rect.Dy(), y0: y0, y1: y1}
	if len(img.Pix) >= 4 {
		b.pix = unsafe.Slice((*uint32)(unsafe.Pointer(&img.Pix[0])), len(img.Pix)/4)
	}
	return b
}

// paint is a colour prepared for blending: its red, blue, green and alpha
// in 16-bit lanes of one 64-bit word (bits 0, 16, 32 and 48), so that
// blending a pixel takes one multiplication.
type paint struct {
	c     uint64
	solid uint32 // the opaque pixel of this colour
	a     uint32
}

func paintOf(c color.NRGBA) paint {
	return paint{
		c:     uint64(c.R) | uint64(c.B)<<16 | uint64(c.G)<<32 | 0xFF<<48,
		solid: uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | 0xFF000000,
		a:     uint32(c.A),
	}
}

// weight turns an alpha (0…255) into a blend weight (0…256), so that a full
// 255 is an exact shift by 8 bits and 0 leaves the pixel alone.
func weight(a uint32) uint32 { return a + (a+255)>>8 }

// over blends colour c (paint.c) into the opaque pixel px with weight ua
// (0…256): px + ⌊(c − px)·ua/256⌋ in each lane, all four at once. Taken as
// one exact integer, a lane's result lies within 0…255 and what its
// remainder leaves in the byte below the next lane up is masked off; the
// alpha lane, 255 in both, stays 255. Dividing by 256 rather than 255 is off
// by under a level, and this is the innermost loop of every frame.
func over(px uint32, c uint64, ua uint32) uint32 {
	x := int64(px&0x00FF00FF) | int64(px&0xFF00FF00)<<24
	y := x + (int64(c)-x)*int64(ua)>>8
	return uint32(y)&0x00FF00FF | uint32(y>>24)&0xFF00FF00
}

// coverage returns, for a line of the given alpha, the blend weights of the
// two pixels a step of Xiaolin Wu's line shares (low 16 bits: the first;
// high: the second), for each fraction of a pixel (the index, in 256ths)
// the line sits below the first. Tables are made once for each alpha.
func coverage(alpha uint32) *[256]uint32 {
	t := coverageTables[alpha].Load()
	if t == nil {
		t = new([256]uint32)
		for f := range t {
			hi := alpha * uint32(f) >> 8
			t[f] = weight(alpha-hi) | weight(hi)<<16
		}
		coverageTables[alpha].Store(t)
	}
	return t
}

var coverageTables [256]atomic.Pointer[[256]uint32]

// seg is one line prepared for drawing, once a frame, so that each band it
// crosses only clips it to its rows. It steps along its major axis, x or y,
// from step k0 to k1; at step k the first pixel it plots across the minor
// axis is at yf0 + step·(k − k0), in 16.16 fixed point. Every band works
// out a step from the same integers, so a line drawn in bands is exactly the
// line drawn whole.
type seg struct {
	cov       *[256]uint32 // coverage(a)
	tab       *blendTable  // blendsOf(solid, a)
	yf0, step int64
	c         uint64 // the colour, as paint.c
	solid     uint32 // and as an opaque pixel
	k0, k1    int32
	a         uint32 // the colour's alpha
	// Dashes: the phase through a period of dash and gap at step k0, what a
	// step adds to it, and the dash's length, in 16.16 fixed point; dashLen 0
	// draws solid.
	phase0, alongStep, dashLen int32
	steep                      bool // the major axis is the image's y
	wide                       bool // drawn two pixels wide unless the frame is dense
}

// A band walks through a frame's segs once for each row of bands a line
// crosses: a small seg keeps the walk in the processor's cache.
var _ [72]byte = [unsafe.Sizeof(seg{})]byte{}

// The ways a line plots a step.
const (
	runHair  = iota // the nearest pixel
	runThin         // two pixels sharing one pixel of coverage (Xiaolin Wu)
	runThick        // three pixels covering two
)

// ink is how a kind of line is drawn, worked out once a frame for each
// edge style rather than for each edge.
type ink struct {
	p    paint
	cov  *[256]uint32
	tab  *blendTable
	wide bool
	dash float64
}

// inkOf is the ink of lines in colour c, width pixels wide, broken into
// dashes of length dash if that is above zero.
func inkOf(c color.NRGBA, width, dash float64) ink {
	p := paintOf(c)
	return ink{p: p, cov: coverage(p.a), tab: blendsOf(p.solid, p.a), wide: width > 1.6, dash: dash}
}

// makeSeg prepares the line from (x0, y0) to (x1, y1) in colour c for an
// image of w×h pixels: anti-aliased, two pixels wide if width is over 1.6,
// broken into dashes of length dash if that is above zero — or a one-pixel
// hairline, if the frame turns out dense (draw decides). ok is false when no
// part of it is on the image.
func makeSeg(x0, y0, x1, y1 float64, k *ink, w, h int) (s seg, ok bool) {
	// Far-off ends are cut at a margin round the image, which keeps the
	// fixed-point arithmetic in range and the dash pattern in place.
	const margin = 64
	bx0, by0, bx1, by1 := float64(-margin), float64(-margin), float64(w+margin), float64(h+margin)
	if !(x0 >= bx0 && x0 <= bx1 && x1 >= bx0 && x1 <= bx1 && y0 >= by0 && y0 <= by1 && y1 >= by0 && y1 <= by1) {
		if x0, y0, x1, y1, ok = clipLine(x0, y0, x1, y1, bx0, by0, bx1, by1); !ok {
			return s, false
		}
	}
	s = seg{c: k.p.c, solid: k.p.solid, a: k.p.a, wide: k.wide, cov: k.cov, tab: k.tab}
	s.steep = math.Abs(y1-y0) > math.Abs(x1-x0)
	if s.steep {
		x0, y0 = y0, x0
		x1, y1 = y1, x1
	}
	if x0 > x1 {
		x0, x1 = x1, x0
		y0, y1 = y1, y0
	}
	grad := 1.0
	if dx := x1 - x0; dx != 0 {
		grad = (y1 - y0) / dx
	}
	s.k0, s.k1 = int32(math.Floor(x0)), int32(math.Floor(x1))
	s.yf0 = int64(math.Floor((y0 + grad*(float64(s.k0)-x0)) * 65536))
	s.step = int64(math.Round(grad * 65536))
	if dash := k.dash; dash > 0 {
		along := math.Sqrt(1 + grad*grad)
		s.alongStep = int32(along * 65536)
		s.dashLen = int32(min(max(1, dash*65536), 1<<29))
		period := 2 * int64(s.dashLen)
		ph := int64((float64(s.k0) - x0) * along * 65536)
		s.phase0 = int32((ph%period + period) % period)
	}
	return s, true
}

// style is how a line plots its steps in a frame dense or not: the mode,
// how many pixels a step plots across, and where the first of them is from
// the line's centre, in 16.16 fixed point (half a pixel is exact, so every
// mode's first pixels are the same integers shifted).
func (sg *seg) style(dense bool) (mode, span int, offset int64) {
	switch {
	case dense:
		return runHair, 1, 1 << 15 // the nearest pixel: ⌊y + ½⌋
	case sg.wide:
		return runThick, 3, -1 << 15
	}
	return runThin, 2, 0
}

// rows returns the first and last image row the line may plot on, in any
// style.
func (sg *seg) rows() (lo, hi int) {
	if sg.steep {
		return int(sg.k0), int(sg.k1)
	}
	ya, yb := sg.yf0, sg.yf0+sg.step*int64(sg.k1-sg.k0)
	return int((min(ya, yb) - 1<<15) >> 16), int((max(ya, yb)+1<<15)>>16) + 2
}

// clipLine cuts the line to the rectangle [x0, x1]×[y0, y1] (Liang–Barsky),
// reporting false if it misses it.
func clipLine(ax, ay, bx, by, x0, y0, x1, y1 float64) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, pq := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
		p, q := pq[0], pq[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
	}
	if t0 > t1 || math.IsNaN(t0) || math.IsNaN(t1) {
		return 0, 0, 0, 0, false
	}
	return ax + t0*dx, ay + t0*dy, ax + t1*dx, ay + t1*dy, true
}

// line draws a line straight away (for small pictures such as the legend's).
func (b *band) line(x0, y0, x1, y1 float64, c color.NRGBA, width, dash float64) {
	k := inkOf(c, width, dash)
	if s, ok := makeSeg(x0, y0, x1, y1, &k, b.w, b.h); ok {
		b.draw(&s, b.dense)
	}
}

// draw plots the steps of a line whose pixels fall in the band: those that
// plot only pixels inside it by the fast loops, the few at its edges (or
// the image's) one pixel at a time with checks.
func (b *band) draw(sg *seg, dense bool) {
	mode, span, offset := sg.style(dense)
	yf0 := sg.yf0 + offset
	first, last := int(sg.k0), int(sg.k1)
	lo, hi := b.y0, b.y1 // the valid minor coordinates
	ms, ns := 1, b.stride
	if sg.steep {
		first, last = max(first, b.y0), min(last, b.y1-1)
		lo, hi = 0, b.w
		ms, ns = b.stride, 1
	} else {
		first, last = max(first, 0), min(last, b.w-1)
	}
	if first > last {
		return
	}
	// The steps that plot a pixel inside [lo, hi), and those that plot only
	// such: all of them when the line keeps within the band across.
	ta, tb, ia, ib := first, last, first, last
	ma, mb := int(yf0>>16), int((yf0+sg.step*int64(sg.k1-sg.k0))>>16)
	if min(ma, mb) < lo || max(ma, mb)+span > hi {
		ta, tb = sg.within(yf0, first, last, int64(lo-span+1)<<16, int64(hi)<<16)
		if ta > tb {
			return
		}
		ia, ib = sg.within(yf0, ta, tb, int64(lo)<<16, int64(hi-span+1)<<16)
		if ia > ib {
			ia, ib = tb+1, tb // no fast steps: check them all
		}
	}
	r := run{
		pix: b.pix, sg: sg, ms: ms, ns: ns, lo: lo, hi: hi,
		mode: mode, span: span,
		yf: yf0 + sg.step*int64(ta-int(sg.k0)),
	}
	if sg.dashLen > 0 {
		r.period = 2 * int64(sg.dashLen)
		r.phase = (int64(sg.phase0) + int64(sg.alongStep)*int64(ta-int(sg.k0))) % r.period
	}
	r.walk(ta, ia-1, false)
	r.walk(ia, ib, true)
	r.walk(ib+1, tb, false)
}

// within returns the steps a…b of from…to at which the line's fixed-point
// minor coordinate, y0 at step k0, lies in [lo, hi): a run, since it moves
// one way.
func (sg *seg) within(y0 int64, from, to int, lo, hi int64) (a, b int) {
	st := sg.step
	switch {
	case st > 0:
		a = int(sg.k0) + int(ceilDiv(lo-y0, st))
		b = int(sg.k0) + int(ceilDiv(hi-y0, st)) - 1
	case st < 0:
		a = int(sg.k0) + int(floorDiv(y0-hi, -st)) + 1
		b = int(sg.k0) + int(floorDiv(y0-lo, -st))
	default:
		if y0 < lo || y0 >= hi {
			return 1, 0
		}
		a, b = from, to
	}
	return max(a, from), min(b, to)
}

func floorDiv(a, b int64) int64 { // b > 0
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) } // b > 0

// run is a line's walk through a band: the minor coordinate yf (16.16) of
// the next step, and the dash phase there.
type run struct {
	pix           []uint32
	sg            *seg
	ms, ns        int // words per step along the major and the minor axis
	mode, span    int // how a step plots, and how many pixels across
	lo, hi        int // the band's valid minor coordinates
	yf            int64
	phase, period int64
}

// walk plots steps from..to, fast when every pixel they plot is known to be
// inside the band. A dashed line is walked dash by dash, a hairline's step
// by step.
func (r *run) walk(from, to int, fast bool) {
	if from > to {
		return
	}
	sg := r.sg
	if sg.dashLen == 0 {
		r.steps(from, to, fast)
		return
	}
	dashLen, along := int64(sg.dashLen), int64(sg.alongStep)
	if fast {
		// Dashes are a few steps long: the loops keep the phase step by step.
		k := r.kernel(from, to)
		k.phase, k.along, k.dashLen, k.period = r.phase, along, dashLen, r.period
		if k.safe(len(r.pix), r.span) {
			switch r.mode {
			case runHair:
				hairDashRun(r.pix, &k)
			case runThin:
				thinDashRun(r.pix, &k)
			default:
				thickDashRun(r.pix, &k)
			}
			r.phase = k.phase
			r.yf += sg.step * int64(k.n)
			return
		}
	}
	for x := from; x <= to; {
		// The steps left in this dash (or gap): until the phase reaches its end.
		on := r.phase < dashLen
		end := dashLen
		if !on {
			end = r.period
		}
		n := int((end - r.phase + along - 1) / along)
		n = max(1, min(n, to-x+1))
		if on {
			r.steps(x, x+n-1, fast)
		} else {
			r.yf += sg.step * int64(n)
		}
		r.phase += along * int64(n)
		for r.phase >= r.period {
			r.phase -= r.period
		}
		x += n
	}
}

// steps plots a solid stretch of steps from..to and moves yf on past it.
func (r *run) steps(from, to int, fast bool) {
	if !fast {
		r.checked(from, to)
		return
	}
	sg := r.sg
	k := r.kernel(from, to)
	if !k.safe(len(r.pix), r.span) {
		// (The clipping promises the fast steps are safe; should they not
		// be, the checked loop draws what lies inside and nothing else.)
		r.checked(from, to)
		return
	}
	switch r.mode {
	case runHair:
		hairRun(r.pix, &k)
	case runThin:
		thinRun(r.pix, &k)
	default:
		thickRun(r.pix, &k)
	}
	r.yf += sg.step * int64(k.n)
}

// kernel describes steps from..to for the plotting loops.
func (r *run) kernel(from, to int) kernel {
	sg := r.sg
	k := kernel{
		i: from * r.ms, ms: r.ms, ns: r.ns,
		yf: r.yf, step: sg.step, n: to - from + 1,
		cov: sg.cov, tab: sg.tab, color: sg.solid, ua: weight(sg.a),
	}
	if len(r.pix) > 0 {
		k.pix = &r.pix[0]
	}
	return k
}

// checked plots steps from..to, checking every pixel against the band.
func (r *run) checked(from, to int) {
	sg := r.sg
	c, alpha := sg.c, sg.a
	for x := from; x <= to; x, r.yf = x+1, r.yf+sg.step {
		m := int(r.yf >> 16)
		var cov [3]uint32
		n := 1
		switch r.mode {
		case runHair:
			cov[0] = alpha
		case runThin:
			hiA := alpha * (uint32(r.yf>>8) & 0xff) >> 8
			cov[0], cov[1], n = alpha-hiA, hiA, 2
		case runThick:
			hiA := alpha * (uint32(r.yf>>8) & 0xff) >> 8
			cov[0], cov[1], cov[2], n = alpha-hiA, alpha, hiA, 3
		}
		for j := 0; j < n; j++ {
			if mj := m + j; mj >= r.lo && mj < r.hi {
				i := x*r.ms + mj*r.ns
				r.pix[i] = over(r.pix[i], c, weight(cov[j]))
			}
		}
	}
}

// stamp blends a coverage mask (one byte per pixel, 255 = fully covered) of
// colour c with its top-left corner at (x, y), clipped to the band. Fully
// covered pixels of an opaque colour are stored, not blended.
func (b *band) stamp(m *image.Alpha, x, y int, c color.NRGBA) {
	mw, mh := m.Rect.Dx(), m.Rect.Dy()
	// Clip the mask's rows and columns to the band once, not per pixel.
	r0, r1 := max(0, b.y0-y), min(mh, b.y1-y)
	c0, c1 := max(0, -x), min(mw, b.w-x)
	if r0 >= r1 || c0 >= c1 {
		return
	}
	p := paintOf(c)
	opaque := p.a == 255
	for my := r0; my < r1; my++ {
		row := m.Pix[my*m.Stride+c0 : my*m.Stride+c1]
		o := (y+my)*b.stride + x + c0
		dst := b.pix[o : o+len(row)]
		if opaque {
			for k, a := range row {
				switch a {
				case 0:
				case 255:
					dst[k] = p.solid
				default:
					dst[k] = over(dst[k], p.c, weight(uint32(a)))
				}
			}
			continue
		}
		for k, a := range row {
			if a != 0 {
				dst[k] = over(dst[k], p.c, weight((uint32(a)*p.a+127)/255))
			}
		}
	}
}

// stampNode draws a node sprite centred on pixel (cx, cy), its shape in
// fill and its outline in bg, an opaque colour. A translucent fill blends
// everywhere.
func (b *band) stampNode(sp *nodeSprite, cx, cy int, fill, bg color.NRGBA) {
	x, y := cx+sp.minX, cy+sp.minY
	r0, r1 := max(0, b.y0-y), min(sp.h, b.y1-y)
	if r0 >= r1 {
		return
	}
	f, g := paintOf(fill), paintOf(bg)
	opaque := f.a == 255
	for ry := r0; ry < r1; ry++ {
		c := sp.rows[ry]
		c0, c1 := max(c.from, -x), min(c.to, b.w-x)
		if c0 >= c1 {
			continue
		}
		o := ry * sp.w
		fr := sp.fill[o+c0 : o+c1]
		var or []uint8
		if sp.out != nil {
			or = sp.out[o+c0 : o+c1]
			or = or[:len(fr)]
		}
		d := (y+ry)*b.stride + x + c0
		dst := b.pix[d : d+len(fr)]
		for k, fa := range fr {
			if fa == 255 && opaque {
				dst[k] = f.solid
				continue
			}
			ua := weight(uint32(fa))
			if !opaque {
				ua = weight((uint32(fa)*f.a + 127) / 255)
			}
			var oa uint8
			if or != nil {
				oa = or[k]
			}
			switch oa {
			case 255:
				// Over the outline, which hides what is under it.
				dst[k] = over(g.solid, f.c, ua)
			case 0:
				if ua != 0 {
					dst[k] = over(dst[k], f.c, ua)
				}
			default:
				// The outline's smooth edge, and the shape's over it if any.
				px := over(dst[k], g.c, weight(uint32(oa)))
				if ua != 0 {
					px = over(px, f.c, ua)
				}
				dst[k] = px
			}
		}
	}
}

// stampLabel draws a label sprite with its halo's top-left corner at (x,
// y) in ink k, text and halo in one pass.
func (b *band) stampLabel(sp *labelSprite, x, y int, k *labelInk) {
	hw, hh := sp.w+2, sp.h+2
	r0, r1 := max(0, b.y0-y), min(hh, b.y1-y)
	if r0 >= r1 {
		return
	}
	halo := sp.halo.Pix
	for ry := r0; ry < r1; ry++ {
		c := sp.rows[ry]
		c0, c1 := max(c.from, -x), min(c.to, b.w-x)
		if c0 >= c1 {
			continue
		}
		hr := halo[ry*sp.halo.Stride+c0 : ry*sp.halo.Stride+c1]
		tr := sp.tx[ry*hw+c0 : ry*hw+c1]
		tr = tr[:len(hr)]
		d := (y+ry)*b.stride + x + c0
		dst := b.pix[d : d+len(hr)]
		for i, ha := range hr {
			switch ha {
			case 0:
			case 255:
				dst[i] = k.solid[tr[i]]
			default:
				px := over(dst[i], k.g.c, weight(uint32(ha)))
				if t := tr[i]; t != 0 {
					px = over(px, k.f.c, k.weight[t])
				}
				dst[i] = px
			}
		}
	}
}

// fill paints the band's rows with an opaque colour.
func (b *band) fill(c color.NRGBA) {
	if b.y0 >= b.y1 {
		return
	}
	v := paintOf(c).solid
	row := b.pix[b.y0*b.stride : b.y0*b.stride+b.w]
	for i := range row {
		row[i] = v
	}
	for y := b.y0 + 1; y < b.y1; y++ {
		copy(b.pix[y*b.stride:], row)
	}
}

// rect fills the screen rectangle between two corners with c, clipped to the band.
func (b *band) rect(x0, y0, x1, y1 float64, c color.NRGBA) {
	if x0 > x1 {
		x0, x1 = x1, x0
	}
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	xa, xb := max(0, int(math.Round(x0))), min(b.w, int(math.Round(x1)))
	ya, yb := max(b.y0, int(math.Round(y0))), min(b.y1, int(math.Round(y1)))
	if xa >= xb {
		return
	}
	p := paintOf(c)
	ua := weight(p.a)
	for y := ya; y < yb; y++ {
		row := b.pix[y*b.stride+xa : y*b.stride+xb]
		for i := range row {
			row[i] = over(row[i], p.c, ua)
		}
	}
}

// Border paints a frame of the given width round the edge of img, as the map
// shows that it has the keyboard.
func Border(img *image.RGBA, width int, c color.NRGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if img.Rect.Min != (image.Point{}) {
		img = &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: image.Rect(0, 0, w, h)}
	}
	b := newBand(img, 0, h)
	fw, fh := float64(w), float64(h)
	wd := float64(width)
	b.rect(0, 0, fw, wd, c)
	b.rect(0, fh-wd, fw, fh, c)
	b.rect(0, 0, wd, fh, c)
	b.rect(fw-wd, 0, fw, fh, c)
}
