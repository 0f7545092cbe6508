// Package ui is Govscape's Fyne front end: the main window, its panels and
// widgets. It reads and changes state only through the app package.
package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/app/store"
	"govscape/docs"
	"govscape/model"
	"govscape/resources"
	graph "govscape/ui/layout"
	"govscape/ui/render"
)

// Options configure Run.
type Options struct {
	// StoreDir overrides where notes and views are kept (else GOVSCAPE_STORE,
	// else the user's data folder).
	StoreDir string
}

// storeLockWait is how long the window waits for another process to let go
// of the store: a command-line run lets go within it, and another window
// would not, so the person hears so at once.
const storeLockWait = time.Second

// lastStateSetting names the setting the window's state is kept in between runs.
const lastStateSetting = "last-state"

// Run opens the main window on the bundled landscape and returns when it closes.
func Run(opts Options) {
	a := fyneapp.NewWithID(app.AppID)
	a.SetIcon(fyne.NewStaticResource("govscape.png", resources.Icon))
	w := a.NewWindow("Govscape")
	x, err := app.OpenEmbedded()
	if err != nil {
		// The bundled data is checked by the tests, so this means a broken build.
		fmt.Fprintln(os.Stderr, "govscape:", err)
		os.Exit(1)
	}
	st, storeErr := openStore(opts.StoreDir)
	if errors.Is(storeErr, store.ErrLocked) {
		// Another Govscape has this store: say so plainly and touch nothing.
		showAlone(a, w, "Govscape is already open", storeErr.Error())
		return
	}
	m := NewMain(x, true)
	m.SetWindow(w)
	if st != nil {
		m.AttachStore(st)
		m.reopenLastState()
	}
	w.SetContent(m.Root)
	w.SetMainMenu(m.mainMenu(a.Quit))
	m.AddShortcuts(w.Canvas())
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.Resize(fyne.NewSize(1440, 900))
	w.SetMaster()
	stopSignals := quitOnSignal(a)
	var once sync.Once
	shutdown := func() {
		once.Do(func() {
			m.player.pause() // its ticker goroutine ends with the app
			if st != nil {
				m.closeStore()
			}
		})
	}
	a.Lifecycle().SetOnStopped(func() {
		stopSignals()
		shutdown()
	})
	a.Lifecycle().SetOnStarted(func() {
		switch {
		case storeErr != nil:
			m.showError("Notes and views are unavailable", storeErr)
		case st.Recovery() != nil:
			dialog.ShowInformation("Your store was damaged", st.Recovery().Message(), w)
		case st.Finished() != nil:
			dialog.ShowInformation("An operation was finished", st.Finished().Message(), w)
		}
	})
	w.SetOnClosed(shutdown)
	w.ShowAndRun()
}

// openStore opens the user's store; a damaged one is moved aside and a fresh
// one opened by the store itself, and one that cannot be written is opened
// for reading, so only a lock or an unusable folder fails.
func openStore(explicit string) (*store.Store, error) {
	root, err := app.UserDataRoot()
	if err != nil {
		root = ""
	}
	dir, err := store.DefaultDir(explicit, root)
	if err != nil {
		return nil, err
	}
	return store.Open(dir, store.WithReadOnlyFallback(), store.WithLockWait(storeLockWait))
}

// showAlone shows a window with only a message and a Quit button.
func showAlone(a fyne.App, w fyne.Window, title, msg string) {
	w.SetTitle("Govscape")
	text := &widget.Label{Text: msg, Wrapping: fyne.TextWrapWord}
	quit := &widget.Button{Text: "Quit", Importance: widget.HighImportance, OnTapped: a.Quit}
	w.SetContent(container.NewPadded(container.NewBorder(
		&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		container.NewHBox(layout.NewSpacer(), quit), nil, nil, text)))
	w.Resize(fyne.NewSize(520, 220))
	w.ShowAndRun()
}

// quitOnSignal makes an interrupt or terminate signal close the app the same
// way the window's close button does, so a session manager or Ctrl+C in the
// terminal never cuts it off mid-write.
// It returns the function that ends the watch, for when the app stops.
func quitOnSignal(a fyne.App) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	stop = func() {
		signal.Stop(sig)
		close(done)
	}
	go func() {
		select {
		case <-sig:
			fyne.Do(a.Quit)
		case <-done:
		}
	}()
	return stop
}

// Main is the content of the main window: toolbar, sidebar, the main tabs and
// the inspector.
type Main struct {
	Root fyne.CanvasObject

	x            *app.Explorer
	win          fyne.Window
	search       *searchEntry
	shortcuts    map[string]func() // the window's shortcuts by name, for the search box
	tabs         *container.AppTabs
	table        *tableView
	mapTab       *mapTab
	compare      *compareTab
	comparePlane *comparePlane
	timeline     *timelineTab
	player       *player
	changed      *whatChanged  // built on first use
	codebook     dialog.Dialog // the last codebook shown, for tests
	filters      *filters
	inspector    *inspector
	sidebar      *container.AppTabs
	statusBar    *widget.Label
	banner       *widget.Label // a standing warning under the toolbar, such as a read-only store
	long         *longWork     // backup, restore, import and export, one at a time
	undo         app.Undo
	st           *store.Store // nil when the store could not be opened
	views        *viewsPanel
	notes        *notesPanel
}

// NewMain builds the main window's content on the explorer x. With
// background set the map lays itself out on a goroutine of its own and
// animates; tests leave it unset so everything runs on their goroutine.
func NewMain(x *app.Explorer, background bool) *Main {
	m := &Main{x: x, shortcuts: map[string]func(){}, long: newLongWork()}
	m.search = &searchEntry{Entry: widget.Entry{PlaceHolder: "Search forums, actors, people, tags…  (Ctrl+F)"}, window: m.shortcuts}
	m.search.ExtendBaseWidget(m.search)
	m.search.OnChanged = x.SetQuery
	m.search.OnSubmitted = func(string) {
		// Enter takes the best hit straight to the inspector.
		if vis := x.Visible(); len(vis) > 0 {
			x.Select(vis[0].ID)
		}
	}
	x.OnChange(func(c app.Change) {
		if c == app.ChangedVisible && m.search.Text != x.Filter().Query {
			m.search.SetText(x.Filter().Query)
		}
	})

	title := &widget.Label{Text: "Govscape", TextStyle: fyne.TextStyle{Bold: true}}
	m.statusBar = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}, Truncation: fyne.TextTruncateEllipsis}
	m.banner = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	m.banner.Hide()

	m.filters = newFilters(x)
	m.sidebar = container.NewAppTabs(
		container.NewTabItem("Filters", m.filters.root),
		container.NewTabItem("Views", coming("Saved views are coming: name the whole state of the explorer and reopen it exactly.")),
		container.NewTabItem("Notes", coming("Notes are coming: private Markdown notes on entities, relations and views.")),
	)

	m.table = newTableView(x)
	m.mapTab = newMapTab(x, background)
	m.compare = newCompareTab(x)
	m.compare.onShow = func() { m.tabs.SelectIndex(1) }
	m.compare.onExport = m.exportFile
	m.timeline = newTimelineTab(x)
	first, last := x.Landscape.YearRange()
	m.player = newPlayer(x, max(first, 1990), last)
	m.tabs = container.NewAppTabs(
		container.NewTabItem("Map", m.mapTab.root),
		container.NewTabItem("Compare", m.compareSplit()),
		container.NewTabItem("Timeline", m.timeline.root),
		container.NewTabItem("Table", m.table.root),
	)

	m.inspector = newInspector(x)
	m.inspector.OnAxis = m.ShowCodebook
	m.timeline.onSelectEvent = func(ev *model.Event) {
		if ev == nil {
			m.mapTab.view.Spotlight(nil)
			return
		}
		m.mapTab.view.Spotlight(ev.Entities)
		m.status(ev.Date + " · " + ev.Title + " — its entities are lit on the map")
	}

	// The toolbar's right side: play through the years, save the view. The
	// player lives here, always on screen, so playing survives a tab switch.
	saveView := &widget.Button{Text: "Save view", Icon: theme.DocumentSaveIcon(), Importance: widget.LowImportance, OnTapped: m.SaveView}
	toolbar := container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.SearchIcon()), title),
		container.NewHBox(m.player.root, saveView), m.search)

	right := container.NewHSplit(m.tabs, m.inspector.root)
	right.Offset = 0.68
	body := container.NewHSplit(m.sidebar, right)
	body.Offset = 0.15
	m.Root = container.NewBorder(container.NewVBox(toolbar, m.banner, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), m.compare.tray, widget.NewSeparator(), m.statusBar), nil, nil, body)
	return m
}

// AttachStore gives the window the user's store: saved views (and notes)
// become available.
func (m *Main) AttachStore(st *store.Store) {
	m.st = st
	m.views = newViewsPanel(m, st)
	m.notes = newNotesPanel(m, st)
	m.sidebar.Items[1].Content = m.views.root
	m.sidebar.Items[2].Content = m.notes.root
	m.sidebar.Refresh()
	m.inspector.notes = m.notes
	m.inspector.refresh()
	m.mapTab.view.OnAddNote = func(id string) { m.notes.newNote([]string{id}) }
	if ro, why := st.ReadOnly(); ro {
		m.banner.SetText("Notes and views are read-only: the store is open for reading only" + because(why) +
			". What was saved before is intact; nothing can be saved now.")
		m.banner.Show()
	}
}

// because is the clause that gives a store's reason to be read-only, if it has one.
func because(why string) string {
	if why == "" {
		return ""
	}
	return " because " + why
}

// readOnlyError is the error a write to the store would return, or nil
// when it can be written: said before the person types or chooses anything.
func (m *Main) readOnlyError() error {
	ro, why := m.st.ReadOnly()
	if !ro {
		return nil
	}
	return fmt.Errorf("%w%s: nothing can be saved now; what was saved before is intact", store.ErrReadOnly, because(why))
}

// NewNote starts a note about the selected entity (or about nothing).
func (m *Main) NewNote() {
	if m.notes == nil {
		m.status("Notes are unavailable: the store could not be opened")
		return
	}
	if err := m.readOnlyError(); err != nil {
		m.showError("The note was not created", err)
		return
	}
	var about []string
	if e, ok := m.x.Selected(); ok {
		about = []string{e.ID}
	}
	m.notes.newNote(about)
}

// SaveView asks for a name and saves everything on screen under it.
func (m *Main) SaveView() {
	if m.views == nil {
		m.status("Views are unavailable: the store could not be opened")
		return
	}
	if err := m.readOnlyError(); err != nil {
		m.showError("The view was not saved", err)
		return
	}
	m.sidebar.SelectIndex(1)
	m.views.saveDialog()
}

// Undo takes back the last delete, rename or overwrite.
func (m *Main) Undo() {
	what, err := m.undo.Undo()
	switch {
	case err != nil:
		m.showError("Could not undo "+what, err)
	case what == "":
		m.status("Nothing to undo")
	default:
		m.status("Undone: " + what)
	}
}

// compareSplit sets the compare set's stance plane beside the Compare table.
func (m *Main) compareSplit() fyne.CanvasObject {
	m.comparePlane = newComparePlane(m.x)
	split := container.NewHSplit(m.compare.root, m.comparePlane.root)
	split.Offset = 0.76
	return split
}

// exportFile asks where to save a file, suggesting name, and writes it there
// with write; the file is replaced whole or not at all.
func (m *Main) exportFile(name string, write func(io.Writer) error) {
	if m.win == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			m.showError("Export failed", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		if err := writeFileAtomic(path, write); err != nil {
			m.showError("Export failed", err)
			return
		}
		m.status("Exported to " + path)
	}, m.win)
	d.SetFileName(name)
	d.Show()
}

// writeFileAtomic writes a file next to its final place, syncs it and
// renames it over the target, so a reader never sees half a file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".govscape-export-*")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}

// status shows a short message at the bottom of the window.
func (m *Main) status(msg string) { m.statusBar.SetText(msg) }

// showError tells the user what went wrong, in a dialog when there is a
// window, and in the status line as well.
func (m *Main) showError(what string, err error) {
	m.status(what + ": " + err.Error())
	if m.win != nil {
		dialog.ShowError(fmt.Errorf("%s: %w", what, err), m.win)
	}
}

var tabNames = []string{"map", "compare", "timeline", "table"}

// CaptureState is the whole state on screen: the explorer's, the open tab,
// the map's camera and its pinned nodes.
func (m *Main) CaptureState() app.State {
	s := m.x.Capture()
	s.Tab = tabNames[max(0, m.tabs.SelectedIndex())]
	v := m.mapTab.view
	if !v.follow {
		s.Camera = &app.Camera{X: v.cam.X, Y: v.cam.Y, Zoom: v.cam.Zoom}
	}
	if len(v.pinned) > 0 {
		s.Pins = map[string][2]float64{}
		for id := range v.pinned {
			if p, ok := v.known[id]; ok {
				s.Pins[id] = [2]float64{p.X, p.Y}
			}
		}
	}
	return s
}

// RestoreState puts the window into a captured state; it returns what the
// dataset lacks of it.
func (m *Main) RestoreState(s app.State) ([]string, error) {
	v := m.mapTab.view
	// Pins first: the map lays itself out again as the explorer changes, and
	// must hold them while it does.
	v.pinned = map[string]bool{}
	for id, p := range s.Pins {
		v.pinned[id] = true
		v.known[id] = graph.Point{X: p[0], Y: p[1]}
	}
	missing, err := m.x.Restore(s)
	if err != nil {
		return nil, err
	}
	for i, name := range tabNames {
		if name == s.Tab {
			m.tabs.SelectIndex(i)
		}
	}
	if s.Camera != nil && s.Camera.Zoom > 0 {
		v.follow = false
		v.cam = render.Camera{X: s.Camera.X, Y: s.Camera.Y, Zoom: s.Camera.Zoom}
	} else {
		v.follow = true
	}
	v.Refresh()
	return missing, nil
}

// closeStore stops a long operation, saves every open note and the
// window's state, then closes the store: the last thing the app does,
// however it is quit.
func (m *Main) closeStore() {
	m.long.stop()
	if m.notes != nil {
		for _, ed := range m.notes.open {
			ed.saveNow()
		}
	}
	m.saveLastState()
	if err := m.st.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "govscape: close store:", err)
	}
	m.st = nil
}

// saveLastState keeps the state on screen, to reopen it at the next start.
func (m *Main) saveLastState() {
	if m.st == nil {
		return
	}
	if ro, _ := m.st.ReadOnly(); ro {
		return
	}
	if err := m.st.PutSetting(lastStateSetting, m.CaptureState()); err != nil {
		fmt.Fprintln(os.Stderr, "govscape: keep the window's state:", err)
	}
}

// reopenLastState puts back the state the app was closed in.
func (m *Main) reopenLastState() {
	var s app.State
	ok, err := m.st.Setting(lastStateSetting, &s)
	if err != nil || !ok {
		return
	}
	if _, err := m.RestoreState(s); err != nil {
		m.status("The last session's state was not reopened: " + err.Error())
	}
}

// SetWindow tells the content which window it is in, for its dialogs.
func (m *Main) SetWindow(w fyne.Window) { m.win = w }

// ShowCodebook opens the codebook at an axis's entry: what each score on it
// means, with examples, and the general coding rules a button away.
func (m *Main) ShowCodebook(axis string) {
	if m.win == nil {
		return
	}
	text, ok := docs.CodebookSection(axis)
	if !ok {
		text = docs.Codebook
	}
	body := widget.NewRichTextFromMarkdown(text)
	body.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(620, 480))
	whole := &widget.Button{Text: "Whole codebook", Importance: widget.LowImportance}
	whole.OnTapped = func() {
		body.ParseMarkdown(docs.Codebook)
		scroll.ScrollToTop()
		whole.Hide()
	}
	d := dialog.NewCustom("Codebook", "Close", container.NewBorder(nil, container.NewHBox(whole), nil, nil, scroll), m.win)
	m.codebook = d
	d.Show()
}

// AddShortcuts binds the window's keyboard shortcuts: Ctrl+F to search,
// Alt+Left/Right to go back and forward through the selection, Ctrl+M and
// Ctrl+L for the map and the table, Ctrl+1 and Ctrl+2 for the force layout
// and the stance plane.
func (m *Main) AddShortcuts(c fyne.Canvas) {
	add := func(key fyne.KeyName, mod fyne.KeyModifier, f func()) {
		sc := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		c.AddShortcut(sc, func(fyne.Shortcut) { f() })
		m.shortcuts[sc.ShortcutName()] = f
	}
	ctrl := fyne.KeyModifierShortcutDefault
	add(fyne.KeyF, ctrl, func() { c.Focus(m.search) })
	add(fyne.KeyLeft, fyne.KeyModifierAlt, m.x.Back)
	add(fyne.KeyRight, fyne.KeyModifierAlt, m.x.Forward)
	add(fyne.KeyL, ctrl, func() { m.tabs.SelectIndex(3); c.Focus(m.table.table) })
	add(fyne.KeyM, ctrl, func() { m.tabs.SelectIndex(0); c.Focus(m.mapTab.view) })
	add(fyne.Key1, ctrl, func() { m.tabs.SelectIndex(0); m.x.SetLayout(app.LayoutForce) })
	add(fyne.Key2, ctrl, func() { m.tabs.SelectIndex(0); m.x.SetLayout(app.LayoutStance) })
	add(fyne.KeyS, ctrl, m.SaveView)
	add(fyne.KeyN, ctrl, m.NewNote)
	add(fyne.KeyD, ctrl, func() {
		if e, ok := m.x.Selected(); ok && m.x.AddToCompare(e.ID) {
			m.status(e.Name + " added to the compare tray")
		}
	})
	add(fyne.KeyK, ctrl, func() { m.tabs.SelectIndex(1) })
	add(fyne.KeyT, ctrl, func() { m.tabs.SelectIndex(2) })
	add(fyne.KeyW, ctrl|fyne.KeyModifierShift, m.ShowWhatChanged)
	add(fyne.KeyZ, ctrl, m.Undo)
}

// searchEntry is the toolbar's search box. An entry swallows every shortcut
// typed into it, so it passes the window's own (Ctrl+M, Alt+Left…) on.
type searchEntry struct {
	widget.Entry
	window map[string]func()
}

// TypedShortcut lets the entry handle its own shortcuts (copy, paste, undo…)
// and hands the window's to the window.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if f, ok := e.window[s.ShortcutName()]; ok {
		f()
		return
	}
	e.Entry.TypedShortcut(s)
}

func coming(text string) fyne.CanvasObject {
	// A wrapping label has no width of its own; give it a readable measure.
	l := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Italic: true}}
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(360, 100), l))
}
