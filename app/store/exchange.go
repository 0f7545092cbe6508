package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// The files Govscape exchanges with people: a view with its notes, for a
// colleague, and all notes as one JSON file, for merging into another store.
// Both are JSON objects whose "schema" names their kind and version; a file
// of a newer version is refused, naming the file and the version.
const (
	// ViewFileExt is the file extension of an exported view.
	ViewFileExt = ".govscape-view.json"
	// NotesFileExt is the file extension of exported notes.
	NotesFileExt = ".govscape-notes.json"

	viewFileSchema  = "govscape/view@1"
	notesFileSchema = "govscape/notes@1"

	// maxExchangeFile bounds the files read, so that a wrong file cannot
	// exhaust the memory.
	maxExchangeFile = 512 << 20
)

// ViewFile is what a view file holds: one saved view and the notes
// attached to it.
type ViewFile struct {
	View  model.View
	Notes []model.Note
}

type viewFileJSON struct {
	Schema string       `json:"schema"`
	View   model.View   `json:"view"`
	Notes  []model.Note `json:"notes"`
}

type notesFileJSON struct {
	Schema string       `json:"schema"`
	Notes  []model.Note `json:"notes"`
}

// EncodeViewFile writes f as a view file: indented JSON, so that a person
// can read what they send.
func EncodeViewFile(w io.Writer, f ViewFile) error {
	return encodeFile(w, viewFileJSON{Schema: viewFileSchema, View: f.View, Notes: nonNil(f.Notes)})
}

// DecodeViewFile reads a view file's content; name (the file's path) is put
// in the errors. It refuses a newer version with ErrNewerSchema, and
// anything else that is not a valid view file with ErrInvalid, saying where
// the fault is. The notes are checked as the store checks its own.
func DecodeViewFile(data []byte, name string) (ViewFile, error) {
	var fj viewFileJSON
	if err := decodeFile(data, name, viewFileSchema, "view file", &fj); err != nil {
		return ViewFile{}, err
	}
	if err := fj.View.Validate(); err != nil {
		return ViewFile{}, fmt.Errorf("%s: %w: %v", name, ErrInvalid, err)
	}
	if err := checkNotes(fj.Notes, name); err != nil {
		return ViewFile{}, err
	}
	return ViewFile{View: fj.View, Notes: fj.Notes}, nil
}

// EncodeNotesFile writes notes as a notes file (schema govscape/notes@1).
func EncodeNotesFile(w io.Writer, notes []model.Note) error {
	return encodeFile(w, notesFileJSON{Schema: notesFileSchema, Notes: nonNil(notes)})
}

// DecodeNotesFile reads a notes file's content, as DecodeViewFile reads a
// view file's.
func DecodeNotesFile(data []byte, name string) ([]model.Note, error) {
	var fj notesFileJSON
	if err := decodeFile(data, name, notesFileSchema, "notes file", &fj); err != nil {
		return nil, err
	}
	if err := checkNotes(fj.Notes, name); err != nil {
		return nil, err
	}
	return fj.Notes, nil
}

// ReadViewFile reads and checks the view file at path.
func ReadViewFile(path string) (ViewFile, error) {
	data, err := readExchangeFile(path)
	if err != nil {
		return ViewFile{}, err
	}
	return DecodeViewFile(data, path)
}

// WriteViewFile writes f to path atomically: a reader sees the old file or
// the new one, never a part.
func WriteViewFile(path string, f ViewFile) error {
	return writeExchangeFile(path, func(w io.Writer) error { return EncodeViewFile(w, f) })
}

// ReadNotesFile reads and checks the notes file at path.
func ReadNotesFile(path string) ([]model.Note, error) {
	data, err := readExchangeFile(path)
	if err != nil {
		return nil, err
	}
	return DecodeNotesFile(data, path)
}

// WriteNotesFile writes notes to path atomically.
func WriteNotesFile(path string, notes []model.Note) error {
	return writeExchangeFile(path, func(w io.Writer) error { return EncodeNotesFile(w, notes) })
}

func nonNil(notes []model.Note) []model.Note {
	if notes == nil {
		return []model.Note{}
	}
	return notes
}

func encodeFile(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// decodeFile checks the schema of an exchange file, then decodes it into v.
// kind names the file for people ("view file").
func decodeFile(data []byte, name, want, kind string, v any) error {
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, size := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		line, col := position(data, at)
		return fmt.Errorf("%s:%d:%d: %w: not valid UTF-8 text", name, line, col, ErrInvalid)
	}
	var head struct {
		Schema json.RawMessage `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return jsonError(data, name, kind, err)
	}
	var schema string
	json.Unmarshal(head.Schema, &schema)
	if schema != want {
		family, version, _ := strings.Cut(schema, "@")
		wantFamily, wantVersion, _ := strings.Cut(want, "@")
		v, err := strconv.Atoi(version)
		w, _ := strconv.Atoi(wantVersion)
		if family == wantFamily && err == nil && v > w {
			return &Error{Kind: ErrNewerSchema, Path: name,
				Err: fmt.Errorf("%s version %d, schema %q; this Govscape reads version %d", kind, v, schema, w)}
		}
		return fmt.Errorf("%s: %w: not a Govscape %s (its schema is %s, want %q)", name, ErrInvalid, kind, orNone(head.Schema), want)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return jsonError(data, name, kind, err)
	}
	return nil
}

func orNone(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "missing"
	}
	return string(raw)
}

// jsonError names the line and column of a JSON fault.
func jsonError(data []byte, name, kind string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, int(syn.Offset))
		return fmt.Errorf("%s:%d:%d: %w: not a Govscape %s: %v", name, line, col, ErrInvalid, kind, syn)
	case errors.As(err, &typ):
		line, col := position(data, int(typ.Offset))
		return fmt.Errorf("%s:%d:%d: %w: %s: want a %s", name, line, col, ErrInvalid, typ.Field, typ.Type)
	}
	return fmt.Errorf("%s: %w: %v", name, ErrInvalid, err)
}

// position turns a byte offset into a line and a column, both from 1.
func position(data []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// checkNotes checks notes read from a file as the store checks its own.
func checkNotes(notes []model.Note, name string) error {
	for i := range notes {
		normalizeNote(&notes[i])
		if err := notes[i].Validate(); err != nil {
			return fmt.Errorf("%s: notes[%d]: %w: %v", name, i, ErrInvalid, err)
		}
	}
	return nil
}

func readExchangeFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxExchangeFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxExchangeFile {
		return nil, fmt.Errorf("%s: %w: larger than %d MiB, too large to be a Govscape file", path, ErrTooLarge, maxExchangeFile>>20)
	}
	return data, nil
}

func writeExchangeFile(path string, fill func(w io.Writer) error) error {
	if err := writeFileAtomic(path, fill); err != nil {
		if kind := osKind(err); kind != nil {
			return &Error{Kind: kind, Path: path, What: "the file", Err: err}
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ViewNamed returns the view called name, ignoring case and surrounding
// space, or else the view whose id is name.
func (s *Store) ViewNamed(name string) (model.View, error) {
	views, err := s.Views()
	if err != nil {
		return model.View{}, err
	}
	for _, v := range views {
		if foldName(v.Name) == foldName(name) {
			return v, nil
		}
	}
	for _, v := range views {
		if v.ID == name {
			return v, nil
		}
	}
	return model.View{}, fmt.Errorf("view %q: %w", name, ErrNotFound)
}

// ViewWithNotes returns the view id and the notes attached to it, as
// ExportView writes them.
func (s *Store) ViewWithNotes(id string) (ViewFile, error) {
	v, err := s.View(id)
	if err != nil {
		return ViewFile{}, err
	}
	sums, err := s.NoteSummaries()
	if err != nil && sums == nil {
		return ViewFile{}, fmt.Errorf("export view %q: %w", v.Name, err)
	}
	f := ViewFile{View: v}
	for i := len(sums) - 1; i >= 0; i-- { // oldest first, as written
		if sums[i].View != id {
			continue
		}
		n, err := s.Note(sums[i].ID)
		if err != nil {
			return ViewFile{}, fmt.Errorf("export view %q: %w", v.Name, err)
		}
		f.Notes = append(f.Notes, n)
	}
	return f, nil
}

// ExportView writes the view id and the notes attached to it to a view
// file at path, atomically, and returns how many notes went with it.
func (s *Store) ExportView(id, path string) (int, error) {
	f, err := s.ViewWithNotes(id)
	if err != nil {
		return 0, err
	}
	if err := WriteViewFile(path, f); err != nil {
		return 0, fmt.Errorf("export view %q: %w", f.View.Name, err)
	}
	return len(f.Notes), nil
}

// ViewImport says what ImportView did.
type ViewImport struct {
	// View is the view as stored. It keeps the file's id unless a view of
	// that id was already here, when it and its notes are stored as a
	// copy with new ids; and it keeps its name unless another view has it,
	// when it is renamed "Name (2)", "Name (3)"….
	View    model.View
	Renamed bool   // the file's name was taken
	OldName string // the name in the file
	Copied  bool   // another version of the file's view was here already; this is a copy
	Already bool   // the file's view was here already, as it is in the file; only its notes merged
	Notes   NotesImport
	// Missing lists the entity ids the view or its notes name that the
	// dataset lacks, sorted. They are kept: opening the view leaves them
	// out and says so, and a dataset that has them shows them.
	Missing []string
}

// ViewCheck is what the caller knows of the views it can open; a nil field
// checks nothing.
type ViewCheck struct {
	// Known says whether the dataset has an entity.
	Known func(id string) bool
	// State says why this Govscape cannot open a view's state (say, one
	// from a newer version), or returns nil.
	State func(state json.RawMessage) error
}

// ImportView reads the view file at path and adds its view and notes to
// the store (see ImportViewFile).
func (s *Store) ImportView(path string, check ViewCheck) (ViewImport, error) {
	f, err := ReadViewFile(path)
	if err != nil {
		return ViewImport{}, fmt.Errorf("import view: %w", err)
	}
	rep, err := s.ImportViewFile(f, check)
	if err != nil {
		return rep, fmt.Errorf("import view from %s: %w", path, err)
	}
	return rep, nil
}

// ImportViewFile adds the view in f and its notes to the store. The notes
// merge as MergeNotes merges them. known says whether the dataset has an
// entity; nil skips that check. All of it is one transaction unless the
// notes are too many for one, when the notes go first, in steps, and the
// view last, so that an import cut short can be run again.
func (s *Store) ImportViewFile(f ViewFile, check ViewCheck) (ViewImport, error) {
	rep := ViewImport{OldName: f.View.Name, Missing: missingEntities(f, check.Known)}
	if err := f.View.Validate(); err != nil {
		return rep, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if check.State != nil {
		if err := check.State(f.View.State); err != nil {
			return rep, err
		}
	}
	if err := checkNotes(f.Notes, "view file"); err != nil {
		return rep, err
	}
	v := f.View
	have, err := s.View(v.ID)
	switch {
	case err == nil && have.Created.Equal(v.Created) && have.Description == v.Description && jsonSame(have.State, v.State):
		// (The name may differ: an import renames a view whose name is taken.)
		// Imported before: the notes merge by their ids, without copies.
		rep.Already = true
	case err == nil:
		rep.Copied = true
		v.ID = newID(s.now())
	case !errors.Is(err, ErrNotFound):
		return rep, err
	}
	notes := make([]model.Note, len(f.Notes))
	for i, n := range f.Notes {
		n.View = v.ID
		if rep.Copied {
			n.ID = newID(s.now())
		}
		notes[i] = n
	}
	var view *model.View
	if !rep.Already {
		view = &v
	}
	rep.Notes, err = s.mergeNotes(notes, view, fmt.Sprintf("the import of the view %q", f.View.Name))
	if err != nil {
		return rep, err
	}
	if rep.Already {
		v = have
	}
	rep.View, rep.Renamed = v, v.Name != f.View.Name
	return rep, nil
}

// numbered finds a free name for an imported view: "Name (2)", then
// "Name (3)", and so on.
func numbered(name string, taken map[string]string) string {
	return freeName(name, taken, func(i int) string { return fmt.Sprintf(" (%d)", i+1) })
}

// stateEntities returns the entity ids a view's state names: the selection,
// the compare set and the pinned nodes. (The state belongs to package app;
// these are its fields that hold entity ids.)
func stateEntities(state json.RawMessage) []string {
	var st struct {
		Selected string                     `json:"selected"`
		Compare  []string                   `json:"compare"`
		Pins     map[string]json.RawMessage `json:"pins"`
	}
	if len(state) == 0 || json.Unmarshal(state, &st) != nil {
		return nil
	}
	ids := slices.Clone(st.Compare)
	if st.Selected != "" {
		ids = append(ids, st.Selected)
	}
	for id := range st.Pins {
		ids = append(ids, id)
	}
	return ids
}

// missingEntities lists, sorted and once each, the entity ids f names
// that known rejects.
func missingEntities(f ViewFile, known func(string) bool) []string {
	if known == nil {
		return nil
	}
	ids := stateEntities(f.View.State)
	for _, n := range f.Notes {
		ids = append(ids, n.Entities...)
		if n.Relation != nil {
			ids = append(ids, n.Relation.From, n.Relation.To)
		}
	}
	var missing []string
	for _, id := range ids {
		if !known(id) {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	return slices.Compact(missing)
}

// NotesImport counts what a merge of notes did with each note.
type NotesImport struct {
	Added     int // new to the store
	Updated   int // newer than the store's version, which went to the note's history
	Unchanged int // the store had this version already
	Older     int // the store's version is newer, and stays
}

// Total is the number of notes considered.
func (r NotesImport) Total() int { return r.Added + r.Updated + r.Unchanged + r.Older }

// ImportNotes reads the notes file at path and merges its notes into the
// store (see MergeNotes).
func (s *Store) ImportNotes(path string) (NotesImport, error) {
	notes, err := ReadNotesFile(path)
	if err != nil {
		return NotesImport{}, fmt.Errorf("import notes: %w", err)
	}
	rep, err := s.MergeNotes(notes)
	if err != nil {
		return rep, fmt.Errorf("import notes from %s: %w", path, err)
	}
	return rep, nil
}

// ExportNotes writes every note to a notes file at path, atomically, and
// returns how many it wrote.
func (s *Store) ExportNotes(path string) (int, error) {
	notes, err := s.Notes()
	if err != nil {
		return 0, fmt.Errorf("export notes: %w", err)
	}
	if err := WriteNotesFile(path, notes); err != nil {
		return 0, fmt.Errorf("export notes: %w", err)
	}
	return len(notes), nil
}

// MergeNotes adds notes to the store without duplicating any: a note whose
// id the store lacks is added as it is, times included; one the store has
// in the same version (same updated time, or the same text) is skipped;
// one newer than the store's becomes the note's current version, and the
// store's goes into the note's history; one older is skipped. Merging the
// same notes twice changes nothing the second time. A merge of a few
// hundred notes is one transaction; a larger one goes in steps, each whole.
func (s *Store) MergeNotes(notes []model.Note) (NotesImport, error) {
	if err := checkNotes(notes, "notes"); err != nil {
		return NotesImport{}, err
	}
	return s.mergeNotes(notes, nil, "the merge of notes")
}

// Limits of one merge step: well inside Badger's transaction limit (15% of
// the 8 MiB memtable), counting values kept in the tables whole and larger
// ones, kept in the value log, by their pointer.
const (
	mergeStepBytes = 512 << 10
	mergeStepNotes = 500
)

// mergeNotes merges checked notes, and then adds view, if not nil, unless
// a view of its id is there already (a name another view has gets a
// number, which view then carries). It is all or nothing: one transaction
// when the notes fit in one, else planned into a journal and applied from
// it, so that a merge cut short leaves the store as it was or, at the next
// Open, merged. what names the operation for people.
func (s *Store) mergeNotes(notes []model.Note, view *model.View, what string) (NotesImport, error) {
	if err := s.writable(what); err != nil {
		return NotesImport{}, err
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if steps := mergeSteps(notes); len(steps) == 1 {
		rep, err := s.mergeStep(notes, addViewIfAbsent(view), false)
		if !errors.Is(err, ErrTooLarge) {
			return rep, err
		}
	}
	head := journalHead{Op: journalMerge, What: what, Started: s.now()}
	err := s.writeJournal(head, func(put func(key, value []byte) error) error {
		for i := range notes {
			data, err := encodeNote(&notes[i])
			if err != nil {
				return err
			}
			if err := put(noteKey(notes[i].ID), data); err != nil {
				return err
			}
		}
		if view == nil {
			return nil
		}
		data, err := encodeView(view)
		if err != nil {
			return err
		}
		return put(viewKey(view.ID), data)
	})
	if err != nil {
		return NotesImport{}, err
	}
	rep, final, err := s.applyJournal()
	if view != nil && final != nil {
		*view = *final
	}
	return rep, err
}

// mergeSteps cuts notes into steps that each fit in one transaction.
func mergeSteps(notes []model.Note) [][]model.Note {
	var steps [][]model.Note
	start, size := 0, 0
	for i := range notes {
		n := len(notes[i].Body) + len(notes[i].Title) + 256
		if n >= 4<<10 {
			n = 256
		}
		if i > start && (size+n > mergeStepBytes || i-start == mergeStepNotes) {
			steps = append(steps, notes[start:i])
			start, size = i, 0
		}
		size += n
	}
	return append(steps, notes[start:])
}

// mergeNotesLocked merges checked notes in steps, each a transaction, and
// runs final, if given, in the last one. It is not all or nothing by
// itself: it applies a journal. The caller holds the cache's mutex.
func (s *Store) mergeNotesLocked(notes []model.Note, final func(txn *badger.Txn) error) (NotesImport, error) {
	var total NotesImport
	steps := mergeSteps(notes)
	for i, step := range steps {
		var fin func(txn *badger.Txn) error
		if i == len(steps)-1 {
			fin = final
		}
		rep, err := s.mergeStep(step, fin, true)
		total.add(rep)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (r *NotesImport) add(o NotesImport) {
	r.Added += o.Added
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Older += o.Older
}

// mergeStep merges notes in one transaction; should they not fit after
// all, it splits them in two if split, else returns ErrTooLarge. The
// caller holds the cache's mutex.
func (s *Store) mergeStep(notes []model.Note, final func(txn *badger.Txn) error, split bool) (NotesImport, error) {
	var rep NotesImport
	var saved []model.Note
	need := 0
	for _, n := range notes {
		need += len(n.Body)
	}
	err := s.update("merge notes", need, func(txn *badger.Txn) error {
		rep, saved = NotesImport{}, saved[:0]
		for _, n := range notes {
			put, err := s.mergeNote(txn, n, &rep)
			if err != nil {
				return fmt.Errorf("note %s: %w", n.ID, err)
			}
			if put != nil {
				saved = append(saved, *put)
			}
		}
		if final != nil {
			return final(txn)
		}
		return nil
	})
	if errors.Is(err, ErrTooLarge) && split && len(notes) > 1 {
		half := len(notes) / 2
		first, err := s.mergeStep(notes[:half], nil, true)
		if err != nil {
			return first, err
		}
		second, err := s.mergeStep(notes[half:], final, true)
		second.add(first)
		return second, err
	}
	if err != nil {
		return NotesImport{}, err
	}
	for i := range saved {
		s.cache.put(&saved[i])
	}
	return rep, nil
}

// mergeNote merges one note in txn, counting what it did in rep, and
// returns the note stored, or nil if none was.
func (s *Store) mergeNote(txn *badger.Txn, n model.Note, rep *NotesImport) (*model.Note, error) {
	prevData, found, err := get(txn, noteKey(n.ID))
	if err != nil {
		return nil, err
	}
	if !found {
		if err := putNote(txn, &n); err != nil {
			return nil, err
		}
		rep.Added++
		return &n, nil
	}
	prev, err := decodeNote(prevData)
	if err != nil {
		// Keep the unreadable version's bytes in history rather than
		// overwrite them, as SaveNote does.
		s.cfg.logger.Warn("store: unreadable note replaced by an imported one; its bytes are kept in history", "id", n.ID, "err", err)
		if err := s.addHistory(txn, n.ID, s.now(), prevData); err != nil {
			return nil, err
		}
		if err := putNote(txn, &n); err != nil {
			return nil, err
		}
		rep.Updated++
		return &n, nil
	}
	switch {
	case n.Updated.Equal(prev.Updated), sameContent(&prev, &n):
		rep.Unchanged++
		return nil, nil
	case n.Updated.Before(prev.Updated):
		rep.Older++
		return nil, nil
	}
	// A newer version: the store's goes into the history whatever the
	// history interval, since it was not typed moments ago but is another
	// person's or another store's.
	if err := s.addHistory(txn, n.ID, prev.Updated, prevData); err != nil {
		return nil, err
	}
	n.Created = prev.Created
	if err := putNote(txn, &n); err != nil {
		return nil, err
	}
	rep.Updated++
	return &n, nil
}
