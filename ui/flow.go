package ui

import "fyne.io/fyne/v2"

// flow lays objects out left to right at their minimum size, wrapping to a new
// line when the width runs out — for rows of short links such as sources.
type flow struct {
	width float32 // width of the last Layout, which MinSize wraps to
}

var _ fyne.Layout = (*flow)(nil)

func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	f.place(objs, size.Width, true)
}

// MinSize is as wide as the widest object, so a row of links never forces its
// container wider, and as tall as the wrapped lines were at the last layout.
func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objs {
		if o.Visible() && o.MinSize().Width > widest {
			widest = o.MinSize().Width
		}
	}
	return fyne.NewSize(widest, f.place(objs, f.width, false).Height)
}

// place positions objects within width (or only measures, when apply is false)
// and returns the size they take. A zero width lays everything on one line.
func (f *flow) place(objs []fyne.CanvasObject, width float32, apply bool) fyne.Size {
	const gap = 4
	var x, y, lineH, maxW float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if width > 0 && x > 0 && x+m.Width > width {
			x, y, lineH = 0, y+lineH+gap, 0
		}
		w := m.Width
		if width > 0 && w > width {
			w = width
		}
		if apply {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, m.Height))
		}
		x += w + gap
		if x-gap > maxW {
			maxW = x - gap
		}
		if m.Height > lineH {
			lineH = m.Height
		}
	}
	if width > 0 && maxW > width {
		maxW = width
	}
	return fyne.NewSize(maxW, y+lineH)
}
