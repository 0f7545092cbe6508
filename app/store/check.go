package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"
)

// errLockHeld is lockDir's answer when another process holds the folder.
var errLockHeld = errors.New("folder locked by another process")

// checkAndRepair looks at the store's files before Badger opens them and
// moves a damaged store aside, all while holding the folder's lock so that no
// other process is using the files meanwhile.
func (s *Store) checkAndRepair() error {
	unlock, err := lockDir(s.dir)
	if errors.Is(err, errLockHeld) {
		return &Error{Kind: ErrLocked, Path: s.dir}
	}
	if err != nil {
		return s.fsError("open store", err)
	}
	locked := true
	defer func() {
		if locked {
			unlock()
		}
	}()
	damage, err := inspect(s.dir, s.badgerOptions())
	if err != nil {
		return err
	}
	if damage != nil {
		if !lockHeldDuringRename {
			unlock()
			locked = false
		}
		return s.moveAside(damage)
	}
	if empty := emptyLastVlog(s.dir); empty != "" {
		// A process killed just after creating its next value-log file
		// leaves it empty, and Badger then refuses to open. An empty file
		// holds nothing, so it goes.
		if err := os.Remove(empty); err != nil {
			return s.fsError("remove empty value log", err)
		}
		s.cfg.logger.Warn("store: removed an empty value-log file left by a crash", "file", empty)
	}
	return nil
}

// emptyLastVlog returns the path of the newest value-log file if it is
// empty, else "".
func emptyLastVlog(dir string) string {
	logs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	last, lastID := "", uint64(0)
	for _, p := range logs {
		id, err := strconv.ParseUint(strings.TrimSuffix(filepath.Base(p), ".vlog"), 10, 64)
		if err == nil && (last == "" || id > lastID) {
			last, lastID = p, id
		}
	}
	if st, err := os.Stat(last); last != "" && err == nil && st.Size() == 0 {
		return last
	}
	return ""
}

// repairAfter moves the store aside after Badger itself reported damage.
func (s *Store) repairAfter(cause error) error {
	unlock, err := lockDir(s.dir)
	if errors.Is(err, errLockHeld) {
		return &Error{Kind: ErrLocked, Path: s.dir}
	}
	if err != nil {
		return s.fsError("open store", err)
	}
	if !lockHeldDuringRename {
		unlock()
		return s.moveAside(cause)
	}
	defer unlock()
	return s.moveAside(cause)
}

// inspect returns a description of the damage in a store folder, or nil if
// it looks sound or is new. It checks what Badger would otherwise get wrong:
// without its MANIFEST, or with a MANIFEST cut short, Badger deletes the
// tables it no longer sees; and some damaged tables make it panic on a
// goroutine of its own, which no caller can recover from.
func inspect(dir string, opt badger.Options) (damage error, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read store folder %s: %w", dir, err)
	}
	hasManifest, hasData, hasOther := false, false, false
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == "MANIFEST":
			hasManifest = true
		case strings.HasSuffix(name, ".sst"), strings.HasSuffix(name, ".vlog"):
			hasData = true
		case strings.HasSuffix(name, ".mem"), name == "KEYREGISTRY", name == "DISCARD", name == "LOCK",
			name == "MANIFEST-REWRITE":
		default:
			hasOther = true
		}
	}
	switch {
	case !hasManifest && hasData:
		return errors.New("its MANIFEST file is missing"), nil
	case !hasManifest && hasOther && !hasData:
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".mem") || n == "KEYREGISTRY" || n == "DISCARD" {
				return nil, nil // a store whose first start was cut short
			}
		}
		return nil, &Error{Kind: ErrNotStore, Path: dir}
	case !hasManifest:
		return nil, nil
	}

	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return nil, fmt.Errorf("read store folder %s: %w", dir, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read store folder %s: %w", dir, err)
	}
	m, end, err := badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
	if err != nil {
		return fmt.Errorf("its MANIFEST file is unreadable: %v", err), nil
	}
	if end != st.Size() {
		return fmt.Errorf("its MANIFEST file is cut short at byte %d of %d", end, st.Size()), nil
	}
	for id, tm := range m.Tables {
		if err := checkTable(filepath.Join(dir, table.IDToFilename(id)), tm.Compression); err != nil {
			return fmt.Errorf("table %s: %v", table.IDToFilename(id), err), nil
		}
	}
	return nil, nil
}

// checkTable opens one table as Badger would and verifies its checksums,
// catching the panics some damage causes.
func checkTable(path string, c options.CompressionType) (err error) {
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil && !errors.Is(err, z.NewFile) {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			mf.Close(-1)
			err = fmt.Errorf("unreadable: %v", firstLine(fmt.Sprint(r)))
		}
	}()
	t, err := table.OpenTable(mf, table.Options{
		ReadOnly:    true,
		ChkMode:     options.OnTableRead,
		BlockSize:   blockSize,
		Compression: c,
	})
	if err != nil {
		return err
	}
	return t.MmapFile.Close(-1)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// moveAside renames the damaged store folder to a dated sibling and makes a
// fresh folder in its place. The caller holds the folder's lock.
func (s *Store) moveAside(cause error) error {
	stamp := s.now().Local().Format("20060102-150405")
	target := s.dir + ".damaged-" + stamp
	for i := 2; exists(target); i++ {
		target = fmt.Sprintf("%s.damaged-%s-%d", s.dir, stamp, i)
	}
	if err := os.Rename(s.dir, target); err != nil {
		return &Error{Kind: ErrDamaged, Path: s.dir, Err: fmt.Errorf("%v; moving it aside: %v", cause, err)}
	}
	if err := syncDir(filepath.Dir(s.dir)); err != nil {
		s.cfg.logger.Warn("store: sync parent folder", "dir", filepath.Dir(s.dir), "err", err)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return s.fsError("create fresh store", err)
	}
	s.recovery = &Recovery{Dir: s.dir, MovedTo: target, Cause: cause}
	s.cfg.logger.Warn("store: damaged store moved aside", "dir", s.dir, "moved_to", target, "cause", cause)
	return nil
}
