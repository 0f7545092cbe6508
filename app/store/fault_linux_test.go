//go:build linux

package store

import (
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
