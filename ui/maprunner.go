package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"govscape/ui/layout"
)

// layoutRunner runs the force layout on a goroutine of its own, so the window
// stays responsive while thousands of nodes settle. The UI talks to it only
// through commands; it answers only through fyne.Do, with copies of the
// positions. It stops when stop is called (the map is destroyed or the app
// quits).
type layoutRunner struct {
	cmds    chan func(*runnerState)
	done    chan struct{}
	stopped atomic.Bool
	// pending is set while a publish waits on the UI goroutine, so a slow
	// frame never piles up a queue of stale positions.
	pending atomic.Bool
	publish func(gen int, pts []layout.Point, settled bool)
}

type runnerState struct {
	force *layout.Force
	gen   int
	steps int
}

// mapForce tunes the force layout for the map. Gravity is stronger than the
// layout's default: a landscape has small groups tied to nothing else (a
// person and their institute), which weak gravity lets drift so far that
// framing everything shrinks the main picture to a dot.
var mapForce = layout.ForceOptions{Seed: 1, Gravity: 6}

// maxSteps bounds one layout run: past it the picture is stable enough to
// read, and an unsettled giant graph must not burn a core forever.
const maxSteps = 1500

// publishEvery is how often a running layout shows progress: about 30 frames a second.
const publishEvery = 33 * time.Millisecond

func newLayoutRunner(publish func(gen int, pts []layout.Point, settled bool)) *layoutRunner {
	r := &layoutRunner{cmds: make(chan func(*runnerState), 64), done: make(chan struct{}), publish: publish}
	go r.loop()
	return r
}

func (r *layoutRunner) loop() {
	st := &runnerState{}
	last := time.Now()
	var buf []layout.Point
	for {
		running := st.force != nil && !st.force.Settled() && st.steps < maxSteps
		if !running {
			select {
			case c := <-r.cmds:
				c(st)
			case <-r.done:
				return
			}
			continue
		}
		select {
		case c := <-r.cmds:
			c(st)
			continue
		case <-r.done:
			return
		default:
		}
		st.force.Step(1)
		st.steps++
		settled := st.force.Settled() || st.steps >= maxSteps
		if settled || time.Since(last) >= publishEvery {
			if settled || !r.pending.Load() {
				buf = st.force.PositionsInto(buf[:0])
				r.send(st.gen, buf, settled)
				buf = nil // handed over; the next publish gets a fresh slice
				last = time.Now()
			}
		}
	}
}

func (r *layoutRunner) send(gen int, pts []layout.Point, settled bool) {
	r.pending.Store(true)
	fyne.Do(func() {
		r.pending.Store(false)
		if !r.stopped.Load() {
			r.publish(gen, pts, settled)
		}
	})
}

func (r *layoutRunner) do(c func(*runnerState)) {
	if r.stopped.Load() {
		return
	}
	select {
	case r.cmds <- c:
	case <-r.done:
	}
}

// reset starts a new layout of g from init (NaN for "place it yourself"),
// holding the pinned nodes where they are.
func (r *layoutRunner) reset(gen int, g *layout.Graph, init []layout.Point, pinned []bool) {
	r.do(func(st *runnerState) {
		st.force = layout.NewForce(g, init, mapForce)
		for i, p := range pinned {
			if p {
				st.force.Pin(i, init[i])
			}
		}
		st.gen, st.steps = gen, 0
	})
}

// pause stops stepping until the next reset (the stance plane needs no forces).
func (r *layoutRunner) pause() {
	r.do(func(st *runnerState) { st.force = nil })
}

// pin holds node i at p (or releases it when pin is false) and lets the
// layout move again around it.
func (r *layoutRunner) pin(gen, i int, p layout.Point, pin bool) {
	r.do(func(st *runnerState) {
		if st.force == nil || st.gen != gen || i >= st.force.Len() {
			return
		}
		if pin {
			st.force.Pin(i, p)
		} else {
			st.force.Unpin(i)
		}
		st.steps = min(st.steps, maxSteps-200) // a little more settling around the change
	})
}

func (r *layoutRunner) stop() {
	if r.stopped.CompareAndSwap(false, true) {
		close(r.done)
	}
}
