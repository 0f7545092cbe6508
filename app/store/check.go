package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"
)

// errLockHeld is lockDir's answer when another process holds the folder.
var errLockHeld = errors.New("folder locked by another process")

// logHeaderSize is the size of the header of Badger's write-ahead and value
// log files: the id of the data key (0 when not encrypted) and a nonce.
const logHeaderSize = 20

// cleanResidue removes what a process killed at the wrong moment leaves
// behind and that holds nothing: Badger's write-ahead logs and value logs
// that were created but never given a byte (Badger refuses to open a store
// holding one; see dgraph-io/badger#2207), and the scratch folders and
// temporary files of a backup, restore or check that was cut short. The
// caller holds the folder's lock, so no other process is using any of them.
func (s *Store) cleanResidue() error {
	entries, err := os.ReadDir(s.real)
	if err != nil {
		return s.fsError("open store", err)
	}
	var removed []string
	for _, e := range entries {
		if residue(s.real, e) {
			p := filepath.Join(s.real, e.Name())
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return s.fsError("remove an empty file left by a crash", err)
			}
			removed = append(removed, p)
		}
	}
	// Scratch folders of a restore or check beside the store, and
	// temporary files of a backup or pending operation cut short.
	base := filepath.Base(s.dir)
	for _, pattern := range []string{
		filepath.Join(filepath.Dir(s.dir), "."+base+".probe-*"),
		filepath.Join(filepath.Dir(s.dir), "."+base+".restore-*"),
		filepath.Join(s.BackupDir(), ".*.tmp-*"),
		filepath.Join(s.real, ".*.tmp-*"),
	} {
		found, _ := filepath.Glob(pattern)
		for _, p := range found {
			if err := os.RemoveAll(p); err != nil {
				s.cfg.logger.Warn("store: could not remove what a crash left", "path", p, "err", err)
				continue
			}
			removed = append(removed, p)
		}
	}
	if len(removed) > 0 {
		// Nothing was lost, so nothing is said above the informational level.
		s.cfg.logger.Info("store: removed what a crash left, which held nothing", "paths", removed)
		if err := syncDir(s.real); err != nil {
			s.cfg.logger.Warn("store: sync folder", "dir", s.real, "err", err)
		}
	}
	return nil
}

// residue reports whether e, in the store folder dir, is an empty Badger log
// file: one a crash left between its creation and its first byte.
func residue(dir string, e fs.DirEntry) bool {
	name := e.Name()
	if !e.Type().IsRegular() || !strings.HasSuffix(name, ".mem") && !strings.HasSuffix(name, ".vlog") {
		return false
	}
	info, err := e.Info()
	return err == nil && info.Size() == 0
}

// hasResidue reports whether the store folder dir holds empty log files.
func hasResidue(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if residue(dir, e) {
			return true
		}
	}
	return false
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
			name == "MANIFEST-REWRITE", name == journalName:
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
	if _, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dir, ReadOnly: true}); err != nil {
		return fmt.Errorf("its key registry is unreadable: %v", firstLine(err.Error())), nil
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".vlog") || strings.HasSuffix(name, ".mem") {
			if damage := checkLogHeader(filepath.Join(dir, name)); damage != nil {
				return fmt.Errorf("log file %s: %v", name, damage), nil
			}
		}
	}
	return nil, nil
}

// checkLogHeader checks the header of a write-ahead or value log file. The
// store is not encrypted, so a sound header names data key 0; a file a
// crash left empty is residue, and one zeroed by a crash between its
// creation and its header is read by Badger as empty.
func checkLogHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var h [logHeaderSize]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n == 0:
		return nil
	case err != nil:
		return fmt.Errorf("cut short at %d bytes", n)
	case binary.BigEndian.Uint64(h[:8]) != 0:
		return errors.New("its header is garbled")
	}
	return nil
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
// fresh folder in its place, then takes the lock of the fresh folder. The
// caller holds the lock of the damaged one. Where the store's path is a
// symbolic link, the folder it points to is moved and made anew, and the
// link is left as it is.
func (s *Store) moveAside(cause error) error {
	stamp := s.now().Local().Format("20060102-150405")
	target := s.real + ".damaged-" + stamp
	for i := 2; exists(target); i++ {
		target = fmt.Sprintf("%s.damaged-%s-%d", s.real, stamp, i)
	}
	if !lockHeldDuringRename {
		s.releaseLock()
	}
	err := os.Rename(s.real, target)
	s.releaseLock()
	if err != nil {
		return &Error{Kind: ErrDamaged, Path: s.dir, Err: fmt.Errorf("%v; moving it aside: %v", cause, err)}
	}
	if err := syncDir(filepath.Dir(s.real)); err != nil {
		s.cfg.logger.Warn("store: sync parent folder", "dir", filepath.Dir(s.real), "err", err)
	}
	if err := os.MkdirAll(s.real, 0o700); err != nil {
		return s.fsError("create fresh store", err)
	}
	s.recovery = &Recovery{Dir: s.dir, MovedTo: target, Cause: cause}
	s.cfg.logger.Warn("store: damaged store moved aside", "dir", s.dir, "moved_to", target, "cause", cause)
	saved := s.cfg.lockWait
	s.cfg.lockWait = 0
	_, err = s.waitForLock(false)
	s.cfg.lockWait = saved
	return err
}
