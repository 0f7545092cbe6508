// Package ui is Govscape's Fyne front end: the main window, its panels and
// widgets. It reads and changes state only through the app package.
package ui

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/docs"
	"govscape/resources"
)

// Run opens the main window on the bundled landscape and returns when it closes.
func Run() {
	a := fyneapp.NewWithID(app.AppID)
	a.SetIcon(fyne.NewStaticResource("govscape.png", resources.Icon))
	w := a.NewWindow("Govscape")
	x, err := app.OpenEmbedded()
	if err != nil {
		// The bundled data is checked by the tests, so this means a broken build.
		fmt.Fprintln(os.Stderr, "govscape:", err)
		os.Exit(1)
	}
	m := NewMain(x, true)
	m.SetWindow(w)
	w.SetContent(m.Root)
	m.AddShortcuts(w.Canvas())
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.Resize(fyne.NewSize(1440, 900))
	w.SetMaster()
	quitOnSignal(a)
	w.ShowAndRun()
}

// quitOnSignal makes an interrupt or terminate signal close the app the same
// way the window's close button does, so a session manager or Ctrl+C in the
// terminal never cuts it off mid-write.
func quitOnSignal(a fyne.App) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	a.Lifecycle().SetOnStopped(func() {
		signal.Stop(sig)
		close(done)
	})
	go func() {
		select {
		case <-sig:
			fyne.Do(a.Quit)
		case <-done:
		}
	}()
}

// Main is the content of the main window: toolbar, sidebar, the main tabs and
// the inspector.
type Main struct {
	Root fyne.CanvasObject

	x         *app.Explorer
	win       fyne.Window
	search    *searchEntry
	shortcuts map[string]func() // the window's shortcuts by name, for the search box
	tabs      *container.AppTabs
	table     *tableView
	mapTab    *mapTab
	codebook  dialog.Dialog // the last codebook shown, for tests
	filters   *filters
	inspector *inspector
}

// NewMain builds the main window's content on the explorer x. With
// background set the map lays itself out on a goroutine of its own and
// animates; tests leave it unset so everything runs on their goroutine.
func NewMain(x *app.Explorer, background bool) *Main {
	m := &Main{x: x, shortcuts: map[string]func(){}}
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
	toolbar := container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.SearchIcon()), title), nil, m.search)

	m.filters = newFilters(x)
	sidebar := container.NewAppTabs(
		container.NewTabItem("Filters", m.filters.root),
		container.NewTabItem("Views", coming("Saved views are coming: name the whole state of the explorer and reopen it exactly.")),
		container.NewTabItem("Notes", coming("Notes are coming: private Markdown notes on entities, relations and views.")),
	)

	m.table = newTableView(x)
	m.mapTab = newMapTab(x, background)
	m.tabs = container.NewAppTabs(
		container.NewTabItem("Map", m.mapTab.root),
		container.NewTabItem("Compare", coming("Compare is coming: two to six entities side by side, stance by stance, with shared forums.")),
		container.NewTabItem("Timeline", coming("The timeline is coming: dated events, and the landscape as it stood in any year.")),
		container.NewTabItem("Table", m.table.root),
	)

	m.inspector = newInspector(x)
	m.inspector.OnAxis = m.ShowCodebook

	right := container.NewHSplit(m.tabs, m.inspector.root)
	right.Offset = 0.68
	body := container.NewHSplit(sidebar, right)
	body.Offset = 0.15
	m.Root = container.NewBorder(container.NewVBox(toolbar, widget.NewSeparator()), nil, nil, nil, body)
	return m
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
