package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Synthetic returns a made-up but valid landscape of the given number of
// entities, each the From side of about relationsPerEntity relations, with
// positions, events and sources in proportion. The same arguments always give
// the same landscape, so benchmarks of search, layout and drawing measure the
// same work from run to run and machine to machine. It panics if it ever
// builds a document that does not validate: that is a bug here, not bad input.
func Synthetic(seed int64, entities, relationsPerEntity int) *Landscape {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	year := func(from, to int) int { return from + rng.IntN(to-from+1) }
	// date gives a date of random precision in [from, to], as real data mixes
	// "2014", "2014-11" and "2014-11-19".
	date := func(from, to int) string {
		y := year(from, to)
		switch rng.IntN(3) {
		case 0:
			return fmt.Sprintf("%04d", y)
		case 1:
			return fmt.Sprintf("%04d-%02d", y, 1+rng.IntN(12))
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, 1+rng.IntN(12), 1+rng.IntN(28))
	}

	l := &Landscape{Schema: Schema, Title: fmt.Sprintf("Synthetic landscape (seed %d)", seed), AsOf: "2025-12-31"}
	for _, a := range synthAxes {
		l.Axes = append(l.Axes, Axis{ID: a[0], Name: a[1], Neg: Pole{Label: a[2]}, Pos: Pole{Label: a[3]}})
	}

	nsrc := entities/4 + 1
	for i := range nsrc {
		l.Sources = append(l.Sources, Source{
			ID:           fmt.Sprintf("src-%d", i),
			Title:        fmt.Sprintf("%s %s report %d", pick(synthAdjectives), pick(synthTopics), i),
			URL:          fmt.Sprintf("https://example.org/source/%d", i),
			Publisher:    pick(synthPublishers),
			Date:         date(1990, 2025),
			Verification: pick(Verifications),
		})
	}
	cite := func() []string {
		ids := []string{fmt.Sprintf("src-%d", rng.IntN(nsrc))}
		if rng.IntN(3) == 0 {
			if s := fmt.Sprintf("src-%d", rng.IntN(nsrc)); s != ids[0] {
				ids = append(ids, s)
			}
		}
		return ids
	}

	var forums []int
	for i := range entities {
		kind := Kinds[rng.IntN(len(Kinds))]
		if rng.IntN(5) == 0 {
			kind = "forum" // forums are what the map is about: weight them up
		}
		e := Entity{
			ID:      fmt.Sprintf("e%d", i),
			Kind:    kind,
			Region:  pick(synthRegions),
			Summary: fmt.Sprintf("A %s %s on %s and %s.", strings.ToLower(pick(synthAdjectives)), kind, strings.ToLower(pick(synthTopics)), strings.ToLower(pick(synthTopics))),
			Sources: cite(),
		}
		if kind == "person" {
			e.Name = fmt.Sprintf("%s %s %d", pick(synthGiven), pick(synthFamily), i)
		} else {
			e.Name = fmt.Sprintf("%s %s %s %d", pick(synthAdjectives), pick(synthTopics), pick(synthHeads[kind]), i)
		}
		if kind == "forum" {
			e.Model = pick(Models)
			e.Short = initials(e.Name)
			forums = append(forums, i)
		}
		if rng.IntN(5) != 0 {
			e.Founded = date(1850, 2025)
		}
		for range rng.IntN(3) {
			if t := pick(synthTags); !contains(e.Tags, t) {
				e.Tags = append(e.Tags, t)
			}
		}
		l.Entities = append(l.Entities, e)
	}

	if entities > 1 {
		type key struct{ from, to, role string }
		seen := map[key]bool{}
		for i := range entities {
			for range relationsPerEntity {
				// Most ties run from an actor to a forum, as in the real data.
				j := rng.IntN(entities)
				if len(forums) > 0 && rng.IntN(10) < 7 {
					j = forums[rng.IntN(len(forums))]
				}
				role := pick(Roles)
				k := key{l.Entities[i].ID, l.Entities[j].ID, role}
				if j == i || seen[k] {
					continue // a few missing ties matter less than an exact count
				}
				seen[k] = true
				r := Relation{From: k.from, To: k.to, Role: role, Sources: cite()}
				if rng.IntN(4) != 0 {
					start := year(1990, 2024)
					r.Start = fmt.Sprint(start)
					if rng.IntN(4) == 0 {
						r.End = fmt.Sprint(year(start, 2025))
					}
				}
				l.Relations = append(l.Relations, r)
			}
		}
	}

	for i := range entities {
		if l.Entities[i].Kind == "forum" {
			continue
		}
		for _, a := range l.Axes {
			if rng.IntN(2) == 0 {
				continue
			}
			// Several dated positions on one axis: a stance that shifts.
			y := year(1995, 2015)
			for n := 1 + rng.IntN(3); n > 0 && y <= 2025; n-- {
				l.Positions = append(l.Positions, Position{
					Entity:   l.Entities[i].ID,
					Axis:     a.ID,
					Score:    MinScore + rng.IntN(MaxScore-MinScore+1),
					Date:     fmt.Sprint(y),
					Evidence: fmt.Sprintf("Statement on %s.", strings.ToLower(pick(synthTopics))),
					Sources:  cite(),
				})
				y += 1 + rng.IntN(5)
			}
		}
	}

	if entities > 0 {
		for i := range entities/10 + 1 {
			ev := Event{ID: fmt.Sprintf("ev%d", i), Date: date(1990, 2025),
				Title: fmt.Sprintf("%s %s meeting", pick(synthAdjectives), pick(synthTopics)), Sources: cite()}
			for range 1 + rng.IntN(4) {
				if id := l.Entities[rng.IntN(entities)].ID; !contains(ev.Entities, id) {
					ev.Entities = append(ev.Entities, id)
				}
			}
			l.Events = append(l.Events, ev)
		}
	}

	if probs := l.validate(); len(probs) > 0 {
		panic(&ValidationError{Name: l.Title, Problems: probs})
	}
	l.index()
	return l
}

// initials shortens a forum's name the way acronyms like IGF and WIC are made.
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

var (
	synthAxes = [][4]string{
		{"sovereignty", "Cyber sovereignty vs. open internet", "Cyber sovereignty", "Open, global internet"},
		{"governance", "Multilateral vs. multistakeholder", "Multilateral", "Multistakeholder"},
		{"data", "Data localisation vs. free flow", "Localisation", "Free flow"},
		{"content", "Content control vs. free expression", "Control", "Free expression"},
	}
	synthAdjectives = []string{"Global", "Open", "Digital", "Regional", "African", "Asian", "European",
		"Pacific", "Arab", "Nordic", "Free", "Secure", "United", "International", "National", "Internet"}
	synthTopics = []string{"Internet", "Data", "Network", "Cyber", "Privacy", "Standards", "Rights",
		"Telecom", "Cloud", "Security", "Domain", "Spectrum", "Platform", "Infrastructure", "Trust"}
	synthHeads = map[string][]string{
		"forum":     {"Forum", "Summit", "Conference", "Dialogue", "Council"},
		"state":     {"Republic", "Kingdom", "State"},
		"bloc":      {"Union", "Alliance", "Community"},
		"igo":       {"Organisation", "Agency", "Commission"},
		"company":   {"Corp", "Systems", "Networks", "Labs"},
		"industry":  {"Association", "Federation", "Chamber"},
		"ngo":       {"Foundation", "Watch", "Initiative"},
		"technical": {"Task Force", "Registry", "Consortium"},
		"academic":  {"Institute", "Centre", "University"},
	}
	synthGiven      = []string{"Ana", "Wei", "Amina", "Lars", "Priya", "Kofi", "Elena", "Omar", "Yuki", "Marta"}
	synthFamily     = []string{"Silva", "Chen", "Diallo", "Berg", "Rao", "Mensah", "Petrova", "Haddad", "Sato", "Nowak"}
	synthRegions    = []string{"Global", "Africa", "East Asia", "South Asia", "Europe", "North America", "Latin America", "Middle East", "Oceania"}
	synthTags       = []string{"un", "wsis", "standards", "human rights", "trade", "security", "dns", "ai"}
	synthPublishers = []string{"Example News", "Example Institute", "Example Journal", "Example Agency"}
)
