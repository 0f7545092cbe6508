package render

import (
	"image"
	"image/color"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// labelSprite is a label rasterised once: its text mask and a halo one pixel
// wider all round, drawn under it in the background colour so text stays
// legible over edges.
type labelSprite struct {
	text, halo *image.Alpha
	w, h       int
	textString string

	// For drawing in one pass over the halo's box: the text's coverage in
	// that box, and each row's columns with any coverage.
	tx   []uint8
	rows []cols
}

// labelInk is how labels are drawn in one pair of colours: text in fg over
// a halo in bg, an opaque colour.
type labelInk struct {
	made   bool
	bg, fg color.NRGBA
	g, f   paint
	// By the text's coverage (0…255): its blend weight, and what a pixel
	// the halo covers fully becomes — the halo hides what is under it, so
	// that is a store.
	weight [256]uint32
	solid  [256]uint32
}

func labelInkOf(bg, fg color.NRGBA) labelInk {
	k := labelInk{made: true, bg: bg, fg: fg, g: paintOf(bg), f: paintOf(fg)}
	for t := range 256 {
		k.weight[t] = weight((uint32(t)*k.f.a + 127) / 255)
		k.solid[t] = over(k.g.solid, k.f.c, k.weight[t])
	}
	return k
}

type placedLabel struct {
	x, y   int
	sprite *labelSprite
	dim    bool
}

// maxLabelRunes keeps long names from covering the map; the inspector has the rest.
const maxLabelRunes = 28

// label returns the sprite of a node label, cut to maxLabelRunes.
func (r *Renderer) label(s string) *labelSprite { return r.sprite(s, maxLabelRunes) }

// caption returns the sprite of a caption, which is never cut.
func (r *Renderer) caption(s string) *labelSprite { return r.sprite(s, 0) }

func (r *Renderer) sprite(s string, limit int) *labelSprite {
	key := s
	if limit == 0 {
		key = "\x00" + s // captions and labels of the same text differ
	}
	if sp, ok := r.labels[key]; ok {
		return sp
	}
	text := s
	if rs := []rune(text); limit > 0 && len(rs) > limit {
		text = string(rs[:limit-1]) + "…"
	}
	m := r.face.Metrics()
	ascent, descent := m.Ascent.Ceil(), m.Descent.Ceil()
	adv := font.MeasureString(r.face, text).Ceil()
	w, h := adv+1, ascent+descent
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: r.face, Dot: fixed.P(0, ascent)}
	d.DrawString(text)
	halo := image.NewAlpha(image.Rect(0, 0, w+2, h+2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := mask.Pix[y*mask.Stride+x]
			if a == 0 {
				continue
			}
			// Three times the text's coverage: a halo solid wherever the
			// text has any real weight nearby, which reads better over
			// crossing edges than a faint one (and is drawn with a store).
			a = uint8(min(255, 3*int(a)))
			for dy := 0; dy <= 2; dy++ {
				row := halo.Pix[(y+dy)*halo.Stride:]
				for dx := 0; dx <= 2; dx++ {
					if row[x+dx] < a {
						row[x+dx] = a
					}
				}
			}
		}
	}
	sp := &labelSprite{text: mask, halo: halo, w: w, h: h, textString: s}
	hw, hh := w+2, h+2
	sp.tx = make([]uint8, hw*hh)
	sp.rows = make([]cols, hh)
	for y := range hh {
		first, last := hw, -1
		for x := range hw {
			if x >= 1 && y >= 1 && x <= w && y <= h {
				sp.tx[y*hw+x] = mask.Pix[(y-1)*mask.Stride+x-1]
			}
			if halo.Pix[y*halo.Stride+x] != 0 {
				first, last = min(first, x), max(last, x)
			}
		}
		sp.rows[y] = cols{first, last + 1}
	}
	r.labels[key] = sp
	return sp
}

// labelGrid answers "does this rectangle overlap a placed label?" quickly by
// bucketing placed rectangles into coarse screen cells.
type labelGrid struct {
	cols, rows int
	cells      [][]image.Rectangle
}

const labelCell = 64

func (g *labelGrid) reset(w, h int) {
	cols, rows := w/labelCell+1, h/labelCell+1
	if g.cols != cols || g.rows != rows {
		g.cols, g.rows = cols, rows
		g.cells = make([][]image.Rectangle, cols*rows)
	}
	for i := range g.cells {
		g.cells[i] = g.cells[i][:0]
	}
}

func (g *labelGrid) span(r image.Rectangle) (x0, y0, x1, y1 int) {
	c := func(v, n int) int { return min(max(v/labelCell, 0), n-1) }
	return c(r.Min.X, g.cols), c(r.Min.Y, g.rows), c(r.Max.X, g.cols), c(r.Max.Y, g.rows)
}

func (g *labelGrid) overlaps(r image.Rectangle) bool {
	x0, y0, x1, y1 := g.span(r)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, o := range g.cells[y*g.cols+x] {
				if o.Overlaps(r) {
					return true
				}
			}
		}
	}
	return false
}

func (g *labelGrid) add(r image.Rectangle) {
	x0, y0, x1, y1 := g.span(r)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			g.cells[y*g.cols+x] = append(g.cells[y*g.cols+x], r)
		}
	}
}
