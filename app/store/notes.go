package store

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// MaxHistory is how many earlier versions of one note are kept; the oldest
// go first.
const MaxHistory = 100

// maxRecord bounds one encoded record, below Badger's 16 MiB value-log file.
const maxRecord = 15 << 20

// DeletedNote is what DeleteNote removed: the note and its history, all that
// UndeleteNote needs to put them back.
type DeletedNote struct {
	Note    model.Note
	History []model.Note // newest first
}

// SaveNote stores n durably. A note without an id is new: it gets an id and
// its created time. Updated is set to now. The version it replaces is kept
// in the note's history (see WithHistoryInterval). Saving a note whose text
// and attachments are unchanged writes nothing. On success n holds what was
// stored; on failure nothing was written and the caller keeps its edit (a
// new note keeps the id it was given, so that a retry saves the same note).
func (s *Store) SaveNote(n *model.Note) error {
	if n.ID != "" && !model.ValidID(n.ID) {
		return fmt.Errorf("save note: %w: id %q", ErrInvalid, n.ID)
	}
	normalizeNote(n)
	if err := n.ValidateContent(); err != nil {
		return fmt.Errorf("save note %q: %w: %v", n.Title, ErrInvalid, err)
	}
	if n.ID == "" {
		n.ID = newID(s.now())
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	var saved model.Note
	// The body goes into the note, its search text and the version
	// replaced, kept in the history.
	err := s.update("save note", len(n.Body)*3, func(txn *badger.Txn) error {
		now := s.now()
		next := *n
		prevData, found, err := get(txn, noteKey(n.ID))
		if err != nil {
			return err
		}
		if found {
			keep := true
			prev, derr := decodeNote(prevData)
			if derr != nil {
				// Keep the unreadable version's bytes in history rather than
				// overwrite them.
				s.cfg.logger.Warn("store: unreadable note replaced; its bytes are kept in history", "id", n.ID, "err", derr)
				prev = model.Note{ID: n.ID, Created: now, Updated: now}
			} else {
				if sameContent(&prev, &next) {
					saved = prev
					return nil
				}
				if keep, err = s.keepInHistory(txn, n.ID, prev.Updated, now); err != nil {
					return err
				}
			}
			next.Created = prev.Created
			next.Updated = later(now, prev.Updated)
			if keep {
				if err := s.addHistory(txn, n.ID, prev.Updated, prevData); err != nil {
					return err
				}
			}
		} else {
			if next.Created.IsZero() || next.Created.After(now) {
				next.Created = now
			}
			next.Created = next.Created.UTC().Round(0)
			next.Updated = now
		}
		if err := putNote(txn, &next); err != nil {
			return err
		}
		saved = next
		return nil
	})
	if err != nil {
		return fmt.Errorf("save note %s: %w", n.ID, err)
	}
	s.cache.put(&saved)
	*n = saved
	return nil
}

// keepInHistory decides whether the version of a note last updated at
// prevUpdated, about to be replaced at now, goes into its history: always if
// it stood for a while, and otherwise once per history interval, so that a
// long spell of autosaving leaves a version every interval.
func (s *Store) keepInHistory(txn *badger.Txn, id string, prevUpdated, now time.Time) (bool, error) {
	every := s.cfg.historyEvery
	if every <= 0 || now.Sub(prevUpdated) >= every {
		return true, nil
	}
	opt := badger.DefaultIteratorOptions
	opt.Prefix = historyPrefix(id)
	opt.Reverse = true
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	it.Seek(append(historyPrefix(id), 0xff))
	if !it.ValidForPrefix(opt.Prefix) {
		return true, nil
	}
	latest, ok := historyTime(it.Item().Key(), id)
	return !ok || prevUpdated.Sub(latest) >= every, nil
}

// addHistory stores a version of a note in its history and drops the oldest
// versions beyond MaxHistory.
func (s *Store) addHistory(txn *badger.Txn, id string, version time.Time, data []byte) error {
	if err := txn.Set(historyKey(id, version), data); err != nil {
		return err
	}
	ks := keys(txn, historyPrefix(id))
	for i := 0; i < len(ks)-MaxHistory; i++ {
		if err := txn.Delete(ks[i]); err != nil {
			return err
		}
	}
	return nil
}

// historyTime reads the version time at the end of a history key.
func historyTime(key []byte, id string) (time.Time, bool) {
	rest, ok := bytes.CutPrefix(key, historyPrefix(id))
	if !ok {
		return time.Time{}, false
	}
	ns, err := strconv.ParseInt(string(rest), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, ns).UTC(), true
}

// later returns now, or just after prev if the clock has not moved past it,
// so that versions of a note always have distinct, increasing times.
func later(now, prev time.Time) time.Time {
	if now.After(prev) {
		return now
	}
	return prev.Add(time.Nanosecond)
}

// Note returns the note with the given id.
func (s *Store) Note(id string) (model.Note, error) {
	var n model.Note
	err := s.db.View(func(txn *badger.Txn) error {
		data, found, err := get(txn, noteKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		n, err = decodeNote(data)
		return err
	})
	if err != nil {
		return model.Note{}, fmt.Errorf("note %s: %w", id, err)
	}
	return n, nil
}

// NoteSummaries returns every note without its body, most recently updated
// first: what a list of notes shows. It reads the bodies of none, so the
// first call after Open takes milliseconds for thousands of notes and later
// calls less. Notes that cannot be read are left in the store untouched and
// reported in the error, which comes together with all the others. Note
// gives a note's body.
func (s *Store) NoteSummaries() ([]NoteSummary, error) {
	ns, err := s.cache.list(s.db, false, nil)
	if err != nil {
		return ns, fmt.Errorf("list notes: %w", err)
	}
	return ns, nil
}

// Notes returns every note whole, bodies included, most recently updated
// first, for an export. It reads every note from the disk each time; a list
// wants NoteSummaries. Notes that cannot be read are left in the store
// untouched and reported in the error, which comes together with all the
// others.
func (s *Store) Notes() ([]model.Note, error) {
	ns, bad, err := decodeAll(s.db, prefixNote, func() func(key, value string) (model.Note, error) {
		return func(key, value string) (model.Note, error) {
			n, err := decodeNote([]byte(value))
			if err == nil && key != prefixNote+n.ID {
				err = fmt.Errorf("%w: key and id differ", ErrInvalid)
			}
			return n, err
		}
	})
	if err != nil {
		return nil, fmt.Errorf("list notes: %w", err)
	}
	slices.SortFunc(ns, func(a, b model.Note) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	if len(bad) > 0 {
		return ns, fmt.Errorf("list notes: %d notes could not be read and were left as they are: %w", len(bad), manyErrors(bad))
	}
	return ns, nil
}

// DeleteNote removes a note and its history, and returns them for
// UndeleteNote.
func (s *Store) DeleteNote(id string) (DeletedNote, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	var d DeletedNote
	err := s.update("delete note", 0, func(txn *badger.Txn) error {
		d = DeletedNote{}
		data, found, err := get(txn, noteKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		if d.Note, err = decodeNote(data); err != nil {
			return err
		}
		var drop [][]byte
		err = each(txn, historyPrefix(id), true, func(key, value []byte) error {
			v, err := decodeNote(value)
			if err != nil {
				return nil // an unreadable version stays where it is
			}
			d.History = append(d.History, v)
			drop = append(drop, key)
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return deleteNote(txn, id)
	})
	if err != nil {
		return DeletedNote{}, fmt.Errorf("delete note %s: %w", id, err)
	}
	s.cache.drop(id)
	return d, nil
}

// UndeleteNote puts back a note and its history exactly as DeleteNote
// returned them.
func (s *Store) UndeleteNote(d DeletedNote) error {
	recs := map[string][]byte{}
	need := 0
	for i, n := range append([]model.Note{d.Note}, d.History...) {
		normalizeNote(&n)
		if n.ID != d.Note.ID {
			return fmt.Errorf("undelete note %s: %w: history of another note", d.Note.ID, ErrInvalid)
		}
		if err := n.Validate(); err != nil {
			return fmt.Errorf("undelete note %s: %w: %v", d.Note.ID, ErrInvalid, err)
		}
		data, err := encodeNote(&n)
		if err != nil {
			return fmt.Errorf("undelete note %s: %w", d.Note.ID, err)
		}
		key := string(historyKey(n.ID, n.Updated))
		if i == 0 {
			key = string(noteKey(n.ID))
		}
		recs[key] = data
		if i == 0 {
			if err := putDerived(recSet(recs), &n); err != nil {
				return fmt.Errorf("undelete note %s: %w", d.Note.ID, err)
			}
		}
	}
	for _, v := range recs {
		need += len(v)
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	err := s.update("undelete note", need, func(txn *badger.Txn) error {
		for k, v := range recs {
			if err := txn.Set([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("undelete note %s: %w", d.Note.ID, err)
	}
	n := d.Note
	normalizeNote(&n)
	s.cache.put(&n)
	return nil
}

// recSet collects records by key, as a setter.
type recSet map[string][]byte

func (m recSet) Set(key, value []byte) error {
	m[string(key)] = value
	return nil
}

// NoteHistory returns the earlier versions of a note, newest first. Each
// version's Updated time names it for RestoreNoteVersion.
func (s *Store) NoteHistory(id string) ([]model.Note, error) {
	var out []model.Note
	err := s.db.View(func(txn *badger.Txn) error {
		return each(txn, historyPrefix(id), true, func(key, value []byte) error {
			n, err := decodeNote(value)
			if err != nil {
				s.cfg.logger.Warn("store: unreadable note version skipped", "key", string(key), "err", err)
				return nil
			}
			out = append(out, n)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("history of note %s: %w", id, err)
	}
	return out, nil
}

// RestoreNoteVersion makes the version of a note updated at version its
// current text again. The text it replaces goes into the history first, so a
// restore can itself be undone.
func (s *Store) RestoreNoteVersion(id string, version time.Time) (model.Note, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	var restored model.Note
	err := s.update("restore note version", 0, func(txn *badger.Txn) error {
		curData, found, err := get(txn, noteKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		cur, err := decodeNote(curData)
		if err != nil {
			return err
		}
		oldData, found, err := get(txn, historyKey(id, version))
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("version of %s: %w", version.Format(time.RFC3339Nano), ErrNotFound)
		}
		old, err := decodeNote(oldData)
		if err != nil {
			return err
		}
		if sameContent(&cur, &old) {
			restored = cur
			return nil
		}
		next := old
		next.ID, next.Created, next.Updated = id, cur.Created, later(s.now(), cur.Updated)
		if err := s.addHistory(txn, id, cur.Updated, curData); err != nil {
			return err
		}
		if err := putNote(txn, &next); err != nil {
			return err
		}
		restored = next
		return nil
	})
	if err != nil {
		return model.Note{}, fmt.Errorf("restore note %s: %w", id, err)
	}
	s.cache.put(&restored)
	return restored, nil
}

// crockford is the alphabet of ids: digits and lower-case letters without
// i, l, o and u, so ids read aloud and sort by time.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// newID returns a 20-character id: 10 characters of milliseconds since 1970,
// then 50 random bits, so that ids sort by creation time and never collide
// in practice.
func newID(t time.Time) string {
	var b [20]byte
	ms := uint64(t.UnixMilli())
	r := rand.Uint64()
	for i := 9; i >= 0; i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
		b[10+i] = crockford[r&31]
		r >>= 5
	}
	return string(b[:])
}
