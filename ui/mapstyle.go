package ui

import (
	"fmt"
	"image/color"
	"math"

	"govscape/model"
	"govscape/ui/layout"
	"govscape/ui/render"
)

// kindStyle is how one kind of entity looks on the map: shape always, colour
// when the map is coloured by kind. Shape carries the kind by itself, so
// colour is never the only signal.
type kindStyle struct {
	shape  render.Shape
	colour color.NRGBA
}

// kindStyles uses the Okabe–Ito palette (distinguishable with the common
// colour-vision deficiencies) plus two neutrals; forums get the hexagon and
// the strongest colour because most questions start from a forum.
var kindStyles = map[string]kindStyle{
	"forum":     {render.Hexagon, rgb(0xE6, 0x9F, 0x00)},
	"state":     {render.Circle, rgb(0x56, 0xB4, 0xE9)},
	"bloc":      {render.Ring, rgb(0x00, 0x9E, 0x73)},
	"igo":       {render.Diamond, rgb(0xF0, 0xE4, 0x42)},
	"company":   {render.Square, rgb(0x00, 0x72, 0xB2)},
	"industry":  {render.Cross, rgb(0xD5, 0x5E, 0x00)},
	"ngo":       {render.Triangle, rgb(0xCC, 0x79, 0xA7)},
	"technical": {render.Pentagon, rgb(0x8F, 0xD1, 0xBB)},
	"academic":  {render.Star, rgb(0xC8, 0xB8, 0x8A)},
	"person":    {render.TriangleDown, rgb(0xB0, 0xB0, 0xB0)},
}

func styleOf(kind string) kindStyle {
	if s, ok := kindStyles[kind]; ok {
		return s
	}
	return kindStyle{render.Circle, rgb(0x99, 0x99, 0x99)}
}

// scoreColours is a diverging purple–orange scale (ColorBrewer PuOr), safe
// for colour-blind readers: −2 … +2. Orange is the axis's positive pole.
var scoreColours = [5]color.NRGBA{
	rgb(0x5E, 0x3C, 0x99), rgb(0xB2, 0xAB, 0xD2), rgb(0xEE, 0xEE, 0xEE), rgb(0xFD, 0xB8, 0x63), rgb(0xE6, 0x61, 0x01),
}

// noScore is the colour of an entity with no position on the axis.
var noScore = rgb(0x6E, 0x6E, 0x6E)

func scoreColour(score int) color.NRGBA {
	return scoreColours[max(0, min(4, score+2))]
}

// edgeGroup gathers relation roles that read alike on a map.
type edgeGroup struct {
	name  string
	roles []string
	style render.EdgeStyle
}

// edgeGroups: who runs a forum, who takes part, who opposes, who backs it.
// Dashes set opposition and support apart from the solid lines, so edge
// meaning does not rest on colour alone.
var edgeGroups = []edgeGroup{
	{"runs (host, founder, secretariat, chair, leads)", []string{"host", "founder", "secretariat", "chair", "leads"},
		render.EdgeStyle{Color: rgba(0x56, 0xB4, 0xE9, 0xB0), Width: 2}},
	{"takes part (member, participant, observer, signatory, affiliated)", []string{"member", "participant", "observer", "signatory", "affiliated"},
		render.EdgeStyle{Color: rgba(0x9A, 0xA0, 0xA8, 0x80), Width: 1}},
	{"opposes (boycott, critic, non-signatory)", []string{"boycott", "critic", "non-signatory"},
		render.EdgeStyle{Color: rgba(0xD5, 0x5E, 0x00, 0xD0), Width: 1.8, Dash: 6}},
	{"backs (supporter, funds)", []string{"supporter", "funds"},
		render.EdgeStyle{Color: rgba(0x00, 0x9E, 0x73, 0xC0), Width: 1.4, Dash: 2}},
}

// edgeGroupOf maps a role to its index in edgeGroups.
var edgeGroupOf = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, g := range edgeGroups {
		for _, r := range g.roles {
			m[r] = uint8(i)
		}
	}
	return m
}()

func edgeStyles() []render.EdgeStyle {
	out := make([]render.EdgeStyle, len(edgeGroups))
	for i, g := range edgeGroups {
		out[i] = g.style
	}
	return out
}

// nodeRadius grows with the square root of the number of relations, so hubs
// stand out without swallowing their neighbours.
func nodeRadius(relations int, forum bool) float64 {
	r := 4 + 1.6*math.Sqrt(float64(relations))
	if forum {
		r += 1.5
	}
	return math.Min(r, 16)
}

func rgb(r, g, b uint8) color.NRGBA     { return color.NRGBA{r, g, b, 0xFF} }
func rgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{r, g, b, a} }

// planeGuides draws the stance plane's frame: a faint checkerboard of score
// cells, tinted strips for entities without a score, and captions naming the
// axes, their poles and the scores, so the plane reads without a legend.
func planeGuides(p *layout.Plane, ax, ay *model.Axis, fg color.NRGBA) ([]render.Guide, []render.Caption) {
	var guides []render.Guide
	for _, c := range p.Cells {
		fill := fg
		switch {
		case c.Region != layout.Scored:
			fill.A = 0x0C
		case (c.X+c.Y)%2 == 0:
			fill.A = 0x16
		default:
			fill.A = 0x0A
		}
		b := c.Bounds
		guides = append(guides, render.Guide{X0: b.Min.X + 1, Y0: b.Min.Y + 1, X1: b.Max.X - 1, Y1: b.Max.Y - 1, Fill: fill})
	}
	g := p.Grid
	cell := (g.Max.X - g.Min.X) / 5
	// Map captions use plain ASCII signs: the map's font has no arrows.
	caps := []render.Caption{
		{X: (g.Min.X + g.Max.X) / 2, Y: g.Min.Y - cell*0.6, Text: "x: " + ax.Name},
		{X: g.Min.X + cell/2, Y: g.Min.Y - cell*0.25, Text: "-2 " + ax.Neg.Label},
		{X: g.Max.X - cell/2, Y: g.Min.Y - cell*0.25, Text: ax.Pos.Label + " +2"},
		{X: g.Max.X + cell*0.3, Y: (g.Min.Y + g.Max.Y) / 2, Text: "y: " + ay.Name, Left: true},
		{X: g.Max.X + cell*0.3, Y: g.Min.Y + cell/2, Text: "+2 " + ay.Pos.Label, Left: true},
		{X: g.Max.X + cell*0.3, Y: g.Max.Y - cell/2, Text: "-2 " + ay.Neg.Label, Left: true},
	}
	for s := layout.MinScore; s <= layout.MaxScore; s++ {
		tick := fmt.Sprintf("%+d", s)
		if s == 0 {
			tick = "0"
		}
		caps = append(caps,
			render.Caption{X: float64(s) * cell, Y: g.Max.Y + cell*0.2, Text: tick},
			render.Caption{X: g.Min.X - cell*0.2, Y: -float64(s) * cell, Text: tick})
	}
	// The strips are a cell wide: their captions say which axis in a word,
	// the axis titles name them in full.
	short := map[layout.Region]string{layout.NoX: "No x position", layout.NoY: "No y position", layout.Neither: "Neither"}
	for _, st := range p.Strips {
		b := st.Bounds
		text := st.Label
		if s, ok := short[st.Region]; ok {
			text = s
		}
		caps = append(caps, render.Caption{X: (b.Min.X + b.Max.X) / 2, Y: b.Min.Y + cell*0.12, Text: text})
	}
	return guides, caps
}
