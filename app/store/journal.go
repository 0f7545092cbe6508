package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// An operation of more writes than one Badger transaction holds — a
// restore, a large import — is made all or nothing with a journal. It is
// planned whole, without writing to the store, and its records are written
// to the journal file, which appears whole or not at all (written beside,
// synced, renamed): that rename is the moment the operation happens. The
// records are then written to the store and the journal removed. A process
// killed before the rename leaves the store as it was; one killed after it
// leaves a journal that the next Open applies again, before anything else,
// and reports (Store.Finished). Applying a journal twice gives the same
// store as applying it once.
//
// The file is journalMagic, a line of JSON (journalHead), then the records
// as frames of uvarint length and bytes, key then value, then
// backupTrailer and the SHA-256 of everything before it.
const journalMagic = "govscape/pending@1\n"

// Kinds of journal.
const (
	journalSet   = "set"   // each record replaces the store's record of its key
	journalMerge = "merge" // notes merged as MergeNotes does, then a view added if absent
)

// journalHead says what a journal holds.
type journalHead struct {
	Op      string    `json:"op"`      // journalSet or journalMerge
	What    string    `json:"what"`    // the operation, for people: "the restore from FILE"
	Started time.Time `json:"started"` // when it was planned
	Version int       `json:"version"` // the store version its records are in
}

// Finished tells of an operation that a crash cut short and that Open
// finished from its journal.
type Finished struct {
	What    string    // such as "the restore from /home/ana/notes.govscape-backup"
	Started time.Time // when it began
}

// Message says what happened, for a person.
func (f *Finished) Message() string {
	return fmt.Sprintf("%s, begun %s, was cut short; Govscape finished it now, so it is complete",
		f.What, f.Started.Local().Format("2006-01-02 15:04"))
}

// Finished returns the operation Open finished from its journal, or nil.
func (s *Store) Finished() *Finished { return s.finished }

func (s *Store) journalPath() string { return filepath.Join(s.real, journalName) }

// journalWriter streams records into a journal.
type journalWriter struct {
	w   io.Writer
	buf [binary.MaxVarintLen64]byte
	n   int // records written
}

func (j *journalWriter) put(key, value []byte) error {
	for _, b := range [][]byte{key, value} {
		k := binary.PutUvarint(j.buf[:], uint64(len(b)))
		if _, err := j.w.Write(j.buf[:k]); err != nil {
			return err
		}
		if _, err := j.w.Write(b); err != nil {
			return err
		}
	}
	j.n++
	return nil
}

// writeJournal plans an operation into the journal: fill gets put, which
// writes one record. The journal appears only once fill has succeeded.
func (s *Store) writeJournal(head journalHead, fill func(put func(key, value []byte) error) error) error {
	head.Version = SchemaVersion
	headLine, err := json.Marshal(head)
	if err != nil {
		return err
	}
	err = writeFileAtomic(s.journalPath(), func(w io.Writer) error {
		sum := sha256.New()
		hw := io.MultiWriter(w, sum)
		if _, err := io.WriteString(hw, journalMagic); err != nil {
			return err
		}
		if _, err := hw.Write(append(headLine, '\n')); err != nil {
			return err
		}
		if err := fill((&journalWriter{w: hw}).put); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum([]byte(backupTrailer)))
		return err
	})
	if err != nil {
		return s.writeError("plan "+head.What, err)
	}
	return nil
}

// readJournal checks the journal at path whole and calls fn with its head,
// then with each record in order. A key or value is valid only during fn.
func readJournal(path string, fn func(head journalHead, key, value []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	tail := int64(len(backupTrailer) + sha256.Size)
	if st.Size() < int64(len(journalMagic))+tail {
		return errors.New("cut short")
	}
	// First pass: the checksum.
	sum := sha256.New()
	if _, err := io.Copy(sum, io.LimitReader(f, st.Size()-tail)); err != nil {
		return err
	}
	trailer := make([]byte, tail)
	if _, err := io.ReadFull(f, trailer); err != nil {
		return err
	}
	if string(trailer[:len(backupTrailer)]) != backupTrailer || !bytes.Equal(trailer[len(backupTrailer):], sum.Sum(nil)) {
		return errors.New("checksum mismatch")
	}
	// Second pass: the records.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.LimitReader(f, st.Size()-tail), 1<<20)
	magic := make([]byte, len(journalMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != journalMagic {
		return errors.New("no journal header")
	}
	line, err := r.ReadBytes('\n')
	if err != nil {
		return err
	}
	var head journalHead
	if err := json.Unmarshal(line, &head); err != nil {
		return fmt.Errorf("journal head: %w", err)
	}
	if err := fn(head, nil, nil); err != nil {
		return err
	}
	var key, value []byte
	for {
		klen, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if klen > maxRecord {
			return errors.New("a key is too long")
		}
		key = grow(key, int(klen))
		if _, err := io.ReadFull(r, key); err != nil {
			return err
		}
		vlen, err := binary.ReadUvarint(r)
		if err != nil {
			return err
		}
		if vlen > 2*maxRecord {
			return errors.New("a value is too long")
		}
		value = grow(value, int(vlen))
		if _, err := io.ReadFull(r, value); err != nil {
			return err
		}
		if err := fn(head, key, value); err != nil {
			return err
		}
	}
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// applyJournal writes the journal's records into the store and removes it.
// The caller holds the cache's mutex, or no one else has the store yet.
// For a merge it returns what the merge did and the view it added, if any.
func (s *Store) applyJournal() (NotesImport, *model.View, error) {
	path := s.journalPath()
	var head journalHead
	var wb *batcher
	var notes []model.Note
	var view *model.View
	var rep NotesImport
	defer func() {
		if wb != nil {
			wb.Cancel()
		}
	}()
	err := readJournal(path, func(h journalHead, key, value []byte) error {
		if key == nil {
			head = h
			if h.Version != SchemaVersion {
				return fmt.Errorf("its records are of store version %d, this Govscape writes %d", h.Version, SchemaVersion)
			}
			if h.Op == journalSet {
				wb = newBatcher(s.db)
			} else if h.Op != journalMerge {
				return fmt.Errorf("unknown operation %q", h.Op)
			}
			return nil
		}
		if head.Op == journalMerge {
			if bytes.HasPrefix(key, []byte(prefixView)) {
				v, err := decodeView(value)
				view = &v
				return err
			}
			n, err := decodeNote(value)
			if err != nil {
				return err
			}
			notes = append(notes, n)
			if len(notes) == mergeStepNotes {
				r, err := s.mergeNotesLocked(notes, nil)
				rep.add(r)
				if err != nil {
					return err
				}
				notes = notes[:0]
			}
			return nil
		}
		k, v := bytes.Clone(key), bytes.Clone(value)
		if err := wb.Set(k, v); err != nil {
			return err
		}
		if bytes.HasPrefix(k, []byte(prefixNote)) {
			n, err := decodeNote(v)
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			return putDerived(wb, &n)
		}
		return nil
	})
	if err == nil && wb != nil {
		err = wb.Flush()
	}
	if err == nil && head.Op == journalMerge {
		var r NotesImport
		r, err = s.mergeNotesLocked(notes, addViewIfAbsent(view))
		rep.add(r)
	}
	if err != nil {
		return rep, nil, fmt.Errorf("finish %s from its journal %s: %w", orOperation(head.What), path, err)
	}
	s.cache.reset()
	if err := os.Remove(path); err != nil {
		return rep, view, s.fsError("remove the journal of "+head.What, err)
	}
	if err := syncDir(s.real); err != nil {
		s.cfg.logger.Warn("store: sync folder", "dir", s.real, "err", err)
	}
	return rep, view, nil
}

func orOperation(what string) string {
	if what == "" {
		return "an operation"
	}
	return what
}

// addViewIfAbsent returns the final step of a merge: v is put unless a view
// of its id is there already (as it is when a journal is applied a second
// time); a name another view has gets a number, and v carries it.
func addViewIfAbsent(v *model.View) func(txn *badger.Txn) error {
	if v == nil {
		return nil
	}
	return func(txn *badger.Txn) error {
		if _, found, err := get(txn, viewKey(v.ID)); err != nil || found {
			return err
		}
		names := map[string]string{}
		err := each(txn, []byte(prefixView), false, func(_, value []byte) error {
			if other, err := decodeView(value); err == nil {
				names[foldName(other.Name)] = other.ID
			}
			return nil
		})
		if err != nil {
			return err
		}
		if _, taken := names[foldName(v.Name)]; taken {
			v.Name = numbered(v.Name, names)
		}
		return putView(txn, v)
	}
}

// finishJournal applies a journal a crash left, at Open. A journal that
// cannot be read was never complete (it appears by a rename only once
// whole), so it is set aside, and the store is as it was before.
func (s *Store) finishJournal() error {
	path := s.journalPath()
	if !exists(path) {
		return nil
	}
	var head journalHead
	if err := readJournal(path, func(h journalHead, key, _ []byte) error {
		if key == nil {
			head = h
		}
		return nil
	}); err != nil {
		aside := path + ".unreadable-" + s.now().Local().Format("20060102-150405")
		s.cfg.logger.Warn("store: an unreadable journal was set aside; the store is as it was before that operation",
			"journal", aside, "err", err)
		return os.Rename(path, aside)
	}
	if _, _, err := s.applyJournal(); err != nil {
		return err
	}
	s.finished = &Finished{What: head.What, Started: head.Started}
	s.cfg.logger.Info("store: finished an operation a crash cut short", "what", head.What)
	return nil
}
