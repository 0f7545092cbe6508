package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

// viewWithNotes saves a view and two notes attached to it, and one note
// that is not, and returns the view and its notes as stored.
func viewWithNotes(t *testing.T, s *Store, clock *fakeClock, name string) (model.View, []model.Note) {
	t.Helper()
	v := model.View{Name: name, Description: "China and the US, 2022",
		State: json.RawMessage(`{"version":1,"selected":"china","compare":["china","usa","atlantis"],"pins":{"wic":[1,2],"lemuria":[3,4]}}`)}
	if _, err := s.SaveView(&v); err != nil {
		t.Fatal(err)
	}
	var notes []model.Note
	for _, n := range []model.Note{
		{Title: "Sovereignty", Body: "See [[china]] at [[wic]]. 网络主权 🌍", Entities: []string{"china", "wic"}, View: v.ID},
		{Title: "Relation", Body: "host", Relation: &model.RelationRef{From: "china", To: "mu", Role: "host"}, View: v.ID},
		{Title: "Elsewhere", Body: "not in the view"},
	} {
		clock.add(time.Second)
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		if n.View != "" {
			notes = append(notes, n)
		}
	}
	return v, notes
}

var landscapeIDs = map[string]bool{"china": true, "usa": true, "wic": true}

func known(id string) bool { return landscapeIDs[id] }

func TestViewExportImportRoundTrip(t *testing.T) {
	clock := newClock()
	src := openTest(t, filepath.Join(t.TempDir(), "src"), WithClock(clock.now))
	v, notes := viewWithNotes(t, src, clock, "China vs US")
	file := filepath.Join(t.TempDir(), "china-us"+ViewFileExt)
	n, err := src.ExportView(v.ID, file)
	if err != nil || n != 2 {
		t.Fatalf("ExportView = %d, %v; want 2 notes", n, err)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), `"schema": "govscape/view@1"`) {
		t.Errorf("the file does not carry its schema:\n%s", data)
	}

	dst := openTest(t, filepath.Join(t.TempDir(), "dst"), WithClock(clock.now))
	rep, err := dst.ImportView(file, ViewCheck{Known: known})
	if err != nil {
		t.Fatalf("ImportView: %v", err)
	}
	if want := []string{"atlantis", "lemuria", "mu"}; !reflect.DeepEqual(rep.Missing, want) {
		t.Errorf("missing entities %q, want %q", rep.Missing, want)
	}
	if rep.Renamed || rep.Copied || rep.Notes != (NotesImport{Added: 2}) {
		t.Errorf("report %+v, want the view as it was and 2 notes added", rep)
	}
	got, err := dst.View(v.ID)
	if err != nil || got.Name != v.Name || got.Description != v.Description || !jsonEqual(t, got.State, v.State) {
		t.Errorf("imported view %+v (%v), want %+v", got, err, v)
	}
	for _, want := range notes {
		if got, err := dst.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Errorf("imported note %s (%v), want %s", describe(got), err, describe(want))
		}
	}

	// The same file into the store it came from, twice: nothing is
	// duplicated, neither the view nor its notes.
	for i := 0; i < 2; i++ {
		again, err := src.ImportView(file, ViewCheck{})
		if err != nil {
			t.Fatalf("ImportView into its own store: %v", err)
		}
		if !again.Already || again.Copied || again.View.ID != v.ID || again.Notes != (NotesImport{Unchanged: 2}) {
			t.Errorf("import %d into its own store: %+v, want the view already there and 2 notes unchanged", i+1, again)
		}
	}
	if views, _ := src.Views(); len(views) != 1 {
		t.Errorf("after importing its own view twice the store has %d views, want 1", len(views))
	}
	if all, _ := src.Notes(); len(all) != 3 {
		t.Errorf("after importing its own view twice the store has %d notes, want its 3", len(all))
	}

	// Once the store's view has changed, the file's is added as a copy,
	// renamed, with copies of its notes.
	clock.add(time.Minute)
	changed := v
	changed.Description = "changed since the export"
	if _, err := src.SaveView(&changed); err != nil {
		t.Fatal(err)
	}
	again, err := src.ImportView(file, ViewCheck{})
	if err != nil {
		t.Fatalf("ImportView over a changed view: %v", err)
	}
	if !again.Copied || !again.Renamed || again.View.Name != "China vs US (2)" || again.View.ID == v.ID || again.Missing != nil {
		t.Errorf("import over a changed view: %+v, want a copy named %q", again, "China vs US (2)")
	}
	copies, _ := src.ViewWithNotes(again.View.ID)
	if len(copies.Notes) != 2 || copies.Notes[0].ID == notes[0].ID || copies.Notes[0].Body != notes[0].Body {
		t.Errorf("the copy's notes: %+v, want copies of the 2 originals with new ids", copies.Notes)
	}
	if orig, _ := src.ViewWithNotes(v.ID); len(orig.Notes) != 2 || orig.View.Description != changed.Description {
		t.Errorf("the original view after the copy: %+v, want it as changed, with its 2 notes", orig)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	dir := t.TempDir()
	good := `{"schema":"govscape/view@1","view":{"id":"v1","name":"N","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"},"notes":[]}`
	tests := []struct {
		name, content string
		kind          error
		says          []string
	}{
		{"newer", strings.Replace(good, "view@1", "view@2", 1), ErrNewerSchema, []string{"newer", "version 2", "update Govscape"}},
		{"other kind", strings.Replace(good, "view@1", "notes@1", 1), ErrInvalid, []string{"not a Govscape view file", "notes@1"}},
		{"no schema", `{"view":{}}`, ErrInvalid, []string{"schema is missing"}},
		{"malformed", "{\"schema\":\"govscape/view@1\",\n\"view\": {,}}", ErrInvalid, []string{":2:"}},
		{"wrong type", "{\"schema\":\"govscape/view@1\",\n\"view\": {\"name\": 7}}", ErrInvalid, []string{":2:", "view.name"}},
		{"not UTF-8", "{\"schema\":\"govscape/view@1\",\n \"view\":{\"name\":\"\xff\"}}", ErrInvalid, []string{":2:", "UTF-8"}},
		{"bad view", strings.Replace(good, `"name":"N"`, `"name":" "`, 1), ErrInvalid, []string{"name is empty"}},
		{"bad note", strings.Replace(good, `"notes":[]`, `"notes":[{"id":"a/b"}]`, 1), ErrInvalid, []string{"notes[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+ViewFileExt)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := s.ImportView(path, ViewCheck{})
			if !errors.Is(err, tt.kind) {
				t.Fatalf("error %v, want %v", err, tt.kind)
			}
			for _, want := range append(tt.says, path) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
	if vs, _ := s.Views(); len(vs) != 0 {
		t.Errorf("refused imports stored %d views", len(vs))
	}
	if _, err := s.ImportView(filepath.Join(dir, "absent"+ViewFileExt), ViewCheck{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: error %v, want one saying it does not exist", err)
	}
}

func TestNotesMergeWithoutDuplicates(t *testing.T) {
	clock := newClock()
	src := openTest(t, filepath.Join(t.TempDir(), "src"), WithClock(clock.now))
	dst := openTest(t, filepath.Join(t.TempDir(), "dst"), WithClock(clock.now), WithHistoryInterval(time.Hour))
	for _, sc := range scripts {
		clock.add(time.Second)
		n := model.Note{Title: sc.title, Body: sc.body, Tags: []string{"t"}, Entities: []string{"china"}}
		if err := src.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "notes"+NotesFileExt)
	export := func() {
		t.Helper()
		if _, err := src.ExportNotes(file); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(want NotesImport) {
		t.Helper()
		got, err := dst.ImportNotes(file)
		if err != nil || got != want {
			t.Fatalf("ImportNotes = %+v, %v; want %+v", got, err, want)
		}
	}
	export()
	all := len(scripts)
	merge(NotesImport{Added: all})
	merge(NotesImport{Unchanged: all})
	srcNotes, _ := src.Notes()
	for _, want := range srcNotes {
		if got, err := dst.Note(want.ID); err != nil || !sameNote(got, want) {
			t.Errorf("merged %s (%v), want %s", describe(got), err, describe(want))
		}
	}
	checkSummaries(t, dst, "after merging")

	// A newer version in the file replaces the store's, which goes to the
	// history even though the history interval has not passed.
	edited := srcNotes[0]
	clock.add(time.Second)
	edited.Body += " (edited elsewhere)"
	if err := src.SaveNote(&edited); err != nil {
		t.Fatal(err)
	}
	export()
	merge(NotesImport{Updated: 1, Unchanged: all - 1})
	if got, _ := dst.Note(edited.ID); !sameNote(got, edited) {
		t.Errorf("after the merge %s, want %s", describe(got), describe(edited))
	}
	if h, _ := dst.NoteHistory(edited.ID); len(h) != 1 || h[0].Body != srcNotes[0].Body {
		t.Errorf("history after the merge: %d versions, want the replaced one", len(h))
	}

	// A version older than the store's stays out.
	clock.add(time.Second)
	mine, _ := dst.Note(edited.ID)
	mine.Body = "edited here, later"
	if err := dst.SaveNote(&mine); err != nil {
		t.Fatal(err)
	}
	merge(NotesImport{Older: 1, Unchanged: all - 1})
	if got, _ := dst.Note(edited.ID); got.Body != mine.Body {
		t.Errorf("an older version replaced the store's: %q", got.Body)
	}
	if sums, _ := dst.NoteSummaries(); len(sums) != all {
		t.Errorf("%d notes after merging four times, want %d", len(sums), all)
	}
}

func TestMergeManyNotesInSteps(t *testing.T) {
	s := openTest(t, t.TempDir())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var notes []model.Note
	for i := range 1500 {
		n := model.Note{ID: newID(t0), Title: "n", Body: strings.Repeat("x", 1000+i%3000), Created: t0, Updated: t0}
		notes = append(notes, n)
	}
	rep, err := s.MergeNotes(notes)
	if err != nil || rep.Added != len(notes) {
		t.Fatalf("MergeNotes = %+v, %v; want %d added", rep, err, len(notes))
	}
	checkSummaries(t, s, "after a large merge")
}
