//go:build linux

package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// tmpfs mounts a small RAM file system at dir for the test, or skips the
// test where this process may not mount one (it needs root on Linux).
func tmpfs(t *testing.T, dir string, size string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v)", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
}

func TestUnwritableFolder(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "mnt")
	dir := filepath.Join(mnt, "store")
	makeReadOnly, makeWritable := func() {}, func() {}
	if os.Geteuid() == 0 {
		// Root writes through permissions, so use a read-only mount.
		tmpfs(t, mnt, "128m")
		makeReadOnly = func() {
			if err := unix.Mount("", mnt, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
				t.Fatalf("remount read-only: %v", err)
			}
		}
		makeWritable = func() { unix.Mount("", mnt, "", unix.MS_REMOUNT, "") }
	} else {
		makeReadOnly = func() { os.Chmod(dir, 0o500) }
		makeWritable = func() { os.Chmod(dir, 0o700) }
	}
	notes := storeWithNotes(t, dir)
	makeReadOnly()
	t.Cleanup(makeWritable)

	_, err := Open(dir, WithLogger(testLogger(t)))
	if !errors.Is(err, ErrUnwritable) {
		t.Fatalf("Open on an unwritable folder: error %v, want ErrUnwritable", err)
	}
	if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, "intact") {
		t.Errorf("message %q, want the folder and that earlier data is intact", msg)
	}
	makeWritable()
	s := openTest(t, dir)
	if s.Recovery() != nil {
		t.Fatalf("the store was moved aside: %+v", s.Recovery())
	}
	for _, want := range notes {
		if got, err := s.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Fatalf("after the folder became writable again, note %s: %v", want.ID, err)
		}
	}
}

func TestDiskFullRefusesWrite(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "mnt")
	tmpfs(t, mnt, "160m")
	dir := filepath.Join(mnt, "store")
	notes := storeWithNotes(t, dir)
	s := openTest(t, dir)
	// Fill the disk to leave less than the reserve.
	filler := filepath.Join(mnt, "filler")
	f, _ := os.Create(filler)
	chunk := bytes.Repeat([]byte{1}, 1<<20)
	for {
		free, _ := freeSpace(mnt)
		if free < 40<<20 {
			break
		}
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	edit := notes[1]
	edit.Body = "an edit that does not fit"
	if err := s.SaveNote(&edit); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("SaveNote on a full disk: error %v, want ErrDiskFull", err)
	}
	if !strings.Contains(fmt.Sprint(s.SaveNote(&edit)), "free some space") {
		t.Errorf("the message does not say what to do")
	}
	// A backup onto the full disk fails whole, leaving no partial file.
	backup := filepath.Join(mnt, "b"+BackupExt)
	pad, _ := os.Create(filepath.Join(mnt, "pad"))
	for {
		if _, err := pad.Write(chunk[:4096]); err != nil {
			break
		}
	}
	pad.Close()
	if err := s.Backup(backup); !errors.Is(err, ErrDiskFull) {
		t.Errorf("Backup onto a full disk: error %v, want ErrDiskFull", err)
	}
	if left, _ := filepath.Glob(filepath.Join(mnt, ".*tmp*")); len(left) > 0 || exists(backup) {
		t.Errorf("a failed backup left %v", left)
	}
	os.Remove(filler)
	os.Remove(filepath.Join(mnt, "pad"))
	if err := s.SaveNote(&edit); err != nil {
		t.Fatalf("SaveNote once there is room again: %v", err)
	}
	s = reopen(t, s)
	notes[1] = edit
	for _, want := range notes {
		if got, err := s.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Fatalf("note %s after the full disk: %s, %v", want.ID, describe(got), err)
		}
	}
}

// crashIn leaves in the store in dir what a process killed after saving a
// note leaves: a write-ahead log the next open must replay. It returns the
// note's id.
func crashIn(t *testing.T, dir string) string {
	t.Helper()
	cmd := child(t, "hold", dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.HasPrefix(line, "ready ") {
		t.Fatalf("the child said %q", line)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "ready "))
}

// TestReadOnlyMedia puts a store, just after a crash, on a file system
// mounted read-only, and checks that reading works (through a copy, as the
// crash's log cannot be replayed in place), that opening to write falls
// back to reading where the caller allows it and says why, and that a
// backup onto the medium names the backup file.
func TestReadOnlyMedia(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs a read-only mount")
	}
	mnt := filepath.Join(t.TempDir(), "mnt")
	tmpfs(t, mnt, "128m")
	dir := filepath.Join(mnt, "store")
	notes := storeWithNotes(t, dir)
	id := crashIn(t, dir)
	if err := unix.Mount("", mnt, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount read-only: %v", err)
	}

	s, err := Open(dir, WithReadOnly(), WithLogger(testLogger(t)))
	if err != nil {
		t.Fatalf("read-only Open on read-only media after a crash: %v", err)
	}
	for _, want := range notes {
		if got, err := s.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Fatalf("note %s: %v", want.ID, err)
		}
	}
	if _, err := s.Note(id); err != nil {
		t.Errorf("the note saved just before the crash: %v", err)
	}
	backup := filepath.Join(mnt, "b"+BackupExt)
	err = s.Backup(backup)
	if !errors.Is(err, ErrUnwritable) || !strings.Contains(err.Error(), "the backup file "+backup) || strings.Contains(err.Error(), "store folder") {
		t.Errorf("Backup onto read-only media: %v, want ErrUnwritable naming the backup file", err)
	}
	if err := s.Backup(filepath.Join(t.TempDir(), "b"+BackupExt)); err != nil {
		t.Errorf("Backup of a read-only store elsewhere: %v", err)
	}
	s.Close()

	if _, err := Open(dir, WithLogger(testLogger(t))); !errors.Is(err, ErrUnwritable) {
		t.Errorf("Open to write on read-only media: %v, want ErrUnwritable", err)
	}
	s, err = Open(dir, WithReadOnlyFallback(), WithLogger(testLogger(t)))
	if err != nil {
		t.Fatalf("Open with fallback on read-only media: %v", err)
	}
	defer s.Close()
	if ro, why := s.ReadOnly(); !ro || !strings.Contains(why, "cannot be written") {
		t.Errorf("ReadOnly() = %v, %q; want true and why", ro, why)
	}
	if _, err := s.Note(id); err != nil {
		t.Errorf("note through the fallback: %v", err)
	}
}

// TestNoFreeSpace fills the disk holding a store to its last byte just
// after a crash, and checks that nothing dies of SIGBUS: reading works,
// opening to write is refused with a clear message (or falls back to
// reading), and the store is whole once there is room again.
func TestNoFreeSpace(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "mnt")
	tmpfs(t, mnt, "100m")
	dir := filepath.Join(mnt, "store")
	notes := storeWithNotes(t, dir)
	id := crashIn(t, dir)
	filler := filepath.Join(mnt, "filler")
	f, _ := os.Create(filler)
	chunk := bytes.Repeat([]byte{1}, 1<<20)
	for _, size := range []int{1 << 20, 4096, 1} {
		for {
			if _, err := f.Write(chunk[:size]); err != nil {
				break
			}
		}
	}
	f.Close()
	if free, _ := freeSpace(mnt); free != 0 {
		t.Fatalf("%d bytes still free", free)
	}

	s, err := Open(dir, WithReadOnly(), WithLogger(testLogger(t)))
	if err != nil {
		t.Fatalf("read-only Open on a full disk: %v", err)
	}
	if got, err := s.Notes(); err != nil || len(got) != len(notes)+1 {
		t.Errorf("notes on a full disk: %d, %v; want %d", len(got), err, len(notes)+1)
	}
	s.Close()
	_, err = Open(dir, WithLogger(testLogger(t)))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free some space") {
		t.Errorf("Open to write on a full disk: %v, want ErrDiskFull saying what to do", err)
	}
	s, err = Open(dir, WithReadOnlyFallback(), WithLogger(testLogger(t)))
	if err != nil {
		t.Fatalf("Open with fallback on a full disk: %v", err)
	}
	if ro, why := s.ReadOnly(); !ro || !strings.Contains(why, "almost full") {
		t.Errorf("ReadOnly() = %v, %q; want true and why", ro, why)
	}
	s.Close()

	os.Remove(filler)
	s = openTest(t, dir)
	if _, err := s.Note(id); err != nil {
		t.Errorf("the note saved before the crash, once there is room: %v", err)
	}
}
