package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// DefaultLockWait is how long Open waits, by default, for another process to
// let go of the store before it reports ErrLocked: long enough for a command
// such as `govscape note add` run from a script to finish.
const DefaultLockWait = 5 * time.Second

// WithLockWait sets how long Open waits for another process that has the
// store open (default DefaultLockWait); zero does not wait.
func WithLockWait(d time.Duration) Option { return func(c *config) { c.lockWait = d } }

// WithReadOnly opens the store for reading only: nothing in its folder is
// written, so it works on read-only media, on a full disk and beside other
// readers. Writes return ErrReadOnly.
func WithReadOnly() Option { return func(c *config) { c.readOnly = true } }

// WithReadOnlyFallback makes Open, when the store cannot be opened for
// writing — read-only media, too little free space, or a failure Badger
// reports for files the check found sound — open it for reading instead
// of failing. ReadOnly then says why.
func WithReadOnlyFallback() Option { return func(c *config) { c.fallback = true } }

// Open opens the store in dir, creating it if needed. Errors name the folder
// and say what to do; errors.Is sorts them: ErrLocked when another process
// has the store open (after waiting WithLockWait for it), ErrUnwritable,
// ErrDiskFull, ErrNotStore, ErrNewerSchema, ErrCannotOpen when Badger cannot
// open files the check found sound (nothing is changed or moved then), and
// ErrDamaged when a damaged store could not even be moved aside. A damaged
// store that could be moved aside is not an error: Open starts a fresh one
// and Recovery says where the old one went.
//
// The folder's lock is taken before anything in it is looked at and held
// until Close, so the check, the clean-up of what a crash left and Badger's
// own open all see files no other process is writing.
func Open(dir string, opts ...Option) (*Store, error) {
	cfg := config{logger: defaultLogger(), now: time.Now, historyEvery: time.Minute,
		minFree: defaultMinFree, lockWait: DefaultLockWait}
	for _, o := range opts {
		o(&cfg)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{dir: abs, real: abs, cfg: cfg}
	if cfg.readOnly {
		return s.openReadOnly("")
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		err = s.fsError("open store", err)
		if cfg.fallback && errors.Is(err, ErrUnwritable) {
			return s.openReadOnly(readOnlyReason(err))
		}
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(s.dir); err == nil {
		s.real = real
	}
	if _, err := s.waitForLock(false); err != nil {
		return nil, err
	}
	if err := s.openWritable(); err != nil {
		s.releaseLock()
		if cfg.fallback && (errors.Is(err, ErrUnwritable) || errors.Is(err, ErrDiskFull) || errors.Is(err, ErrCannotOpen)) {
			s.recovery = nil
			return s.openReadOnly(readOnlyReason(err))
		}
		return nil, err
	}
	return s, nil
}

// openWritable checks the folder, clears what crashes left, moves a damaged
// store aside, and opens Badger for writing. The caller holds the lock.
func (s *Store) openWritable() error {
	if err := s.cleanResidue(); err != nil {
		return err
	}
	damage, err := inspect(s.real, s.badgerOptions())
	if err != nil {
		return err
	}
	if damage != nil {
		if err := s.moveAside(damage); err != nil {
			return err
		}
	}
	// Badger writes through memory maps: opening a store for writing maps a
	// new write-ahead log and value log, and on a disk too full to back them
	// the process dies of SIGBUS rather than getting an error.
	if free, err := freeSpace(s.real); err == nil && free < s.cfg.minFree {
		return &Error{Kind: ErrDiskFull, Path: s.dir, Err: fmt.Errorf("%.1f MiB free; opening the store for writing needs %.0f MiB",
			float64(free)/(1<<20), float64(s.cfg.minFree)/(1<<20))}
	}
	s.nameHolder()
	db, err := openBadger(s.badgerOptions())
	if err != nil && osKind(err) == nil {
		// The check found the files sound, so this is not damage it can
		// show. Clear anything a crash left once more and try again.
		s.cfg.logger.Info("store: Badger could not open the store; trying once more", "dir", s.dir, "err", err)
		if cerr := s.cleanResidue(); cerr != nil {
			return cerr
		}
		db, err = openBadger(s.badgerOptions())
	}
	if err != nil {
		if osKind(err) != nil {
			return s.fsError("open store", err)
		}
		return &Error{Kind: ErrCannotOpen, Path: s.dir, Err: err}
	}
	s.db = db
	if err := s.prepare(); err != nil {
		db.Close()
		s.db = nil
		return err
	}
	return nil
}

// openReadOnly opens the store for reading only, writing nothing in its
// folder. reason, if not empty, is why a caller that wanted to write got a
// read-only store. A store whose files need writing before they can be
// read — a write-ahead log left by a crash, an older format, an unfinished
// restore — is copied to a scratch folder and read there.
func (s *Store) openReadOnly(reason string) (*Store, error) {
	s.readOnly, s.roReason = true, reason
	if real, err := filepath.EvalSymlinks(s.dir); err == nil {
		s.real = real
	}
	entries, err := os.ReadDir(s.real)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(entries) == 0 {
		// Nothing stored yet: an empty store in memory stands in.
		db, err := openBadger(badger.DefaultOptions("").WithInMemory(true).WithMemTableSize(1 << 20).WithValueThreshold(64 << 10).
			WithLogger(badgerLogger{s.cfg.logger}).WithLoggingLevel(badger.WARNING))
		if err != nil {
			return nil, fmt.Errorf("open store %s: %w", s.dir, err)
		}
		s.db = db
		return s, nil
	}
	if err != nil {
		return nil, s.fsError("open store", err)
	}
	if _, err := s.waitForLock(true); err != nil {
		return nil, err
	}
	fail := func(err error) (*Store, error) {
		s.releaseLock()
		return nil, err
	}
	damage, err := inspect(s.real, s.badgerOptions())
	if err != nil {
		return fail(err)
	}
	if damage != nil {
		return fail(&Error{Kind: ErrDamaged, Path: s.dir, Err: damage, left: true})
	}
	// A write-ahead log left by a crash must be replayed, which Badger does
	// only for writing; and reading it in place through a memory map can
	// kill the process with SIGBUS where the file system must find room for
	// the pages of a sparse file (tmpfs) and has none. It is read through a
	// copy, with plain reads.
	mems, _ := filepath.Glob(filepath.Join(s.real, "*.mem"))
	if len(mems) == 0 && !hasResidue(s.real) && !exists(filepath.Join(s.real, journalName)) {
		db, err := openBadger(s.badgerOptions().WithReadOnly(true))
		if err == nil {
			s.db = db
			if !s.needsWrite() {
				return s, nil
			}
			db.Close()
			s.db = nil
		} else if osKind(err) != nil && !errors.Is(osKind(err), ErrUnwritable) {
			return fail(s.fsError("open store", err))
		} else {
			s.cfg.logger.Info("store: reading through a copy", "dir", s.dir, "err", err)
		}
	}
	if err := s.openSnapshot(); err != nil {
		return fail(err)
	}
	return s, nil
}

// needsWrite reports whether a store opened read-only must be written to
// before it can be read as this version reads it.
func (s *Store) needsWrite() bool {
	version, found, empty, err := storeVersion(s.db)
	if err != nil || found && version != SchemaVersion || !found && !empty {
		return true
	}
	marked := false
	s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(keyReindex))
		marked = err == nil
		return nil
	})
	return marked
}

// openSnapshot copies the store's files into a scratch folder outside it
// and opens the copy for writing, so that Badger can replay, upgrade or
// finish there what it would otherwise write in the store itself. The copy
// goes when the store is closed.
func (s *Store) openSnapshot() error {
	entries, err := os.ReadDir(s.real)
	if err != nil {
		return s.fsError("open store", err)
	}
	var size uint64
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			size += uint64(info.Size())
		}
	}
	tmp, err := os.MkdirTemp("", "govscape-read-*")
	if err != nil {
		return fmt.Errorf("open store %s for reading: make a scratch copy: %w", s.dir, err)
	}
	if free, err := freeSpace(tmp); err == nil && free < size+s.cfg.minFree {
		os.RemoveAll(tmp)
		return &Error{Kind: ErrDiskFull, Path: tmp, Err: fmt.Errorf("the store in %s must be read through a copy after a crash, "+
			"and the copy needs %.0f MiB; %.1f MiB are free", s.dir, float64(size+s.cfg.minFree)/(1<<20), float64(free)/(1<<20))}
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == "LOCK" || residue(s.real, e) {
			continue
		}
		if err := copyFile(filepath.Join(s.real, e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("open store %s for reading: copy %s: %w", s.dir, e.Name(), err)
		}
	}
	s.snapshot = tmp
	opt := s.badgerOptions().WithDir(tmp).WithValueDir(tmp).WithSyncWrites(false)
	db, err := openBadger(opt)
	if err != nil {
		os.RemoveAll(tmp)
		s.snapshot = ""
		return &Error{Kind: ErrCannotOpen, Path: s.dir, Err: err}
	}
	s.db = db
	// The copy may be upgraded and a pending restore finished in it, as
	// Open would in the store; the store itself is left alone.
	s.readOnly = false
	err = s.prepare()
	s.readOnly = true
	if err != nil {
		db.Close()
		os.RemoveAll(tmp)
		s.db, s.snapshot = nil, ""
		return err
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// readOnlyReason says, for a person, why a store is open for reading only.
func readOnlyReason(err error) string {
	switch {
	case errors.Is(err, ErrUnwritable):
		return "its folder cannot be written"
	case errors.Is(err, ErrDiskFull):
		return "the disk holding it is almost full"
	}
	return "it could not be opened for writing: " + err.Error()
}

// ReadOnly reports whether the store is open for reading only and, when a
// store opened for writing fell back to reading, why.
func (s *Store) ReadOnly() (bool, string) { return s.readOnly, s.roReason }

// writable returns ErrReadOnly for a store open for reading only.
func (s *Store) writable(op string) error {
	if !s.readOnly {
		return nil
	}
	why := s.roReason
	if why == "" {
		why = "it was opened for reading only"
	}
	return &Error{Kind: ErrReadOnly, Path: s.dir, Err: fmt.Errorf("%s: %s", op, why)}
}

// dirLock is the folder's lock as this process holds it.
type dirLock struct {
	unlock func()
	pid    string // the LOCK file written for a lock held to write, else ""
}

// waitForLock takes the folder's lock — shared to read, exclusive to write
// — waiting up to the configured time for another process to let it go.
func (s *Store) waitForLock(shared bool) (*dirLock, error) {
	deadline := time.Now().Add(s.cfg.lockWait)
	for pause := 10 * time.Millisecond; ; pause = min(pause*2, 100*time.Millisecond) {
		unlock, err := lockDir(s.real, shared)
		if err == nil {
			s.lock = &dirLock{unlock: unlock}
			return s.lock, nil
		}
		if !errors.Is(err, errLockHeld) {
			return nil, s.fsError("open store", err)
		}
		if time.Now().Add(pause).After(deadline) {
			return nil, &Error{Kind: ErrLocked, Path: s.dir, Err: holder(s.real)}
		}
		time.Sleep(pause)
	}
}

// nameHolder writes this process's id into the LOCK file, as Badger does,
// so that another process waiting for the store can say who holds it. It is
// written only once the check is done, so a store moved aside as damaged
// is moved exactly as it was found.
func (s *Store) nameHolder() {
	p := filepath.Join(s.real, "LOCK")
	if err := os.WriteFile(p, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err == nil {
		s.lock.pid = p
	}
}

// releaseLock lets go of the folder's lock, if held.
func (s *Store) releaseLock() {
	if s.lock == nil {
		return
	}
	if s.lock.pid != "" {
		os.Remove(s.lock.pid)
	}
	s.lock.unlock()
	s.lock = nil
}

// holder names the process that holds the store in dir, from the LOCK file
// it wrote, or returns nil.
func holder(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return nil
	}
	if name := processName(pid); name != "" {
		return fmt.Errorf("process %d, %s", pid, name)
	}
	return fmt.Errorf("process %d", pid)
}

// processName returns the command name of process pid where the system
// tells it (Linux's /proc), else "".
func processName(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// journalName is the file in the store folder that holds an operation of
// many writes — a restore, an import — while it is applied (see journal.go).
const journalName = "PENDING.govscape"
