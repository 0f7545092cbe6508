//go:build windows

package store

import (
	"errors"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lockHeldDuringRename is false on Windows, where a folder holding an open
// file cannot be renamed: the lock is let go just before a move aside.
const lockHeldDuringRename = false

// lockDir opens Badger's LOCK file the way Badger does, exclusively and
// deleted on close, so that the store is checked and, if damaged, moved
// aside only while no other process has it open. Windows has no shared
// lock of this kind, so readers exclude each other too.
func lockDir(dir string, shared bool) (unlock func(), err error) {
	p, err := windows.UTF16PtrFromString(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, 0, 0, nil, windows.OPEN_ALWAYS,
		windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
	if err != nil {
		if errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
			return nil, errLockHeld
		}
		return nil, err
	}
	return func() { windows.CloseHandle(h) }, nil
}

// freeSpace returns the bytes available to this user on the disk holding dir.
func freeSpace(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, err
	}
	return avail, nil
}

// syncDir is a no-op on Windows, where folders cannot be opened for sync
// and renames are made durable by the file system.
func syncDir(dir string) error { return nil }
