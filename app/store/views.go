package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// SaveView stores v durably. A view without an id is new and gets one; a view
// with an id replaces the stored view of that id, which is returned (nil if
// there was none) so that the overwrite can be undone with UndeleteView.
// Names are unique, ignoring case and surrounding space: a name held by
// another view gives ErrNameTaken. On success v holds what was stored.
func (s *Store) SaveView(v *model.View) (prev *model.View, err error) {
	if v.ID != "" && !model.ValidID(v.ID) {
		return nil, fmt.Errorf("save view: %w: id %q", ErrInvalid, v.ID)
	}
	if err := v.ValidateContent(); err != nil {
		return nil, fmt.Errorf("save view %q: %w: %v", v.Name, ErrInvalid, err)
	}
	if v.ID == "" {
		v.ID = newID(s.now())
	}
	var saved model.View
	err = s.update("save view", len(v.State), func(txn *badger.Txn) error {
		prev = nil
		now := s.now()
		next := *v
		if err := nameFree(txn, v.ID, v.Name); err != nil {
			return err
		}
		data, found, err := get(txn, viewKey(v.ID))
		if err != nil {
			return err
		}
		if found {
			old, err := decodeView(data)
			if err != nil {
				return err
			}
			prev = &old
			next.Created, next.Updated = old.Created, later(now, old.Updated)
		} else {
			if next.Created.IsZero() || next.Created.After(now) {
				next.Created = now
			}
			next.Created = next.Created.UTC().Round(0)
			next.Updated = now
		}
		saved = next
		return putView(txn, &next)
	})
	if err != nil {
		return nil, fmt.Errorf("save view %q: %w", v.Name, err)
	}
	*v = saved
	return prev, nil
}

// putView checks, encodes and stores one view.
func putView(txn *badger.Txn, v *model.View) error {
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	data, err := encodeView(v)
	if err != nil {
		return err
	}
	if len(data) > maxRecord {
		return fmt.Errorf("%w: the view takes %d bytes", ErrTooLarge, len(data))
	}
	return txn.Set(viewKey(v.ID), data)
}

// nameFree returns ErrNameTaken if a view other than id is called name.
func nameFree(txn *badger.Txn, id, name string) error {
	want := foldName(name)
	return each(txn, []byte(prefixView), false, func(key, value []byte) error {
		v, err := decodeView(value)
		if err != nil || v.ID == id {
			return nil
		}
		if foldName(v.Name) == want {
			return fmt.Errorf("%w: a view is already called %q; choose another name", ErrNameTaken, v.Name)
		}
		return nil
	})
}

// View returns the view with the given id.
func (s *Store) View(id string) (model.View, error) {
	var v model.View
	err := s.db.View(func(txn *badger.Txn) error {
		data, found, err := get(txn, viewKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		v, err = decodeView(data)
		return err
	})
	if err != nil {
		return model.View{}, fmt.Errorf("view %s: %w", id, err)
	}
	return v, nil
}

// Views returns every saved view, sorted by name.
func (s *Store) Views() ([]model.View, error) {
	var out []model.View
	err := s.db.View(func(txn *badger.Txn) error {
		return each(txn, []byte(prefixView), false, func(key, value []byte) error {
			v, err := decodeView(value)
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list views: %w", err)
	}
	slices.SortFunc(out, func(a, b model.View) int {
		if c := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// DeleteView removes a view and returns it, for UndeleteView.
func (s *Store) DeleteView(id string) (model.View, error) {
	var v model.View
	err := s.update("delete view", 0, func(txn *badger.Txn) error {
		data, found, err := get(txn, viewKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		if v, err = decodeView(data); err != nil {
			return err
		}
		return txn.Delete(viewKey(id))
	})
	if err != nil {
		return model.View{}, fmt.Errorf("delete view %s: %w", id, err)
	}
	return v, nil
}

// UndeleteView puts v back exactly as given, times included: it undoes
// DeleteView, and an overwrite by SaveView or a RenameView when given the
// view they replaced.
func (s *Store) UndeleteView(v model.View) error {
	if err := v.Validate(); err != nil {
		return fmt.Errorf("undelete view: %w: %v", ErrInvalid, err)
	}
	err := s.update("undelete view", len(v.State), func(txn *badger.Txn) error {
		if err := nameFree(txn, v.ID, v.Name); err != nil {
			return err
		}
		return putView(txn, &v)
	})
	if err != nil {
		return fmt.Errorf("undelete view %q: %w", v.Name, err)
	}
	return nil
}

// RenameView gives a view a new name and returns the view as it was before.
func (s *Store) RenameView(id, name string) (model.View, error) {
	var before model.View
	err := s.update("rename view", 0, func(txn *badger.Txn) error {
		data, found, err := get(txn, viewKey(id))
		if err != nil {
			return err
		}
		if !found || !model.ValidID(id) {
			return ErrNotFound
		}
		if before, err = decodeView(data); err != nil {
			return err
		}
		next := before
		next.Name, next.Updated = name, later(s.now(), before.Updated)
		if err := next.ValidateContent(); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if err := nameFree(txn, id, name); err != nil {
			return err
		}
		return putView(txn, &next)
	})
	if err != nil {
		return model.View{}, fmt.Errorf("rename view %s to %q: %w", id, name, err)
	}
	return before, nil
}
