package store

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// noteCache holds every note decoded, so that listing and searching do not
// decode thousands of JSON records each time. It is filled on first use and
// kept current by the store's own writes, which is enough because Badger's
// lock lets only this process write the store. Its mutex also serialises
// the store's note writes, so the cache always follows the commit order.
type noteCache struct {
	mu     sync.Mutex
	loaded bool
	notes  map[string]*cachedNote
	sorted []*cachedNote // newest first; nil when it must be rebuilt
	bad    []error       // records that could not be read
}

type cachedNote struct {
	note  model.Note
	lower string // title, body and tags, lower-cased; made by the first search
}

func newCachedNote(n model.Note) *cachedNote { return &cachedNote{note: n} }

// text returns the note's searchable text, lower-cased. The caller holds
// the cache's mutex.
func (c *cachedNote) text() string {
	if c.lower == "" {
		c.lower = strings.ToLower(c.note.Title + "\n" + c.note.Body + "\n" + strings.Join(c.note.Tags, "\n"))
	}
	return c.lower
}

// load fills the cache from the store. The caller holds c.mu.
func (c *noteCache) load(db *badger.DB) error {
	if c.loaded {
		return nil
	}
	// Badger's iterator reads on one goroutine; decoding, most of the work,
	// is shared out over the processors.
	type raw struct{ key, value []byte }
	type decoded struct {
		note model.Note
		err  error
	}
	in := make(chan raw, 256)
	out := make(chan decoded, 256)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range in {
				n, err := decodeNote(r.value)
				if err != nil {
					err = fmt.Errorf("%s: %w", r.key, err)
				}
				out <- decoded{n, err}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	var readErr error
	go func() {
		defer close(in)
		readErr = db.View(func(txn *badger.Txn) error {
			return each(txn, []byte(prefixNote), false, func(key, value []byte) error {
				in <- raw{key, value}
				return nil
			})
		})
	}()
	notes := map[string]*cachedNote{}
	var bad []error
	for d := range out {
		if d.err != nil {
			bad = append(bad, d.err)
			continue
		}
		notes[d.note.ID] = newCachedNote(d.note)
	}
	if readErr != nil {
		return readErr
	}
	c.notes, c.bad, c.sorted, c.loaded = notes, bad, nil, true
	return nil
}

// put records a note just written. The caller holds c.mu.
func (c *noteCache) put(n model.Note) {
	if c.loaded {
		c.notes[n.ID] = newCachedNote(n)
		c.sorted = nil
	}
}

// drop forgets a note just deleted. The caller holds c.mu.
func (c *noteCache) drop(id string) {
	if c.loaded {
		delete(c.notes, id)
		c.sorted = nil
	}
}

// list returns copies of the cached notes that keep accepts, newest first.
func (c *noteCache) list(db *badger.DB, keep func(*cachedNote) bool) ([]model.Note, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(db); err != nil {
		return nil, err
	}
	if c.sorted == nil {
		c.sorted = make([]*cachedNote, 0, len(c.notes))
		for _, n := range c.notes {
			c.sorted = append(c.sorted, n)
		}
		slices.SortFunc(c.sorted, func(a, b *cachedNote) int {
			if d := b.note.Updated.Compare(a.note.Updated); d != 0 {
				return d
			}
			return cmp.Compare(b.note.ID, a.note.ID)
		})
	}
	var out []model.Note
	for _, cn := range c.sorted {
		if keep == nil || keep(cn) {
			out = append(out, cloneNote(cn.note))
		}
	}
	if len(c.bad) > 0 {
		return out, fmt.Errorf("%d notes could not be read and were left as they are: %w", len(c.bad), errors.Join(c.bad...))
	}
	return out, nil
}

// cloneNote copies the parts of a note a caller could change in place.
func cloneNote(n model.Note) model.Note {
	n.Tags = slices.Clone(n.Tags)
	n.Entities = slices.Clone(n.Entities)
	if n.Relation != nil {
		r := *n.Relation
		n.Relation = &r
	}
	return n
}
