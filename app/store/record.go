package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"govscape/model"
)

// Keys. Each kind of record has its own prefix; the layout they make is the
// one SchemaVersion names, and a change to it is a schema migration.
const (
	keySchema     = "m/schema"
	keyReindex    = "m/reindex" // present while note summaries may lag their notes
	prefixNote    = "n/"        // n/<note id>
	prefixSummary = "ns/"       // ns/<note id>: the note without its body, for lists
	prefixText    = "nt/"       // nt/<note id>: the note's summary and search text, for searches
	prefixView    = "v/"        // v/<view id>
	prefixHistory = "h/"        // h/<note id>/<version time, UnixNano, 20 digits>
	prefixSetting = "s/"        // s/<setting name>
)

// Record schemas: every value is a JSON object whose "schema" field names
// its kind and version, except the records derived from notes for lists and
// searches (ns/ and nt/), which are read by the thousand and so are binary,
// their first byte naming their form (see encodeSummary and
// encodeSearchRecord).
const (
	noteSchema    = "govscape/note@1"
	summarySchema = "govscape/note-summary@1"
	viewSchema    = "govscape/view@1"
	settingSchema = "govscape/setting@1"
	storeSchema   = "govscape/store"
)

func noteKey(id string) []byte    { return []byte(prefixNote + id) }
func summaryKey(id string) []byte { return []byte(prefixSummary + id) }
func textKey(id string) []byte    { return []byte(prefixText + id) }
func viewKey(id string) []byte    { return []byte(prefixView + id) }
func historyPrefix(id string) []byte {
	return []byte(prefixHistory + id + "/")
}

func historyKey(id string, version time.Time) []byte {
	return fmt.Appendf(nil, "%s%s/%020d", prefixHistory, id, version.UnixNano())
}
func settingKey(name string) []byte { return []byte(prefixSetting + name) }

type noteRecord struct {
	Schema string `json:"schema"`
	model.Note
}

type viewRecord struct {
	Schema string `json:"schema"`
	model.View
}

type settingRecord struct {
	Schema  string          `json:"schema"`
	Value   json.RawMessage `json:"value"`
	Updated time.Time       `json:"updated,omitzero"` // absent in settings written before restores compared them
}

type storeRecord struct {
	Schema  string `json:"schema"`
	Version int    `json:"version"`
}

// encode writes v as compact JSON, leaving <, > and & as they are so that
// notes stay readable in a backup.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

func encodeNote(n *model.Note) ([]byte, error) {
	return encode(noteRecord{Schema: noteSchema, Note: *n})
}

func encodeView(v *model.View) ([]byte, error) {
	return encode(viewRecord{Schema: viewSchema, View: *v})
}

// decodeNote reads a note record and checks it whole. It never panics.
func decodeNote(data []byte) (model.Note, error) {
	var r noteRecord
	if err := decodeRecord(data, &r, &r.Schema, noteSchema); err != nil {
		return model.Note{}, fmt.Errorf("note: %w", err)
	}
	n := r.Note
	normalizeNote(&n)
	if err := n.Validate(); err != nil {
		return model.Note{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return n, nil
}

// decodeView reads a view record and checks it whole. It never panics.
func decodeView(data []byte) (model.View, error) {
	var r viewRecord
	if err := decodeRecord(data, &r, &r.Schema, viewSchema); err != nil {
		return model.View{}, fmt.Errorf("view: %w", err)
	}
	v := r.View
	if err := v.Validate(); err != nil {
		return model.View{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return v, nil
}

// decodeSetting reads a setting record and returns its JSON value.
func decodeSetting(data []byte) (json.RawMessage, error) {
	var r settingRecord
	if err := decodeRecord(data, &r, &r.Schema, settingSchema); err != nil {
		return nil, fmt.Errorf("setting: %w", err)
	}
	if len(r.Value) == 0 {
		return nil, fmt.Errorf("setting: %w: no value", ErrInvalid)
	}
	return r.Value, nil
}

// settingTime returns when a setting record was written, or the zero time
// for one written before settings carried it, or unreadable.
func settingTime(data []byte) time.Time {
	var r settingRecord
	if json.Unmarshal(data, &r) != nil {
		return time.Time{}
	}
	return r.Updated
}

// decodeStoreVersion reads the m/schema record.
func decodeStoreVersion(data []byte) (int, error) {
	var r storeRecord
	if !utf8.Valid(data) {
		return 0, fmt.Errorf("store version: %w: not UTF-8", ErrInvalid)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return 0, fmt.Errorf("store version: %w: %v", ErrInvalid, err)
	}
	if r.Schema != storeSchema || r.Version < 0 {
		return 0, fmt.Errorf("store version: %w: schema %q version %d", ErrInvalid, r.Schema, r.Version)
	}
	return r.Version, nil
}

// decodeRecord unmarshals one record and checks its schema field against
// want, telling a record from a newer Govscape apart from a malformed one.
func decodeRecord(data []byte, into any, schema *string, want string) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: not UTF-8", ErrInvalid)
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if *schema == want {
		return nil
	}
	family, version, ok := strings.Cut(*schema, "@")
	wantFamily, wantVersion, _ := strings.Cut(want, "@")
	if ok && family == wantFamily {
		if v, err := strconv.Atoi(version); err == nil {
			if w, _ := strconv.Atoi(wantVersion); v > w {
				return fmt.Errorf("%w: schema %q, this Govscape reads %q", ErrNewerSchema, *schema, want)
			}
		}
	}
	return fmt.Errorf("%w: schema %q, want %q", ErrInvalid, *schema, want)
}

// normalizeNote gives empty lists one representation, so that a note reads
// back equal to the note saved.
func normalizeNote(n *model.Note) {
	if len(n.Tags) == 0 {
		n.Tags = nil
	}
	if len(n.Entities) == 0 {
		n.Entities = nil
	}
}

// sameContent reports whether two versions of a note hold the same text and
// attachments.
func sameContent(a, b *model.Note) bool {
	return a.Title == b.Title && a.Body == b.Body && a.View == b.View &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Entities, b.Entities) &&
		(a.Relation == nil) == (b.Relation == nil) && (a.Relation == nil || *a.Relation == *b.Relation)
}
