package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/ui/layout"
	"govscape/ui/render"
)

// comparePlane is the stance plane of the compare set alone, beside the
// Compare table: where the compared entities stand on the map's two stance
// axes at the slider's year, drawn by the map's own renderer.
type comparePlane struct {
	x      *app.Explorer
	ren    *render.Renderer
	raster *canvas.Raster
	img    *image.RGBA
	scene  render.Scene
	plane  *layout.Plane
	title  *widget.Label
	root   fyne.CanvasObject
	scale  float32
}

func newComparePlane(x *app.Explorer) *comparePlane {
	p := &comparePlane{x: x, ren: render.New(nil)}
	p.raster = canvas.NewRaster(p.draw)
	p.raster.SetMinSize(fyne.NewSize(280, 260))
	p.title = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	p.root = container.NewBorder(p.title, nil, nil, nil, p.raster)
	x.OnChange(func(c app.Change) {
		if c == app.ChangedCompare || c == app.ChangedVisible || c == app.ChangedMap {
			p.rebuild()
		}
	})
	p.rebuild()
	return p
}

// rebuild places the compare set on the plane of the map's stance axes.
func (p *comparePlane) rebuild() {
	l := p.x.Landscape
	across, down := p.x.StanceAxes()
	ax, okX := l.Axis(across)
	ay, okY := l.Axis(down)
	ids := p.x.CompareSet()
	p.scene.Nodes = p.scene.Nodes[:0]
	p.plane = nil
	if !okX || !okY || len(ids) == 0 {
		p.title.SetText("The compare set on the stance plane appears here.")
		p.raster.Refresh()
		return
	}
	p.title.SetText("On the map's stance axes (Map › x, y): " + ax.Name + " across, " + ay.Name + " up.")
	at := p.x.At()
	st := make([]layout.Stance, len(ids))
	for i, id := range ids {
		if pos, ok := l.LatestPosition(id, across, at); ok {
			st[i].X, st[i].HasX = pos.Score, true
		}
		if pos, ok := l.LatestPosition(id, down, at); ok {
			st[i].Y, st[i].HasY = pos.Score, true
		}
	}
	plane, err := layout.StancePlane(st, layout.StanceOptions{XLabel: ax.Name, YLabel: ay.Name})
	if err != nil {
		fyne.LogError("compare plane", err)
		return
	}
	p.plane = &plane
	for i, id := range ids {
		e, _ := l.Entity(id)
		ks := styleOf(e.Kind)
		p.scene.Nodes = append(p.scene.Nodes, render.Node{
			X: plane.Positions[i].X, Y: plane.Positions[i].Y, Radius: 7, Shape: ks.shape, Fill: ks.colour,
			Label: e.Label(), Weight: 1, Flags: render.Highlighted,
		})
	}
	p.raster.Refresh()
}

// draw renders the plane at the raster's pixel size.
func (p *comparePlane) draw(w, h int) image.Image {
	if p.img == nil || p.img.Rect.Dx() != w || p.img.Rect.Dy() != h {
		p.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	if sz := p.raster.Size(); sz.Width > 0 {
		if scale := float32(w) / sz.Width; scale != p.scale {
			p.scale = scale
			p.ren.SetFace(labelFace(scale))
		}
	}
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	p.scene.Background = nrgba(th.Color(theme.ColorNameBackground, v))
	p.scene.LabelColor = nrgba(th.Color(theme.ColorNameForeground, v))
	p.scene.SelectColor = nrgba(th.Color(theme.ColorNamePrimary, v))
	p.scene.HoverColor = p.scene.LabelColor
	cam := render.Camera{Zoom: 1}
	if p.plane != nil {
		across, down := p.x.StanceAxes()
		ax, _ := p.x.Landscape.Axis(across)
		ay, _ := p.x.Landscape.Axis(down)
		p.scene.Guides, p.scene.Captions = planeGuides(p.plane, ax, ay, p.scene.LabelColor)
		// Here the title names the axes: keep only the score ticks (the
		// strips' long captions would cover this small plane).
		p.scene.Captions = p.scene.Captions[6 : 6+2*(layout.MaxScore-layout.MinScore+1)]
		b := p.plane.Bounds
		cam = render.FitBox(b.Min.X, b.Min.Y, b.Max.X, b.Max.Y, w, h, float64(16*p.scale))
	} else {
		p.scene.Guides, p.scene.Captions = nil, nil
	}
	p.ren.Draw(p.img, &p.scene, cam)
	return p.img
}
