package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// NoteSummary is a note without its body: what a list of notes shows. The
// store keeps one beside every note, written in the same transaction, so
// that listing thousands of notes reads a few hundred bytes of each rather
// than every body.
type NoteSummary struct {
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Tags     []string           `json:"tags,omitempty"`
	Entities []string           `json:"entities,omitempty"`
	Relation *model.RelationRef `json:"relation,omitempty"`
	View     string             `json:"view,omitempty"`
	Created  time.Time          `json:"created"`
	Updated  time.Time          `json:"updated"`
}

// About reports whether the note is attached to the entity id.
func (s *NoteSummary) About(entity string) bool { return slices.Contains(s.Entities, entity) }

// summaryOf returns n without its body.
func summaryOf(n *model.Note) NoteSummary {
	return NoteSummary{ID: n.ID, Title: n.Title, Tags: n.Tags, Entities: n.Entities,
		Relation: n.Relation, View: n.View, Created: n.Created, Updated: n.Updated}
}

// cloneSummary copies the parts of a summary a caller could change in place.
func cloneSummary(s NoteSummary) NoteSummary {
	s.Tags = slices.Clone(s.Tags)
	s.Entities = slices.Clone(s.Entities)
	if s.Relation != nil {
		r := *s.Relation
		s.Relation = &r
	}
	return s
}

// summaryRecord is the stored form of a summary. Damaged is set, instead of
// the summary's fields, for a note whose record could not be read when the
// summaries were rebuilt, so that lists keep reporting it.
type summaryRecord struct {
	Schema string `json:"schema"`
	NoteSummary
	Damaged string `json:"damaged,omitempty"`
}

// A summary record is stored in binary form, which a listing of thousands
// decodes several times faster than JSON:
//
//	summaryBinary, flags (summaryHasRelation),
//	created and updated: seconds since 1970 (varint), nanoseconds (uvarint),
//	id, title, view: each a uvarint length and that many bytes,
//	tags, entities: each a uvarint count and that many strings as above,
//	with summaryHasRelation: relation from, to and role, as strings.
//
// Times are UTC. A note whose times carry another offset, and the damaged
// mark rebuildSummaries writes, are stored in the JSON form, summaryRecord,
// which is what stores of schema version 2 hold; it starts with '{'.
const (
	summaryBinary      = 0x01
	summaryHasRelation = 0x01
)

func encodeSummary(n *model.Note) ([]byte, error) {
	_, co := n.Created.Zone()
	_, uo := n.Updated.Zone()
	if co != 0 || uo != 0 {
		return encode(summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(n)})
	}
	size := 2 + 4*binary.MaxVarintLen64 + 3*binary.MaxVarintLen32 + len(n.ID) + len(n.Title) + len(n.View)
	for _, l := range [][]string{n.Tags, n.Entities} {
		size += binary.MaxVarintLen32
		for _, v := range l {
			size += binary.MaxVarintLen32 + len(v)
		}
	}
	var flags byte
	if r := n.Relation; r != nil {
		flags |= summaryHasRelation
		size += 3*binary.MaxVarintLen32 + len(r.From) + len(r.To) + len(r.Role)
	}
	b := make([]byte, 0, size)
	b = append(b, summaryBinary, flags)
	for _, t := range []time.Time{n.Created, n.Updated} {
		b = binary.AppendVarint(b, t.Unix())
		b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	}
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	str(n.ID)
	str(n.Title)
	str(n.View)
	for _, l := range [][]string{n.Tags, n.Entities} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, v := range l {
			str(v)
		}
	}
	if r := n.Relation; r != nil {
		str(r.From)
		str(r.To)
		str(r.Role)
	}
	return b, nil
}

// binaryReader reads the fields of a binary record; the strings it
// returns are substrings of the record. A read past the end, or a number
// out of range, sets bad, and every read after it gives zero values.
type binaryReader struct {
	s   string
	i   int
	d   *summaryDecoder
	bad bool
}

// uvarint reads an unsigned varint as binary.Uvarint does, and no more
// than max. Unlike binary.Uvarint it refuses a number written in more
// bytes than binary.AppendUvarint takes, so that every record has only
// one form.
func (r *binaryReader) uvarint(max uint64) uint64 {
	var x uint64
	for i, shift := 0, uint(0); i < binary.MaxVarintLen64 && !r.bad && r.i < len(r.s); i, shift = i+1, shift+7 {
		c := r.s[r.i]
		r.i++
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 || i > 0 && c == 0 {
				break // overflows 64 bits, or is overlong
			}
			if x |= uint64(c) << shift; x > max {
				break
			}
			return x
		}
		x |= uint64(c&0x7f) << shift
	}
	r.bad = true
	return 0
}

func (r *binaryReader) varint() int64 {
	ux := r.uvarint(math.MaxUint64)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *binaryReader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint(999_999_999)
	if r.bad {
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (r *binaryReader) str() string {
	n := r.uvarint(uint64(len(r.s)))
	if r.bad || n > uint64(len(r.s)-r.i) {
		r.bad = true
		return ""
	}
	v := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return v
}

func (r *binaryReader) strs() []string {
	// Every string takes at least its length's byte.
	n := r.uvarint(uint64(len(r.s) - r.i))
	if r.bad || n == 0 {
		return nil
	}
	l := r.d.list(int(n))
	for i := range l {
		l[i] = r.str()
	}
	if r.bad {
		return nil
	}
	return l
}

// decodeBinarySummary reads a summary record in binary form into s,
// reporting false if it is not one or is malformed; the strings of the
// result are substrings of data, and d, if not nil, shares memory as
// summaryDecoder says. It checks the form only; decodeSummaryInto checks
// the summary.
func decodeBinarySummary(s *NoteSummary, data string, d *summaryDecoder) bool {
	if len(data) < 2 || data[0] != summaryBinary || data[1]&^summaryHasRelation != 0 {
		return false
	}
	r := binaryReader{s: data, i: 2, d: d}
	s.Created = r.time()
	s.Updated = r.time()
	s.ID = r.str()
	s.Title = r.str()
	s.View = r.str()
	s.Tags = r.strs()
	s.Entities = r.strs()
	s.Relation = nil
	if data[1]&summaryHasRelation != 0 {
		rel := model.RelationRef{From: r.str(), To: r.str(), Role: r.str()}
		s.Relation = &rel
	}
	return !r.bad && r.i == len(data)
}

// decodeSummary reads a summary record, in either form, and checks it as a
// note without a body. It never panics.
func decodeSummary(data []byte) (NoteSummary, error) {
	var s NoteSummary
	err := decodeSummaryInto(&s, string(data), nil)
	return s, err
}

// decodeSummaryInto is decodeSummary for a record held in a string, whose
// substrings the summary's strings are, decoding into s in place; d, if
// not nil, shares memory as summaryDecoder says. On an error s holds
// nothing of use.
func decodeSummaryInto(s *NoteSummary, data string, d *summaryDecoder) error {
	if len(data) > 0 && data[0] == summaryBinary {
		if !decodeBinarySummary(s, data, d) {
			return fmt.Errorf("note summary: %w: malformed", ErrInvalid)
		}
	} else {
		r, ok := scanSummary([]byte(data), data, d)
		if !ok || r.Schema != summarySchema {
			r = summaryRecord{}
			if err := decodeRecord([]byte(data), &r, &r.Schema, summarySchema); err != nil {
				return fmt.Errorf("note summary: %w", err)
			}
		}
		if r.Damaged != "" {
			return fmt.Errorf("note %s: %w: %s", r.ID, ErrInvalid, r.Damaged)
		}
		*s = r.NoteSummary
	}
	// As normalizeNote does.
	if len(s.Tags) == 0 {
		s.Tags = nil
	}
	if len(s.Entities) == 0 {
		s.Entities = nil
	}
	if !plainlyValid(s) {
		n := model.Note{ID: s.ID, Title: s.Title, Tags: s.Tags, Entities: s.Entities,
			Relation: s.Relation, View: s.View, Created: s.Created, Updated: s.Updated}
		if err := n.Validate(); err != nil {
			return fmt.Errorf("note summary: %w: %v", ErrInvalid, err)
		}
	}
	return nil
}

// plainlyValid is a quick check that Validate would accept the note
// without a body that s is: model's rules, without building the field
// names Validate puts in its errors, which is most of its cost on a list
// of thousands. When it says false, Validate decides and says why.
// FuzzDecodeSummary checks it never accepts what Validate refuses.
func plainlyValid(s *NoteSummary) bool {
	refs := func(l []string, most, max int) bool {
		if len(l) > most {
			return false
		}
		for _, v := range l {
			if v == "" || len(v) > max || !utf8.ValidString(v) {
				return false
			}
		}
		return true
	}
	ok := validID(s.ID) && len(s.Title) <= model.MaxTitle && utf8.ValidString(s.Title) &&
		refs(s.Tags, model.MaxTags, model.MaxTag) &&
		refs(s.Entities, model.MaxNoteEntities, model.MaxRef) && (s.View == "" || validID(s.View))
	if r := s.Relation; r != nil {
		ok = ok && refs([]string{r.From, r.To, r.Role}, 3, model.MaxRef)
	}
	c, u := s.Created, s.Updated
	return ok && !c.IsZero() && !u.IsZero() && c.Unix() >= 0 && u.Unix() >= 0 && u.Year() <= 9999 && !u.Before(c)
}

// idChars marks the bytes model.ValidID allows in an id.
var idChars = func() (t [256]bool) {
	for c := range 256 {
		t[c] = model.ValidID(string(rune(c)))
	}
	return t
}()

// validID is model.ValidID by table, as quick as it can be for the list of
// thousands of notes that checks every note's id.
func validID(id string) bool {
	if id == "" || len(id) > model.MaxID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !idChars[id[i]] {
			return false
		}
	}
	return true
}

// putNote checks, encodes and stores n as its note's current version,
// together with its summary.
func putNote(txn *badger.Txn, n *model.Note) error {
	// Never write a record the decoder would refuse.
	if err := n.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	data, err := encodeNote(n)
	if err != nil {
		return err
	}
	if len(data) > maxRecord {
		return fmt.Errorf("%w: the note takes %.1f MB, the limit is %d MB: split it into several notes",
			ErrTooLarge, float64(len(data))/1e6, maxRecord>>20)
	}
	if err := txn.Set(noteKey(n.ID), data); err != nil {
		return err
	}
	return putDerived(txn, n)
}

// setter is a transaction or a write batch.
type setter interface {
	Set(key, value []byte) error
}

// putDerived stores the records derived from note n, kept beside it for
// lists and searches: its summary and its search record.
func putDerived(w setter, n *model.Note) error {
	sum, err := encodeSummary(n)
	if err != nil {
		return err
	}
	if err := w.Set(summaryKey(n.ID), sum); err != nil {
		return err
	}
	return w.Set(textKey(n.ID), encodeSearchRecord(n, sum))
}

// deleteNote removes a note's current version and the records derived
// from it.
func deleteNote(txn *badger.Txn, id string) error {
	for _, k := range [][]byte{noteKey(id), summaryKey(id), textKey(id)} {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// rebuildSummaries writes the summary and the search record of every note
// from the note itself, and removes those whose note is gone. It upgrades a
// store of an older schema version, which had none or had them in an older
// form, and repairs a store whose restore was cut short. It reads every
// note, so it costs about a second per 50k notes.
func rebuildSummaries(db *badger.DB) error {
	var recs []kv
	var stale [][]byte
	err := db.View(func(txn *badger.Txn) error {
		have := map[string]bool{}
		err := each(txn, []byte(prefixNote), false, func(key, value []byte) error {
			id := string(key[len(prefixNote):])
			n, err := decodeNote(value)
			if err == nil && n.ID != id {
				err = fmt.Errorf("%w: key and id differ", ErrInvalid)
			}
			var sum, search []byte
			if err != nil {
				// Both say the note is damaged, so that a search reports it
				// as a listing does.
				sum, err = encode(summaryRecord{Schema: summarySchema, NoteSummary: NoteSummary{ID: id}, Damaged: err.Error()})
				search = appendSearchRecord(nil, textInNote, sum, "")
			} else {
				sum, err = encodeSummary(&n)
				search = encodeSearchRecord(&n, sum)
			}
			if err != nil {
				return err
			}
			recs = append(recs, kv{summaryKey(id), sum}, kv{textKey(id), search})
			have[string(summaryKey(id))] = true
			have[string(textKey(id))] = true
			return nil
		})
		if err != nil {
			return err
		}
		for _, p := range []string{prefixSummary, prefixText} {
			for _, k := range keys(txn, []byte(p)) {
				if !have[string(k)] {
					stale = append(stale, k)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild note summaries: %w", err)
	}
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	for _, r := range recs {
		if err := wb.Set(r.key, r.value); err != nil {
			return fmt.Errorf("rebuild note summaries: %w", err)
		}
	}
	for _, k := range stale {
		if err := wb.Delete(k); err != nil {
			return fmt.Errorf("rebuild note summaries: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("rebuild note summaries: %w", err)
	}
	return nil
}

// setReindex records, before a write that is not one transaction (a restore),
// that summaries may lag their notes until clearReindex; Open rebuilds them
// if the write was cut short.
func (s *Store) setReindex() error {
	return s.update("mark note summaries for rebuilding", 0, func(txn *badger.Txn) error {
		return txn.Set([]byte(keyReindex), []byte(`{"schema":"govscape/reindex"}`))
	})
}

func (s *Store) clearReindex() error {
	return s.update("clear the note summaries' rebuild mark", 0, func(txn *badger.Txn) error {
		return txn.Delete([]byte(keyReindex))
	})
}

// reindexIfMarked rebuilds the summaries if a restore was cut short.
func (s *Store) reindexIfMarked() error {
	marked := false
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(keyReindex))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		marked = err == nil
		return err
	})
	if err != nil || !marked {
		return err
	}
	s.cfg.logger.Warn("store: a restore was cut short; rebuilding the note summaries", "dir", s.dir)
	if err := rebuildSummaries(s.db); err != nil {
		return fmt.Errorf("store %s: %w", s.dir, err)
	}
	return s.clearReindex()
}
