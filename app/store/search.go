package store

import (
	"fmt"
	"strings"

	"govscape/model"
)

// SearchNotes returns the notes whose title, body or tags contain every word
// of query, ignoring case, most recently updated first. An empty query
// returns every note.
func (s *Store) SearchNotes(query string) ([]model.Note, error) {
	words := strings.Fields(strings.ToLower(query))
	ns, err := s.cache.list(s.db, func(n *cachedNote) bool {
		for _, w := range words {
			if !strings.Contains(n.text(), w) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return ns, fmt.Errorf("search notes for %q: %w", query, err)
	}
	return ns, nil
}
