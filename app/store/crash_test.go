package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

// crashSeed makes the crash test repeatable; change it to explore.
const crashSeed = 20261125

// crashOp is the k-th operation of a crash-test child in a round: an add, or
// (every fifth) an update of the note added two operations before. Both
// sides derive it from the same numbers, so the parent knows what each
// reported id must hold.
type crashOp struct {
	update bool
	target int // for an update, the operation whose note it changes
	title  string
	body   string
	tags   []string
}

var crashTexts = []string{
	"Multistakeholder governance at the IGF. ",
	"السيادة السيبرانية والإنترنت المفتوح. ",
	"世界互联网大会乌镇峰会。",
	"Émoji 🌍👩🏽‍💻🇺🇳 and e\u0301 combining. ",
	"<b>html</b> & \"quotes\" \\ and a nul \x00 byte. ",
}

func makeCrashOp(round, k int) crashOp {
	r := rand.New(rand.NewPCG(crashSeed, uint64(round)<<32|uint64(k)))
	size := 100 + r.IntN(3000)
	switch p := r.IntN(100); {
	case p < 2:
		size = 100<<10 + r.IntN(200<<10)
	case p < 20:
		size = 5<<10 + r.IntN(40<<10)
	}
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(crashTexts[r.IntN(len(crashTexts))])
		b.WriteString(strconv.Itoa(r.IntN(1e6)))
	}
	op := crashOp{title: fmt.Sprintf("round %d op %d", round, k), body: b.String(), tags: []string{"crash", strconv.Itoa(round)}}
	if k%5 == 4 {
		op.update, op.target = true, k-2
	}
	return op
}

func (op crashOp) matches(n model.Note) bool {
	return n.Title == op.title && n.Body == op.body && strings.Join(n.Tags, "\x00") == strings.Join(op.tags, "\x00")
}

// crashChild adds and updates notes as fast as it can, printing each note's
// id once SaveNote has returned, until it is killed.
func crashChild() {
	round, _ := strconv.Atoi(os.Getenv("GOVSCAPE_CRASH_ROUND"))
	s, err := Open(os.Getenv(EnvDir), WithHistoryInterval(0))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	var ids []string
	for k := 0; k < 100000; k++ {
		op := makeCrashOp(round, k)
		n := model.Note{Title: op.title, Body: op.body, Tags: op.tags}
		if op.update {
			n.ID = ids[op.target]
		}
		if err := s.SaveNote(&n); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		ids = append(ids, n.ID)
		os.Stdout.WriteString(n.ID + "\n")
	}
	time.Sleep(time.Hour)
}

func TestCrashKeepsEveryReportedNote(t *testing.T) {
	const rounds = 60
	dir := filepath.Join(t.TempDir(), "store")
	r := rand.New(rand.NewPCG(crashSeed, 0))
	want := map[string]crashOp{} // the newest reported content of each note
	start := time.Now()
	total := 0
	for round := 0; round < rounds; round++ {
		cmd := child(t, "crash", dir, fmt.Sprintf("GOVSCAPE_CRASH_ROUND=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		kill := time.Duration(r.IntN(400)) * time.Millisecond
		timer := time.AfterFunc(kill, func() { cmd.Process.Kill() })
		var ids []string
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatalf("round %d: child: %s", round, line)
			}
			ids = append(ids, line)
		}
		cmd.Wait()
		timer.Stop()
		total += len(ids)

		// What the child may have stored but not yet reported.
		inflight := makeCrashOp(round, len(ids))
		for k, id := range ids {
			want[id] = makeCrashOp(round, k)
		}

		s, err := Open(dir, WithLogger(testLogger(t)))
		if err != nil {
			t.Fatalf("round %d (killed after %s, %d ids reported): reopen: %v", round, kill, len(ids), err)
		}
		if rec := s.Recovery(); rec != nil {
			s.Close()
			t.Fatalf("round %d: a killed process left a store taken for damaged: %v", round, rec.Cause)
		}
		// Every note reported this round is checked now; all the others, which
		// later rounds might have harmed, every tenth round and at the end.
		check := want
		if round%10 != 9 && round != rounds-1 {
			check = map[string]crashOp{}
			for _, id := range ids {
				check[id] = want[id]
			}
		}
		for id, op := range check {
			got, err := s.Note(id)
			if err != nil {
				s.Close()
				t.Fatalf("round %d (killed after %s): reported note %s: %v", round, kill, id, err)
			}
			if op.matches(got) {
				continue
			}
			if inflight.update && inflight.target < len(ids) && ids[inflight.target] == id && inflight.matches(got) {
				want[id] = inflight
				continue
			}
			s.Close()
			t.Fatalf("round %d (killed after %s): note %s holds %q (%d bytes), want %q (%d bytes)",
				round, kill, id, got.Title, len(got.Body), op.title, len(op.body))
		}
		if len(check) == len(want) {
			// Each note's summary was written in its note's transaction.
			checkSummaries(t, s, fmt.Sprintf("round %d (killed after %s)", round, kill))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d rounds, %d saves reported, %d notes checked, %s", rounds, total, len(want), time.Since(start).Round(time.Millisecond))
	if total < rounds {
		t.Errorf("only %d saves were reported in %d rounds: the kills came too early to test anything", total, rounds)
	}
}
