package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"

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
	ViewsKept              int    // views changed since the backup, kept as copies "… (before restore)"
	SettingsKept           int    // settings changed since the backup, which stay as they are
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
		if err := s.finishJournal(); err != nil {
			return err
		}
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
	if err := s.finishJournal(); err != nil {
		return err
	}
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

// Progress is told how far a long operation has come: done of total
// bytes, where total is an estimate, or 0 when unknown.
type Progress func(done, total int64)

// Backup writes every note, note version, view and setting to one file at
// path. The file appears whole or not at all: it is written beside path,
// synced, then renamed over it.
func (s *Store) Backup(path string) error {
	return s.BackupContext(context.Background(), path, nil)
}

// backupFrame is the size a frame of the backup stream grows to before it
// is written: what a backup holds in memory at once.
const backupFrame = 4 << 20

// BackupContext is Backup that reports its progress, if progress is not
// nil, and stops, leaving no file, when ctx is cancelled. It reads the
// store in one transaction, one record at a time, so its memory stays
// bounded whatever the store's size. The stream is the one Badger's own
// backup writes (and DB.Load reads): frames of a little-endian uint64
// length and a protobuf KVList.
func (s *Store) BackupContext(ctx context.Context, path string, progress Progress) error {
	lsm, vlog := s.db.Size()
	total := lsm + vlog
	err := writeFileAtomic(path, func(w io.Writer) error {
		sum := sha256.New()
		hw := &countingWriter{w: io.MultiWriter(w, sum)}
		if _, err := io.WriteString(hw, backupMagic); err != nil {
			return err
		}
		if err := s.writeStream(ctx, hw, func() {
			if progress != nil {
				progress(hw.n, max(total, hw.n))
			}
		}); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum([]byte(backupTrailer)))
		return err
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		if kind := osKind(err); kind != nil {
			return &Error{Kind: kind, Path: path, What: "the backup file", Err: err}
		}
		return fmt.Errorf("back up store to %s: %w", path, err)
	}
	return nil
}

// writeStream writes every record of the store in Badger's backup stream
// form, calling tick after each frame.
func (s *Store) writeStream(ctx context.Context, w io.Writer, tick func()) error {
	return s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		list := &pb.KVList{}
		size := 0
		flush := func() error {
			if len(list.Kv) == 0 {
				return nil
			}
			data, err := proto.Marshal(list)
			if err != nil {
				return err
			}
			var frame [8]byte
			binary.LittleEndian.PutUint64(frame[:], uint64(len(data)))
			if _, err := w.Write(frame[:]); err != nil {
				return err
			}
			if _, err := w.Write(data); err != nil {
				return err
			}
			list.Kv, size = list.Kv[:0], 0
			tick()
			return ctx.Err()
		}
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			value, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			list.Kv = append(list.Kv, &pb.KV{Key: item.KeyCopy(nil), Value: value, UserMeta: []byte{item.UserMeta()},
				Version: item.Version(), ExpiresAt: item.ExpiresAt(), Meta: []byte{0}})
			if size += len(value) + len(item.Key()); size >= backupFrame {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
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
	// What an earlier write of this same file left when it was killed.
	stale, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(filepath.Base(path))+".tmp-*"))
	for _, p := range stale {
		os.Remove(p)
	}
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

// globEscape quotes the characters filepath.Match gives a meaning to.
func globEscape(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[]\\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Restore brings back every note, note version, view and setting in the
// backup at path, all or nothing (see RestoreContext).
func (s *Store) Restore(path string) (RestoreReport, error) {
	return s.RestoreContext(context.Background(), path, nil)
}

// RestoreContext brings back every note, note version, view and setting in
// the backup at path. Each replaces the store's record of the same id, and
// what was saved since the backup is kept: a note whose current text
// differs from the backup's keeps that text in its history; a view changed
// since the backup stays, as a copy named "… (before restore)", beside the
// backup's; a setting changed since the backup stays as it is. Records made
// since the backup stay. Before anything is written the backup is checked
// whole, the store as it was is backed up into BackupDir, and the restore
// is planned into a journal: a restore cut short at any moment leaves the
// store as it was or, at the next Open, as restored. progress, if not nil,
// hears how far it has come; cancelling ctx stops it, with nothing changed,
// until the plan is complete (after that it runs to its end).
func (s *Store) RestoreContext(ctx context.Context, path string, progress Progress) (RestoreReport, error) {
	var rep RestoreReport
	if err := s.writable("restore from " + path); err != nil {
		return rep, err
	}
	scratch, done, err := s.readBackup(ctx, path, progress)
	if err != nil {
		return rep, err
	}
	defer done()
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	lsm, vlog := scratch.Size()
	if err := s.roomFor(int(lsm + vlog)); err != nil {
		return rep, err
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	if rep.SafetyBackup, err = s.autoBackup("before-restore"); err != nil {
		return rep, fmt.Errorf("back up the store before restoring %s: %w", path, err)
	}
	head := journalHead{Op: journalSet, What: "the restore from " + path, Started: s.now()}
	err = s.writeJournal(head, func(put func(key, value []byte) error) error {
		return s.planRestore(ctx, scratch, put, &rep)
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return RestoreReport{}, err
		}
		return RestoreReport{}, fmt.Errorf("restore from %s: %w", path, err)
	}
	if _, _, err := s.applyJournal(); err != nil {
		return rep, err
	}
	return rep, nil
}

// planRestore writes, through put, every record the restore of the backup
// in scratch writes into the store: the backup's records, and what keeps
// the store's newer work.
func (s *Store) planRestore(ctx context.Context, scratch *badger.DB, put func(key, value []byte) error, rep *RestoreReport) error {
	return s.db.View(func(cur *badger.Txn) error {
		names := map[string]string{} // folded name → view id, of the views the store will hold
		err := each(cur, []byte(prefixView), false, func(_, value []byte) error {
			if v, err := decodeView(value); err == nil {
				names[foldName(v.Name)] = v.ID
			}
			return nil
		})
		if err != nil {
			return err
		}
		return scratch.View(func(bt *badger.Txn) error {
			for _, p := range []string{prefixNote, prefixHistory, prefixView, prefixSetting} {
				err := each(bt, []byte(p), false, func(key, value []byte) error {
					if err := checkRecord(key, value); err != nil {
						return &Error{Kind: ErrNotBackup, Path: "the backup", Err: fmt.Errorf("record %s: %w", key, err)}
					}
					if err := ctx.Err(); err != nil {
						return err
					}
					return s.planRecord(cur, key, value, names, put, rep)
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// planRecord plans the restore of one checked record of the backup.
func (s *Store) planRecord(cur *badger.Txn, key, value []byte, names map[string]string,
	put func(key, value []byte) error, rep *RestoreReport) error {
	curData, found, err := get(cur, key)
	if err != nil {
		return err
	}
	switch {
	case bytes.HasPrefix(key, []byte(prefixNote)):
		rep.Notes++
		if found {
			now, err := decodeNote(curData)
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			if old, _ := decodeNote(value); !sameContent(&now, &old) {
				if err := put(historyKey(now.ID, now.Updated), curData); err != nil {
					return err
				}
			}
		}
	case bytes.HasPrefix(key, []byte(prefixHistory)):
		rep.Versions++
	case bytes.HasPrefix(key, []byte(prefixView)):
		rep.Views++
		v, _ := decodeView(value)
		if found {
			if now, err := decodeView(curData); err == nil && now.Updated.After(v.Updated) && !sameView(&now, &v) {
				// Changed since the backup: kept beside it, as a copy.
				kept := now
				kept.ID = newID(s.now())
				kept.Name = freeName(now.Name, names, func(i int) string {
					if i == 1 {
						return " (before restore)"
					}
					return fmt.Sprintf(" (before restore %d)", i)
				})
				data, err := encodeView(&kept)
				if err != nil {
					return err
				}
				if err := put(viewKey(kept.ID), data); err != nil {
					return err
				}
				names[foldName(kept.Name)] = kept.ID
				rep.ViewsKept++
			}
		}
		if id, taken := names[foldName(v.Name)]; taken && id != v.ID {
			v.Name = renamed(v.Name, names)
			data, err := encodeView(&v)
			if err != nil {
				return err
			}
			value = data
		}
		names[foldName(v.Name)] = v.ID
	case bytes.HasPrefix(key, []byte(prefixSetting)):
		if found && settingTime(curData).After(settingTime(value)) {
			rep.SettingsKept++ // changed since the backup: it stays
			return nil
		}
		rep.Settings++
	}
	return put(key, value)
}

// sameView reports whether two versions of a view hold the same content.
func sameView(a, b *model.View) bool {
	return a.Name == b.Name && a.Description == b.Description && jsonSame(a.State, b.State)
}

func jsonSame(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
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

// load writes the records of a backup stream into db: frames of a
// little-endian uint64 length and a protobuf KVList, as Badger's backup and
// writeStream write them. A stream from Badger's own backup may hold
// several versions of a key, newest first, and deletions: the first entry
// of each key is the one kept. It writes through a batcher rather than
// Badger's Load, whose memory grows with the values of large notes.
func load(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unreadable backup stream: %v", p)
		}
	}()
	b := newBatcher(db)
	defer b.Cancel()
	var last []byte
	var frame [8]byte
	for {
		if _, err := io.ReadFull(r, frame[:]); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		n := binary.LittleEndian.Uint64(frame[:])
		if n > maxFrame {
			return fmt.Errorf("a frame of %d bytes, more than this Govscape reads", n)
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(r, data); err != nil {
			return err
		}
		var list pb.KVList
		if err := proto.Unmarshal(data, &list); err != nil {
			return err
		}
		for _, kv := range list.Kv {
			if last != nil && bytes.Equal(kv.Key, last) {
				continue // an older version
			}
			last = kv.Key
			if len(kv.Meta) > 0 && kv.Meta[0]&bitDelete != 0 {
				err = b.Delete(kv.Key)
			} else {
				err = b.Set(kv.Key, kv.Value)
			}
			if err != nil {
				return err
			}
		}
	}
	return b.Flush()
}

// bitDelete marks a deletion in the meta byte of Badger's stream entries.
const bitDelete = 1

// maxFrame bounds one frame of a backup stream. Badger's own backups write
// frames of about 16 MiB; Govscape's of about backupFrame.
const maxFrame = 256 << 20

// readBackup checks the backup at path whole, loads it into a scratch
// Badger beside the store and upgrades it if it is older. done closes and
// removes the scratch store.
func (s *Store) readBackup(ctx context.Context, path string, progress Progress) (scratch *badger.DB, done func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	n, err := verifyBackup(f)
	if err != nil {
		return nil, nil, &Error{Kind: ErrNotBackup, Path: path, Err: err}
	}
	if _, err := f.Seek(int64(len(backupMagic)), io.SeekStart); err != nil {
		return nil, nil, fmt.Errorf("restore: %w", err)
	}
	// On disk, not in memory: Badger's in-memory mode cannot hold values
	// over 1 MB, and a large backup would not fit in memory anyway.
	tmp, err := os.MkdirTemp(filepath.Dir(s.dir), "."+filepath.Base(s.dir)+".restore-*")
	if err != nil {
		return nil, nil, s.fsError("restore "+path, err)
	}
	opt := s.badgerOptions().WithDir(tmp).WithValueDir(tmp).WithSyncWrites(false)
	scratch, err = openBadger(opt)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, nil, fmt.Errorf("restore %s: %w", path, err)
	}
	done = func() {
		scratch.Close()
		os.RemoveAll(tmp)
	}
	fail := func(err error) (*badger.DB, func(), error) {
		done()
		return nil, nil, err
	}
	r := &ctxReader{ctx: ctx, r: io.LimitReader(f, n), total: n, progress: progress}
	if err := load(scratch, bufio.NewReaderSize(r, 1<<20)); err != nil {
		if ctx.Err() != nil {
			return fail(ctx.Err())
		}
		return fail(&Error{Kind: ErrNotBackup, Path: path, Err: err})
	}
	version, found, _, err := storeVersion(scratch)
	if err != nil {
		return fail(&Error{Kind: ErrNotBackup, Path: path, Err: err})
	}
	if !found {
		version = 0
	}
	if version > SchemaVersion {
		return fail(&Error{Kind: ErrNewerSchema, Path: path,
			Err: fmt.Errorf("backup of store version %d; this Govscape reads up to %d", version, SchemaVersion)})
	}
	if err := migrate(scratch, version); err != nil {
		return fail(fmt.Errorf("upgrade backup %s: %w", path, err))
	}
	return scratch, done, nil
}

// ctxReader reads from r until ctx is cancelled, telling progress how far
// it has read of total.
type ctxReader struct {
	ctx      context.Context
	r        io.Reader
	n, total int64
	progress Progress
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil {
		c.progress(c.n, c.total)
	}
	return n, err
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
