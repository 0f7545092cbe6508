package ui

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"govscape/app"
	"govscape/app/store"
)

// mainMenu is the window's menu: the File menu carries the store's
// exchanges — backup and restore, view and notes export and import.
func (m *Main) mainMenu(quit func()) *fyne.MainMenu {
	item := func(label string, f func()) *fyne.MenuItem { return fyne.NewMenuItem(label, f) }
	file := fyne.NewMenu("File",
		item("Save view…", m.SaveView),
		item("Export selected view…", m.exportView),
		item("Import view…", m.importView),
		fyne.NewMenuItemSeparator(),
		item("New note", m.NewNote),
		item("Export notes as Markdown folder…", m.exportNotesMarkdown),
		item("Export notes as JSON…", m.exportNotesJSON),
		item("Import notes (JSON)…", m.importNotes),
		fyne.NewMenuItemSeparator(),
		item("Export comparison as Markdown…", func() { m.exportCompare("md", m.compare.exportMarkdown) }),
		item("Export comparison as CSV…", func() { m.exportCompare("csv", m.compare.exportCSV) }),
		item("Export comparison as PNG…", m.exportComparePNG),
		fyne.NewMenuItemSeparator(),
		item("Back up everything…", m.backup),
		item("Restore from a backup…", m.restore),
	)
	edit := fyne.NewMenu("Edit", item("Undo", m.Undo))
	view := fyne.NewMenu("View", item("What changed between two years…", m.ShowWhatChanged))
	file.Items = append(file.Items, fyne.NewMenuItemSeparator(), &fyne.MenuItem{Label: "Quit", IsQuit: true, Action: quit})
	return fyne.NewMainMenu(file, edit, view)
}

// needStore says so when the store is unavailable and reports whether it is there.
func (m *Main) needStore() bool {
	if m.st == nil {
		m.status("Unavailable: the store could not be opened")
		return false
	}
	return true
}

func (m *Main) exportView() {
	if !m.needStore() {
		return
	}
	p := m.views
	if p.selected < 0 || p.selected >= len(p.views) {
		m.sidebar.SelectIndex(1)
		m.status("Select a view in the Views tab first")
		return
	}
	v := p.views[p.selected]
	m.saveTo(store.SafeFileName(v.Name)+".govscape-view.json", func(path string) {
		n, err := m.st.ExportView(v.ID, path)
		if err != nil {
			m.showError("The view was not exported", err)
			return
		}
		m.status(fmt.Sprintf("Exported “%s” with %d notes to %s", v.Name, n, path))
	})
}

func (m *Main) importView() {
	if !m.needStore() {
		return
	}
	m.openFrom(func(path string) {
		known := func(id string) bool { _, ok := m.x.Landscape.Entity(id); return ok }
		rep, err := m.st.ImportView(path, store.ViewCheck{Known: known, State: app.CheckState})
		if err != nil {
			m.showError("The view was not imported", err)
			return
		}
		msg := fmt.Sprintf("Imported view “%s” with %d notes", rep.View.Name, rep.Notes.Total())
		if rep.Renamed {
			msg += fmt.Sprintf(" (renamed from “%s”)", rep.OldName)
		}
		if len(rep.Missing) > 0 {
			msg += "; this dataset lacks " + strings.Join(rep.Missing, ", ")
		}
		m.views.reload()
		m.notes.reload()
		m.status(msg)
	})
}

func (m *Main) exportNotesMarkdown() {
	if !m.needStore() {
		return
	}
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			m.showError("The notes were not exported", err)
			return
		}
		if dir == nil {
			return
		}
		rep, err := m.st.ExportNotesMarkdown(dir.Path())
		if err != nil {
			m.showError("The notes were not exported", err)
			return
		}
		msg := fmt.Sprintf("Exported %d notes as Markdown to %s", len(rep.Files), dir.Path())
		if len(rep.Beside) > 0 {
			msg += fmt.Sprintf("; %d written beside files of yours, left as they were (such as %q beside %q)",
				len(rep.Beside), rep.Beside[0].File, rep.Beside[0].Kept)
		}
		m.status(msg)
	}, m.win)
}

func (m *Main) exportNotesJSON() {
	if !m.needStore() {
		return
	}
	m.saveTo("govscape-notes.json", func(path string) {
		n, err := m.st.ExportNotes(path)
		if err != nil {
			m.showError("The notes were not exported", err)
			return
		}
		m.status(fmt.Sprintf("Exported %d notes to %s", n, path))
	})
}

func (m *Main) importNotes() {
	if !m.needStore() {
		return
	}
	m.openFrom(func(path string) {
		rep, err := m.st.ImportNotes(path)
		if err != nil {
			m.showError("The notes were not imported", err)
			return
		}
		m.notes.reload()
		m.inspector.refresh()
		m.status(fmt.Sprintf("Notes imported: %d new, %d updated, %d already here, %d older than yours (kept yours)",
			rep.Added, rep.Updated, rep.Unchanged, rep.Older))
	})
}

func (m *Main) backup() {
	if !m.needStore() {
		return
	}
	m.saveTo("govscape-backup.bak", func(path string) {
		if err := m.st.Backup(path); err != nil {
			m.showError("The backup failed", err)
			return
		}
		m.status("Backed up everything to " + path)
	})
}

func (m *Main) restore() {
	if !m.needStore() {
		return
	}
	m.openFrom(func(path string) {
		dialog.ShowConfirm("Restore from a backup",
			"Restore notes, views and settings from "+path+"? What you saved since the backup is kept, and the store as it is now is backed up first.",
			func(ok bool) {
				if !ok {
					return
				}
				rep, err := m.st.Restore(path)
				if err != nil {
					m.showError("The restore failed; nothing was changed", err)
					return
				}
				m.views.reload()
				m.notes.reload()
				m.inspector.refresh()
				m.status(fmt.Sprintf("Restored %d notes, %d views; the store as it was is in %s", rep.Notes, rep.Views, rep.SafetyBackup))
			}, m.win)
	})
}

// saveTo asks for a file to write, suggesting name, and calls write with its path.
func (m *Main) saveTo(name string, write func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			m.showError("Could not choose the file", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the store writes the file itself, atomically
		write(path)
	}, m.win)
	d.SetFileName(name)
	d.Show()
}

// openFrom asks for a file to read and calls read with its path.
func (m *Main) openFrom(read func(path string)) {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.showError("Could not choose the file", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		read(path)
	}, m.win)
}

// ShowWhatChanged opens "what changed" between the slider's year (or ten
// years back) and the latest year.
func (m *Main) ShowWhatChanged() {
	if m.changed == nil {
		m.changed = newWhatChanged(m)
	}
	_, last := m.x.Landscape.YearRange()
	from := m.x.Year()
	if from == 0 || from >= last {
		from = last - 10
	}
	m.changed.show(from, last)
}

// compareName is the file name a comparison export suggests.
func (m *Main) compareName(ext string) string {
	name := "compare-" + strings.Join(m.x.CompareSet(), "-")
	if y := m.x.Year(); y != 0 {
		name += fmt.Sprintf("-%d", y)
	}
	return name + "." + ext
}

func (m *Main) exportCompare(ext string, write func(io.Writer) error) {
	if len(m.x.CompareSet()) < 2 {
		m.status("Put at least two entities in the compare tray first")
		return
	}
	m.exportFile(m.compareName(ext), write)
}

// exportComparePNG saves the Compare tab as it is on screen.
func (m *Main) exportComparePNG() {
	if len(m.x.CompareSet()) < 2 {
		m.status("Put at least two entities in the compare tray first")
		return
	}
	m.tabs.SelectIndex(1)
	img, err := m.captureObject(m.compare.root)
	if err != nil {
		m.showError("The picture was not made", err)
		return
	}
	m.exportFile(m.compareName("png"), func(w io.Writer) error { return png.Encode(w, img) })
}

// captureObject returns the pixels of one object of the window, cut from a
// capture of the whole canvas.
func (m *Main) captureObject(o fyne.CanvasObject) (image.Image, error) {
	if m.win == nil {
		return nil, fmt.Errorf("no window")
	}
	c := m.win.Canvas()
	full := c.Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size := o.Size()
	scale := float32(full.Bounds().Dx()) / c.Size().Width
	r := image.Rect(int(pos.X*scale), int(pos.Y*scale), int((pos.X+size.Width)*scale), int((pos.Y+size.Height)*scale)).Intersect(full.Bounds())
	if r.Empty() {
		return nil, fmt.Errorf("the Compare tab is not on screen")
	}
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Bounds(), full, r.Min, draw.Src)
	return out, nil
}
