package model

import (
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// Limits on what a note may hold. They keep one record well inside what the
// store can write in a single durable step.
const (
	MaxNoteBody     = 12 << 20 // bytes of Markdown
	MaxTitle        = 1000     // bytes
	MaxTags         = 200
	MaxTag          = 200 // bytes
	MaxNoteEntities = 2000
	MaxRef          = 200 // bytes in an entity, relation or view reference
	MaxID           = 64  // bytes in a note or view id
)

// Note is one of the user's research notes: Markdown, optionally attached to
// entities, to a relation or to a saved view, or free-standing.
type Note struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Body     string       `json:"body"`               // Markdown, kept byte for byte
	Tags     []string     `json:"tags,omitempty"`     // in the user's order
	Entities []string     `json:"entities,omitempty"` // ids of the entities it is about; unknown ids are kept
	Relation *RelationRef `json:"relation,omitempty"`
	View     string       `json:"view,omitempty"` // id of the view it belongs to
	Created  time.Time    `json:"created"`
	Updated  time.Time    `json:"updated"` // also names this version in the note's history
}

// RelationRef names a relation of the landscape by its ends and role, since
// relations carry no id of their own.
type RelationRef struct {
	From string `json:"from"`
	To   string `json:"to"`
	Role string `json:"role"`
}

// ValidID reports whether id can name a note or a view: 1 to MaxID ASCII
// letters, digits, '-' or '_'.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Validate reports the first thing wrong with a stored note: a bad id, text
// that is not UTF-8, a field over its limit, or missing times.
func (n *Note) Validate() error {
	if !ValidID(n.ID) {
		return fmt.Errorf("note id %q: want 1 to %d letters, digits, '-' or '_'", n.ID, MaxID)
	}
	if err := n.ValidateContent(); err != nil {
		return fmt.Errorf("note %s: %w", n.ID, err)
	}
	if err := validTimes(n.Created, n.Updated); err != nil {
		return fmt.Errorf("note %s: %w", n.ID, err)
	}
	return nil
}

// ValidateContent checks what a person typed or attached, before the store
// gives the note its id and times.
func (n *Note) ValidateContent() error {
	if err := text("title", n.Title, MaxTitle); err != nil {
		return err
	}
	if err := text("body", n.Body, MaxNoteBody); err != nil {
		return err
	}
	if len(n.Tags) > MaxTags {
		return fmt.Errorf("%d tags: at most %d", len(n.Tags), MaxTags)
	}
	for i, t := range n.Tags {
		if err := ref(fmt.Sprintf("tags[%d]", i), t, MaxTag); err != nil {
			return err
		}
	}
	if len(n.Entities) > MaxNoteEntities {
		return fmt.Errorf("%d entities: at most %d", len(n.Entities), MaxNoteEntities)
	}
	for i, e := range n.Entities {
		if err := ref(fmt.Sprintf("entities[%d]", i), e, MaxRef); err != nil {
			return err
		}
	}
	if r := n.Relation; r != nil {
		for _, f := range []struct{ name, v string }{{"relation.from", r.From}, {"relation.to", r.To}, {"relation.role", r.Role}} {
			if err := ref(f.name, f.v, MaxRef); err != nil {
				return err
			}
		}
	}
	if n.View != "" && !ValidID(n.View) {
		return fmt.Errorf("view %q is not a view id", n.View)
	}
	return nil
}

// text checks free text: UTF-8 and within max bytes.
func text(field, s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%s is %d bytes: at most %d", field, len(s), max)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", field)
	}
	return nil
}

// ref checks a short, non-empty reference such as a tag or an entity id.
func ref(field, s string, max int) error {
	if s == "" {
		return fmt.Errorf("%s is empty", field)
	}
	return text(field, s, max)
}

// LatestTime is the latest created or updated time a note or view may
// carry: the store orders a note's versions by their time in nanoseconds
// since 1970, which an int64 holds until April 2262.
var LatestTime = time.Unix(0, math.MaxInt64).UTC()

func validTimes(created, updated time.Time) error {
	switch {
	case created.IsZero() || updated.IsZero():
		return errors.New("missing created or updated time")
	case created.Unix() < 0 || updated.Unix() < 0:
		return errors.New("time out of range: before 1970")
	case created.After(LatestTime) || updated.After(LatestTime):
		// The store keys a note's versions by their time in nanoseconds.
		return fmt.Errorf("time out of range: after %s, the latest the store can record", LatestTime.Format(time.RFC3339))
	case updated.Before(created):
		return errors.New("updated before created")
	}
	return nil
}
