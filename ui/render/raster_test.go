package render

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// TestOverBlends checks the blend against the exact mixture: within a level
// of it in each channel, the pixel unchanged at weight 0, the colour itself
// at full weight, and the image kept opaque.
func TestOverBlends(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		px := rng.Uint32() | 0xFF000000
		c := color.NRGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 255}
		p := paintOf(c)
		ua := uint32(rng.IntN(257))
		got := over(px, p.c, ua)
		want := [3]float64{}
		src := [3]uint8{c.R, c.G, c.B}
		for ch := range 3 {
			d := float64(px >> (8 * ch) & 0xFF)
			want[ch] = d + (float64(src[ch])-d)*float64(ua)/256
			g := float64(got >> (8 * ch) & 0xFF)
			if g < want[ch]-1 || g > want[ch]+1 {
				t.Fatalf("over(%#08x, %v, %d) = %#08x: channel %d is %v, want %.1f", px, c, ua, got, ch, g, want[ch])
			}
		}
		if got>>24 != 0xFF {
			t.Fatalf("over(%#08x, %v, %d) = %#08x: not opaque", px, c, ua, got)
		}
	}
	p := paintOf(color.NRGBA{10, 200, 30, 255})
	if got := over(0xFF123456, p.c, 0); got != 0xFF123456 {
		t.Errorf("weight 0 changed the pixel: %#08x", got)
	}
	if got := over(0xFF123456, p.c, 256); got != p.solid {
		t.Errorf("full weight: got %#08x, want %#08x", got, p.solid)
	}
}

// TestBandsDrawLinesWhole draws lines of every kind — thin, thick, hairline,
// dashed, steep, flat, running off the image — once in one band and once in
// bands of several heights: the pictures must be the same to the bit, or a
// frame would show seams where the workers' bands meet.
func TestBandsDrawLinesWhole(t *testing.T) {
	const w, h = 200, 150
	rng := rand.New(rand.NewPCG(3, 4))
	type line struct {
		x0, y0, x1, y1, width, dash float64
		c                           color.NRGBA
	}
	var lines []line
	for range 300 {
		l := line{
			x0: rng.Float64()*(w+80) - 40, y0: rng.Float64()*(h+80) - 40,
			x1: rng.Float64()*(w+80) - 40, y1: rng.Float64()*(h+80) - 40,
			width: []float64{1, 2}[rng.IntN(2)],
			c:     color.NRGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(60 + rng.IntN(196))},
		}
		if rng.IntN(3) == 0 {
			l.dash = 2 + rng.Float64()*6
		}
		if rng.IntN(4) == 0 { // axis-aligned ones too
			l.y1 = l.y0
		}
		lines = append(lines, l)
	}
	draw := func(rows int, dense bool) *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y0 := 0; y0 < h; y0 += rows {
			b := newBand(img, y0, min(h, y0+rows))
			b.dense = dense
			b.fill(color.NRGBA{20, 20, 30, 255})
			for _, l := range lines {
				b.line(l.x0, l.y0, l.x1, l.y1, l.c, l.width, l.dash)
			}
		}
		return img
	}
	for _, dense := range []bool{false, true} {
		whole := draw(h, dense)
		painted := 0
		for i := 0; i < len(whole.Pix); i += 4 {
			if whole.Pix[i] != 20 || whole.Pix[i+1] != 20 || whole.Pix[i+2] != 30 {
				painted++
			}
		}
		if painted < w*h/4 {
			t.Fatalf("dense=%v: only %d pixels painted: the lines were not drawn", dense, painted)
		}
		for _, rows := range []int{1, 7, 32} {
			got := draw(rows, dense)
			for i := range got.Pix {
				if got.Pix[i] != whole.Pix[i] {
					p := i / 4
					t.Fatalf("dense=%v, bands of %d rows: pixel (%d, %d) is %v, drawn whole %v",
						dense, rows, p%w, p/w, got.Pix[p*4:p*4+4], whole.Pix[p*4:p*4+4])
				}
			}
		}
	}
}

// TestLineCoverage checks what a line puts down: a solid opaque line covers
// about one pixel per step across (two if thick), and a dashed one about half of that.
func TestLineCoverage(t *testing.T) {
	tests := []struct {
		name           string
		width, dash    float64
		dense          bool
		steep          bool
		wantLo, wantHi float64 // total coverage per step, in pixels
	}{
		{"thin flat", 1, 0, false, false, 0.95, 1.05},
		{"thin steep", 1, 0, false, true, 0.95, 1.05},
		{"thick", 2, 0, false, false, 1.9, 2.1},
		{"hairline", 1, 0, true, true, 0.99, 1.01},
		{"dashed", 1, 4, false, false, 0.45, 0.55},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 300, 300))
			b := newBand(img, 0, 300)
			b.dense = tt.dense
			b.fill(color.NRGBA{0, 0, 0, 255})
			x0, y0, x1, y1 := 10.0, 100.3, 290.0, 170.6
			if tt.steep {
				x0, y0, x1, y1 = y0, x0, y1, x1
			}
			b.line(x0, y0, x1, y1, color.NRGBA{255, 255, 255, 255}, tt.width, tt.dash)
			total := 0.0
			for i := 0; i < len(img.Pix); i += 4 {
				total += float64(img.Pix[i]) / 255
			}
			perStep := total / 281
			if perStep < tt.wantLo || perStep > tt.wantHi {
				t.Errorf("coverage per step %.3f, want %.2f…%.2f", perStep, tt.wantLo, tt.wantHi)
			}
		})
	}
}

// TestStampsMatchLayeredDrawing checks the one-pass node and label stamps
// against drawing their layers one over the other with plain masks.
func TestStampsMatchLayeredDrawing(t *testing.T) {
	bg := color.NRGBA{30, 31, 36, 255}
	under := func() (*image.RGBA, band) {
		img := image.NewRGBA(image.Rect(0, 0, 80, 60))
		b := newBand(img, 0, 60)
		b.fill(bg)
		// Something under the stamps, so blending shows.
		for x := 0.0; x < 80; x += 3 {
			b.line(x, 0, 80-x, 60, color.NRGBA{200, 90, 40, 180}, 1, 0)
		}
		return img, b
	}
	same := func(t *testing.T, a, b *image.RGBA) {
		t.Helper()
		for i := range a.Pix {
			if d := int(a.Pix[i]) - int(b.Pix[i]); d < -2 || d > 2 {
				p := i / 4
				t.Fatalf("pixel (%d, %d): one pass %v, layered %v", p%80, p/80, a.Pix[p*4:p*4+4], b.Pix[p*4:p*4+4])
			}
		}
	}
	var sp sprites
	for _, shape := range []Shape{Circle, Square, Star, Ring} {
		for _, fill := range []color.NRGBA{{90, 180, 230, 255}, {90, 180, 230, 140}} {
			for _, rad := range []float64{2, 5.5, 11} {
				outline := rad >= 3
				one, b1 := under()
				b1.stampNode(sp.node(shape, rad, outline), 40, 30, fill, bg)
				layered, b2 := under()
				if outline {
					o := rasterShape(shape, float64(int(rad*4+0.5))/4+1)
					b2.stamp(o, 40+o.Rect.Min.X, 30+o.Rect.Min.Y, bg)
				}
				m := rasterShape(shape, float64(int(rad*4+0.5))/4)
				b2.stamp(m, 40+m.Rect.Min.X, 30+m.Rect.Min.Y, fill)
				same(t, one, layered)
			}
		}
	}
	r := New(testFace(t))
	ls := r.label("Internet Governance Forum")
	for _, fg := range []color.NRGBA{{240, 240, 240, 255}, {240, 240, 240, 110}} {
		one, b1 := under()
		k := labelInkOf(bg, fg)
		b1.stampLabel(ls, 3, 20, &k)
		layered, b2 := under()
		b2.stamp(ls.halo, 3, 20, bg)
		b2.stamp(ls.text, 4, 21, fg)
		same(t, one, layered)
	}
}
