package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
)

// band is the part of the image one goroutine draws: rows [y0, y1).
type band struct {
	img    *image.RGBA
	w      int
	y0, y1 int
	dense  bool // many edges this frame: draw them as plain hairlines
}

// blend mixes colour c into the pixel at (x, y) with coverage a (0…1), on an
// opaque image: a straight lerp, since the image has no transparency.
func (b *band) blend(x, y int, c color.NRGBA, a float64) {
	if x < 0 || x >= b.w || y < b.y0 || y >= b.y1 || a <= 0 {
		return
	}
	b.blendIn(x, y, c, uint32(a*float64(c.A)+0.5))
}

// blendIn is blend for a pixel known to be inside the band, with the final
// alpha already worked out (0…255). It approximates division by 255 with a
// shift: the error is under one level, invisible, and it is the hot path.
func (b *band) blendIn(x, y int, c color.NRGBA, a uint32) {
	if a == 0 {
		return
	}
	i := y*b.img.Stride + x*4
	p := b.img.Pix[i : i+3 : i+3]
	if a >= 255 {
		p[0], p[1], p[2] = c.R, c.G, c.B
		return
	}
	a++ // 1…255 → 2…256, so a full 255 maps to a shift of exactly 8 bits
	p[0] = uint8(int32(p[0]) + (int32(c.R)-int32(p[0]))*int32(a)>>8)
	p[1] = uint8(int32(p[1]) + (int32(c.G)-int32(p[1]))*int32(a)>>8)
	p[2] = uint8(int32(p[2]) + (int32(c.B)-int32(p[2]))*int32(a)>>8)
}

// line draws an anti-aliased line (Xiaolin Wu's method) of about one pixel,
// clipped to the band. A width over 1.6 draws a second, offset pass so thick
// styles read as thick. dash > 0 breaks the line into dashes of that length.
func (b *band) line(x0, y0, x1, y1 float64, c color.NRGBA, width, dash float64) {
	if b.dense {
		b.hairline(x0, y0, x1, y1, c, dash)
		return
	}
	b.wu(x0, y0, x1, y1, c, dash)
	if width > 1.6 {
		dx, dy := x1-x0, y1-y0
		l := math.Hypot(dx, dy)
		if l == 0 {
			return
		}
		ox, oy := -dy/l*0.9, dx/l*0.9
		b.wu(x0+ox, y0+oy, x1+ox, y1+oy, c, dash)
	}
}

func (b *band) wu(x0, y0, x1, y1 float64, c color.NRGBA, dash float64) {
	b.run(x0, y0, x1, y1, c, dash, true)
}

// hairline draws a one-pixel line without anti-aliasing: half the pixels of
// wu, for frames so dense that smoothing each line is lost in the mass.
func (b *band) hairline(x0, y0, x1, y1 float64, c color.NRGBA, dash float64) {
	b.run(x0, y0, x1, y1, c, dash, false)
}

// run walks a line along its major axis, plotting two pixels a step with
// coverage split by the fractional position (smooth), or the nearest one.
func (b *band) run(x0, y0, x1, y1 float64, c color.NRGBA, dash float64, smooth bool) {
	steep := math.Abs(y1-y0) > math.Abs(x1-x0)
	if steep {
		x0, y0 = y0, x0
		x1, y1 = y1, x1
	}
	if x0 > x1 {
		x0, x1 = x1, x0
		y0, y1 = y1, y0
	}
	dx, dy := x1-x0, y1-y0
	grad := 1.0
	if dx != 0 {
		grad = dy / dx
	}
	// Clip the run along the major axis to the pixels that can touch the band
	// (and the image), so each band pays only for its own rows.
	lo, hi := x0, x1
	var minor0, minor1 float64 // band limits on the minor axis, with a pixel of slack
	if steep {
		// Major axis is y: clip it to the band's rows directly.
		lo = math.Max(lo, float64(b.y0)-1)
		hi = math.Min(hi, float64(b.y1))
		minor0, minor1 = -1, float64(b.w)
	} else {
		lo = math.Max(lo, -1)
		hi = math.Min(hi, float64(b.w))
		minor0, minor1 = float64(b.y0)-1, float64(b.y1)
		if grad != 0 {
			// Only the x range whose y lies within the band's rows.
			xa := x0 + (minor0-y0)/grad
			xb := x0 + (minor1-y0)/grad
			if xa > xb {
				xa, xb = xb, xa
			}
			lo, hi = math.Max(lo, xa), math.Min(hi, xb)
		} else if y0 < minor0 || y0 > minor1 {
			return
		}
	}
	if lo > hi {
		return
	}
	alpha := int32(c.A)
	first, last := int(math.Floor(lo)), int(math.Floor(hi))
	// The major coordinate must index a real row (steep) or column.
	minorLo, minorHi := b.y0, b.y1 // the minor axis's valid range
	if steep {
		first, last = max(first, b.y0), min(last, b.y1-1)
		minorLo, minorHi = 0, b.w
	} else {
		first, last = max(first, 0), min(last, b.w-1)
	}
	// Fixed point 16.16 along the minor axis: the loop is integer-only.
	yf := int64((y0 + grad*(float64(first)-x0)) * 65536)
	step := int64(grad * 65536)
	var dashLen, along, alongStep float64
	if dash > 0 {
		alongStep = math.Sqrt(1 + grad*grad)
		along = (float64(first) - x0) * alongStep
		dashLen = dash
	}
	pix, stride := b.img.Pix, b.img.Stride
	cr, cg, cb := int32(c.R), int32(c.G), int32(c.B)
	// Pixel (major, minor) lives at major*majorStep + minor*minorStep.
	majorStep, minorStep := 4, stride
	if steep {
		majorStep, minorStep = stride, 4
	}
	if first > last {
		return
	}
	// Most runs lie wholly inside the band and are solid: draw those in a
	// loop without per-pixel checks.
	ya, yb := int(yf>>16), int((yf+step*int64(last-first))>>16)
	if dashLen == 0 && min(ya, yb) >= minorLo && max(ya, yb)+1 < minorHi {
		if smooth {
			for x := first; x <= last; x, yf = x+1, yf+step {
				hiA := (alpha * (int32(yf>>8) & 0xff)) >> 8
				i := x*majorStep + int(yf>>16)*minorStep
				mixPix(pix[i:], cr, cg, cb, alpha-hiA)
				mixPix(pix[i+minorStep:], cr, cg, cb, hiA)
			}
		} else {
			for x := first; x <= last; x, yf = x+1, yf+step {
				mixPix(pix[x*majorStep+int((yf+0x8000)>>16)*minorStep:], cr, cg, cb, alpha)
			}
		}
		return
	}
	for x := first; x <= last; x, yf = x+1, yf+step {
		if dashLen > 0 {
			// Position along the line decides dash or gap, so the pattern stays
			// put however each band clips the line.
			on := int(along/dashLen)%2 == 0
			along += alongStep
			if !on {
				continue
			}
		}
		if !smooth {
			yi := int((yf + 0x8000) >> 16)
			if yi >= minorLo && yi < minorHi {
				mixPix(pix[x*majorStep+yi*minorStep:], cr, cg, cb, alpha)
			}
			continue
		}
		yi := int(yf >> 16)
		hiA := (alpha * (int32(yf>>8) & 0xff)) >> 8
		i := x*majorStep + yi*minorStep
		if yi >= minorLo && yi < minorHi {
			mixPix(pix[i:], cr, cg, cb, alpha-hiA)
		}
		if yi+1 >= minorLo && yi+1 < minorHi {
			mixPix(pix[i+minorStep:], cr, cg, cb, hiA)
		}
	}
}

// mixPix blends an RGB colour into the pixel starting at p[0] with alpha a
// (0…255), approximating division by 255 with a shift: the error is under one
// level and this is the innermost loop of every frame. Red and blue are
// blended together in one 32-bit word, 16 bits apart, so a pixel costs two
// multiplications a side instead of three.
func mixPix(p []byte, r, g, b, a int32) {
	if a <= 0 {
		return
	}
	ua := uint32(a) + 1 // 1…255 → 2…256: a full 255 becomes an exact shift
	na := 256 - ua
	px := binary.LittleEndian.Uint32(p)
	rb := (px&0x00FF00FF)*na + (uint32(r)|uint32(b)<<16)*ua
	gg := (px>>8&0xFF)*na + uint32(g)*ua
	binary.LittleEndian.PutUint32(p, rb>>8&0x00FF00FF|gg&0xFF00|0xFF000000)
}

func (b *band) plot(x, y int, c color.NRGBA, a uint32) {
	if x < 0 || x >= b.w || y < b.y0 || y >= b.y1 {
		return
	}
	b.blendIn(x, y, c, a)
}

// stamp blends a coverage mask (one byte per pixel, 255 = fully covered) of
// colour c with its top-left corner at (x, y), clipped to the band.
func (b *band) stamp(m *image.Alpha, x, y int, c color.NRGBA) {
	mw, mh := m.Rect.Dx(), m.Rect.Dy()
	// Clip the mask's rows and columns to the band once, not per pixel.
	r0, r1 := max(0, b.y0-y), min(mh, b.y1-y)
	c0, c1 := max(0, -x), min(mw, b.w-x)
	if r0 >= r1 || c0 >= c1 {
		return
	}
	cr, cg, cb, ca := int32(c.R), int32(c.G), int32(c.B), int32(c.A)
	stride := b.img.Stride
	for my := r0; my < r1; my++ {
		row := m.Pix[my*m.Stride : my*m.Stride+mw]
		dst := b.img.Pix[(y+my)*stride:]
		for mx := c0; mx < c1; mx++ {
			if a := row[mx]; a != 0 {
				mixPix(dst[(x+mx)*4:], cr, cg, cb, (int32(a)*ca+127)/255)
			}
		}
	}
}

// fill paints the band's rows with an opaque colour.
func (b *band) fill(c color.NRGBA) {
	if b.y0 >= b.y1 {
		return
	}
	row := b.img.Pix[b.img.PixOffset(0, b.y0) : b.img.PixOffset(0, b.y0)+b.w*4]
	for i := 0; i < len(row); i += 4 {
		row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 255
	}
	for y := b.y0 + 1; y < b.y1; y++ {
		copy(b.img.Pix[b.img.PixOffset(0, y):], row)
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
	cr, cg, cb := int32(c.R), int32(c.G), int32(c.B)
	for y := ya; y < yb; y++ {
		row := b.img.Pix[y*b.img.Stride:]
		for x := xa; x < xb; x++ {
			mixPix(row[x*4:], cr, cg, cb, int32(c.A))
		}
	}
}

// Border paints a frame of the given width round the edge of img, as the map
// shows that it has the keyboard.
func Border(img *image.RGBA, width int, c color.NRGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	b := band{img: img, w: w, y0: 0, y1: h}
	fw, fh := float64(w), float64(h)
	wd := float64(width)
	b.rect(0, 0, fw, wd, c)
	b.rect(0, fh-wd, fw, fh, c)
	b.rect(0, 0, wd, fh, c)
	b.rect(fw-wd, 0, fw, fh, c)
}
