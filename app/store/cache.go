package store

import (
	"cmp"
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
	// texts says every cached note has its text: the texts are read on
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

// A batch is records handed from a reader to a decoder, whose keys and
// values share one buffer: a channel send or an allocation per record
// costs more than decoding a small one. The buffer is a strings.Builder,
// whose text the decoders take as it is, without a copy, and which decoded
// values may keep: it is filled, not grown, so that little of it is
// unused.
type batch struct {
	seq  int // the order of the batches is the order of their keys
	buf  strings.Builder
	recs [][2][2]int // key and value, as offsets into buf
}

// batchSize is the size of a batch's buffer, unless one record needs more.
const batchSize = 64 << 10

// decodeAll reads every record under prefix and decodes it with a decoder
// that newDecoder makes, one for each goroutine. Badger's iterator reads on
// one goroutine while decoding is shared out over the processors. A
// decoder gets the key and the value as strings that share one allocation
// with the other records read with them, so that it can keep parts of them
// without copying. It returns the decoded values in key order, and an
// error for each record that could not be decoded.
func decodeAll[T any](db *badger.DB, prefix string, newDecoder func() func(key, value string) (T, error)) ([]T, []error, error) {
	type result struct {
		seq  int
		vals []T
		bad  []error
	}
	in := make(chan *batch, 4)
	out := make(chan result, 4)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			decode := newDecoder()
			for b := range in {
				r := result{seq: b.seq, vals: make([]T, 0, len(b.recs))}
				all := b.buf.String()
				for _, kv := range b.recs {
					key, value := all[kv[0][0]:kv[0][1]], all[kv[1][0]:kv[1][1]]
					v, err := decode(key, value)
					if err != nil {
						r.bad = append(r.bad, fmt.Errorf("%s: %w", key, err))
						continue
					}
					r.vals = append(r.vals, v)
				}
				out <- r
			}
		})
	}
	go func() { wg.Wait(); close(out) }()
	var readErr error
	go func() {
		defer close(in)
		readErr = db.View(func(txn *badger.Txn) error { return readAll(txn, prefix, in) })
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

// readAll reads the records under prefix into batches for decodeAll.
func readAll(txn *badger.Txn, prefix string, in chan<- *batch) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte(prefix)
	// The iterator holds each value as it goes, which is all that is
	// needed: prefetching would copy every value once more, on a
	// goroutine of its own.
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	b := &batch{}
	b.buf.Grow(batchSize)
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		// A record that does not fit goes into the next batch, rather
		// than make the buffer grow into a copy of twice the size, half
		// of it kept unused.
		need := len(item.Key()) + int(item.ValueSize())
		if len(b.recs) > 0 && b.buf.Len()+need > b.buf.Cap() {
			in <- b
			b = &batch{seq: b.seq + 1}
			b.buf.Grow(max(batchSize, need))
		}
		k0 := b.buf.Len()
		b.buf.Write(item.Key())
		k1 := b.buf.Len()
		err := item.Value(func(v []byte) error {
			b.buf.Write(v)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read %s: %w", item.Key(), err)
		}
		b.recs = append(b.recs, [2][2]int{{k0, k1}, {k1, b.buf.Len()}})
	}
	if len(b.recs) > 0 {
		in <- b
	}
	return nil
}

// summaryIDs lists the ids of the notes that have a summary record, in key
// order, reading the keys alone.
func summaryIDs(db *badger.DB) ([]string, error) {
	var ids []string
	err := db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefixSummary)
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, string(it.Item().Key()[len(prefixSummary):]))
		}
		return nil
	})
	return ids, err
}

// summariesWithout reads the summaries of the notes in ids (in key order)
// that are not among have (in key order too). It returns the summaries
// that could not be read as bad.
func summariesWithout(db *badger.DB, ids []string, have []*cachedNote) ([]*cachedNote, []error, error) {
	var missing []string
	j := 0
	for _, id := range ids {
		for j < len(have) && have[j].sum.ID < id {
			j++
		}
		if j < len(have) && have[j].sum.ID == id {
			continue
		}
		missing = append(missing, id)
	}
	if len(missing) == 0 {
		return nil, nil, nil
	}
	var more []*cachedNote
	var bad []error
	err := db.View(func(txn *badger.Txn) error {
		d := newSummaryDecoder()
		for _, id := range missing {
			v, found, err := get(txn, summaryKey(id))
			if err != nil {
				return err
			}
			if !found {
				continue // deleted since
			}
			cn := d.next()
			if err := decodeSummaryInto(&cn.sum, string(v), d); err != nil {
				d.unused()
				bad = append(bad, fmt.Errorf("%s: %w", summaryKey(id), err))
				continue
			}
			cn.updated = cn.sum.Updated.UnixNano()
			more = append(more, cn)
		}
		return nil
	})
	return more, bad, err
}

// load fills the cache with the summaries in the store and, if withText,
// with the notes' search texts. The caller holds c.mu.
func (c *noteCache) load(db *badger.DB, withText bool) error {
	if c.loaded {
		if withText {
			return c.loadTexts(db)
		}
		return nil
	}
	// The search records hold the summaries too: a first search reads
	// them alone, rather than the summary records as well.
	prefix := prefixSummary
	var ids []string
	var idsErr error
	idsRead := make(chan struct{})
	if withText {
		prefix = prefixText
		// A note whose search record is missing or unreadable still has
		// its summary (and its text in the note itself): it must not drop
		// out of the list for want of the record. The summaries' keys are
		// read meanwhile to find any such note.
		go func() {
			defer close(idsRead)
			ids, idsErr = summaryIDs(db)
		}()
	} else {
		close(idsRead)
	}
	cns, bad, err := decodeAll(db, prefix, func() func(_, value string) (*cachedNote, error) {
		d := newSummaryDecoder()
		return func(_, value string) (*cachedNote, error) {
			sum, text := value, ""
			if withText {
				var err error
				if sum, text, _, err = decodeSearchRecord(value); err != nil {
					return nil, err
				}
			}
			cn := d.next()
			if err := decodeSummaryInto(&cn.sum, sum, d); err != nil {
				d.unused()
				return nil, err
			}
			cn.updated, cn.text = cn.sum.Updated.UnixNano(), text
			return cn, nil
		}
	})
	<-idsRead
	if err == nil && withText {
		err = idsErr
	}
	if err == nil && withText {
		var more []*cachedNote
		if more, bad, err = summariesWithout(db, ids, cns); err == nil {
			cns = append(cns, more...)
			err = textsFromNotes(db, cns)
		}
	}
	if err != nil {
		return err
	}
	// In key order, which is creation order, the notes are mostly in the
	// reverse of the order wanted, which the sort sees and does quickly.
	// The index by id waits for the first write or search.
	sortNewestFirst(cns)
	c.notes, c.bad, c.sorted, c.texts, c.loaded = nil, bad, cns, withText, true
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

// textsFromNotes gives each of cns that has no search text yet the text of
// its note record: the search record may be missing, unreadable, or say
// to. It reads nothing when every note has its text, as in a store
// this version wrote.
func textsFromNotes(db *badger.DB, cns []*cachedNote) error {
	return db.View(func(txn *badger.Txn) error {
		for _, cn := range cns {
			if cn.text != "" { // searchText is never ""
				continue
			}
			data, found, err := get(txn, noteKey(cn.sum.ID))
			if err != nil {
				return err
			}
			if !found {
				continue
			}
			// A note that cannot be read has no summary either, and is
			// reported by the listing already.
			if _, text, err := noteSearchText(data); err == nil {
				cn.text = text
			}
		}
		return nil
	})
}

// loadTexts reads every note's search text. The caller holds c.mu and has
// loaded the summaries.
func (c *noteCache) loadTexts(db *badger.DB) error {
	if c.texts {
		return nil
	}
	type idText struct{ id, text string }
	// A record that cannot be read leaves its note without a text, which
	// textsFromNotes then takes from the note.
	texts, _, err := decodeAll(db, prefixText, func() func(key, value string) (idText, error) {
		return func(key, value string) (idText, error) {
			_, text, _, err := decodeSearchRecord(value)
			return idText{key[len(prefixText):], text}, err
		}
	})
	if err != nil {
		return err
	}
	byID := c.byID()
	for _, t := range texts {
		if cn := byID[t.id]; cn != nil {
			cn.text = t.text
		}
	}
	cns := make([]*cachedNote, 0, len(byID))
	for _, cn := range byID {
		cns = append(cns, cn)
	}
	if err := textsFromNotes(db, cns); err != nil {
		return err
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
	if err := c.load(db, withText); err != nil {
		return nil, err
	}
	if c.sorted == nil {
		c.sorted = make([]*cachedNote, 0, len(c.notes))
		for _, n := range c.notes {
			c.sorted = append(c.sorted, n)
		}
		sortNewestFirst(c.sorted)
	}
	var out []NoteSummary
	var kept []bool
	if keep == nil {
		out = make([]NoteSummary, 0, len(c.sorted))
	} else {
		kept = keepAll(c.sorted, keep)
	}
	strs := 0
	for i, cn := range c.sorted {
		if keep == nil || kept[i] {
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
		return out, fmt.Errorf("%d notes could not be read and were left as they are: %w", len(c.bad), manyErrors(c.bad))
	}
	return out, nil
}

// keepAll reports which of cns keep accepts, sharing the notes out over
// the processors when there are enough of them to be worth it: a search
// looks through every note's text.
func keepAll(cns []*cachedNote, keep func(*cachedNote) bool) []bool {
	kept := make([]bool, len(cns))
	const least = 1024 // notes a goroutine is given at least
	parts := min(runtime.GOMAXPROCS(0), len(cns)/least)
	if parts <= 1 {
		for i, cn := range cns {
			kept[i] = keep(cn)
		}
		return kept
	}
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(cns)/parts, (p+1)*len(cns)/parts
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				kept[i] = keep(cns[i])
			}
		})
	}
	wg.Wait()
	return kept
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
