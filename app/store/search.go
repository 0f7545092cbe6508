package store

import (
	"fmt"
	"strings"
)

// SearchNotes returns the summaries of the notes whose title, body or tags
// contain every word of query, ignoring case, most recently updated first.
// An empty query returns every note. The first search after Open reads
// every note's body — for 10k notes of a kilobyte or so about a tenth of a
// second, and the bodies' size in memory from then on — unless
// PrepareSearch has; later searches use what it read.
func (s *Store) SearchNotes(query string) ([]NoteSummary, error) {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return s.NoteSummaries()
	}
	ns, err := s.cache.list(s.db, true, func(n *cachedNote) bool {
		for _, w := range words {
			if !strings.Contains(n.text, w) {
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

// PrepareSearch reads every note's body for searching now, so that the
// first SearchNotes need not: the window can call it on a goroutine of its
// own after Open. It takes what a first search would, and the memory of the
// bodies stays in use from then on. Saves wait while it runs.
func (s *Store) PrepareSearch() error {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	err := s.cache.load(s.db)
	if err == nil {
		err = s.cache.loadTexts(s.db)
	}
	if err != nil {
		return fmt.Errorf("prepare search: %w", err)
	}
	return nil
}
