package model

import (
	"slices"
	"sort"
	"strings"
)

// nameOrders gives each entity its place when all are sorted by folded name
// (then id, so the order is total).
func nameOrders(keys []searchKey) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		ka, kb := &keys[idx[a]], &keys[idx[b]]
		if ka.name != kb.name {
			return ka.name < kb.name
		}
		return ka.id < kb.id
	})
	order := make([]int, len(keys))
	for place, i := range idx {
		order[i] = place
	}
	return order
}

// Rank says how well an entity matched a query; lower is better.
type Rank int

// The ranks a search hit can have, best first.
const (
	RankExact      Rank = iota // the query is the id, short name or name
	RankPrefix                 // id, short name or name starts with the query
	RankWordPrefix             // a word of the name starts with the query
	RankName                   // the name or short name contains the query
	RankText                   // every word of the query is in the summary, tags, region or names
)

// Hit is one search result.
type Hit struct {
	Entity *Entity
	Rank   Rank
	order  int // Rank, then the entity's place in name order: the sort key
}

// searchKey holds an entity's text folded for matching, built once at load.
type searchKey struct {
	id, short, name string
	words           []string // words of the name
	text            string   // everything searchable, joined
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func newSearchKey(e *Entity) searchKey {
	k := searchKey{id: fold(e.ID), short: fold(e.Short), name: fold(e.Name)}
	k.words = strings.FieldsFunc(k.name, func(r rune) bool {
		return r == ' ' || r == '-' || r == '(' || r == ')' || r == ',' || r == '/' || r == '.'
	})
	parts := append([]string{k.id, k.short, k.name, fold(e.Region), fold(e.Kind), fold(e.Summary)}, e.Tags...)
	k.text = fold(strings.Join(parts, "\x00"))
	return k
}

func (k *searchKey) rank(q string, terms []string) (Rank, bool) {
	switch {
	case q == k.id || q == k.short || q == k.name:
		return RankExact, true
	case strings.HasPrefix(k.id, q) || (k.short != "" && strings.HasPrefix(k.short, q)) || strings.HasPrefix(k.name, q):
		return RankPrefix, true
	}
	for _, w := range k.words {
		if strings.HasPrefix(w, q) {
			return RankWordPrefix, true
		}
	}
	if strings.Contains(k.name, q) || (k.short != "" && strings.Contains(k.short, q)) {
		return RankName, true
	}
	for _, t := range terms {
		if !strings.Contains(k.text, t) {
			return 0, false
		}
	}
	return RankText, true
}

// Search finds entities matching query, best first: exact id/short/name, then
// prefixes, then word prefixes of the name, then names containing it, then
// entities whose summary, tags or region hold every word of it. Ties go by name.
// An empty query finds nothing.
func (l *Landscape) Search(query string) []Hit {
	q := fold(query)
	if q == "" {
		return nil
	}
	terms := strings.Fields(q)
	var hits []Hit
	for i := range l.search {
		if r, ok := l.search[i].rank(q, terms); ok {
			hits = append(hits, Hit{Entity: &l.Entities[i], Rank: r, order: int(r)*len(l.search) + l.nameOrder[i]})
		}
	}
	// Comparing precomputed integers rather than names keeps a broad query
	// over tens of thousands of entities within a keystroke's budget.
	slices.SortFunc(hits, func(a, b Hit) int { return a.order - b.order })
	return hits
}
