package ui

// This file owns the window's long operations on the store — backup,
// restore, import and export: each runs on a goroutine of its own behind a
// modal progress dialog, one at a time, and reaches the window only through
// longWork.do (fyne.Do).

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app/store"
)

// progressEvery is the least time between two moves of a progress bar: the
// store reports progress as often as it likes, and each move costs the UI
// goroutine a refresh.
const progressEvery = 50 * time.Millisecond

// longWork runs the window's long operations. Its fields are the UI
// goroutine's, except do and ctx, set before any operation starts, and
// closed.
type longWork struct {
	do     func(func()) // runs a function on the UI goroutine: fyne.Do, or a test's loop
	ctx    context.Context
	end    context.CancelFunc // cancels ctx: the window is closing
	wg     sync.WaitGroup     // the running operation's goroutine
	closed atomic.Bool        // the window has closed: what an operation hands back is dropped
	cur    *longRun           // the operation running, or nil
}

func newLongWork() *longWork {
	ctx, end := context.WithCancel(context.Background())
	return &longWork{do: fyne.Do, ctx: ctx, end: end}
}

// busy says, in the status line, that an operation is running, and reports
// whether one is: the window runs one at a time.
func (l *longWork) busy(m *Main) bool {
	if l.cur == nil {
		return false
	}
	m.status(l.cur.job.title + " is still running: wait until it has finished")
	return true
}

// stop cancels the running operation, if any, and waits for its goroutine
// to end; nothing it hands back reaches the window. The window calls it as
// it closes, before it closes the store. The wait cannot deadlock: fyne.Do
// only queues.
func (l *longWork) stop() {
	l.closed.Store(true)
	l.end()
	l.wg.Wait()
}

// longJob is what the progress dialog says of an operation.
type longJob struct {
	title string // the dialog's title, a noun: "Backup", "Notes import"
	doing string // what is happening, one line
	// cancelled is what cancelling leaves, such as "nothing was changed".
	// Empty where the operation cannot stop part-way safely: the dialog
	// then has no Cancel button.
	cancelled string
}

// longRun is the operation running and its dialog.
type longRun struct {
	job     longJob
	cancel  context.CancelFunc
	asked   bool // the person asked to cancel
	ended   bool // the dialog is closed
	line    *widget.Label
	bar     *widget.ProgressBar         // shown once the work reports a total
	spinner *widget.ProgressBarInfinite // shown until then
	stopBtn *widget.Button              // nil where cancelling is not safe
	dialog  *dialog.CustomDialog        // nil without a window
}

// runLong runs work on a goroutine of its own behind a progress dialog and
// hands its result to done on the UI goroutine, closing the dialog. The
// work is given a context, cancelled by the dialog's Cancel button (if the
// job has one) or by the window closing, and a Progress whose reports move
// the dialog's bar at most once every progressEvery. Cancelled work whose
// error is context.Canceled is not handed to done: the status line says
// "Cancelled: " and what cancelling left. runLong must be called on the UI
// goroutine, and refuses while another operation runs.
func runLong[T any](m *Main, job longJob, work func(ctx context.Context, progress store.Progress) (T, error), done func(T, error)) {
	l := m.long
	if l.busy(m) {
		return
	}
	ctx, cancel := context.WithCancel(l.ctx)
	r := &longRun{job: job, cancel: cancel}
	r.open(m.win)
	l.cur = r
	progress := l.throttle(r)
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer cancel()
		v, err := work(ctx, progress)
		l.do(func() {
			if l.closed.Load() {
				return
			}
			l.cur = nil
			r.close()
			if r.asked && errors.Is(err, context.Canceled) {
				m.status("Cancelled: " + job.cancelled)
				return
			}
			done(v, err)
			if r.asked && err == nil {
				m.status(m.statusBar.Text + " (it had gone too far to cancel)")
			}
		})
	}()
}

// throttle returns the Progress that moves r's bar: through l.do, at most
// once every progressEvery, and always for the end (done == total), so the
// bar never stops short of where the work is.
func (l *longWork) throttle(r *longRun) store.Progress {
	var (
		mu   sync.Mutex
		last time.Time
	)
	return func(done, total int64) {
		if total <= 0 {
			return // nothing to show but the spinner, which runs already
		}
		mu.Lock()
		now := time.Now()
		skip := done < total && !last.IsZero() && now.Sub(last) < progressEvery
		if !skip {
			last = now
		}
		mu.Unlock()
		if skip {
			return
		}
		l.do(func() {
			if !l.closed.Load() {
				r.show(done, total)
			}
		})
	}
}

// open builds the dialog and, in a window, shows it.
func (r *longRun) open(win fyne.Window) {
	r.line = &widget.Label{Text: r.job.doing, Wrapping: fyne.TextWrapWord}
	r.bar = &widget.ProgressBar{Max: 1}
	r.bar.ExtendBaseWidget(r.bar)
	r.bar.Hide()
	r.spinner = widget.NewProgressBarInfinite()
	if r.job.cancelled != "" {
		r.stopBtn = &widget.Button{Text: "Cancel", Icon: theme.CancelIcon(), OnTapped: r.askCancel}
	}
	if win == nil {
		return
	}
	r.dialog = dialog.NewCustomWithoutButtons(r.job.title, container.NewVBox(r.line, r.spinner, r.bar), win)
	if r.stopBtn != nil {
		r.dialog.SetButtons([]fyne.CanvasObject{r.stopBtn})
	}
	r.dialog.Show()
	// A wrapping label has no width of its own: give the line room to read.
	r.dialog.Resize(fyne.NewSize(460, r.dialog.MinSize().Height))
}

// show moves the bar to done of total; with no total the spinner stays.
func (r *longRun) show(done, total int64) {
	if r.ended || total <= 0 {
		return
	}
	if r.spinner.Visible() {
		r.spinner.Stop()
		r.spinner.Hide()
		r.bar.Show()
	}
	r.bar.SetValue(min(float64(done)/float64(total), 1))
}

// askCancel is the Cancel button: it cancels the work and says so until
// the work has stopped.
func (r *longRun) askCancel() {
	r.asked = true
	r.cancel()
	r.stopBtn.Disable()
	r.line.SetText("Cancelling…")
}

// close ends the dialog.
func (r *longRun) close() {
	r.ended = true
	r.spinner.Stop()
	if r.dialog != nil {
		r.dialog.Hide()
	}
}
