package model

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The words exports use for cells with nothing to show, each saying why:
// NoPosition is a stance the dataset does not record (not a score of 0),
// NotApplicable a row that does not apply to the entity's kind, and
// NotRecorded a fact the dataset leaves out.
const (
	NoPosition    = "no position"
	NotApplicable = "n/a"
	NotRecorded   = "not recorded"
)

// WriteJSON writes c as one indented JSON document; its field names are the
// struct tags of Comparison and stay stable across versions.
func (c *Comparison) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // evidence and titles keep "&" and "<" as written
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("encode comparison: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// CSVHeader is the first row WriteCSV writes.
var CSVHeader = []string{"entity_id", "entity_name", "attribute", "value", "date", "evidence", "source_urls"}

// WriteCSV writes c as one row per entity and attribute, entity by entity:
// facts (kind, region, founded, model, relations); per axis the stance
// ("stance:AXIS", its score, date, evidence and source URLs) and one
// "history:AXIS" row per dated score; participation (forums or participants
// in common and the entity's own, and per other member the shared ones and
// the Jaccard index); and per other entity the agreement distance and the
// number of axes it rests on. Lists in a cell are separated by spaces.
func (c *Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for i, e := range c.Entities {
		row := func(attr, value, date, evidence, urls string) {
			cw.Write([]string{e.ID, e.Name, attr, value, date, evidence, urls})
		}
		row("kind", e.Kind, "", "", "")
		row("region", orNotRecorded(e.Region), "", "", "")
		row("founded", orNotRecorded(e.Founded), "", "", "")
		model := NotApplicable
		if e.IsForum() {
			model = orNotRecorded(e.Model)
		}
		row("model", model, "", "", "")
		row("relations", strconv.Itoa(e.Relations), "", "", "")

		for _, ax := range c.Axes {
			s := ax.Stances[i]
			if p := s.Position; p != nil {
				row("stance:"+ax.Axis.ID, strconv.Itoa(p.Score), p.Date, p.Evidence, strings.Join(c.urls(p.Sources), " "))
			} else {
				row("stance:"+ax.Axis.ID, NoPosition, "", "", "")
			}
			for _, h := range s.History {
				row("history:"+ax.Axis.ID, strconv.Itoa(h.Score), h.Date, "", "")
			}
		}

		for _, g := range []struct {
			shared        *Shared
			forums        bool
			common, own   string
			pairAttribute string
		}{
			{c.Actors, false, "forums_in_common", "own_forums", "shared_forums:"},
			{c.Forums, true, "participants_in_common", "own_participants", "shared_participants:"},
		} {
			if g.shared == nil {
				continue
			}
			m := g.shared.member(e.ID)
			if m < 0 {
				row(g.common, NotApplicable, "", "", "")
				row(g.own, NotApplicable, "", "", "")
				continue
			}
			row(g.common, refIDs(g.shared.Common), "", "", "")
			if g.forums {
				row(g.common+"_by_kind", kindIDs(g.shared.CommonByKind), "", "", "")
			}
			row(g.own, refIDs(g.shared.Own[m]), "", "", "")
			for _, p := range g.shared.Pairs {
				other, shared := p.B, p.Shared
				if p.B == e.ID {
					other = p.A
				} else if p.A != e.ID {
					continue
				}
				row(g.pairAttribute+other, refIDs(shared), "", "", "")
				if g.forums {
					row("shared_by_kind:"+other, kindIDs(p.ByKind), "", "", "")
				}
				row("jaccard:"+other, strconv.FormatFloat(p.Jaccard, 'f', -1, 64), "", "", "")
			}
		}

		for _, o := range c.Entities {
			if o.ID == e.ID {
				continue
			}
			ag, _ := c.Pair(e.ID, o.ID)
			dist := ""
			if ag.Distance != nil {
				dist = strconv.FormatFloat(*ag.Distance, 'f', -1, 64)
			}
			row("distance:"+o.ID, dist, "", "", "")
			row("distance_axes:"+o.ID, strconv.Itoa(ag.Axes), "", "", "")
		}
	}
	cw.Flush()
	return cw.Error()
}

// member is the place of id among s's members, or -1.
func (s *Shared) member(id string) int {
	for i, m := range s.Members {
		if m == id {
			return i
		}
	}
	return -1
}

func orNotRecorded(s string) string {
	if s == "" {
		return NotRecorded
	}
	return s
}

func refIDs(refs []Ref) string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return strings.Join(ids, " ")
}

func kindIDs(kc []KindCount) string {
	parts := make([]string, len(kc))
	for i, k := range kc {
		parts[i] = fmt.Sprintf("%s=%d", k.Kind, k.Count)
	}
	return strings.Join(parts, " ")
}

// urls are the addresses of the cited sources among ids.
func (c *Comparison) urls(ids []string) []string {
	var out []string
	for _, id := range ids {
		if s := c.source(id); s != nil {
			out = append(out, s.URL)
		}
	}
	return out
}

// footnotes are the Markdown footnote marks for the sources ids, numbered by
// their place in c.Sources.
func (c *Comparison) footnotes(ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		for n, s := range c.Sources {
			if s.ID == id {
				fmt.Fprintf(&b, "[^%d]", n+1)
			}
		}
	}
	return b.String()
}

func (c *Comparison) source(id string) *Source {
	for _, s := range c.Sources {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// kindWords are each kind's singular and plural, for "3 states, 1 NGO".
var kindWords = map[string][2]string{
	"forum":     {"forum", "forums"},
	"state":     {"state", "states"},
	"bloc":      {"bloc", "blocs"},
	"igo":       {"IGO", "IGOs"},
	"company":   {"company", "companies"},
	"industry":  {"industry body", "industry bodies"},
	"ngo":       {"NGO", "NGOs"},
	"technical": {"technical body", "technical bodies"},
	"academic":  {"academic body", "academic bodies"},
	"person":    {"person", "people"},
}

func kindPhrase(kc []KindCount) string {
	parts := make([]string, len(kc))
	for i, k := range kc {
		w, ok := kindWords[k.Kind]
		if !ok {
			w = [2]string{k.Kind, k.Kind}
		}
		word := w[1]
		if k.Count == 1 {
			word = w[0]
		}
		parts[i] = fmt.Sprintf("%d %s", k.Count, word)
	}
	return strings.Join(parts, ", ")
}

// sentence ends a title with a full stop unless it ends with its own
// ("Who governs?" stays as it is).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// signedScore writes a score with its sign, and a true minus sign: "−2", "+1", "0".
func signedScore(score int) string {
	switch {
	case score < 0:
		return "−" + strconv.Itoa(-score)
	case score > 0:
		return "+" + strconv.Itoa(score)
	}
	return "0"
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// proseList joins words as prose: "a", "a and b", "a, b and c".
func proseList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func refLabels(refs []Ref) string {
	if len(refs) == 0 {
		return "none"
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Label()
	}
	return strings.Join(out, ", ")
}

// refNames lists refs as "Name (SHORT)" in prose, so a reader of the details
// learns what the table's short labels stand for.
func refNames(refs []Ref) string {
	if len(refs) == 0 {
		return "none"
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Name
		if r.Short != "" && r.Short != r.Name {
			out[i] += " (" + r.Short + ")"
		}
	}
	return strings.Join(out, ", ")
}

func (c *Comparison) entity(id string) *ComparedEntity {
	for i := range c.Entities {
		if c.Entities[i].ID == id {
			return &c.Entities[i]
		}
	}
	return nil
}

func (c *Comparison) axisName(id string) string {
	for _, ax := range c.Axes {
		if ax.Axis.ID == id {
			return ax.Axis.Name
		}
	}
	return id
}

// stanceCell writes a stance as the table shows it: "−2 Cyber sovereignty
// (2015-12-16)[^3]".
func (c *Comparison) stanceCell(ax *Axis, p *Position) string {
	if p == nil {
		return NoPosition
	}
	return fmt.Sprintf("%s %s (%s)%s", signedScore(p.Score), ax.Lean(p.Score), p.Date, c.footnotes(p.Sources))
}

// WriteMarkdown writes c as a Markdown document: a table with one column per
// entity and one row per fact, axis and participation list, where axes on
// which the entities differ by DifferBy or more are in bold; a summary line;
// the agreement matrix; each stance with its evidence and history; the
// participation lists in full; and the sources as numbered footnotes.
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	names := make([]string, len(c.Entities))
	for i, e := range c.Entities {
		names[i] = e.Name
	}
	fmt.Fprintf(&b, "# %s\n\n", strings.Join(names, " · "))
	if c.At == "" {
		b.WriteString("Latest stances in the dataset.")
	} else {
		fmt.Fprintf(&b, "Stances as of %s: each entity's latest position dated then or before.", c.At)
	}
	b.WriteString(" Scores run from −2 (the first pole named) to +2 (the second). " +
		"\"" + NoPosition + "\" means the dataset records none, which is not a score of 0; " +
		"\"" + NotApplicable + "\" marks a row that does not apply to that kind of entity. " +
		"Axes in bold are those on which the entities differ by " + strconv.Itoa(DifferBy) + " points or more.\n\n")

	row := func(label string, cells func(i int, e *ComparedEntity) string) {
		b.WriteString("| " + label + " |")
		for i := range c.Entities {
			b.WriteString(" " + mdCell(cells(i, &c.Entities[i])) + " |")
		}
		b.WriteString("\n")
	}
	header := func() {
		b.WriteString("| |")
		for _, n := range names {
			b.WriteString(" " + mdCell(n) + " |")
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(names)) + "\n")
	}
	header()
	row("Kind", func(_ int, e *ComparedEntity) string { return e.Kind })
	row("Region", func(_ int, e *ComparedEntity) string { return orNotRecorded(e.Region) })
	row("Founded", func(_ int, e *ComparedEntity) string { return orNotRecorded(e.Founded) })
	row("Governance model", func(_ int, e *ComparedEntity) string {
		if !e.IsForum() {
			return NotApplicable
		}
		return orNotRecorded(e.Model)
	})
	row("Relations", func(_ int, e *ComparedEntity) string { return strconv.Itoa(e.Relations) })
	for _, ax := range c.Axes {
		label := mdCell(ax.Axis.Name)
		switch {
		case ax.Differ:
			label = fmt.Sprintf("**%s**: differ by %d", label, *ax.Spread)
		case ax.Spread != nil:
			label = fmt.Sprintf("%s: spread %d", label, *ax.Spread)
		}
		row(label, func(i int, _ *ComparedEntity) string { return c.stanceCell(ax.Axis, ax.Stances[i].Position) })
	}
	if s := c.Actors; s != nil {
		row("Forums in common (all compared actors)", func(_ int, e *ComparedEntity) string {
			if s.member(e.ID) < 0 {
				return NotApplicable
			}
			return refLabels(s.Common)
		})
		row("Own forums (no other compared actor's)", func(_ int, e *ComparedEntity) string {
			if m := s.member(e.ID); m >= 0 {
				return refLabels(s.Own[m])
			}
			return NotApplicable
		})
	}
	if s := c.Forums; s != nil {
		count := func(refs []Ref) string {
			if len(refs) == 0 {
				return "0"
			}
			return fmt.Sprintf("%d: %s", len(refs), kindPhrase(byKind(refs)))
		}
		row("Participants in common (all compared forums)", func(_ int, e *ComparedEntity) string {
			if s.member(e.ID) < 0 {
				return NotApplicable
			}
			return count(s.Common)
		})
		row("Own participants (no other compared forum's)", func(_ int, e *ComparedEntity) string {
			if m := s.member(e.ID); m >= 0 {
				return count(s.Own[m])
			}
			return NotApplicable
		})
		row("Participants shared with each other compared forum", func(_ int, e *ComparedEntity) string {
			if s.member(e.ID) < 0 {
				return NotApplicable
			}
			var parts []string
			for _, p := range s.Pairs {
				other := p.B
				if p.B == e.ID {
					other = p.A
				} else if p.A != e.ID {
					continue
				}
				parts = append(parts, fmt.Sprintf("%s: %d (Jaccard %.2f)", c.label(other), len(p.Shared), p.Jaccard))
			}
			return strings.Join(parts, "; ")
		})
	}

	if sm := c.Summary; sm.Compared > 0 {
		names := func(ids []string) string {
			out := make([]string, len(ids))
			for i, id := range ids {
				out[i] = c.axisName(id)
			}
			return proseList(out)
		}
		b.WriteString("\n**Summary.** ")
		if sm.AgreeSpread == sm.DifferSpread {
			fmt.Fprintf(&b, "They stand equally far apart, a spread of %d, on every axis two or more of them hold a position on: %s.",
				sm.AgreeSpread, names(sm.Agree))
		} else {
			fmt.Fprintf(&b, "They agree most on %s (spread %d) and differ most on %s (spread %d).",
				names(sm.Agree), sm.AgreeSpread, names(sm.Differ), sm.DifferSpread)
		}
		fmt.Fprintf(&b, " They differ by %d points or more on %d of the %d axes compared.\n", DifferBy, sm.Differing, sm.Compared)
	} else {
		b.WriteString("\n**Summary.** No axis has positions from two or more of them, so there is no agreement to measure.\n")
	}

	b.WriteString("\n## Agreement\n\nMean distance between two entities' scores over the axes both hold a position on " +
		"(0 is the same stance, 4 opposite poles), with the number of axes it rests on.\n\n")
	header()
	for _, e := range c.Entities {
		row(mdCell(e.Name), func(_ int, o *ComparedEntity) string {
			if o.ID == e.ID {
				return "—"
			}
			ag, _ := c.Pair(e.ID, o.ID)
			if ag.Distance == nil {
				return "no axis in common"
			}
			axes := "axes"
			if ag.Axes == 1 {
				axes = "axis"
			}
			return fmt.Sprintf("%.2f (%d %s)", *ag.Distance, ag.Axes, axes)
		})
	}

	b.WriteString("\n## Stances\n")
	for _, ax := range c.Axes {
		fmt.Fprintf(&b, "\n### %s\n\n−2 %s … +2 %s\n\n", ax.Axis.Name, ax.Axis.Neg.Label, ax.Axis.Pos.Label)
		if ax.Held == 0 {
			b.WriteString("None of them holds a position.\n")
			continue
		}
		for i, e := range c.Entities {
			s := ax.Stances[i]
			if s.Position == nil {
				fmt.Fprintf(&b, "- **%s**: %s.\n", e.Name, NoPosition)
				continue
			}
			p := s.Position
			fmt.Fprintf(&b, "- **%s**: %s %s (%s). %s%s", e.Name, signedScore(p.Score), ax.Axis.Lean(p.Score), p.Date,
				strings.TrimSpace(p.Evidence), c.footnotes(p.Sources))
			if len(s.History) > 1 {
				steps := make([]string, len(s.History))
				for j, h := range s.History {
					steps[j] = h.Date + " " + signedScore(h.Score)
				}
				fmt.Fprintf(&b, " History: %s.", strings.Join(steps, ", "))
			}
			b.WriteString("\n")
		}
	}

	if c.Actors != nil || c.Forums != nil {
		b.WriteString("\n## Participation\n")
	}
	if s := c.Actors; s != nil {
		b.WriteString("\n### Forums the compared actors take part in\n\n")
		fmt.Fprintf(&b, "- In common: %s.\n", refNames(s.Common))
		for i, id := range s.Members {
			fmt.Fprintf(&b, "- Only %s: %s.\n", c.entity(id).Name, refNames(s.Own[i]))
		}
		for _, p := range s.Pairs {
			fmt.Fprintf(&b, "- %s and %s share %d of %d forums (Jaccard %.2f): %s.\n", c.entity(p.A).Name, c.entity(p.B).Name,
				len(p.Shared), len(p.Shared)+len(p.OnlyA)+len(p.OnlyB), p.Jaccard, refNames(p.Shared))
		}
	}
	if s := c.Forums; s != nil {
		b.WriteString("\n### Participants of the compared forums\n\n")
		withKinds := func(refs []Ref) string {
			if len(refs) == 0 {
				return "none"
			}
			return kindPhrase(byKind(refs)) + " — " + refNames(refs)
		}
		fmt.Fprintf(&b, "- In all of them: %s.\n", withKinds(s.Common))
		for i, id := range s.Members {
			fmt.Fprintf(&b, "- Only %s: %s.\n", c.entity(id).Name, withKinds(s.Own[i]))
		}
		for _, p := range s.Pairs {
			fmt.Fprintf(&b, "- %s and %s share %d of %d participants (Jaccard %.2f): %s.\n", c.entity(p.A).Name, c.entity(p.B).Name,
				len(p.Shared), len(p.Shared)+len(p.OnlyA)+len(p.OnlyB), p.Jaccard, withKinds(p.Shared))
		}
	}

	if len(c.Sources) > 0 {
		b.WriteString("\n## Sources\n\n")
		for n, s := range c.Sources {
			by := s.Publisher
			if s.Date != "" {
				by += ", " + s.Date
			}
			fmt.Fprintf(&b, "[^%d]: %s %s. <%s> (%s)\n", n+1, sentence(s.Title), by, s.URL, s.Verification)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// label is the compared entity's short name where it has one.
func (c *Comparison) label(id string) string {
	e := c.entity(id)
	if e == nil {
		return id
	}
	if e.Short != "" {
		return e.Short
	}
	return e.Name
}
