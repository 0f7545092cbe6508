package store

import (
	"errors"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// maxAttempts bounds the retries of a transaction that lost a race with
// another writer (badger.ErrConflict).
const maxAttempts = 8

// update runs fn in a read-write transaction, retrying on conflict. need is
// roughly how many bytes it writes, for the free-space check.
func (s *Store) update(op string, need int, fn func(txn *badger.Txn) error) error {
	if err := s.writable(op); err != nil {
		return err
	}
	if err := s.roomFor(need); err != nil {
		return err
	}
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = s.db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
		time.Sleep(time.Duration(attempt) * time.Millisecond)
	}
	return s.writeError(op, err)
}

// writeError gives a failed write the context a person needs.
func (s *Store) writeError(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig), errors.Is(err, badger.ErrValueLogSize):
		return fmt.Errorf("%s: %w: %v", op, ErrTooLarge, err)
	case osKind(err) != nil:
		return &Error{Kind: osKind(err), Path: s.dir, Err: fmt.Errorf("%s: %v", op, err)}
	case errors.Is(err, badger.ErrDBClosed):
		return fmt.Errorf("%s: the store is closed", op)
	}
	return err
}

// roomFor refuses a write that could fill the disk. Badger writes through
// memory maps, and a write into a map on a full disk kills the process
// instead of returning an error; refusing early keeps the store, and the
// user's unsaved edit, alive.
func (s *Store) roomFor(need int) error {
	free, err := freeSpace(s.dir)
	if err != nil {
		return nil // no answer is no reason to refuse
	}
	want := s.cfg.minFree + 2*uint64(need)
	if free < want {
		return &Error{Kind: ErrDiskFull, Path: s.dir,
			Err: fmt.Errorf("%.1f MiB free, %.1f MiB needed", float64(free)/(1<<20), float64(want)/(1<<20))}
	}
	return nil
}

// get returns a copy of the value at key, or nil and false if there is none.
func get(txn *badger.Txn, key []byte) ([]byte, bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := item.ValueCopy(nil)
	return v, err == nil, err
}

// each calls fn with every key under prefix and a copy of its value, in key
// order, or reverse key order if reverse is set.
func each(txn *badger.Txn, prefix []byte, reverse bool, fn func(key, value []byte) error) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.Reverse = reverse
	it := txn.NewIterator(opt)
	defer it.Close()
	start := prefix
	if reverse {
		start = append(append([]byte{}, prefix...), 0xff)
	}
	for it.Seek(start); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("read %s: %w", item.Key(), err)
		}
		if err := fn(item.KeyCopy(nil), v); err != nil {
			return err
		}
	}
	return nil
}

// keys returns every key under prefix, in order.
func keys(txn *badger.Txn, prefix []byte) [][]byte {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	var out [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		out = append(out, it.Item().KeyCopy(nil))
	}
	return out
}
