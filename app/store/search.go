package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	"govscape/model"
)

// SearchNotes returns the summaries of the notes whose title, body or tags
// contain every word of query, ignoring case, most recently updated first.
// An empty query returns every note. The first search after Open reads
// every note's search record (see encodeSearchRecord) — for 10k notes of a
// kilobyte or so some milliseconds, and the texts' size in memory from then
// on — unless PrepareSearch has; later searches use what it read.
func (s *Store) SearchNotes(query string) ([]NoteSummary, error) {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return s.NoteSummaries()
	}
	at := make([]int, len(words))
	for i, w := range words {
		at[i] = rarestByte(w)
	}
	ns, err := s.cache.list(s.db, true, func(n *cachedNote) bool {
		for i, w := range words {
			if !containsAt(n.text, w, at[i]) {
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

// byteRank orders bytes by how often they come in text, rarest first: the
// letters of English by frequency, after digits, and the rest, spaces,
// punctuation and the bytes of other scripts, as the most common.
var byteRank = func() (r [256]uint8) {
	for c := range r {
		r[c] = 255
	}
	for i, c := range []byte("zqxjkvbpygfwmucldrhsnioate") {
		r[c] = uint8(10 + i)
	}
	for c := '0'; c <= '9'; c++ {
		r[c] = 20
	}
	return r
}()

// rarestByte returns the index in w of its rarest byte by byteRank.
func rarestByte(w string) int {
	at := 0
	for i := 1; i < len(w); i++ {
		if byteRank[w[i]] < byteRank[w[at]] {
			at = i
		}
	}
	return at
}

// containsAt reports whether s contains w, as strings.Contains does, by
// looking for w's byte at index at first: a search for a word in thousands
// of notes is quicker by its rarest letter than by its first.
func containsAt(s, w string, at int) bool {
	if at == 0 || len(w) > len(s) {
		return strings.Contains(s, w)
	}
	c, last := w[at], len(s)-len(w)+at // the last place c can be
	for i, fails := at, 0; i <= last; i++ {
		j := strings.IndexByte(s[i:last+1], c)
		if j < 0 {
			return false
		}
		i += j
		if s[i-at:i-at+len(w)] == w {
			return true
		}
		// A text full of c goes back to strings.Contains, which does not
		// take time in proportion to both lengths.
		if fails++; fails > 16+(i>>6) {
			return strings.Contains(s[i-at+1:], w)
		}
	}
	return false
}

// PrepareSearch reads every note's search text now, so that the first
// SearchNotes need not: the window can call it on a goroutine of its own
// after Open. It takes what a first search would, and the memory of the
// texts stays in use from then on. Saves wait while it runs.
func (s *Store) PrepareSearch() error {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if err := s.cache.load(s.db, true); err != nil {
		return fmt.Errorf("prepare search: %w", err)
	}
	return nil
}

// A search record (nt/<id>) holds what a search needs of its note: the
// note's summary, as its summary record holds it, and searchText of the
// note. It is kept beside the note and its summary and written in the same
// transaction, so that the first search reads every note's summary and
// text at once, as they are, rather than decode and lower-case every note.
// Its form:
//
//	textPlain or textInNote,
//	the summary record's length (uvarint), the summary record,
//	with textPlain: the text, to the end.
//
// textInNote is for a text too large to keep a second copy of, which a
// search then reads from the note itself, and for a note that cannot be
// read, whose summary is the mark that says so.
const (
	textPlain  = 0x01
	textInNote = 0x02
)

// maxText bounds the text a search record holds: lower-casing can make a
// text longer than its note's body, and a value must stay below Badger's
// value-log file size.
const maxText = maxRecord

// encodeSearchRecord makes the search record of n, whose summary record
// is sum.
func encodeSearchRecord(n *model.Note, sum []byte) []byte {
	t := searchText(n.Title, n.Body, n.Tags)
	if len(t) > maxText {
		return appendSearchRecord(nil, textInNote, sum, "")
	}
	return appendSearchRecord(make([]byte, 0, 1+binary.MaxVarintLen32+len(sum)+len(t)), textPlain, sum, t)
}

func appendSearchRecord(b []byte, form byte, sum []byte, text string) []byte {
	b = append(b, form)
	b = binary.AppendUvarint(b, uint64(len(sum)))
	b = append(b, sum...)
	return append(b, text...)
}

// decodeSearchRecord splits a search record into its note's summary
// record and its text, both substrings of data. inNote reports a record
// that says to read the text from the note. It never panics. The text is
// not checked for being UTF-8, which would take a third of the first
// search's reading: a search only compares its bytes with the query's,
// and the tables' checksums, verified at Open, catch a damaged record.
func decodeSearchRecord(data string) (sum, text string, inNote bool, err error) {
	if len(data) == 0 || data[0] != textPlain && data[0] != textInNote {
		return "", "", false, fmt.Errorf("search record: %w: unknown form", ErrInvalid)
	}
	r := binaryReader{s: data, i: 1}
	sum = r.str()
	switch {
	case r.bad:
		return "", "", false, fmt.Errorf("search record: %w: malformed", ErrInvalid)
	case data[0] == textInNote && r.i != len(data):
		return "", "", false, fmt.Errorf("search record: %w: text where none belongs", ErrInvalid)
	case data[0] == textInNote:
		return sum, "", true, nil
	}
	return sum, data[r.i:], false, nil
}

// noteSearchText reads a note record's search text.
func noteSearchText(data []byte) (id, text string, err error) {
	if id, t, ok := scanSearchText(data); ok {
		return id, t, nil
	}
	var n noteText
	if err := json.Unmarshal(data, &n); err != nil {
		return "", "", err
	}
	if n.Schema != noteSchema {
		return "", "", fmt.Errorf("%w: schema %q", ErrInvalid, n.Schema)
	}
	return n.ID, searchText(n.Title, n.Body, n.Tags), nil
}
