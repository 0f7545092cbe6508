package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a saved view.
const (
	MaxViewName        = 200  // bytes
	MaxViewDescription = 4000 // bytes
	MaxViewState       = 4 << 20
)

// View is a saved view: the whole explorer state under a name. State is an
// opaque JSON object that the app fills and reads back (tab, layout, axes,
// colour mode, filters, query, year, selection, compare set, camera, pins);
// the model and the store only check that it is one.
type View struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	State       json.RawMessage `json:"state,omitempty"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
}

// Validate reports the first thing wrong with a stored view.
func (v *View) Validate() error {
	if !ValidID(v.ID) {
		return fmt.Errorf("view id %q: want 1 to %d letters, digits, '-' or '_'", v.ID, MaxID)
	}
	if err := v.ValidateContent(); err != nil {
		return fmt.Errorf("view %s: %w", v.ID, err)
	}
	if err := validTimes(v.Created, v.Updated); err != nil {
		return fmt.Errorf("view %s: %w", v.ID, err)
	}
	return nil
}

// ValidateContent checks the name, description and state, before the store
// gives the view its id and times.
func (v *View) ValidateContent() error {
	if strings.TrimSpace(v.Name) == "" {
		return fmt.Errorf("name is empty")
	}
	if err := text("name", v.Name, MaxViewName); err != nil {
		return err
	}
	if err := text("description", v.Description, MaxViewDescription); err != nil {
		return err
	}
	if len(v.State) == 0 {
		return nil
	}
	if len(v.State) > MaxViewState {
		return fmt.Errorf("state is %d bytes: at most %d", len(v.State), MaxViewState)
	}
	if s := bytes.TrimSpace(v.State); len(s) == 0 || s[0] != '{' || !json.Valid(s) || !utf8.Valid(s) {
		return fmt.Errorf("state is not a JSON object")
	}
	return nil
}
