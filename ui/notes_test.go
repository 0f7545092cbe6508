package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"govscape/app/store"
	"govscape/model"
)

// manualTimers replaces the autosave timer for a test: pending calls wait
// until fire runs them, on the test's goroutine.
type manualTimers struct{ pending []*manualTimer }

type manualTimer struct {
	f       func()
	stopped bool
}

func (t *manualTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (m *manualTimers) fire() {
	p := m.pending
	m.pending = nil
	for _, t := range p {
		if !t.stopped {
			t.f()
		}
	}
}

func useManualTimers(t *testing.T) *manualTimers {
	m := &manualTimers{}
	old := afterFunc
	afterFunc = func(_ time.Duration, f func()) stopper {
		mt := &manualTimer{f: f}
		m.pending = append(m.pending, mt)
		return mt
	}
	t.Cleanup(func() { afterFunc = old })
	return m
}

func TestEditingANoteAutosaves(t *testing.T) {
	timers := useManualTimers(t)
	m, x, st := newTestMainWithStore(t)
	x.Select("china")
	m.NewNote()
	if len(m.notes.open) != 1 {
		t.Fatalf("got %d editors open, want 1", len(m.notes.open))
	}
	var ed *noteEditor
	for _, e := range m.notes.open {
		ed = e
	}
	test.Type(ed.body, "Xi at WIC 2015, see [[wic]] and [[Atlantis]]. ![x](https://example.org/x.png)")
	saved, _ := st.Note(ed.note.ID)
	if saved.Body != "" {
		t.Fatalf("saved before the pause in typing: %q", saved.Body)
	}
	timers.fire()
	saved, err := st.Note(ed.note.ID)
	if err != nil || !strings.HasPrefix(saved.Body, "Xi at WIC 2015") {
		t.Fatalf("after the pause: got %q, %v", saved.Body, err)
	}
	if got := strings.Join(saved.Entities, ","); got != "china,wic" {
		t.Errorf("note is about %q, want china,wic (attached, then linked)", got)
	}
	if !strings.Contains(ed.about.Text, "Atlantis") {
		t.Errorf("unknown link not reported: %q", ed.about.Text)
	}
	if strings.Contains(ed.preview.String(), "https://example.org/x.png)") || !strings.Contains(ed.preview.String(), "not loaded") {
		t.Errorf("the preview should name the image, not load it: %q", ed.preview.String())
	}
	// The inspector of a linked entity lists the note.
	x.Select("wic")
	if findLink(m.inspector.body, "Note on China") == nil {
		t.Error("WIC's inspector does not list the note that links to it")
	}
	// Closing the window saves what was typed since.
	test.Type(ed.body, " More.")
	ed.win.Close()
	saved, _ = st.Note(ed.note.ID)
	if !strings.HasSuffix(saved.Body, " More.") {
		t.Errorf("closing did not save: %q", saved.Body)
	}
}

func TestDeletedNoteComesBackWithUndo(t *testing.T) {
	useManualTimers(t)
	m, _, st := newTestMainWithStore(t)
	m.notes.newNote([]string{"igf"})
	ns, _ := st.NoteSummaries()
	if len(ns) != 1 {
		t.Fatalf("got %d notes, want 1", len(ns))
	}
	id := ns[0].ID
	m.notes.open[id].win.Close()
	m.notes.deleteNote(id)
	if ns, _ := st.NoteSummaries(); len(ns) != 0 || len(m.notes.notes) != 0 {
		t.Fatalf("after delete: %d notes in the store, %d listed", len(ns), len(m.notes.notes))
	}
	m.Undo()
	if _, err := st.Note(id); err != nil {
		t.Fatalf("after undo: %v", err)
	}
	if len(m.notes.notes) != 1 {
		t.Errorf("after undo the list shows %d notes", len(m.notes.notes))
	}
}

func TestNotesSearch(t *testing.T) {
	timers := useManualTimers(t)
	m, _, _ := newTestMainWithStore(t)
	for _, body := range []string{"multistakeholder model", "cyber sovereignty", "互联网 治理"} {
		m.notes.newNote(nil)
		for _, ed := range m.notes.open {
			if ed.body.Text == "" {
				test.Type(ed.body, body)
			}
		}
		timers.fire()
	}
	for q, want := range map[string]int{"": 3, "sovereignty": 1, "治理": 1, "model": 1, "nothing": 0} {
		m.notes.search.SetText(q)
		if got := len(m.notes.notes); got != want {
			t.Errorf("search %q: got %d notes, want %d", q, got, want)
		}
	}
}

func TestLinkCompletesAsYouType(t *testing.T) {
	timers := useManualTimers(t)
	m, _, st := newTestMainWithStore(t)
	m.notes.newNote(nil)
	var ed *noteEditor
	for _, e := range m.notes.open {
		ed = e
	}
	test.Type(ed.body, "Compare with [[Chi")
	if len(ed.hits) == 0 || ed.hits[0].ID != "china" {
		t.Fatalf("suggestions for [[Chi: got %v, want China first", ed.hits)
	}
	if !ed.complete(0) {
		t.Fatal("completion refused")
	}
	if got := ed.body.Text; got != "Compare with [[china]]" {
		t.Fatalf("after completing: got %q", got)
	}
	if len(ed.hits) != 0 {
		t.Errorf("suggestions stay after the link is closed: %v", ed.hits)
	}
	test.Type(ed.body, " and [[wi")
	ed.body.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	if got := ed.body.Text; got != "Compare with [[china]] and [[wic]]" {
		t.Fatalf("Ctrl+Enter: got %q", got)
	}
	timers.fire()
	n, _ := st.Note(ed.note.ID)
	if strings.Join(n.Entities, ",") != "china,wic" {
		t.Errorf("the completed links were not attached: %v", n.Entities)
	}
}

func TestNotesOnARelationAndOnAView(t *testing.T) {
	useManualTimers(t)
	m, x, st := newTestMainWithStore(t)
	x.Select("china")
	var host *model.Relation
	for _, r := range x.Landscape.RelationsOf("china") {
		if r.Role == "host" {
			host = r
		}
	}
	m.notes.newRelationNote(host)
	m.views.save("A view", "")
	m.notes.newViewNote(m.views.views[0])
	ns, _ := st.NoteSummaries()
	if len(ns) != 2 {
		t.Fatalf("got %d notes, want 2", len(ns))
	}
	var rel, view *store.NoteSummary
	for i := range ns {
		if ns[i].Relation != nil {
			rel = &ns[i]
		}
		if ns[i].View != "" {
			view = &ns[i]
		}
	}
	if rel == nil || rel.Relation.From != "china" || rel.Relation.To != "wic" || rel.Relation.Role != "host" || !rel.About("wic") {
		t.Errorf("relation note: %+v", rel)
	}
	if view == nil || view.View != m.views.views[0].ID {
		t.Errorf("view note: %+v", view)
	}
}
