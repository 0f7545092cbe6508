package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app/store"
	"govscape/model"
)

// notesPanel is the sidebar's Notes tab: every note, newest first, narrowed
// by a search over title, body and tags, and "New note".
type notesPanel struct {
	m      *Main
	st     *store.Store
	search *widget.Entry
	list   *widget.List
	notes  []store.NoteSummary
	empty  *widget.Label
	root   fyne.CanvasObject
	open   map[string]*noteEditor // editors open now, by note id
}

func newNotesPanel(m *Main, st *store.Store) *notesPanel {
	p := &notesPanel{m: m, st: st, open: map[string]*noteEditor{}}
	p.search = &widget.Entry{PlaceHolder: "Search notes"}
	p.search.OnChanged = func(string) { p.reload() }
	p.list = newTwoLineList(
		func() int { return len(p.notes) },
		func(i int) (string, string) { return titleOr(p.notes[i].Title), p.noteInfo(p.notes[i]) })
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.notes) {
			p.openEditor(p.notes[i].ID)
		}
		p.list.UnselectAll()
	}
	newNote := &widget.Button{Text: "New note", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: func() {
		var about []string
		if e, ok := m.x.Selected(); ok {
			about = []string{e.ID}
		}
		p.newNote(about)
	}}
	p.empty = &widget.Label{Text: "No notes yet. New note (Ctrl+N) starts one about the selected entity; [[id]] or [[Name]] in a note links it to more.",
		Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	p.root = container.NewBorder(container.NewVBox(newNote, p.search, p.empty), nil, nil, nil, p.list)
	p.reload()
	return p
}

func noteTitle(n model.Note) string { return titleOr(n.Title) }

// titleOr is a note's title as shown: its own, or "Untitled note".
func titleOr(title string) string {
	if strings.TrimSpace(title) == "" {
		return "Untitled note"
	}
	return title
}

func (p *notesPanel) noteInfo(n store.NoteSummary) string {
	parts := []string{n.Updated.Local().Format("2 Jan 2006 15:04")}
	var names []string
	for _, id := range n.Entities {
		if e, ok := p.m.x.Landscape.Entity(id); ok {
			names = append(names, e.Label())
		}
	}
	if len(names) > 0 {
		parts = append(parts, strings.Join(names, ", "))
	}
	if len(n.Tags) > 0 {
		parts = append(parts, "#"+strings.Join(n.Tags, " #"))
	}
	return strings.Join(parts, " · ")
}

// reload lists the notes matching the search, newest first.
func (p *notesPanel) reload() {
	var ns []store.NoteSummary
	var err error
	if q := strings.TrimSpace(p.search.Text); q != "" {
		ns, err = p.st.SearchNotes(q)
	} else {
		ns, err = p.st.NoteSummaries()
	}
	if err != nil {
		p.m.showError("Could not read the notes", err)
		return
	}
	p.notes = ns
	p.list.Refresh()
	if len(ns) == 0 && p.search.Text == "" {
		p.empty.Show()
	} else {
		p.empty.Hide()
	}
}

// notesAbout returns the notes attached to or linking to an entity, newest first.
func (p *notesPanel) notesAbout(id string) []store.NoteSummary {
	all, err := p.st.NoteSummaries()
	if err != nil {
		return nil
	}
	var out []store.NoteSummary
	for _, n := range all {
		if n.About(id) {
			out = append(out, n)
		}
	}
	return out
}

// newNote saves an empty note about the given entities and opens it.
func (p *notesPanel) newNote(about []string) {
	n := &model.Note{Entities: about}
	if len(about) == 1 {
		if e, ok := p.m.x.Landscape.Entity(about[0]); ok {
			n.Title = "Note on " + e.Name
		}
	}
	p.create(n)
}

// newRelationNote starts a note on one relation, about both its ends.
func (p *notesPanel) newRelationNote(r *model.Relation) {
	l := p.m.x.Landscape
	from, _ := l.Entity(r.From)
	to, _ := l.Entity(r.To)
	p.create(&model.Note{
		Title:    fmt.Sprintf("%s %s %s", from.Label(), model.RolePhrase(r.Role, false), to.Label()),
		Entities: []string{r.From, r.To},
		Relation: &model.RelationRef{From: r.From, To: r.To, Role: r.Role},
	})
}

// newViewNote starts a note belonging to a saved view; it travels with the
// view when the view is exported.
func (p *notesPanel) newViewNote(v model.View) {
	p.create(&model.Note{Title: "Note on the view “" + v.Name + "”", View: v.ID})
}

// create stores a new note and opens it.
func (p *notesPanel) create(n *model.Note) {
	if err := p.st.SaveNote(n); err != nil {
		p.m.showError("The note was not created", err)
		return
	}
	p.reload()
	p.m.inspector.refresh()
	p.openEditor(n.ID)
}

// openEditor shows a note's editor, bringing it forward if it is open already.
func (p *notesPanel) openEditor(id string) *noteEditor {
	if ed, ok := p.open[id]; ok {
		ed.win.RequestFocus()
		return ed
	}
	n, err := p.st.Note(id)
	if err != nil {
		p.m.showError("Could not open the note", err)
		return nil
	}
	ed := newNoteEditor(p, n)
	p.open[id] = ed
	return ed
}

// deleteNote removes a note; Ctrl+Z in the main window brings it back.
func (p *notesPanel) deleteNote(id string) {
	d, err := p.st.DeleteNote(id)
	if err != nil {
		p.m.showError("The note was not deleted", err)
		return
	}
	title := noteTitle(d.Note)
	p.m.undo.Push(fmt.Sprintf("delete note “%s”", title), func() error {
		if err := p.st.UndeleteNote(d); err != nil {
			return err
		}
		p.reload()
		p.m.inspector.refresh()
		return nil
	})
	p.m.status(fmt.Sprintf("Deleted note “%s” (Ctrl+Z undoes)", title))
	p.reload()
	p.m.inspector.refresh()
}

// stopper is a pending call that can be called off, as a *time.Timer is.
type stopper interface{ Stop() bool }

// afterFunc runs f after d on another goroutine; tests replace it to fire
// autosaves on their own goroutine, when they choose.
var afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// autosaveDelay is how long typing pauses before a note is saved: at most
// this much typing is ever at risk.
const autosaveDelay = 700 * time.Millisecond

// noteEditor edits one note in a window of its own: title, tags, Markdown
// with a live preview, autosaved while typing and on close, with its earlier
// versions a click away.
type noteEditor struct {
	p       *notesPanel
	note    model.Note
	win     fyne.Window
	title   *widget.Entry
	tags    *widget.Entry
	body    *noteBody
	suggest *fyne.Container // entities matching the [[… being typed
	partial string          // what follows the open [[, or "" when none is being typed
	hits    []*model.Entity
	preview *widget.RichText
	about   *widget.Label
	state   *widget.Label
	timer   stopper
	dirty   bool
	loading bool
}

func newNoteEditor(p *notesPanel, n model.Note) *noteEditor {
	ed := &noteEditor{p: p, note: n}
	ed.win = fyne.CurrentApp().NewWindow(noteTitle(n) + " — Govscape")
	ed.title = &widget.Entry{PlaceHolder: "Title"}
	ed.tags = &widget.Entry{PlaceHolder: "tags, separated by commas"}
	ed.body = &noteBody{Entry: widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord,
		PlaceHolder: "Markdown. Link entities with [[id]] or [[Name]] — e.g. [[china]], [[World Internet Conference]]."}}
	ed.body.ExtendBaseWidget(ed.body)
	ed.body.accept = func() bool { return ed.complete(0) }
	ed.suggest = container.New(&flow{})
	ed.preview = widget.NewRichText()
	ed.preview.Wrapping = fyne.TextWrapWord
	ed.about = &widget.Label{Wrapping: fyne.TextWrapWord}
	ed.state = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}
	ed.load(n)
	for _, e := range []*widget.Entry{ed.title, ed.tags, &ed.body.Entry} {
		e.OnChanged = func(string) { ed.changed() }
	}
	history := &widget.Button{Text: "History…", Icon: theme.HistoryIcon(), OnTapped: ed.showHistory}
	del := &widget.Button{Text: "Delete", Icon: theme.DeleteIcon(), OnTapped: func() {
		ed.saveNow()
		ed.win.Close()
		p.deleteNote(ed.note.ID)
	}}
	split := container.NewHSplit(container.NewBorder(nil, ed.suggest, nil, nil, ed.body), container.NewVScroll(ed.preview))
	split.Offset = 0.55
	top := container.NewVBox(ed.title, ed.tags, ed.about)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(history, del), ed.state)
	ed.win.SetContent(container.NewBorder(top, bottom, nil, nil, split))
	ed.win.SetOnClosed(func() {
		ed.saveNow()
		delete(p.open, ed.note.ID)
	})
	ed.win.Resize(fyne.NewSize(900, 620))
	ed.win.Show()
	return ed
}

// load puts a note into the editor's fields without counting as an edit.
func (ed *noteEditor) load(n model.Note) {
	ed.loading = true
	defer func() { ed.loading = false }()
	ed.note = n
	ed.title.SetText(n.Title)
	ed.tags.SetText(strings.Join(n.Tags, ", "))
	ed.body.SetText(n.Body)
	ed.renderPreview()
	ed.state.SetText("Saved " + n.Updated.Local().Format("15:04:05"))
}

// changed marks an edit and (re)starts the autosave countdown.
func (ed *noteEditor) changed() {
	if ed.loading {
		return
	}
	ed.dirty = true
	ed.renderPreview()
	ed.updateSuggestions()
	ed.state.SetText("Editing…")
	if ed.timer != nil {
		ed.timer.Stop()
	}
	ed.timer = afterFunc(autosaveDelay, func() { fyne.Do(ed.saveNow) })
}

// saveNow stores the note if it changed. On failure the text stays in the
// editor and the message says so; nothing already saved is touched.
func (ed *noteEditor) saveNow() {
	if ed.timer != nil {
		ed.timer.Stop()
	}
	if !ed.dirty {
		return
	}
	n := ed.note
	n.Title = strings.TrimSpace(ed.title.Text)
	n.Tags = splitTags(ed.tags.Text)
	n.Body = ed.body.Text
	n.Entities = ed.entities(n)
	if err := ed.p.st.SaveNote(&n); err != nil {
		ed.state.SetText("Not saved — " + err.Error() + ". Your text is still here; try again once that is fixed.")
		return
	}
	ed.note = n
	ed.dirty = false
	ed.state.SetText("Saved " + n.Updated.Local().Format("15:04:05"))
	ed.win.SetTitle(noteTitle(n) + " — Govscape")
	ed.p.reload()
	ed.p.m.inspector.refresh()
}

// entities is what the note is about: the entities it was attached to when
// made, and every entity its links name.
func (ed *noteEditor) entities(n model.Note) []string {
	linked, _ := ed.p.m.x.Landscape.LinkedEntities(n.Body)
	seen := map[string]bool{}
	var out []string
	for _, id := range append(append([]string(nil), ed.note.Entities...), linked...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#")); t != "" {
			out = append(out, t)
		}
	}
	return out
}

var noteLink = regexp.MustCompile(`\[\[([^\[\]\n]+)\]\]`)

// renderPreview shows the Markdown as it reads: links to entities by their
// names, unknown links marked, images named but not loaded, and only web
// links left to open (see previewSegments).
func (ed *noteEditor) renderPreview() {
	l := ed.p.m.x.Landscape
	src := noteLink.ReplaceAllStringFunc(ed.body.Text, func(m string) string {
		target := strings.TrimSpace(m[2 : len(m)-2])
		if k := strings.IndexByte(target, '|'); k >= 0 {
			target = strings.TrimSpace(target[:k])
		}
		if id, ok := l.ResolveLink(target); ok {
			e, _ := l.Entity(id)
			return "**" + e.Name + "**"
		}
		return "*" + target + " (no such entity)*"
	})
	ed.preview.Segments = previewSegments(src)
	ed.preview.Refresh()
	var names []string
	n := ed.note
	n.Body = ed.body.Text
	for _, id := range ed.entities(n) {
		if e, ok := l.Entity(id); ok {
			names = append(names, e.Name)
		}
	}
	_, unknown := l.LinkedEntities(ed.body.Text)
	text := "About: " + strings.Join(names, ", ")
	if len(names) == 0 {
		text = "About no entity yet: link one with [[id]]."
	}
	if len(unknown) > 0 {
		text += "   Unknown links (kept as written): " + strings.Join(unknown, ", ")
	}
	ed.about.SetText(text)
}

// showHistory lists the note's earlier versions; choosing one restores it
// (the current text goes into the history first, so nothing is lost).
func (ed *noteEditor) showHistory() {
	ed.saveNow()
	versions, err := ed.p.st.NoteHistory(ed.note.ID)
	if err != nil {
		dialog.ShowError(err, ed.win)
		return
	}
	if len(versions) == 0 {
		dialog.ShowInformation("History", "This note has no earlier versions yet.", ed.win)
		return
	}
	var d dialog.Dialog
	list := widget.NewList(
		func() int { return len(versions) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			v := versions[i]
			first := strings.SplitN(strings.TrimSpace(v.Body), "\n", 2)[0]
			o.(*widget.Label).SetText(v.Updated.Local().Format("2 Jan 2006 15:04:05") + " — " + noteTitle(v) + ": " + first)
		})
	list.OnSelected = func(i widget.ListItemID) {
		restored, err := ed.p.st.RestoreNoteVersion(ed.note.ID, versions[i].Updated)
		if err != nil {
			dialog.ShowError(err, ed.win)
			return
		}
		ed.load(restored)
		ed.p.reload()
		d.Hide()
	}
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(560, 300))
	d = dialog.NewCustom("Restore an earlier version", "Close", scroll, ed.win)
	d.Show()
}

// noteBody is the note's text entry; Ctrl+Enter (or Ctrl+Space) takes the
// first suggestion for the [[link]] being typed.
type noteBody struct {
	widget.Entry
	accept func() bool
}

// TypedShortcut takes Ctrl+Enter and Ctrl+Space for completion, the rest as an entry does.
func (b *noteBody) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShortcutDefault &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter || cs.KeyName == fyne.KeySpace) && b.accept != nil && b.accept() {
		return
	}
	b.Entry.TypedShortcut(s)
}

// maxSuggestions bounds the completion row.
const maxSuggestions = 6

// updateSuggestions offers the entities matching an open "[[…" just before
// the cursor, best match first.
func (ed *noteEditor) updateSuggestions() {
	ed.partial, ed.hits = "", nil
	ed.suggest.Objects = nil
	text := []rune(ed.body.Text)
	at := min(max(ed.body.CursorTextOffset(), 0), len(text))
	before := string(text[:at])
	if i := strings.LastIndex(before, "[["); i >= 0 {
		if p := before[i+2:]; p != "" && !strings.ContainsAny(p, "]\n") {
			ed.partial = p
		}
	}
	if ed.partial != "" {
		for _, h := range ed.p.m.x.Landscape.Search(ed.partial) {
			ed.hits = append(ed.hits, h.Entity)
			if len(ed.hits) == maxSuggestions {
				break
			}
		}
	}
	if len(ed.hits) > 0 {
		ed.suggest.Add(&widget.Label{Text: "Link to (Ctrl+Enter takes the first):", TextStyle: fyne.TextStyle{Italic: true}})
		for i, e := range ed.hits {
			i := i
			ed.suggest.Add(&widget.Hyperlink{Text: e.Label() + " (" + e.ID + ")", OnTapped: func() { ed.complete(i) }})
		}
	}
	ed.suggest.Refresh()
}

// complete replaces the "[[…" being typed with a link to the i-th suggestion,
// as if typed, so the entry's own undo takes it back.
func (ed *noteEditor) complete(i int) bool {
	if ed.partial == "" || i >= len(ed.hits) {
		return false
	}
	id := ed.hits[i].ID
	for range []rune(ed.partial) {
		ed.body.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	}
	for _, r := range id + "]]" {
		ed.body.TypedRune(r)
	}
	return true
}
