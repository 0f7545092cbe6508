package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"govscape/app/store"
	"govscape/model"
)

// uiLoop stands in for Fyne's UI goroutine: the work hands it a function
// through longWork.do and waits until the test's goroutine has run it, so
// the test acts between two steps of the work. While it waits for the next
// function it keeps reading the progress dialog, as the UI goroutine does
// when it paints: the race detector then sees any change the work makes
// to the dialog other than through do.
type uiLoop struct {
	m     *Main
	calls chan uiCall
}

type uiCall struct {
	f   func()
	ran chan struct{}
}

// useUILoop makes the test's goroutine m's UI goroutine for long work. At
// the end of the test whatever still runs is stopped, as the window's
// closing stops it.
func useUILoop(t *testing.T, m *Main) *uiLoop {
	u := &uiLoop{m: m, calls: make(chan uiCall)}
	m.long.do = u.do
	t.Cleanup(func() {
		quit := make(chan struct{})
		go func() { // after stop, what is handed over touches nothing
			for {
				select {
				case c := <-u.calls:
					c.f()
					close(c.ran)
				case <-quit:
					return
				}
			}
		}()
		m.long.stop()
		close(quit)
	})
	return u
}

func (u *uiLoop) do(f func()) {
	c := uiCall{f: f, ran: make(chan struct{})}
	u.calls <- c
	<-c.ran
}

// paint reads what the progress dialog shows.
func (u *uiLoop) paint() {
	if r := u.m.long.cur; r != nil {
		_, _, _ = r.bar.Value, r.spinner.Visible(), r.line.Text
	}
}

// next runs the next function the work hands over, then between (if not
// nil), and only then lets the work go on.
func (u *uiLoop) next(t *testing.T, between func()) {
	t.Helper()
	giveUp := time.After(30 * time.Second)
	for {
		u.paint()
		select {
		case c := <-u.calls:
			c.f()
			if between != nil {
				between()
			}
			close(c.ran)
			return
		case <-giveUp:
			t.Fatal("the work handed nothing to the UI goroutine for 30 s")
		case <-time.After(time.Millisecond):
		}
	}
}

// untilIdle runs what the work hands over until m runs no long operation.
func (u *uiLoop) untilIdle(t *testing.T, m *Main) {
	t.Helper()
	for m.long.cur != nil {
		u.next(t, nil)
	}
}

// topDialog is what covers the window: the progress dialog while it is up.
func topDialog(m *Main) fyne.CanvasObject { return m.win.Canvas().Overlays().Top() }

// findButton returns the button labelled text under root, or nil.
func findButton(root fyne.CanvasObject, text string) *widget.Button {
	var b *widget.Button
	walk(root, func(o fyne.CanvasObject) {
		if v, ok := o.(*widget.Button); ok && v.Text == text {
			b = v
		}
	})
	return b
}

func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }

// storeContents lists a store's notes (title and body) and views by name, sorted.
func storeContents(t *testing.T, st *store.Store) string {
	t.Helper()
	notes, err := st.Notes()
	if err != nil {
		t.Fatal(err)
	}
	views, err := st.Views()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range notes {
		out = append(out, "note "+n.Title+": "+n.Body)
	}
	for _, v := range views {
		out = append(out, "view "+v.Name)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// newFileMenuMain is a window with a store holding one note, "Evidence",
// and one view, "V".
func newFileMenuMain(t *testing.T) (*Main, *store.Store) {
	t.Helper()
	m, _, st := newTestMainWithStore(t)
	if err := st.SaveNote(&model.Note{Title: "Evidence", Body: "as it was", Entities: []string{"china"}}); err != nil {
		t.Fatal(err)
	}
	m.notes.reload()
	m.views.save("V", "")
	return m, st
}

func TestFileMenuOperationsRunBehindAProgressDialog(t *testing.T) {
	// Files to import, made by another store.
	src, _ := newFileMenuMain(t)
	srcDir := t.TempDir()
	notesFile := filepath.Join(srcDir, "notes.json")
	if _, err := src.st.ExportNotes(notesFile); err != nil {
		t.Fatal(err)
	}
	src.views.save("W", "")
	viewFile := filepath.Join(srcDir, "w.govscape-view.json")
	if _, err := src.st.ExportView(src.views.views[0].ID, viewFile); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name        string
		title       string
		cancellable bool
		start       func(m *Main, out string)
		want        string // the status line's start when it has finished
		check       func(t *testing.T, m *Main, out string)
	}{
		{"backup", "Backup", true, func(m *Main, out string) { m.backupTo(out) }, "Backed up everything to ",
			func(t *testing.T, m *Main, out string) {
				if !fileExists(out) {
					t.Error("no backup file")
				}
			}},
		{"export notes as JSON", "Notes export", false, func(m *Main, out string) { m.exportNotesJSONTo(out) }, "Exported 1 notes to ",
			func(t *testing.T, m *Main, out string) {
				if !fileExists(out) {
					t.Error("no notes file")
				}
			}},
		{"export notes as Markdown", "Notes export", false, func(m *Main, out string) { m.exportNotesMarkdownTo(filepath.Dir(out)) }, "Exported 1 notes as Markdown to ",
			func(t *testing.T, m *Main, out string) {
				md, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*.md"))
				if len(md) != 1 {
					t.Errorf("got Markdown files %q, want one", md)
				}
			}},
		{"export view", "View export", false, func(m *Main, out string) { m.exportViewTo(m.views.views[0], out) }, "Exported “V” with 0 notes to ",
			func(t *testing.T, m *Main, out string) {
				if !fileExists(out) {
					t.Error("no view file")
				}
			}},
		{"import notes", "Notes import", false, func(m *Main, out string) { m.importNotesFrom(notesFile) }, "Notes imported: 1 new, 0 updated",
			func(t *testing.T, m *Main, out string) {
				if len(m.notes.notes) != 2 {
					t.Errorf("the Notes tab lists %d notes, want 2", len(m.notes.notes))
				}
			}},
		{"import view", "View import", false, func(m *Main, out string) { m.importViewFrom(viewFile) }, "Imported view “W”",
			func(t *testing.T, m *Main, out string) {
				if len(m.views.views) != 2 {
					t.Errorf("the Views tab lists %d views, want 2", len(m.views.views))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newFileMenuMain(t)
			u := useUILoop(t, m)
			out := filepath.Join(t.TempDir(), "out")
			m.status("")

			// start returns while the work waits to hand its first
			// function to the UI goroutine: the UI goroutine is free.
			tt.start(m, out)
			if m.long.cur == nil {
				t.Fatal("no operation is running")
			}
			d := topDialog(m)
			if d == nil || !hasText(d, tt.title) || !hasText(d, m.long.cur.job.doing) {
				t.Fatalf("no progress dialog titled %q over the window", tt.title)
			}
			if got := findButton(d, "Cancel") != nil; got != tt.cancellable {
				t.Errorf("Cancel button: got %v, want %v", got, tt.cancellable)
			}
			if !m.long.cur.spinner.Visible() || m.long.cur.bar.Visible() {
				t.Error("the dialog shows no moving bar before the work reports progress")
			}
			// One operation at a time.
			other := filepath.Join(t.TempDir(), "other.json")
			m.exportNotesJSONTo(other)
			if want := tt.title + " is still running: wait until it has finished"; m.statusBar.Text != want {
				t.Errorf("a second operation: got status %q, want %q", m.statusBar.Text, want)
			}

			u.untilIdle(t, m)
			if !strings.HasPrefix(m.statusBar.Text, tt.want) {
				t.Errorf("got status %q, want it to start %q", m.statusBar.Text, tt.want)
			}
			if topDialog(m) != nil {
				t.Error("the progress dialog is still up")
			}
			if fileExists(other) {
				t.Error("the refused second operation ran")
			}
			tt.check(t, m, out)
		})
	}
}

func TestCancellingLongWork(t *testing.T) {
	tests := []struct {
		name   string
		cancel bool
		start  func(m *Main, bak, out string)
		want   string
		check  func(t *testing.T, st *store.Store, before, out string)
	}{
		{"backup cancelled", true, func(m *Main, _, out string) { m.backupTo(out) }, "Cancelled: no file was written",
			func(t *testing.T, _ *store.Store, _, out string) {
				if left, _ := os.ReadDir(filepath.Dir(out)); len(left) != 0 {
					t.Errorf("the cancelled backup left %v", left)
				}
			}},
		{"restore cancelled", true, func(m *Main, bak, _ string) { m.restoreFrom(bak) }, "Cancelled: nothing was changed",
			func(t *testing.T, st *store.Store, before, _ string) {
				if got := storeContents(t, st); got != before {
					t.Errorf("the cancelled restore changed the store:\ngot  %s\nwant %s", got, before)
				}
				if safety, _ := os.ReadDir(st.BackupDir()); len(safety) != 0 {
					t.Errorf("the cancelled restore went as far as a safety backup: %v", safety)
				}
			}},
		{"restore not cancelled", false, func(m *Main, bak, _ string) { m.restoreFrom(bak) }, "Restored 1 notes, 1 views; the store as it was is in ",
			func(t *testing.T, st *store.Store, before, _ string) {
				if got := storeContents(t, st); !strings.Contains(got, "note Evidence: as it was") {
					t.Errorf("the restore did not bring the note back:\n%s", got)
				}
				if safety, _ := os.ReadDir(st.BackupDir()); len(safety) != 1 {
					t.Errorf("got safety backups %v, want one", safety)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, st := newFileMenuMain(t)
			bak := filepath.Join(t.TempDir(), "before.bak")
			if err := st.Backup(bak); err != nil {
				t.Fatal(err)
			}
			// Work saved since the backup.
			n := m.notes.notes[0]
			note, err := st.Note(n.ID)
			if err != nil {
				t.Fatal(err)
			}
			note.Body = "changed since"
			if err := st.SaveNote(&note); err != nil {
				t.Fatal(err)
			}
			before := storeContents(t, st)
			u := useUILoop(t, m)
			out := filepath.Join(t.TempDir(), "out.bak")

			tt.start(m, bak, out)
			// The first thing handed over is progress: the bar moves, and
			// the test cancels (or not) before the work goes on.
			r := m.long.cur
			u.next(t, func() {
				if !r.bar.Visible() || r.bar.Value <= 0 || r.bar.Value > 1 || r.spinner.Visible() {
					t.Errorf("after progress: bar shown %v at %v, spinner shown %v; want the bar past 0",
						r.bar.Visible(), r.bar.Value, r.spinner.Visible())
				}
				if !tt.cancel {
					return
				}
				test.Tap(findButton(topDialog(m), "Cancel"))
				if !r.stopBtn.Disabled() || r.line.Text != "Cancelling…" {
					t.Errorf("after Cancel: button disabled %v, line %q", r.stopBtn.Disabled(), r.line.Text)
				}
			})
			u.untilIdle(t, m)
			if !strings.HasPrefix(m.statusBar.Text, tt.want) {
				t.Errorf("got status %q, want it to start %q", m.statusBar.Text, tt.want)
			}
			if topDialog(m) != nil {
				t.Error("the progress dialog is still up")
			}
			tt.check(t, st, before, out)
		})
	}
}

func TestLongWorkLeavesTheUIGoroutineFree(t *testing.T) {
	m, _ := newFileMenuMain(t)
	u := useUILoop(t, m)
	release := make(chan struct{})
	var got string
	var gotErr error
	runLong(m, longJob{title: "Test", doing: "Waiting for the test"},
		func(ctx context.Context, _ store.Progress) (string, error) {
			<-release
			return "result", nil
		},
		func(s string, err error) { got, gotErr = s, err })

	// runLong has returned; the work is blocked. The window still works.
	if d := topDialog(m); d == nil || !hasText(d, "Waiting for the test") {
		t.Fatal("no progress dialog while the work runs")
	}
	test.Type(m.search, "china")
	if rows(m)[0] != "China" {
		t.Errorf("search while the work runs: got rows %q", rows(m))
	}
	if got != "" {
		t.Fatal("the result arrived before the work ended")
	}
	close(release)
	u.untilIdle(t, m)
	if got != "result" || gotErr != nil {
		t.Errorf("got result %q, %v; want \"result\", nil", got, gotErr)
	}
}

func TestProgressIsThrottledAndReachesTheEnd(t *testing.T) {
	m, _ := newFileMenuMain(t)
	u := useUILoop(t, m)
	const reports = 400
	var took time.Duration
	runLong(m, longJob{title: "Test", doing: "Counting"},
		func(ctx context.Context, progress store.Progress) (struct{}, error) {
			start := time.Now()
			for i := int64(1); i <= reports; i++ {
				progress(i, reports)
				time.Sleep(time.Millisecond)
			}
			took = time.Since(start)
			return struct{}{}, nil
		},
		func(struct{}, error) {})
	r := m.long.cur
	var handed int
	last := -1.0
	for m.long.cur != nil {
		u.next(t, func() {
			handed++
			if r.bar.Value < last {
				t.Errorf("the bar went back from %v to %v", last, r.bar.Value)
			}
			last = r.bar.Value
		})
	}
	// took is written before the result is handed over, so reading it now is safe.
	if most := int(took/progressEvery) + 3; handed > most {
		t.Errorf("%d reports in %v reached the UI goroutine %d times, want at most %d", reports, took, handed, most)
	}
	if handed < 2 {
		t.Errorf("got %d functions handed over, want progress and the result", handed)
	}
	if r.bar.Value != 1 {
		t.Errorf("the bar stopped at %v, want 1 (the last report always reaches it)", r.bar.Value)
	}
}

func TestClosingTheWindowCancelsLongWork(t *testing.T) {
	m, _, _ := newTestMain(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	m.AttachStore(st)
	t.Cleanup(func() {
		if m.st != nil {
			m.st.Close()
		}
	})
	handed := make(chan func(), 10) // the UI goroutine is busy closing: nothing runs yet
	m.long.do = func(f func()) { handed <- f }
	stopped := make(chan error, 1)
	called := false
	runLong(m, longJob{title: "Test", doing: "Waiting to be cancelled", cancelled: "nothing was changed"},
		func(ctx context.Context, _ store.Progress) (struct{}, error) {
			<-ctx.Done()
			stopped <- ctx.Err()
			return struct{}{}, ctx.Err()
		},
		func(struct{}, error) { called = true })
	m.status("before closing")

	m.closeStore()
	select {
	case err := <-stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the work's context ended with %v, want context.Canceled", err)
		}
	default:
		t.Fatal("closeStore returned before the work had stopped")
	}
	if m.st != nil {
		t.Error("the store is still open")
	}
	// What the work handed over runs after the window closed: it changes nothing.
	close(handed)
	for f := range handed {
		f()
	}
	if called || m.statusBar.Text != "before closing" {
		t.Errorf("after closing: result handed over %v, status %q", called, m.statusBar.Text)
	}
}

func TestReadOnlyStoreIsSaidAndRefusesWrites(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(map[bool]string{false: "writable", true: "read-only"}[readOnly], func(t *testing.T) {
			m, _, _ := newTestMain(t)
			dir := t.TempDir()
			st, err := store.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if readOnly {
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
				if st, err = store.Open(dir, store.WithReadOnly()); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { st.Close() })
			m.AttachStore(st)

			want := "Notes and views are read-only: the store is open for reading only. What was saved before is intact; nothing can be saved now."
			if readOnly != m.banner.Visible() || (readOnly && m.banner.Text != want) {
				t.Errorf("banner shown %v, %q; want shown %v, %q", m.banner.Visible(), m.banner.Text, readOnly, want)
			}

			m.views.save("V", "")
			if saved := len(m.views.views) == 1; saved == readOnly {
				t.Errorf("saving a view: saved %v, status %q", saved, m.statusBar.Text)
			}
			if readOnly && !strings.Contains(m.statusBar.Text, "open for reading only") {
				t.Errorf("saving a view: status %q does not say the store is read-only", m.statusBar.Text)
			}
			m.status("")
			m.NewNote()
			if opened := len(m.notes.open) == 1; opened == readOnly {
				t.Errorf("new note: editor opened %v, status %q", opened, m.statusBar.Text)
			}
			if readOnly && !strings.HasPrefix(m.statusBar.Text, "The note was not created: store is open for reading only") {
				t.Errorf("new note: got status %q", m.statusBar.Text)
			}
			if readOnly {
				m.restore()
				if m.long.cur != nil || !strings.HasPrefix(m.statusBar.Text, "The restore was not started: store is open for reading only") {
					t.Errorf("restore on a read-only store: running %v, status %q", m.long.cur != nil, m.statusBar.Text)
				}
			}
			// A backup only reads: it works either way.
			u := useUILoop(t, m)
			out := filepath.Join(t.TempDir(), "b.bak")
			m.backupTo(out)
			u.untilIdle(t, m)
			if !fileExists(out) {
				t.Errorf("no backup; status %q", m.statusBar.Text)
			}
		})
	}
}
