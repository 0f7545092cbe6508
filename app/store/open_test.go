package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// warnings is a logger that keeps every warning and error it is given.
type warnings struct{ buf bytes.Buffer }

func (w *warnings) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(&w.buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// TestCrashResidueIsClearedQuietly leaves in a sound store what killed
// processes leave — empty log files that are not the newest, an empty
// write-ahead log, the scratch folders of a restore and a check, the
// temporary file of a backup — and checks that Open clears them, keeps
// every note, moves nothing aside and warns of nothing.
func TestCrashResidueIsClearedQuietly(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "store")
	notes := storeWithNotes(t, dir)
	residue := []string{
		filepath.Join(dir, "000000.vlog"), // older than every other: not the newest
		filepath.Join(dir, "000099.vlog"),
		filepath.Join(dir, "000001.mem"),
		filepath.Join(dir, "000077.mem"),
		filepath.Join(parent, ".store.restore-123"),
		filepath.Join(parent, ".store.probe-456"),
		filepath.Join(dir+".backups", ".before-restore.govscape-backup.tmp-789"),
	}
	for _, p := range residue {
		os.MkdirAll(filepath.Dir(p), 0o700)
		if strings.Contains(filepath.Base(p), ".restore-") || strings.Contains(filepath.Base(p), ".probe-") {
			os.MkdirAll(p, 0o700)
			os.WriteFile(filepath.Join(p, "MANIFEST"), []byte("half a scratch store"), 0o600)
			continue
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var w warnings
	s, err := Open(dir, WithLogger(w.logger()))
	if err != nil {
		t.Fatalf("Open with crash residue: %v", err)
	}
	defer s.Close()
	if s.Recovery() != nil {
		t.Fatalf("the store was moved aside: %v", s.Recovery().Cause)
	}
	if w.buf.Len() > 0 {
		t.Errorf("Open warned of residue that holds nothing:\n%s", w.buf.String())
	}
	for _, p := range residue {
		if exists(p) {
			t.Errorf("%s is still there", p)
		}
	}
	for _, want := range notes {
		if got, err := s.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Fatalf("note %s after the clean-up: %v", want.ID, err)
		}
	}
}

// TestSymlinkedStoreStaysWhereItPoints damages a store reached through a
// symbolic link and checks that recovery moves the folder the link points
// to, makes it anew there, and leaves the link a link.
func TestSymlinkedStoreStaysWhereItPoints(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "elsewhere", "store")
	storeWithNotes(t, real)
	link := filepath.Join(base, "store")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	garble(t, filepath.Join(real, "MANIFEST"))
	s := openTest(t, link)
	r := s.Recovery()
	if r == nil {
		t.Fatal("a damaged store behind a link was not recovered")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (%v, %v)", link, st, err)
	}
	if target, _ := os.Readlink(link); target != real {
		t.Errorf("the link points to %q, want %q", target, real)
	}
	if !strings.HasPrefix(r.MovedTo, real+".damaged-") {
		t.Errorf("moved to %s, want beside %s", r.MovedTo, real)
	}
	n := model.Note{Title: "after recovery"}
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(real, "MANIFEST")); err != nil {
		t.Errorf("the fresh store is not where the link points: %v", err)
	}
}

// TestLockedStoreNamesItsHolder checks that a process that gives up
// waiting for the store says which process holds it.
func TestLockedStoreNamesItsHolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	cmd := child(t, "hold", dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); !strings.HasPrefix(line, "ready") {
		t.Fatalf("child said %q", line)
	}
	_, err := Open(dir, WithLockWait(300_000_000), WithLogger(testLogger(t)))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open of a held store: %v, want ErrLocked", err)
	}
	if want := fmt.Sprintf("process %d", cmd.Process.Pid); !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not name the holder, %s", err, want)
	}
	// A reader waits for a writer too.
	if _, err := Open(dir, WithReadOnly(), WithLockWait(0)); !errors.Is(err, ErrLocked) {
		t.Errorf("read-only Open of a held store: %v, want ErrLocked", err)
	}
}

// TestReadOnlyWritesNothing opens a store for reading, after a crash left
// a write-ahead log in it, and checks that every note reads and that not a
// byte of the folder changed.
func TestReadOnlyWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	notes := storeWithNotes(t, dir)
	// A crash: a process killed after saving, before closing, leaves
	// its write-ahead log for the next open to replay.
	cmd := child(t, "hold", dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	id := strings.TrimSpace(strings.TrimPrefix(line, "ready "))
	if mems, _ := filepath.Glob(filepath.Join(dir, "*.mem")); len(mems) == 0 {
		t.Fatal("the killed process left no write-ahead log to replay")
	}
	was := hashDir(t, dir)

	for i := 0; i < 2; i++ { // two readers one after the other
		s, err := Open(dir, WithReadOnly(), WithLogger(testLogger(t)))
		if err != nil {
			t.Fatalf("read-only Open after a crash: %v", err)
		}
		if ro, _ := s.ReadOnly(); !ro {
			t.Error("ReadOnly() = false")
		}
		for _, want := range notes {
			if got, err := s.Note(want.ID); err != nil || !sameNote(got, want) {
				t.Fatalf("note %s read-only: %v", want.ID, err)
			}
		}
		if got, err := s.Note(id); err != nil || got.Title != "from the other process" {
			t.Errorf("the note the killed process saved: %+v, %v", got, err)
		}
		n := model.Note{Title: "refused"}
		if err := s.SaveNote(&n); !errors.Is(err, ErrReadOnly) {
			t.Errorf("SaveNote on a read-only store: %v, want ErrReadOnly", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	now := hashDir(t, dir)
	for name, h := range was {
		if now[name] != h {
			t.Errorf("%s changed while the store was open to read", name)
		}
	}
	if len(now) != len(was) {
		t.Errorf("the folder held %d files, now %d", len(was), len(now))
	}
}

// TestReadOnlyOfNoStore checks that reading a store that was never made
// shows an empty one and makes no folder.
func TestReadOnlyOfNoStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never")
	s, err := Open(dir, WithReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ns, err := s.Notes(); err != nil || len(ns) != 0 {
		t.Errorf("notes of no store: %d, %v", len(ns), err)
	}
	if exists(dir) {
		t.Errorf("reading made the folder %s", dir)
	}
}

// TestManyUnreadableNotesAreSummarised checks that a list over many
// unreadable notes names a few and counts the rest, and that every note is
// still there for errors.Is.
func TestManyUnreadableNotesAreSummarised(t *testing.T) {
	s := openTest(t, t.TempDir())
	err := s.db.Update(func(txn *badger.Txn) error {
		for i := 0; i < 40; i++ {
			id := fmt.Sprintf("damaged%02d", i)
			if err := txn.Set(noteKey(id), []byte(`{"schema":"govscape/note@1","id":"`+id+`"`)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Notes()
	if err == nil {
		t.Fatal("Notes() over 40 unreadable notes: no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "40 notes could not be read") || !strings.Contains(msg, "and 37 more") || strings.Count(msg, "damaged") != 3 {
		t.Errorf("message %q, want the count, three named and \"and 37 more\"", msg)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
	}
}

// TestBackupClearsWhatAKilledBackupLeft checks that backing up to a file
// removes the temporary file an earlier, killed backup to it left, and
// touches no other file.
func TestBackupClearsWhatAKilledBackupLeft(t *testing.T) {
	s := openTest(t, t.TempDir())
	dir := t.TempDir()
	target := filepath.Join(dir, "notes [2026]"+BackupExt)
	stale := filepath.Join(dir, "."+filepath.Base(target)+".tmp-12345")
	other := filepath.Join(dir, ".other"+BackupExt+".tmp-12345")
	for _, p := range []string{stale, other} {
		if err := os.WriteFile(p, []byte("half a backup"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Backup(target); err != nil {
		t.Fatal(err)
	}
	if exists(stale) {
		t.Errorf("%s is still there", stale)
	}
	if !exists(other) || !exists(target) {
		t.Errorf("another file's temporary file or the backup is missing")
	}
}

// TestUnexplainedFailureMovesNothing gives Badger a store it cannot open
// although the check finds nothing wrong (a folder where a value log file
// should be), and checks that Open says so and that nothing in the store
// was moved or changed; a window's fallback still reads it.
func TestUnexplainedFailureMovesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	notes := storeWithNotes(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "000099.vlog"), 0o700); err != nil {
		t.Fatal(err)
	}
	was := hashDirFiles(t, dir)
	_, err := Open(dir, WithLogger(testLogger(t)))
	if !errors.Is(err, ErrCannotOpen) || !strings.Contains(err.Error(), "nothing in it was changed or moved") {
		t.Fatalf("Open: %v, want ErrCannotOpen saying nothing was changed", err)
	}
	if moved, _ := filepath.Glob(dir + ".damaged-*"); len(moved) > 0 {
		t.Errorf("the store was moved aside to %v", moved)
	}
	now := hashDirFiles(t, dir)
	for name, h := range was {
		if name != "LOCK" && now[name] != h {
			t.Errorf("%s changed or went missing", name)
		}
	}
	s, err := Open(dir, WithReadOnlyFallback(), WithLogger(testLogger(t)))
	if err != nil {
		t.Fatalf("Open with fallback: %v", err)
	}
	defer s.Close()
	if ro, why := s.ReadOnly(); !ro || !strings.Contains(why, "could not be opened for writing") {
		t.Errorf("ReadOnly() = %v, %q", ro, why)
	}
	if got := noteState(t, s); len(got) != len(notes) {
		t.Errorf("read %d notes, want %d", len(got), len(notes))
	}
}

// hashDirFiles is hashDir for the regular files of dir only.
func hashDirFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}
