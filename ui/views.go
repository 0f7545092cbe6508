package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/app/store"
	"govscape/model"
)

// viewsPanel is the sidebar's Views tab: the saved views, newest first, to
// open, rename, duplicate and delete (undoably), and "Save view" for the
// state on screen.
type viewsPanel struct {
	m        *Main
	st       *store.Store
	views    []model.View
	list     *widget.List
	selected int
	empty    *widget.Label
	root     fyne.CanvasObject
	buttons  []*widget.Button
}

func newViewsPanel(m *Main, st *store.Store) *viewsPanel {
	p := &viewsPanel{m: m, st: st, selected: -1}
	p.list = newTwoLineList(
		func() int { return len(p.views) },
		func(i int) (string, string) {
			v := p.views[i]
			info := v.Updated.Local().Format("2 Jan 2006 15:04")
			if v.Description != "" {
				info += " · " + v.Description
			}
			return v.Name, info
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		p.selected = i
		p.updateButtons()
	}
	p.list.OnUnselected = func(widget.ListItemID) {
		p.selected = -1
		p.updateButtons()
	}
	save := &widget.Button{Text: "Save view…", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: p.saveDialog}
	open := &widget.Button{Text: "Open", Icon: theme.FolderOpenIcon(), OnTapped: func() { p.open(p.selected) }}
	rename := &widget.Button{Text: "Rename…", OnTapped: p.renameDialog}
	dup := &widget.Button{Text: "Duplicate", Icon: theme.ContentCopyIcon(), OnTapped: p.duplicate}
	del := &widget.Button{Text: "Delete", Icon: theme.DeleteIcon(), OnTapped: p.delete}
	note := &widget.Button{Text: "Add note", Icon: theme.DocumentCreateIcon(), OnTapped: func() {
		if p.selected >= 0 && p.selected < len(p.views) && p.m.notes != nil {
			p.m.notes.newViewNote(p.views[p.selected])
		}
	}}
	export := &widget.Button{Text: "Export…", Icon: theme.UploadIcon(), OnTapped: p.m.exportView}
	p.buttons = []*widget.Button{open, rename, dup, del, note, export}
	p.empty = &widget.Label{Text: "No saved views yet. Save view (Ctrl+S) keeps everything on screen — tab, layout, filters, year, selection, compare set, camera and pins — under a name.",
		Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	imp := &widget.Button{Text: "Import…", Icon: theme.DownloadIcon(), OnTapped: p.m.importView}
	actions := container.NewGridWithColumns(2, open, rename, dup, del, note, export, imp)
	p.root = container.NewBorder(container.NewVBox(save, p.empty), actions, nil, nil, p.list)
	p.reload()
	return p
}

// reload reads the views from the store, newest first.
func (p *viewsPanel) reload() {
	vs, err := p.st.Views()
	if err != nil {
		p.m.showError("Could not read the saved views", err)
		return
	}
	sortViews(vs)
	p.views = vs
	p.selected = -1
	p.list.UnselectAll()
	p.list.Refresh()
	if len(vs) == 0 {
		p.empty.Show()
	} else {
		p.empty.Hide()
	}
	p.updateButtons()
}

func sortViews(vs []model.View) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].Updated.After(vs[j-1].Updated); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func (p *viewsPanel) updateButtons() {
	for _, b := range p.buttons {
		if p.selected >= 0 && p.selected < len(p.views) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// saveDialog asks for a name and a description and saves the state on screen.
// Saving under an existing name overwrites that view, which Ctrl+Z undoes.
func (p *viewsPanel) saveDialog() {
	name := &widget.Entry{PlaceHolder: "e.g. IGF vs WIC in 2016"}
	desc := &widget.Entry{PlaceHolder: "optional", MultiLine: true}
	desc.SetMinRowsVisible(2)
	if p.selected >= 0 && p.selected < len(p.views) {
		name.SetText(p.views[p.selected].Name)
	}
	items := []*widget.FormItem{widget.NewFormItem("Name", name), widget.NewFormItem("Description", desc)}
	d := dialog.NewForm("Save view", "Save", "Cancel", items, func(ok bool) {
		if ok {
			p.save(name.Text, desc.Text)
		}
	}, p.m.win)
	d.Resize(fyne.NewSize(460, 260))
	d.Show()
	p.m.win.Canvas().Focus(name)
}

// save stores the current state as the view named name, replacing one of
// that name if there is one.
func (p *viewsPanel) save(name, desc string) {
	name = strings.TrimSpace(name)
	if name == "" {
		p.m.showError("The view was not saved", fmt.Errorf("a view needs a name"))
		return
	}
	state, err := app.MarshalState(p.m.CaptureState())
	if err != nil {
		p.m.showError("The view was not saved", err)
		return
	}
	v := &model.View{Name: name, Description: desc, State: state}
	for _, old := range p.views {
		if strings.EqualFold(strings.TrimSpace(old.Name), name) {
			v.ID = old.ID // same name: overwrite that view
		}
	}
	prev, err := p.st.SaveView(v)
	if err != nil {
		p.m.showError("The view was not saved", err)
		return
	}
	if prev != nil {
		before := *prev
		p.m.undo.Push(fmt.Sprintf("overwrite view “%s”", name), func() error {
			if _, err := p.st.SaveView(&before); err != nil {
				return err
			}
			p.reload()
			return nil
		})
		p.m.status(fmt.Sprintf("View “%s” updated (Ctrl+Z undoes)", name))
	} else {
		p.m.status(fmt.Sprintf("View “%s” saved", name))
	}
	p.reload()
}

// open restores the view at index i.
func (p *viewsPanel) open(i int) {
	if i < 0 || i >= len(p.views) {
		return
	}
	v := p.views[i]
	s, err := app.UnmarshalState(v.State)
	if err != nil {
		p.m.showError(fmt.Sprintf("Could not open view “%s”", v.Name), err)
		return
	}
	missing, err := p.m.RestoreState(s)
	if err != nil {
		p.m.showError(fmt.Sprintf("Could not open view “%s”", v.Name), err)
		return
	}
	if len(missing) > 0 {
		p.m.status(fmt.Sprintf("Opened “%s”; this dataset lacks %s", v.Name, strings.Join(missing, ", ")))
		return
	}
	p.m.status(fmt.Sprintf("Opened view “%s”", v.Name))
}

func (p *viewsPanel) renameDialog() {
	if p.selected < 0 || p.selected >= len(p.views) {
		return
	}
	v := p.views[p.selected]
	name := &widget.Entry{Text: v.Name}
	dialog.ShowForm("Rename view", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		if ok {
			p.rename(v.ID, name.Text)
		}
	}, p.m.win)
}

func (p *viewsPanel) rename(id, name string) {
	before, err := p.st.RenameView(id, strings.TrimSpace(name))
	if err != nil {
		p.m.showError("The view was not renamed", err)
		return
	}
	p.m.undo.Push(fmt.Sprintf("rename view “%s”", before.Name), func() error {
		if _, err := p.st.RenameView(id, before.Name); err != nil {
			return err
		}
		p.reload()
		return nil
	})
	p.m.status(fmt.Sprintf("Renamed “%s” to “%s” (Ctrl+Z undoes)", before.Name, name))
	p.reload()
}

func (p *viewsPanel) duplicate() {
	if p.selected < 0 || p.selected >= len(p.views) {
		return
	}
	v := p.views[p.selected]
	taken := map[string]bool{}
	for _, o := range p.views {
		taken[strings.ToLower(strings.TrimSpace(o.Name))] = true
	}
	name := v.Name + " (copy)"
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s (copy %d)", v.Name, n)
	}
	c := &model.View{Name: name, Description: v.Description, State: v.State}
	if _, err := p.st.SaveView(c); err != nil {
		p.m.showError("The view was not duplicated", err)
		return
	}
	p.m.status(fmt.Sprintf("Duplicated as “%s”", name))
	p.reload()
}

func (p *viewsPanel) delete() {
	if p.selected < 0 || p.selected >= len(p.views) {
		return
	}
	v, err := p.st.DeleteView(p.views[p.selected].ID)
	if err != nil {
		p.m.showError("The view was not deleted", err)
		return
	}
	p.m.undo.Push(fmt.Sprintf("delete view “%s”", v.Name), func() error {
		if err := p.st.UndeleteView(v); err != nil {
			return err
		}
		p.reload()
		return nil
	})
	p.m.status(fmt.Sprintf("Deleted view “%s” (Ctrl+Z undoes)", v.Name))
	p.reload()
}

// newTwoLineList is a list whose rows are a bold title over a line of
// details in small type, both cut short with an ellipsis: row i shows
// texts(i).
func newTwoLineList(length func() int, texts func(i int) (title, info string)) *widget.List {
	return widget.NewList(
		length,
		func() fyne.CanvasObject {
			title := &widget.Label{Text: "title", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
			info := &widget.Label{Text: "info", Truncation: fyne.TextTruncateEllipsis, SizeName: theme.SizeNameCaptionText}
			return container.NewVBox(title, info)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= length() {
				return
			}
			title, info := texts(i)
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(info)
		})
}
