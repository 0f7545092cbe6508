package model

import "strings"

// NoteLinks returns the targets of the [[…]] links in a note's Markdown, in
// order of first appearance, each once. A target is what stands between the
// brackets, trimmed; "[[id|shown text]]" links to id.
func NoteLinks(body string) []string {
	var out []string
	seen := map[string]bool{}
	for {
		i := strings.Index(body, "[[")
		if i < 0 {
			return out
		}
		body = body[i+2:]
		j := strings.Index(body, "]]")
		if j < 0 {
			return out
		}
		target := body[:j]
		body = body[j+2:]
		if k := strings.LastIndex(target, "[["); k >= 0 {
			target = target[k+2:] // "[[a [[b]]": an unclosed link before a real one
		}
		if k := strings.IndexByte(target, '|'); k >= 0 {
			target = target[:k]
		}
		target = strings.TrimSpace(target)
		if target == "" || strings.ContainsAny(target, "[]\n") || seen[target] {
			continue
		}
		seen[target] = true
		out = append(out, target)
	}
}

// ResolveLink finds the entity a note link names: by id, then by short name
// or name ignoring case. ok is false for a link to nothing in the landscape.
func (l *Landscape) ResolveLink(target string) (id string, ok bool) {
	if e, ok := l.Entity(target); ok {
		return e.ID, true
	}
	t := fold(target)
	for i := range l.Entities {
		e := &l.Entities[i]
		if fold(e.Short) == t || fold(e.Name) == t {
			return e.ID, true
		}
	}
	return "", false
}

// LinkedEntities resolves a note's links: the entity ids it names, in order,
// and the link targets that name nothing (kept, so the note can mark them).
func (l *Landscape) LinkedEntities(body string) (ids, unknown []string) {
	seen := map[string]bool{}
	for _, t := range NoteLinks(body) {
		id, ok := l.ResolveLink(t)
		switch {
		case !ok:
			unknown = append(unknown, t)
		case !seen[id]:
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, unknown
}
