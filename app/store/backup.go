package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// BackupExt is the file extension of Govscape backups.
const BackupExt = ".govscape-backup"

// A backup file is backupMagic, then Badger's backup stream (frames of a
// little-endian uint64 length and that many bytes), then backupTrailer and
// the SHA-256 of everything before it: Badger's stream has no checksum.
const (
	backupMagic   = "govscape/backup@1\n"
	backupTrailer = "\ngovscape-sha256:"
)

// migrations[v] upgrades a store from schema version v to v+1, in place.
// Version 0 is a store written before the version key existed, whose records
// are already in version 1's form. Version 2 added a summary beside every
// note (ns/<id>). Version 3 writes summaries in binary form and added a
// search record beside every note (nt/<id>: its summary and search text);
// its migration rebuilds both from the notes, so that from version 1 needs
// no step of its own.
var migrations = []func(db *badger.DB) error{
	0: func(*badger.DB) error { return nil },
	1: func(*badger.DB) error { return nil },
	2: rebuildSummaries,
}

// RestoreReport says what Restore brought back.
type RestoreReport struct {
	Notes, Views, Settings int    // records restored from the backup
	Versions               int    // note history versions restored
	SafetyBackup           string // backup of the store as it was just before
}

// BackupDir is the folder, beside the store, where the store puts the
// backups it takes by itself: before a schema upgrade and before a restore.
func (s *Store) BackupDir() string { return s.dir + ".backups" }

// prepare checks the store's schema version after Open: it records the
// version in a new store, refuses a store from a newer Govscape, and backs up
// then upgrades an older one.
func (s *Store) prepare() error {
	version, found, empty, err := storeVersion(s.db)
	if err != nil {
		s.cfg.logger.Warn("store: unreadable version record; treating the store as unversioned", "dir", s.dir, "err", err)
		version, found = 0, true
	}
	switch {
	case !found && empty:
		return s.setVersion(SchemaVersion)
	case !found:
		version = 0
	}
	if version > SchemaVersion {
		return &Error{Kind: ErrNewerSchema, Path: s.dir,
			Err: fmt.Errorf("store version %d; this Govscape reads up to %d", version, SchemaVersion)}
	}
	if version == SchemaVersion {
		return s.reindexIfMarked()
	}
	backup, err := s.autoBackup(fmt.Sprintf("before-upgrade-v%d-to-v%d", version, SchemaVersion))
	if err != nil {
		return fmt.Errorf("back up store %s before upgrading it: %w", s.dir, err)
	}
	if err := migrate(s.db, version); err != nil {
		return fmt.Errorf("upgrade store %s (a backup from before is in %s): %w", s.dir, backup, err)
	}
	if err := s.setVersion(SchemaVersion); err != nil {
		return err
	}
	s.cfg.logger.Info("store: upgraded", "dir", s.dir, "from", version, "to", SchemaVersion, "backup", backup)
	return s.reindexIfMarked()
}

// migrate runs the migrations from version up to SchemaVersion.
func migrate(db *badger.DB, version int) error {
	for v := version; v < SchemaVersion; v++ {
		if err := migrations[v](db); err != nil {
			return fmt.Errorf("from version %d: %w", v, err)
		}
	}
	return nil
}

// storeVersion reads m/schema. empty reports whether db holds no keys at all.
func storeVersion(db *badger.DB) (version int, found, empty bool, err error) {
	err = db.View(func(txn *badger.Txn) error {
		data, ok, err := get(txn, []byte(keySchema))
		if err != nil {
			return err
		}
		if ok {
			found = true
			version, err = decodeStoreVersion(data)
			return err
		}
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return version, found, empty, err
}

func (s *Store) setVersion(v int) error {
	data, err := encode(storeRecord{Schema: storeSchema, Version: v})
	if err != nil {
		return err
	}
	return s.update("record store version", len(data), func(txn *badger.Txn) error {
		return txn.Set([]byte(keySchema), data)
	})
}

// autoBackup writes a backup named for why it was taken into BackupDir.
func (s *Store) autoBackup(why string) (string, error) {
	if err := os.MkdirAll(s.BackupDir(), 0o700); err != nil {
		return "", s.fsError("create backup folder", err)
	}
	base := filepath.Join(s.BackupDir(), why+"-"+s.now().Local().Format("20060102-150405"))
	path := base + BackupExt
	for i := 2; exists(path); i++ {
		path = fmt.Sprintf("%s-%d%s", base, i, BackupExt)
	}
	return path, s.Backup(path)
}

// Backup writes every note, note version, view and setting to one file at
// path. The file appears whole or not at all: it is written beside path,
// synced, then renamed over it.
func (s *Store) Backup(path string) error {
	err := writeFileAtomic(path, func(w io.Writer) error {
		sum := sha256.New()
		hw := io.MultiWriter(w, sum)
		if _, err := io.WriteString(hw, backupMagic); err != nil {
			return err
		}
		if _, err := s.db.Backup(hw, 0); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum([]byte(backupTrailer)))
		return err
	})
	if err != nil {
		if kind := osKind(err); kind != nil {
			return &Error{Kind: kind, Path: path, Err: err}
		}
		return fmt.Errorf("back up store to %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic writes path through fill: to a temporary file in the same
// folder, synced, then renamed over path, so that a crash leaves either the
// old file or the new one.
func writeFileAtomic(path string, fill func(w io.Writer) error) error {
	if err := replaceFile(path, fill); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// replaceFile is writeFileAtomic without the final sync of the folder, for
// writing many files into one folder and syncing it once.
func replaceFile(path string, fill func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Restore brings back every note, note version, view and setting in the
// backup at path. Each replaces the store's record of the same id; records
// made since the backup stay. Nothing is lost on the way: the store as it
// was is first backed up into BackupDir, and a note whose current text
// differs from the backup's keeps that text in its history. The backup is
// read and checked whole before anything is written, so a damaged or newer
// backup changes nothing.
func (s *Store) Restore(path string) (RestoreReport, error) {
	var rep RestoreReport
	recs, err := s.readBackup(path)
	if err != nil {
		return rep, err
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	keep, err := s.restorePlan(recs)
	if err != nil {
		return rep, fmt.Errorf("restore from %s: %w", path, err)
	}
	need := 0
	for _, r := range recs {
		need += len(r.value)
	}
	if err := s.roomFor(need); err != nil {
		return rep, err
	}
	if rep.SafetyBackup, err = s.autoBackup("before-restore"); err != nil {
		return rep, fmt.Errorf("back up the store before restoring %s: %w", path, err)
	}
	// A write batch is several transactions: should it be cut short, the
	// mark makes the next Open rebuild the summaries from the notes.
	if err := s.setReindex(); err != nil {
		return rep, fmt.Errorf("restore from %s: %w", path, err)
	}
	s.cache.reset()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, r := range append(keep, recs...) {
		if err := wb.Set(r.key, r.value); err != nil {
			return rep, s.writeError("restore from "+path, err)
		}
		switch {
		case bytes.HasPrefix(r.key, []byte(prefixNote)):
			// readBackup has checked that the record decodes.
			n, _ := decodeNote(r.value)
			if err := putDerived(wb, &n); err != nil {
				return rep, s.writeError("restore from "+path, err)
			}
			rep.Notes++
		case bytes.HasPrefix(r.key, []byte(prefixView)):
			rep.Views++
		case bytes.HasPrefix(r.key, []byte(prefixSetting)):
			rep.Settings++
		case bytes.HasPrefix(r.key, []byte(prefixHistory)):
			rep.Versions++
		}
	}
	if err := wb.Flush(); err != nil {
		return rep, s.writeError("restore from "+path, err)
	}
	if err := s.clearReindex(); err != nil {
		return rep, fmt.Errorf("restore from %s: %w", path, err)
	}
	rep.Versions -= len(keep)
	return rep, nil
}

type kv struct{ key, value []byte }

// verifyBackup checks a backup file's header, framing and checksum without
// trusting any length in it, and returns the length of the Badger stream.
func verifyBackup(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := st.Size()
	tail := int64(len(backupTrailer) + sha256.Size)
	if size < int64(len(backupMagic))+tail {
		return 0, errors.New("too short")
	}
	sum := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, size-tail), sum), 1<<20)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return 0, errors.New("no Govscape backup header")
	}
	left := size - tail - int64(len(backupMagic))
	for left > 0 {
		var frame [8]byte
		if left < 8 {
			return 0, errors.New("cut short")
		}
		if _, err := io.ReadFull(r, frame[:]); err != nil {
			return 0, err
		}
		n := binary.LittleEndian.Uint64(frame[:])
		left -= 8
		if n > uint64(left) {
			return 0, errors.New("cut short or damaged")
		}
		if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
			return 0, err
		}
		left -= int64(n)
	}
	trailer := make([]byte, tail)
	if _, err := io.ReadFull(f, trailer); err != nil {
		return 0, err
	}
	if string(trailer[:len(backupTrailer)]) != backupTrailer || !bytes.Equal(trailer[len(backupTrailer):], sum.Sum(nil)) {
		return 0, errors.New("checksum mismatch: the file is damaged")
	}
	return size - tail - int64(len(backupMagic)), nil
}

// load runs Badger's Load, turning a panic on bad input into an error.
func load(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unreadable backup stream: %v", p)
		}
	}()
	return db.Load(r, 16)
}

// readBackup loads a backup into a scratch Badger, upgrades it if
// it is older, and returns its records, each checked by its decoder.
func (s *Store) readBackup(path string) ([]kv, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	n, err := verifyBackup(f)
	if err != nil {
		return nil, &Error{Kind: ErrNotBackup, Path: path, Err: err}
	}
	if _, err := f.Seek(int64(len(backupMagic)), io.SeekStart); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	// The backup is loaded into a scratch store on disk beside this one:
	// Badger's in-memory mode cannot hold values over 1 MB.
	tmp, err := os.MkdirTemp(filepath.Dir(s.dir), "."+filepath.Base(s.dir)+".restore-*")
	if err != nil {
		return nil, s.fsError("restore "+path, err)
	}
	defer os.RemoveAll(tmp)
	opt := s.badgerOptions().WithDir(tmp).WithValueDir(tmp).WithSyncWrites(false)
	scratch, err := openBadger(opt)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", path, err)
	}
	defer scratch.Close()
	if err := load(scratch, bufio.NewReaderSize(io.LimitReader(f, n), 1<<20)); err != nil {
		return nil, &Error{Kind: ErrNotBackup, Path: path, Err: err}
	}
	version, found, _, err := storeVersion(scratch)
	if err != nil {
		return nil, &Error{Kind: ErrNotBackup, Path: path, Err: err}
	}
	if !found {
		version = 0
	}
	if version > SchemaVersion {
		return nil, &Error{Kind: ErrNewerSchema, Path: path,
			Err: fmt.Errorf("backup of store version %d; this Govscape reads up to %d", version, SchemaVersion)}
	}
	if err := migrate(scratch, version); err != nil {
		return nil, fmt.Errorf("upgrade backup %s: %w", path, err)
	}
	var recs []kv
	err = scratch.View(func(txn *badger.Txn) error {
		for _, p := range []string{prefixNote, prefixHistory, prefixView, prefixSetting} {
			err := each(txn, []byte(p), false, func(key, value []byte) error {
				if err := checkRecord(key, value); err != nil {
					return fmt.Errorf("%s: %w", key, err)
				}
				recs = append(recs, kv{key, value})
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, &Error{Kind: ErrNotBackup, Path: path, Err: err}
	}
	return recs, nil
}

// checkRecord decodes one record by its key and checks that the key and the
// record agree.
func checkRecord(key, value []byte) error {
	k := string(key)
	switch {
	case strings.HasPrefix(k, prefixNote):
		n, err := decodeNote(value)
		if err == nil && k != prefixNote+n.ID {
			err = fmt.Errorf("%w: key and id differ", ErrInvalid)
		}
		return err
	case strings.HasPrefix(k, prefixHistory):
		n, err := decodeNote(value)
		if err == nil && k != string(historyKey(n.ID, n.Updated)) {
			err = fmt.Errorf("%w: key and version differ", ErrInvalid)
		}
		return err
	case strings.HasPrefix(k, prefixView):
		v, err := decodeView(value)
		if err == nil && k != prefixView+v.ID {
			err = fmt.Errorf("%w: key and id differ", ErrInvalid)
		}
		return err
	case strings.HasPrefix(k, prefixSetting):
		if !validSettingName(k[len(prefixSetting):]) {
			return fmt.Errorf("%w: bad setting name", ErrInvalid)
		}
		_, err := decodeSetting(value)
		return err
	}
	return nil
}

// restorePlan returns the extra records a restore writes so that nothing in
// the store is lost: the current text of each note the backup replaces with
// different text, as a history version. It also renames restored views whose
// name another view has taken since.
func (s *Store) restorePlan(recs []kv) ([]kv, error) {
	var keep []kv
	err := s.db.View(func(txn *badger.Txn) error {
		names := map[string]string{} // folded name → view id, of views in the store
		err := each(txn, []byte(prefixView), false, func(_, value []byte) error {
			if v, err := decodeView(value); err == nil {
				names[foldName(v.Name)] = v.ID
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, r := range recs {
			switch {
			case bytes.HasPrefix(r.key, []byte(prefixNote)):
				curData, found, err := get(txn, r.key)
				if err != nil {
					return err
				}
				if !found {
					continue
				}
				cur, err := decodeNote(curData)
				if err != nil {
					return fmt.Errorf("%s: %w", r.key, err)
				}
				if old, _ := decodeNote(r.value); !sameContent(&cur, &old) {
					keep = append(keep, kv{historyKey(cur.ID, cur.Updated), curData})
				}
			case bytes.HasPrefix(r.key, []byte(prefixView)):
				v, _ := decodeView(r.value)
				if id, taken := names[foldName(v.Name)]; taken && id != v.ID {
					v.Name = renamed(v.Name, names)
					data, err := encodeView(&v)
					if err != nil {
						return err
					}
					recs[i].value = data
				}
				names[foldName(v.Name)] = v.ID
			}
		}
		return nil
	})
	return keep, err
}

func foldName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// freeName finds a name no other view has, by adding suffix(1), suffix(2)…
// to name, cutting name short where the suffix would make it too long.
func freeName(name string, taken map[string]string, suffix func(i int) string) string {
	for i := 1; ; i++ {
		sfx := suffix(i)
		n := name
		if len(n)+len(sfx) > model.MaxViewName {
			n = n[:model.MaxViewName-len(sfx)]
			for !utf8.ValidString(n) {
				n = n[:len(n)-1]
			}
		}
		if _, ok := taken[foldName(n+sfx)]; !ok {
			return n + sfx
		}
	}
}

// renamed finds a free name for a restored view: "Name (restored)", then
// "Name (restored 2)", and so on.
func renamed(name string, taken map[string]string) string {
	return freeName(name, taken, func(i int) string {
		if i == 1 {
			return " (restored)"
		}
		return fmt.Sprintf(" (restored %d)", i)
	})
}
