// Package store keeps the user's data — notes, saved views and settings — in
// a Badger database on the local disk, durably and recoverably. It owns the
// faults a desktop store meets: a second process on the same folder, damaged
// files, a full disk, backups and schema upgrades. It knows the user-data
// types of package model and nothing of the UI.
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// EnvDir is the environment variable that chooses the store folder when no
// folder is given explicitly.
const EnvDir = "GOVSCAPE_STORE"

// SchemaVersion is the version of the store's layout this code reads and
// writes. A store with a lower version is backed up, then upgraded, on Open.
const SchemaVersion = 3

// Store is an open Govscape store. Its methods are safe for concurrent use.
type Store struct {
	db       *badger.DB
	dir      string // the store folder as given, made absolute
	real     string // the folder dir names, after symbolic links
	cfg      config
	lock     *dirLock // the folder's lock, held from Open to Close
	recovery *Recovery
	cache    noteCache

	readOnly bool
	roReason string // why a store opened to write is open to read, or ""
	snapshot string // the scratch copy a read-only store is read from, or ""
	finished *Finished
}

// Recovery says that the store found at Open was damaged and where it went.
// Nothing was deleted: the damaged folder is kept, whole, at MovedTo.
type Recovery struct {
	Dir     string // the store folder, now holding a fresh, empty store
	MovedTo string // where the damaged store was moved
	Cause   error  // what was found wrong
}

// Message tells a person what happened and what they can do.
func (r *Recovery) Message() string {
	return fmt.Sprintf("The Govscape store in %s was damaged (%v). It was moved, unchanged, to %s "+
		"and Govscape started with an empty store. Keep that folder; to get your notes and views back, "+
		"restore your latest backup.", r.Dir, r.Cause, r.MovedTo)
}

// Option changes how Open opens a store.
type Option func(*config)

type config struct {
	logger       *slog.Logger
	now          func() time.Time
	historyEvery time.Duration
	minFree      uint64
	lockWait     time.Duration
	readOnly     bool
	fallback     bool
}

func defaultLogger() *slog.Logger { return slog.Default() }

// WithLogger sends the store's and Badger's warnings and errors to l instead
// of slog.Default(). Badger's informational chatter is dropped.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithClock makes the store read the time from now; tests use it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithHistoryInterval sets how far apart the versions kept in a note's
// history are while someone keeps editing it (default one minute), so that
// autosave does not fill the history with every keystroke. A version that
// stood for longer than d before being replaced is always kept. Zero keeps
// every version.
func WithHistoryInterval(d time.Duration) Option { return func(c *config) { c.historyEvery = d } }

// blockSize is the size of the blocks of Badger's tables.
const blockSize = 16 << 10

// defaultMinFree is the disk space kept free for Badger: a new write-ahead
// log and value log, and the tables a flush and a compaction write. Badger
// writes through memory maps, where a full disk is a fatal signal rather than
// an error, so the store refuses a write before it gets that close.
const defaultMinFree = 64 << 20

// DefaultDir resolves the store folder: explicit (from a --store flag) if
// set, else the GOVSCAPE_STORE environment variable, else the folder "store"
// inside userDataRoot, the OS user data folder the caller supplies (the UI
// passes Fyne's storage root). The result is absolute.
func DefaultDir(explicit, userDataRoot string) (string, error) {
	dir := explicit
	if dir == "" {
		dir = os.Getenv(EnvDir)
	}
	if dir == "" {
		if userDataRoot == "" {
			return "", errors.New("no store folder: pass --store DIR or set " + EnvDir)
		}
		dir = filepath.Join(userDataRoot, "store")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("store folder %s: %w", dir, err)
	}
	return abs, nil
}

// openBadger opens Badger, turning a panic on damaged files into an error.
func openBadger(opt badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("badger: %v", r)
		}
	}()
	return badger.Open(opt)
}

// badgerOptions sizes Badger for a desktop store of notes: Badger's defaults
// take about 85 MiB of memory and a 2 GiB value log.
func (s *Store) badgerOptions() badger.Options {
	return badger.DefaultOptions(s.dir).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		// No block cache: the tables are not compressed (below), and
		// Badger reads their blocks in place from its memory maps, where a
		// cache only adds work. (Tables an earlier version compressed are
		// decompressed at each read until compactions rewrite them.)
		WithBlockCacheSize(0).
		WithValueLogFileSize(16 << 20).
		WithNumCompactors(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithNumGoroutines(2).
		// Values above 4 KiB go to the value log, so that a note with its
		// history entries always fits in one transaction.
		WithValueThreshold(4 << 10).
		// Tables are not compressed: the first listing and the first
		// search after Open read every summary and search text, and
		// decompressing their blocks took as long as the rest of the
		// reading. Notes are text and small; the disk they take roughly
		// doubles. Tables an earlier version wrote compressed stay
		// readable (each table names its compression in the MANIFEST,
		// which is also what the check at Open goes by) and are rewritten
		// uncompressed as Badger compacts them. Blocks are larger than
		// Badger's 4 KiB, which hold only three or four search texts
		// each: reading them all costs less in fewer blocks.
		WithCompression(options.None).
		WithBlockSize(blockSize).
		WithSyncWrites(true).
		WithMetricsEnabled(false).
		// Open's check has verified every table's checksums just before,
		// so Badger need not read them all a second time.
		WithChecksumVerificationMode(options.NoVerification).
		WithVerifyValueChecksum(true).
		WithLoggingLevel(badger.WARNING).
		WithLogger(badgerLogger{s.cfg.logger}).
		// Open takes the folder's lock itself, before it checks the
		// files, and holds it until Close: there is no moment between
		// the check and Badger's open for another process to slip in.
		WithBypassLockGuard(true)
}

// Dir returns the store's folder.
func (s *Store) Dir() string { return s.dir }

// Recovery returns what Open did about a damaged store, or nil if it found
// none.
func (s *Store) Recovery() *Recovery { return s.recovery }

// Close writes everything out and closes the store. It first gives Badger
// one chance to reclaim value-log space left by replaced notes.
func (s *Store) Close() error {
	defer s.releaseLock()
	if s.snapshot != "" {
		defer os.RemoveAll(s.snapshot)
	}
	if !s.readOnly {
		if err := s.db.RunValueLogGC(0.5); err != nil && !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
			s.cfg.logger.Warn("store: value log clean-up", "dir", s.dir, "err", err)
		}
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// now is the store's clock, in UTC and without a monotonic reading, so that
// times round-trip through JSON unchanged.
func (s *Store) now() time.Time { return s.cfg.now().UTC().Round(0) }

// fsError turns a file-system failure into an Error a person can act on, or
// wraps it with context.
func (s *Store) fsError(op string, err error) error {
	if kind := osKind(err); kind != nil {
		return &Error{Kind: kind, Path: s.dir, Err: err}
	}
	return fmt.Errorf("%s %s: %w", op, s.dir, err)
}

// badgerLogger routes Badger's warnings and errors to our logger.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, v ...any) {
	b.l.Log(context.Background(), slog.LevelError, "badger: "+trimNewline(fmt.Sprintf(f, v...)))
}

func (b badgerLogger) Warningf(f string, v ...any) {
	b.l.Log(context.Background(), slog.LevelWarn, "badger: "+trimNewline(fmt.Sprintf(f, v...)))
}
func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

func trimNewline(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}

// exists reports whether path exists; errors other than absence count as
// existing, so that nothing is overwritten on a doubt.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
