package store

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// Kinds of failure. Test for them with errors.Is; the errors the store
// returns carry more context and a message meant for people.
var (
	// ErrLocked: another process (usually another Govscape) has the store open.
	ErrLocked = errors.New("store is open in another process")
	// ErrDamaged: the store's files are damaged and could not be moved aside.
	ErrDamaged = errors.New("store is damaged")
	// ErrUnwritable: the store's folder cannot be written.
	ErrUnwritable = errors.New("store folder is not writable")
	// ErrDiskFull: the disk holding the store has no room for the write.
	ErrDiskFull = errors.New("disk is full")
	// ErrNewerSchema: the store or a backup was written by a newer Govscape.
	ErrNewerSchema = errors.New("written by a newer version of Govscape")
	// ErrNotStore: the folder holds other files and is not a store.
	ErrNotStore = errors.New("folder is not a govscape store")
	// ErrNotBackup: a file given to Restore is not a Govscape backup, or is damaged.
	ErrNotBackup = errors.New("not a govscape backup")
	// ErrNotFound: no note, view or version with that id.
	ErrNotFound = errors.New("not found")
	// ErrNameTaken: another view already has that name.
	ErrNameTaken = errors.New("name already taken")
	// ErrTooLarge: a record is larger than the store accepts.
	ErrTooLarge = errors.New("too large to save")
	// ErrInvalid: a record is malformed, either as given or as read back.
	ErrInvalid = errors.New("invalid record")
	// ErrCannotOpen: Badger failed to open files the check found sound;
	// nothing in the folder was changed or moved.
	ErrCannotOpen = errors.New("store cannot be opened")
	// ErrReadOnly: the store is open for reading only.
	ErrReadOnly = errors.New("store is open for reading only")
)

// Error is a failure of the store that a person must act on: its message says
// what happened to which folder or file, and what to do. errors.Is matches it
// against its Kind.
type Error struct {
	Kind error  // one of the Err values of this package
	Path string // the store folder or file concerned
	Err  error  // the underlying cause, if any
	// What names Path for people where it is not the store folder: "the
	// backup file", "the export folder".
	What string

	left bool // ErrDamaged: the store was opened to read, so it was left where it is
}

// Error returns the message for people: what happened, to which folder or
// file, and what to do.
func (e *Error) Error() string {
	cause := ""
	if e.Err != nil {
		cause = " (" + e.Err.Error() + ")"
	}
	switch e.Kind {
	case ErrLocked:
		return fmt.Sprintf("Govscape is already open on %s%s: close the other Govscape, or choose another store folder with --store or GOVSCAPE_STORE", e.Path, cause)
	case ErrCannotOpen:
		return fmt.Sprintf("could not open the store in %s%s; nothing in it was changed or moved: try again, and if it keeps failing, "+
			"copy the folder somewhere safe and report this message", e.Path, cause)
	case ErrReadOnly:
		return fmt.Sprintf("the store in %s is open for reading only%s: nothing can be saved in it now; what was saved before is intact", e.Path, cause)
	case ErrUnwritable:
		if e.What != "" {
			return fmt.Sprintf("cannot write %s %s%s: check its folder's permissions or choose another place; the store is unchanged", e.What, e.Path, cause)
		}
		return fmt.Sprintf("cannot write to the store folder %s%s: check the folder's permissions or choose another store folder; what was saved before is intact", e.Path, cause)
	case ErrDiskFull:
		if e.What != "" {
			return fmt.Sprintf("the disk holding %s %s is full%s: free some space or choose another place; the store is unchanged", e.What, e.Path, cause)
		}
		return fmt.Sprintf("the disk holding %s is full%s: free some space and save again; what was saved before is intact", e.Path, cause)
	case ErrDamaged:
		if e.left {
			return fmt.Sprintf("the store in %s is damaged%s; it was opened only to read, so it was left as it is: "+
				"open Govscape or run a command that writes (such as \"govscape note add\") to move it aside and start afresh, "+
				"then restore your latest backup", e.Path, cause)
		}
		return fmt.Sprintf("the store in %s is damaged and could not be moved aside%s: move that folder elsewhere by hand, or choose another store folder", e.Path, cause)
	case ErrNewerSchema:
		return fmt.Sprintf("%s was written by a newer version of Govscape%s: update Govscape to open it", e.Path, cause)
	case ErrNotStore:
		return fmt.Sprintf("%s holds other files and is not a Govscape store: choose an empty or new folder for the store", e.Path)
	case ErrNotBackup:
		return fmt.Sprintf("%s is not a readable Govscape backup%s: choose a file made by Backup", e.Path, cause)
	}
	return fmt.Sprintf("%s: %v%s", e.Path, e.Kind, cause)
}

// Is reports whether target is the error's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// osKind sorts an error from the file system or from Badger into the kinds a
// person can act on: a full disk or a folder that cannot be written. Badger
// flattens the errors it wraps into text, so the text is matched as well.
func osKind(err error) error {
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, syscall.ENOSPC), strings.Contains(msg, "no space left on device"),
		strings.Contains(msg, "disk quota exceeded"), strings.Contains(msg, "not enough space on the disk"):
		return ErrDiskFull
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS),
		strings.Contains(msg, "permission denied"), strings.Contains(msg, "read-only file system"),
		strings.Contains(msg, "access is denied"):
		return ErrUnwritable
	}
	return nil
}

// lockMessage is the text of Badger's error for a store locked by another
// process; Badger does not wrap it in a type.
const lockMessage = "Another process is using this Badger database"

func isLockError(err error) bool {
	return err != nil && strings.Contains(err.Error(), lockMessage)
}

// shownErrors is how many of many failures a message names one by one.
const shownErrors = 3

// manyErrors is a list of failures, one per record, whose message names the
// first few and counts the rest, so that a store with a thousand unreadable
// notes gives one readable line, not a thousand. errors.Is and errors.As
// see every one.
type manyErrors []error

func (m manyErrors) Error() string {
	var b strings.Builder
	for i, err := range m {
		if i == shownErrors {
			fmt.Fprintf(&b, "; and %d more", len(m)-shownErrors)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

func (m manyErrors) Unwrap() []error { return m }
