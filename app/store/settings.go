package store

import (
	"encoding/json"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// validSettingName reports whether name can name a setting: 1 to 100 bytes
// of lower-case ASCII letters, digits, '.', '_' or '-'.
func validSettingName(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// PutSetting stores value, as JSON, under name (such as "ui.last-state").
func (s *Store) PutSetting(name string, value any) error {
	if !validSettingName(name) {
		return fmt.Errorf("put setting %q: %w: bad name", name, ErrInvalid)
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("put setting %s: %w", name, err)
	}
	data, err := encode(settingRecord{Schema: settingSchema, Value: raw, Updated: s.now()})
	if err != nil {
		return fmt.Errorf("put setting %s: %w", name, err)
	}
	if len(data) > maxRecord {
		return fmt.Errorf("put setting %s: %w", name, ErrTooLarge)
	}
	err = s.update("put setting", len(data), func(txn *badger.Txn) error {
		return txn.Set(settingKey(name), data)
	})
	if err != nil {
		return fmt.Errorf("put setting %s: %w", name, err)
	}
	return nil
}

// Setting reads the setting name into into, which is as for json.Unmarshal.
// It reports false, leaving into alone, if the setting was never stored.
func (s *Store) Setting(name string, into any) (bool, error) {
	if !validSettingName(name) {
		return false, fmt.Errorf("setting %q: %w: bad name", name, ErrInvalid)
	}
	var raw json.RawMessage
	err := s.db.View(func(txn *badger.Txn) error {
		data, found, err := get(txn, settingKey(name))
		if err != nil || !found {
			return err
		}
		raw, err = decodeSetting(data)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("setting %s: %w", name, err)
	}
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return false, fmt.Errorf("setting %s: %w", name, err)
	}
	return true, nil
}
