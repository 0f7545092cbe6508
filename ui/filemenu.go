package ui

import (
	"context"
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
	"govscape/model"
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

// needIdleStore is needStore that also refuses while a long operation runs.
func (m *Main) needIdleStore() bool {
	return m.needStore() && !m.long.busy(m)
}

// needWritable says so when the store is open for reading only, before the
// person chooses anything, and reports whether it can be written.
func (m *Main) needWritable(what string) bool {
	if err := m.readOnlyError(); err != nil {
		m.showError(what, err)
		return false
	}
	return true
}

func (m *Main) exportView() {
	if !m.needIdleStore() {
		return
	}
	p := m.views
	if p.selected < 0 || p.selected >= len(p.views) {
		m.sidebar.SelectIndex(1)
		m.status("Select a view in the Views tab first")
		return
	}
	v := p.views[p.selected]
	m.saveTo(store.SafeFileName(v.Name)+".govscape-view.json", func(path string) { m.exportViewTo(v, path) })
}

// exportViewTo writes the view v and its notes to path.
func (m *Main) exportViewTo(v model.View, path string) {
	st := m.st
	runLong(m, longJob{title: "View export", doing: fmt.Sprintf("Exporting “%s” and its notes to %s", v.Name, path)},
		func(context.Context, store.Progress) (int, error) { return st.ExportView(v.ID, path) },
		func(n int, err error) {
			if err != nil {
				m.showError("The view was not exported", err)
				return
			}
			m.status(fmt.Sprintf("Exported “%s” with %d notes to %s", v.Name, n, path))
		})
}

func (m *Main) importView() {
	if !m.needIdleStore() || !m.needWritable("The view was not imported") {
		return
	}
	m.openFrom(m.importViewFrom)
}

// importViewFrom imports the view file at path, with its notes.
func (m *Main) importViewFrom(path string) {
	st, l := m.st, m.x.Landscape
	known := func(id string) bool { _, ok := l.Entity(id); return ok }
	runLong(m, longJob{title: "View import", doing: "Importing the view and its notes from " + path},
		func(context.Context, store.Progress) (store.ViewImport, error) {
			return st.ImportView(path, store.ViewCheck{Known: known, State: app.CheckState})
		},
		func(rep store.ViewImport, err error) {
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
	if !m.needIdleStore() {
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
		m.exportNotesMarkdownTo(dir.Path())
	}, m.win)
}

// exportNotesMarkdownTo writes every note as a Markdown file into dir.
func (m *Main) exportNotesMarkdownTo(dir string) {
	st := m.st
	runLong(m, longJob{title: "Notes export", doing: "Exporting every note as Markdown to " + dir},
		func(context.Context, store.Progress) (store.MarkdownReport, error) {
			return st.ExportNotesMarkdown(dir)
		},
		func(rep store.MarkdownReport, err error) {
			if err != nil {
				m.showError("The notes were not exported", err)
				return
			}
			msg := fmt.Sprintf("Exported %d notes as Markdown to %s", len(rep.Files), dir)
			if len(rep.Beside) > 0 {
				msg += fmt.Sprintf("; %d written beside files of yours, left as they were (such as %q beside %q)",
					len(rep.Beside), rep.Beside[0].File, rep.Beside[0].Kept)
			}
			m.status(msg)
		})
}

func (m *Main) exportNotesJSON() {
	if !m.needIdleStore() {
		return
	}
	m.saveTo("govscape-notes.json", m.exportNotesJSONTo)
}

// exportNotesJSONTo writes every note to the notes file at path.
func (m *Main) exportNotesJSONTo(path string) {
	st := m.st
	runLong(m, longJob{title: "Notes export", doing: "Exporting every note to " + path},
		func(context.Context, store.Progress) (int, error) { return st.ExportNotes(path) },
		func(n int, err error) {
			if err != nil {
				m.showError("The notes were not exported", err)
				return
			}
			m.status(fmt.Sprintf("Exported %d notes to %s", n, path))
		})
}

func (m *Main) importNotes() {
	if !m.needIdleStore() || !m.needWritable("The notes were not imported") {
		return
	}
	m.openFrom(m.importNotesFrom)
}

// importNotesFrom imports the notes file at path.
func (m *Main) importNotesFrom(path string) {
	st := m.st
	runLong(m, longJob{title: "Notes import", doing: "Importing the notes in " + path},
		func(context.Context, store.Progress) (store.NotesImport, error) { return st.ImportNotes(path) },
		func(rep store.NotesImport, err error) {
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
	if !m.needIdleStore() {
		return
	}
	m.saveTo("govscape-backup.bak", m.backupTo)
}

// backupTo writes a backup of everything to path; it can be cancelled
// until the file is complete.
func (m *Main) backupTo(path string) {
	st := m.st
	runLong(m, longJob{title: "Backup", doing: "Backing up every note, view and setting to " + path, cancelled: "no file was written"},
		func(ctx context.Context, progress store.Progress) (struct{}, error) {
			return struct{}{}, st.BackupContext(ctx, path, progress)
		},
		func(_ struct{}, err error) {
			if err != nil {
				m.showError("The backup failed", err)
				return
			}
			m.status("Backed up everything to " + path)
		})
}

func (m *Main) restore() {
	if !m.needIdleStore() || !m.needWritable("The restore was not started") {
		return
	}
	m.openFrom(func(path string) {
		dialog.ShowConfirm("Restore from a backup",
			"Restore notes, views and settings from "+path+"? What you saved since the backup is kept, and the store as it is now is backed up first.",
			func(ok bool) {
				if ok {
					m.restoreFrom(path)
				}
			}, m.win)
	})
}

// restoreFrom restores the backup at path; it can be cancelled, with
// nothing changed, until the restore is planned.
func (m *Main) restoreFrom(path string) {
	st := m.st
	runLong(m, longJob{title: "Restore", doing: "Restoring notes, views and settings from " + path, cancelled: "nothing was changed"},
		func(ctx context.Context, progress store.Progress) (store.RestoreReport, error) {
			return st.RestoreContext(ctx, path, progress)
		},
		func(rep store.RestoreReport, err error) {
			if err != nil {
				m.showError("The restore failed; nothing was changed", err)
				return
			}
			m.views.reload()
			m.notes.reload()
			m.inspector.refresh()
			m.status(fmt.Sprintf("Restored %d notes, %d views; the store as it was is in %s", rep.Notes, rep.Views, rep.SafetyBackup))
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
