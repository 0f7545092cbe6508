// Command crashtest is the black-box crash test `make test` runs on the built
// binary: it starts many short-lived `govscape note add` processes on one
// store, the way a user's shell or script does, and kills each with SIGKILL
// at a random moment after its start, before, during or after it opens the
// store, writes and closes. Afterwards every note a process acknowledged (by
// printing its id) must be listed, no folder may have been moved aside as
// damaged, and no process that ran to the end may have printed anything
// alarming.
//
//	go run ./scripts/crashtest [-rounds 200] [-seed N] BINARY
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	rounds := flag.Int("rounds", 200, "how many processes to start and kill")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "seed of the kill times (printed, to repeat a run)")
	keep := flag.Bool("keep", false, "keep the store folder afterwards")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: crashtest [-rounds N] [-seed N] BINARY")
		os.Exit(2)
	}
	bin, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail("%v", err)
	}
	parent, err := os.MkdirTemp("", "govscape-crashtest-")
	if err != nil {
		fail("%v", err)
	}
	if !*keep {
		defer os.RemoveAll(parent)
	}
	dir := filepath.Join(parent, "store")
	if err := run(bin, dir, *rounds, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "crashtest: FAIL (seed %d, store %s): %v\n", *seed, dir, err)
		if !*keep {
			os.RemoveAll(parent)
		}
		os.Exit(1)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "crashtest: "+format+"\n", args...)
	os.Exit(1)
}

// result is what one round's process did before it ended or was killed.
type result struct {
	ids      []string
	stderr   string
	finished bool // it exited by itself, with status 0
	killed   bool
}

func run(bin, dir string, rounds int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	// Three unkilled runs measure how long a whole `note add` takes (the
	// median), so that the kills spread over every stage of the others.
	start := time.Now()
	var acked []string
	var took []time.Duration
	for round := 0; round < 3; round++ {
		t0 := time.Now()
		res, err := addNote(bin, dir, round, r, -1)
		if err != nil {
			return err
		}
		if !res.finished || len(res.ids) != 1 || alarming(res.stderr) {
			return fmt.Errorf("an unkilled note add did not report one id quietly: %+v", res)
		}
		took = append(took, time.Since(t0))
		acked = append(acked, res.ids...)
	}
	whole := median(took)
	killed, finished := 0, 3
	for round := 3; round < rounds; round++ {
		// Most kills land within the run; some after it, where nothing is
		// killed. Every tenth run is left alone to measure again how long a
		// whole run takes, as the store grows.
		kill := time.Duration(r.Int64N(int64(whole) * 5 / 4))
		if round%10 == 0 {
			kill = -1
		}
		t0 := time.Now()
		res, err := addNote(bin, dir, round, r, kill)
		if err != nil {
			return err
		}
		if kill < 0 {
			took = append(took[1:], time.Since(t0))
			whole = median(took)
		}
		acked = append(acked, res.ids...)
		if res.killed {
			killed++
		}
		if res.finished {
			finished++
			if alarming(res.stderr) {
				return fmt.Errorf("round %d: a note add that ran to its end said:\n%s", round, res.stderr)
			}
		}
		if moved, _ := filepath.Glob(dir + ".damaged-*"); len(moved) > 0 {
			return fmt.Errorf("round %d (killed after %s): the store was moved aside to %v; its message:\n%s",
				round, kill, moved, res.stderr)
		}
	}

	cmd := exec.Command(bin, "note", "list", "--json", "--store", dir)
	cmd.Env = env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("note list after the kills: %v\n%s", err, errOut.String())
	}
	if alarming(errOut.String()) {
		return fmt.Errorf("note list after the kills said:\n%s", errOut.String())
	}
	var listed []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out.Bytes(), &listed); err != nil {
		return fmt.Errorf("note list --json printed no JSON list: %v", err)
	}
	have := map[string]bool{}
	for _, n := range listed {
		have[n.ID] = true
	}
	var lost []string
	for _, id := range acked {
		if !have[id] {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		return fmt.Errorf("%d of %d acknowledged notes are not listed: %s", len(lost), len(acked), strings.Join(lost, " "))
	}
	if moved, _ := filepath.Glob(dir + ".damaged-*"); len(moved) > 0 {
		return fmt.Errorf("the store was moved aside to %v", moved)
	}
	fmt.Printf("crashtest: ok: %d note add processes (%d killed, %d ran to the end), %d notes acknowledged, all %d listed; a whole run takes %s at the end; %s in all\n",
		rounds, killed, finished, len(acked), len(listed), whole.Round(time.Millisecond), time.Since(start).Round(time.Second))
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// addNote runs one `note add` in its own process group and, unless kill is
// negative, kills the group kill after the start.
func addNote(bin, dir string, round int, r *rand.Rand, kill time.Duration) (result, error) {
	body := fmt.Sprintf("Round %d of the crash test: [[igf]] and [[icann]]. ", round)
	if r.IntN(4) == 0 {
		// Large enough to go to Badger's value log rather than its tables.
		body += strings.Repeat("multistakeholder ", 400+r.IntN(2000))
	}
	cmd := exec.Command(bin, "note", "add", "--store", dir, "--entity", "igf",
		"--title", fmt.Sprintf("crash round %d", round), "--tag", "crashtest", "--body", body)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		return result{}, fmt.Errorf("round %d: start %s: %v", round, bin, err)
	}
	if kill >= 0 {
		// The whole group, in case the binary ever starts helpers.
		timer := time.AfterFunc(kill, func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	res := result{stderr: errOut.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
		res.finished = true
	case errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled():
		res.killed = true
	default:
		return res, fmt.Errorf("round %d: note add failed by itself: %v\n%s", round, err, res.stderr)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		// Only whole lines count: a kill may cut one short.
		if line = strings.TrimSpace(line); line != "" && strings.HasSuffix(out.String(), "\n") {
			res.ids = append(res.ids, line)
		}
	}
	return res, nil
}

// alarming reports whether a process's messages would worry a user: any
// warning, error or talk of damage. A clean run prints nothing on stderr.
func alarming(stderr string) bool {
	return strings.TrimSpace(stderr) != ""
}

// env is the environment of the processes: this one's, with a UTF-8 locale
// as the Makefile sets, since Fyne's locale lookup complains about "C".
func env() []string {
	e := os.Environ()
	switch os.Getenv("LANG") {
	case "", "C", "C.UTF-8", "C.utf8", "POSIX":
		e = append(e, "LANG=en_US.UTF-8")
	}
	return e
}
