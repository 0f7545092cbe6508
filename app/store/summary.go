package store

import (
	"errors"
	"fmt"
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

func encodeSummary(n *model.Note) ([]byte, error) {
	return encode(summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(n)})
}

// decodeSummary reads a summary record and checks it as a note without a
// body. It never panics.
func decodeSummary(data []byte) (NoteSummary, error) { return decodeSummaryWith(data, "", nil) }

// decodeSummaryWith is decodeSummary sharing memory as scanSummary says.
func decodeSummaryWith(data []byte, src string, d *summaryDecoder) (NoteSummary, error) {
	r, ok := scanSummary(data, src, d)
	if !ok || r.Schema != summarySchema {
		r = summaryRecord{}
		if err := decodeRecord(data, &r, &r.Schema, summarySchema); err != nil {
			return NoteSummary{}, fmt.Errorf("note summary: %w", err)
		}
	}
	if r.Damaged != "" {
		return NoteSummary{}, fmt.Errorf("note %s: %w: %s", r.ID, ErrInvalid, r.Damaged)
	}
	n := model.Note{ID: r.ID, Title: r.Title, Tags: r.Tags, Entities: r.Entities,
		Relation: r.Relation, View: r.View, Created: r.Created, Updated: r.Updated}
	normalizeNote(&n)
	if !plainlyValid(&n) {
		if err := n.Validate(); err != nil {
			return NoteSummary{}, fmt.Errorf("note summary: %w: %v", ErrInvalid, err)
		}
	}
	return summaryOf(&n), nil
}

// plainlyValid is a quick check that n.Validate would accept n: model's
// rules, without building the field names Validate puts in its errors,
// which is most of its cost on a list of thousands. When it says false,
// Validate decides and says why. FuzzDecodeSummary checks it never accepts
// what Validate refuses.
func plainlyValid(n *model.Note) bool {
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
	ok := model.ValidID(n.ID) && len(n.Title) <= model.MaxTitle && utf8.ValidString(n.Title) &&
		n.Body == "" && refs(n.Tags, model.MaxTags, model.MaxTag) &&
		refs(n.Entities, model.MaxNoteEntities, model.MaxRef) && (n.View == "" || model.ValidID(n.View))
	if r := n.Relation; r != nil {
		ok = ok && refs([]string{r.From, r.To, r.Role}, 3, model.MaxRef)
	}
	c, u := n.Created, n.Updated
	return ok && !c.IsZero() && !u.IsZero() && c.Unix() >= 0 && u.Unix() >= 0 && u.Year() <= 9999 && !u.Before(c)
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
	sum, err := encodeSummary(n)
	if err != nil {
		return err
	}
	if err := txn.Set(noteKey(n.ID), data); err != nil {
		return err
	}
	return txn.Set(summaryKey(n.ID), sum)
}

// deleteNote removes a note's current version and its summary.
func deleteNote(txn *badger.Txn, id string) error {
	if err := txn.Delete(noteKey(id)); err != nil {
		return err
	}
	return txn.Delete(summaryKey(id))
}

// rebuildSummaries writes the summary of every note from the note itself,
// and removes summaries whose note is gone. It upgrades a store of schema
// version 1, which had none, and repairs a store whose restore was cut
// short. It reads every note, so it costs about a second per 50k notes.
func rebuildSummaries(db *badger.DB) error {
	var sums []kv
	var stale [][]byte
	err := db.View(func(txn *badger.Txn) error {
		err := each(txn, []byte(prefixNote), false, func(key, value []byte) error {
			id := string(key[len(prefixNote):])
			n, err := decodeNote(value)
			if err == nil && n.ID != id {
				err = fmt.Errorf("%w: key and id differ", ErrInvalid)
			}
			var rec summaryRecord
			if err != nil {
				rec = summaryRecord{Schema: summarySchema, NoteSummary: NoteSummary{ID: id}, Damaged: err.Error()}
			} else {
				rec = summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(&n)}
			}
			data, err := encode(rec)
			if err != nil {
				return err
			}
			sums = append(sums, kv{summaryKey(id), data})
			return nil
		})
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, s := range sums {
			have[string(s.key)] = true
		}
		for _, k := range keys(txn, []byte(prefixSummary)) {
			if !have[string(k)] {
				stale = append(stale, k)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild note summaries: %w", err)
	}
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	for _, s := range sums {
		if err := wb.Set(s.key, s.value); err != nil {
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
