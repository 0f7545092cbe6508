package store

import (
	"errors"

	badger "github.com/dgraph-io/badger/v4"
)

// batchBytes bounds the bytes of keys and values one transaction of a
// batcher holds before it is committed.
const batchBytes = 4 << 20

// batcher writes many records as a run of transactions, each holding at
// most batchBytes, so that the memory a large write takes stays bounded.
// (Badger's WriteBatch measures a transaction by the pointers of the values
// bound for its value log, not by the values, and keeps up to 16 such
// transactions pending: restoring a store of large notes through it took
// gigabytes.) Keys and values must not change until Flush.
type batcher struct {
	db   *badger.DB
	txn  *badger.Txn
	size int
}

func newBatcher(db *badger.DB) *batcher { return &batcher{db: db} }

// Set writes key and value in the current transaction, committing it first
// if it is full.
func (b *batcher) Set(key, value []byte) error {
	return b.do(len(key)+len(value), func(txn *badger.Txn) error { return txn.Set(key, value) })
}

// Delete removes key in the current transaction.
func (b *batcher) Delete(key []byte) error {
	return b.do(len(key), func(txn *badger.Txn) error { return txn.Delete(key) })
}

func (b *batcher) do(n int, op func(txn *badger.Txn) error) error {
	if b.txn != nil && b.size+n > batchBytes {
		if err := b.Flush(); err != nil {
			return err
		}
	}
	if b.txn == nil {
		b.txn = b.db.NewTransaction(true)
	}
	err := op(b.txn)
	if errors.Is(err, badger.ErrTxnTooBig) {
		if err := b.Flush(); err != nil {
			return err
		}
		b.txn = b.db.NewTransaction(true)
		err = op(b.txn)
	}
	b.size += n
	return err
}

// Flush commits what is pending.
func (b *batcher) Flush() error {
	if b.txn == nil {
		return nil
	}
	err := b.txn.Commit()
	b.txn, b.size = nil, 0
	return err
}

// Cancel drops what is pending.
func (b *batcher) Cancel() {
	if b.txn != nil {
		b.txn.Discard()
		b.txn, b.size = nil, 0
	}
}
