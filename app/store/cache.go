package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// noteCache holds every note's summary, so that listing does not read the
// store each time, and, once something has been searched for, every note's
// searchable text. It is filled on first use and kept current by the
// store's own writes, which is enough because Badger's lock lets only this
// process write the store. Its mutex also serialises the store's note
// writes, so the cache always follows the commit order.
type noteCache struct {
	mu     sync.Mutex
	loaded bool
	// notes and sorted hold the same notes, at least one of them at any
	// time: a nil one is rebuilt from the other when needed.
	notes  map[string]*cachedNote // by id
	sorted []*cachedNote          // newest first
	bad    []error                // summaries that could not be read
	// texts says every cached note has its text: the bodies are read on
	// the first search, not before, to keep the memory of a store at rest
	// and the first listing small.
	texts bool
}

type cachedNote struct {
	sum     NoteSummary
	updated int64  // sum.Updated in Unix nanoseconds, for sorting
	text    string // title, body and tags, lower-cased; set when texts is
}

func newCachedNote(s NoteSummary) *cachedNote {
	return &cachedNote{sum: s, updated: s.Updated.UnixNano()}
}

// searchText is what a search looks in: title, body and tags, lower-cased.
func searchText(title, body string, tags []string) string {
	return strings.ToLower(title + "\n" + body + "\n" + strings.Join(tags, "\n"))
}

// reset empties the cache, to be filled again from the store. The caller
// holds c.mu.
func (c *noteCache) reset() {
	c.loaded, c.notes, c.sorted, c.bad, c.texts = false, nil, nil, nil, false
}

// decodeAll reads every record under prefix and decodes it with a decoder
// that newDecoder makes, one for each goroutine. Badger's iterator reads on
// one goroutine while decoding, most of the work, is shared out over the
// processors. If withSrc is set, a decoder also gets the value as a string
// that shares one allocation with the other values read with it, so that
// it can keep parts of it without copying them. It returns the decoded
// values in key order, and an error for each record that could not be
// decoded.
func decodeAll[T any](db *badger.DB, prefix string, withSrc bool, newDecoder func() func(key, value []byte, src string) (T, error)) ([]T, []error, error) {
	// Records are handed over in batches whose keys and values share one
	// buffer: a channel send or an allocation per record costs more than
	// decoding a small one.
	type batch struct {
		seq  int
		buf  []byte
		recs [][2][2]int // key and value, as offsets into buf
	}
	type result struct {
		seq  int
		vals []T
		bad  []error
	}
	const perBatch, bufSize = 256, 128 << 10
	in := make(chan *batch, 4)
	out := make(chan result, 4)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decode := newDecoder()
			for b := range in {
				r := result{seq: b.seq, vals: make([]T, 0, len(b.recs))}
				var all string
				if withSrc {
					all = string(b.buf)
				}
				for _, kv := range b.recs {
					key, value := b.buf[kv[0][0]:kv[0][1]], b.buf[kv[1][0]:kv[1][1]]
					var src string
					if withSrc {
						src = all[kv[1][0]:kv[1][1]]
					}
					v, err := decode(key, value, src)
					if err != nil {
						r.bad = append(r.bad, fmt.Errorf("%s: %w", key, err))
						continue
					}
					r.vals = append(r.vals, v)
				}
				out <- r
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	var readErr error
	go func() {
		defer close(in)
		readErr = db.View(func(txn *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.Prefix = []byte(prefix)
			// Values small enough to live in the tables are read in place;
			// Badger's prefetching would copy each one first.
			opt.PrefetchValues = false
			it := txn.NewIterator(opt)
			defer it.Close()
			b := &batch{buf: make([]byte, 0, bufSize)}
			for it.Rewind(); it.Valid(); it.Next() {
				item := it.Item()
				k0 := len(b.buf)
				b.buf = append(b.buf, item.Key()...)
				k1 := len(b.buf)
				err := item.Value(func(v []byte) error {
					b.buf = append(b.buf, v...)
					return nil
				})
				if err != nil {
					return fmt.Errorf("read %s: %w", item.Key(), err)
				}
				b.recs = append(b.recs, [2][2]int{{k0, k1}, {k1, len(b.buf)}})
				if len(b.recs) == perBatch || len(b.buf) >= bufSize {
					in <- b
					b = &batch{seq: b.seq + 1, buf: make([]byte, 0, bufSize)}
				}
			}
			if len(b.recs) > 0 {
				in <- b
			}
			return nil
		})
	}()
	var results []result
	for r := range out {
		results = append(results, r)
	}
	slices.SortFunc(results, func(a, b result) int { return cmp.Compare(a.seq, b.seq) })
	n := 0
	for _, r := range results {
		n += len(r.vals)
	}
	vals := make([]T, 0, n)
	var bad []error
	for _, r := range results {
		vals = append(vals, r.vals...)
		bad = append(bad, r.bad...)
	}
	return vals, bad, readErr
}

// load fills the cache with the summaries in the store. The caller holds
// c.mu.
func (c *noteCache) load(db *badger.DB) error {
	if c.loaded {
		return nil
	}
	cns, bad, err := decodeAll(db, prefixSummary, true, func() func(_, value []byte, src string) (*cachedNote, error) {
		d := newSummaryDecoder()
		return func(_, value []byte, src string) (*cachedNote, error) {
			s, err := decodeSummaryWith(value, src, d)
			if err != nil {
				return nil, err
			}
			return d.cached(s), nil
		}
	})
	if err != nil {
		return err
	}
	// In key order, which is creation order, the notes are mostly in the
	// reverse of the order wanted, which the sort sees and does quickly.
	// The index by id waits for the first write or search.
	sortNewestFirst(cns)
	c.notes, c.bad, c.sorted, c.texts, c.loaded = nil, bad, cns, false, true
	return nil
}

// byID returns the cached notes by id, indexing them if need be. The
// caller holds c.mu and has loaded the cache.
func (c *noteCache) byID() map[string]*cachedNote {
	if c.notes == nil {
		c.notes = make(map[string]*cachedNote, len(c.sorted))
		for _, cn := range c.sorted {
			c.notes[cn.sum.ID] = cn
		}
	}
	return c.notes
}

// noteText is the part of a note record a search reads.
type noteText struct {
	Schema string   `json:"schema"`
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	Tags   []string `json:"tags"`
}

// loadTexts reads every note's body for searching. The caller holds c.mu
// and has loaded the summaries.
func (c *noteCache) loadTexts(db *badger.DB) error {
	if c.texts {
		return nil
	}
	type text struct{ id, text string }
	texts, _, err := decodeAll(db, prefixNote, false, func() func(_, value []byte, _ string) (text, error) {
		return func(_, value []byte, _ string) (text, error) {
			if id, t, ok := scanSearchText(value); ok {
				return text{id, t}, nil
			}
			var n noteText
			if err := json.Unmarshal(value, &n); err != nil {
				return text{}, err
			}
			if n.Schema != noteSchema {
				return text{}, fmt.Errorf("%w: schema %q", ErrInvalid, n.Schema)
			}
			return text{n.ID, searchText(n.Title, n.Body, n.Tags)}, nil
		}
	})
	if err != nil {
		return err
	}
	// A note that cannot be read has no summary either, and is reported
	// by the listing already.
	for _, t := range texts {
		if cn := c.byID()[t.id]; cn != nil {
			cn.text = t.text
		}
	}
	c.texts = true
	return nil
}

// put records a note just written. The caller holds c.mu.
func (c *noteCache) put(n *model.Note) {
	if !c.loaded {
		return
	}
	cn := newCachedNote(cloneSummary(summaryOf(n)))
	if c.texts {
		cn.text = searchText(n.Title, n.Body, n.Tags)
	}
	c.byID()[n.ID] = cn
	c.sorted = nil
}

// drop forgets a note just deleted. The caller holds c.mu.
func (c *noteCache) drop(id string) {
	if c.loaded {
		delete(c.byID(), id)
		c.sorted = nil
	}
}

// list returns copies of the summaries of the cached notes that keep
// accepts, newest first. withText says keep looks at the notes' text.
func (c *noteCache) list(db *badger.DB, withText bool, keep func(*cachedNote) bool) ([]NoteSummary, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(db); err != nil {
		return nil, err
	}
	if withText {
		if err := c.loadTexts(db); err != nil {
			return nil, err
		}
	}
	if c.sorted == nil {
		c.sorted = make([]*cachedNote, 0, len(c.notes))
		for _, n := range c.notes {
			c.sorted = append(c.sorted, n)
		}
		sortNewestFirst(c.sorted)
	}
	var out []NoteSummary
	if keep == nil {
		out = make([]NoteSummary, 0, len(c.sorted))
	}
	strs := 0
	for _, cn := range c.sorted {
		if keep == nil || keep(cn) {
			out = append(out, cn.sum)
			strs += len(cn.sum.Tags) + len(cn.sum.Entities)
		}
	}
	// The copies' lists share one allocation, each capped so that an
	// append by the caller reallocates rather than runs into the next.
	arena := make([]string, 0, strs)
	carve := func(l []string) []string {
		if l == nil {
			return nil
		}
		at := len(arena)
		arena = append(arena, l...)
		return arena[at:len(arena):len(arena)]
	}
	for i := range out {
		s := &out[i]
		s.Tags, s.Entities = carve(s.Tags), carve(s.Entities)
		if s.Relation != nil {
			r := *s.Relation
			s.Relation = &r
		}
	}
	if len(c.bad) > 0 {
		return out, fmt.Errorf("%d notes could not be read and were left as they are: %w", len(c.bad), errors.Join(c.bad...))
	}
	return out, nil
}

// sortNewestFirst orders notes by their last update, newest first, then
// by id.
func sortNewestFirst(ns []*cachedNote) {
	slices.SortFunc(ns, func(a, b *cachedNote) int {
		if a.updated != b.updated {
			return cmp.Compare(b.updated, a.updated)
		}
		return cmp.Compare(b.sum.ID, a.sum.ID)
	})
}
