package store

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

// restoreChild restores the backup named by GOVSCAPE_RESTORE_FILE, or
// imports the notes file named by GOVSCAPE_IMPORT_FILE, into the store,
// says "done", and exits; the parent kills it at a random moment.
func restoreChild() {
	s, err := Open(os.Getenv(EnvDir))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("open")
	if f := os.Getenv("GOVSCAPE_IMPORT_FILE"); f != "" {
		_, err = s.ImportNotes(f)
	} else {
		_, err = s.Restore(os.Getenv("GOVSCAPE_RESTORE_FILE"))
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("done")
	s.Close()
}

// copyStore copies a closed store's files from one folder to a new one.
func copyStore(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	es, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if err := copyFile(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
}

// noteState is the title and body of every note in a store, by id.
func noteState(t *testing.T, s *Store) map[string]string {
	t.Helper()
	notes, err := s.Notes()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, n := range notes {
		m[n.ID] = n.Title + "\x00" + n.Body
	}
	return m
}

func sameState(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestKilledRestoreOrImportIsAllOrNothing kills a process restoring a backup
// of 3,200 notes, or importing as many, at random moments, and checks that
// the store then opens either as it was before or as it is after the whole
// operation — never in between — and says when it finished one.
func TestKilledRestoreOrImportIsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills many processes")
	}
	base := t.TempDir()
	clock := newClock()
	// The store before: 100 notes, 40 of which the backup holds in
	// another version.
	before := filepath.Join(base, "before")
	s := openTest(t, before, WithClock(clock.now))
	var ids []string
	for i := 0; i < 100; i++ {
		clock.add(time.Second)
		n := model.Note{Title: fmt.Sprintf("before %d", i), Body: strings.Repeat("sovereignty ", 5+i%20)}
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	// The backup and the notes file: 3,200 notes, a few large enough for
	// the value log, and new versions of 40 of the store's.
	other := openTest(t, filepath.Join(base, "other"), WithClock(clock.now))
	for i := 0; i < 3200; i++ {
		clock.add(time.Second)
		n := model.Note{Title: fmt.Sprintf("backed up %d", i), Body: strings.Repeat("multistakeholder ", 10+i%40)}
		if i%400 == 0 {
			n.Body = strings.Repeat("large ", 3000)
		}
		if i < 40 {
			old, _ := s.Note(ids[i])
			n.ID, n.Created = old.ID, old.Created
		}
		if err := other.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(base, "b"+BackupExt)
	if err := other.Backup(backup); err != nil {
		t.Fatal(err)
	}
	notesFile := filepath.Join(base, "n"+NotesFileExt)
	if _, err := other.ExportNotes(notesFile); err != nil {
		t.Fatal(err)
	}
	other.Close()
	wantBefore := noteState(t, s)
	s.Close()

	// What each operation gives when it runs to its end.
	wantAfter := map[string]map[string]string{}
	whole := map[string]time.Duration{}
	for _, op := range []string{"restore", "import"} {
		dir := filepath.Join(base, "after-"+op)
		copyStore(t, before, dir)
		cmd := child(t, "restore", dir, "GOVSCAPE_RESTORE_FILE="+backup)
		if op == "import" {
			cmd = child(t, "restore", dir, "GOVSCAPE_IMPORT_FILE="+notesFile)
		}
		start := time.Now()
		out, err := cmd.Output()
		if err != nil || !strings.HasSuffix(string(out), "done\n") {
			t.Fatalf("%s run to its end: %v\n%s", op, err, out)
		}
		whole[op] = time.Since(start)
		t.Logf("a whole %s takes %s", op, whole[op].Round(time.Millisecond))
		s := openTest(t, dir)
		wantAfter[op] = noteState(t, s)
		s.Close()
		if len(wantAfter[op]) != 100+3200-40 {
			t.Fatalf("after the %s the store has %d notes, want %d", op, len(wantAfter[op]), 100+3200-40)
		}
	}

	r := rand.New(rand.NewPCG(crashSeed, 7))
	const rounds = 16
	seen := map[string]int{}
	for round := 0; round < rounds; round++ {
		op := []string{"restore", "import"}[round%2]
		dir := filepath.Join(base, fmt.Sprintf("round-%d", round))
		copyStore(t, before, dir)
		cmd := child(t, "restore", dir, "GOVSCAPE_RESTORE_FILE="+backup)
		if op == "import" {
			cmd = child(t, "restore", dir, "GOVSCAPE_IMPORT_FILE="+notesFile)
		}
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Once the store is open, the kill comes anywhere in the operation.
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if line != "open\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child said %q", round, line)
		}
		time.Sleep(time.Duration(r.Int64N(int64(whole[op]) * 6 / 5)))
		cmd.Process.Kill()
		cmd.Wait()

		s, err := Open(dir, WithLogger(testLogger(t)))
		if err != nil {
			t.Fatalf("round %d (%s): reopen: %v", round, op, err)
		}
		got := noteState(t, s)
		fin := s.Finished()
		s.Close()
		switch {
		case sameState(got, wantBefore):
			seen["before"]++
		case sameState(got, wantAfter[op]):
			seen["after"]++
			if fin != nil {
				seen["finished at open"]++
				if !strings.Contains(fin.Message(), "cut short") {
					t.Errorf("round %d: Finished().Message() = %q", round, fin.Message())
				}
			}
		default:
			t.Fatalf("round %d (%s): the store holds %d notes, neither as before (%d) nor as after (%d)",
				round, op, len(got), len(wantBefore), len(wantAfter[op]))
		}
	}
	t.Logf("after %d killed operations: %v", rounds, seen)
}

// TestRestoreKeepsNewerViewsAndSettings checks that a view renamed and a
// setting changed since the backup survive a restore of it.
func TestRestoreKeepsNewerViewsAndSettings(t *testing.T) {
	clock := newClock()
	s := openTest(t, filepath.Join(t.TempDir(), "s"), WithClock(clock.now))
	v := model.View{Name: "Sovereignty", State: []byte(`{"year":2020}`)}
	if _, err := s.SaveView(&v); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetting("last-state", map[string]int{"year": 2020}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "b"+BackupExt)
	if err := s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	clock.add(time.Hour)
	if _, err := s.RenameView(v.ID, "Sovereignty, renamed since"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetting("last-state", map[string]int{"year": 2024}); err != nil {
		t.Fatal(err)
	}

	rep, err := s.Restore(backup)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ViewsKept != 1 || rep.SettingsKept != 1 {
		t.Errorf("report %+v, want 1 view and 1 setting kept", rep)
	}
	views, _ := s.Views()
	names := map[string]bool{}
	for _, v := range views {
		names[v.Name] = true
	}
	if !names["Sovereignty"] || !names["Sovereignty, renamed since (before restore)"] || len(views) != 2 {
		t.Errorf("views after the restore: %v, want the backup's and the renamed one kept", names)
	}
	var st map[string]int
	if ok, err := s.Setting("last-state", &st); !ok || err != nil || st["year"] != 2024 {
		t.Errorf("setting after the restore: %v (%v, %v), want the newer year 2024 kept", st, ok, err)
	}
	// A second restore of the same backup adds no further copies.
	if _, err := s.Restore(backup); err != nil {
		t.Fatal(err)
	}
	if views, _ := s.Views(); len(views) != 2 {
		t.Errorf("a second restore left %d views, want 2", len(views))
	}
}

// TestUnreadableJournalIsSetAside checks that a journal that cannot be read
// (it was never complete) changes nothing and is kept aside.
func TestUnreadableJournalIsSetAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	notes := storeWithNotes(t, dir)
	if err := os.WriteFile(filepath.Join(dir, journalName), []byte(journalMagic+"{}\ncut"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, dir)
	if s.Finished() != nil {
		t.Errorf("Finished() = %+v, want nil", s.Finished())
	}
	if got := noteState(t, s); len(got) != len(notes) {
		t.Errorf("store holds %d notes, want %d", len(got), len(notes))
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, journalName+".unreadable-*")); len(aside) != 1 {
		t.Errorf("unreadable journal kept as %v, want one file", aside)
	}
}

// TestImportRefusesTimesTheStoreCannotRecord checks that a note whose
// updated time lies past what the store can key is refused at import,
// with nothing changed.
func TestImportRefusesTimesTheStoreCannotRecord(t *testing.T) {
	s := openTest(t, t.TempDir())
	late := model.LatestTime.Add(time.Second)
	_, err := s.MergeNotes([]model.Note{
		{ID: "ok1234567", Title: "fine", Created: time.Unix(1e9, 0), Updated: time.Unix(1e9, 0)},
		{ID: "late12345", Title: "too late", Created: time.Unix(1e9, 0), Updated: late},
	})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "notes[1]") || !strings.Contains(err.Error(), "latest") {
		t.Fatalf("MergeNotes with a time past %s: %v, want ErrInvalid naming notes[1]", model.LatestTime, err)
	}
	if all, _ := s.Notes(); len(all) != 0 {
		t.Errorf("the refused import left %d notes, want 0", len(all))
	}
}

// lockChild opens the store, waiting for the lock as long as it takes
// (within reason), saves one note, prints its id and closes.
func lockChild() {
	s, err := Open(os.Getenv(EnvDir), WithLockWait(30*time.Second))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	n := model.Note{Title: "from a racing process"}
	if err := s.SaveNote(&n); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if err := s.Close(); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(n.ID)
}

// TestRacingProcessesWaitForTheLock starts 20 processes on one store at
// once; each waits its turn, and all succeed.
func TestRacingProcessesWaitForTheLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	type result struct {
		out string
		err error
	}
	results := make(chan result, 20)
	for i := 0; i < 20; i++ {
		go func() {
			out, err := child(t, "lock", dir).Output()
			results <- result{string(out), err}
		}()
	}
	var ids []string
	for i := 0; i < 20; i++ {
		r := <-results
		if r.err != nil || strings.HasPrefix(r.out, "error") {
			t.Errorf("a racing process: %v: %s", r.err, r.out)
			continue
		}
		ids = append(ids, strings.TrimSpace(r.out))
	}
	s := openTest(t, dir)
	for _, id := range ids {
		if _, err := s.Note(id); err != nil {
			t.Errorf("note %s of a racing process: %v", id, err)
		}
	}
	if len(ids) != 20 {
		t.Errorf("%d of 20 racing processes saved their note", len(ids))
	}
}

// TestRestoreReadsBadgerBackups checks that a backup written the way
// earlier Govscapes wrote it — Badger's own DB.Backup, which keeps every
// version of a key, newest first, and deletions — restores to the store as
// it was: the newest version of each note, and no deleted note.
func TestRestoreReadsBadgerBackups(t *testing.T) {
	clock := newClock()
	src := openTest(t, filepath.Join(t.TempDir(), "src"), WithClock(clock.now), WithHistoryInterval(0))
	kept := model.Note{Title: "first words"}
	gone := model.Note{Title: "deleted before the backup"}
	for _, n := range []*model.Note{&kept, &gone} {
		clock.add(time.Second)
		if err := src.SaveNote(n); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		clock.add(time.Second)
		kept.Body = fmt.Sprintf("version %d", i)
		if err := src.SaveNote(&kept); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := src.DeleteNote(gone.ID); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "old"+BackupExt)
	err := writeFileAtomic(file, func(w io.Writer) error {
		sum := sha256.New()
		hw := io.MultiWriter(w, sum)
		io.WriteString(hw, backupMagic)
		if _, err := src.db.Backup(hw, 0); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum([]byte(backupTrailer)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dst := openTest(t, filepath.Join(t.TempDir(), "dst"))
	if _, err := dst.Restore(file); err != nil {
		t.Fatalf("Restore of a Badger backup: %v", err)
	}
	if got, err := dst.Note(kept.ID); err != nil || got.Body != "version 2" {
		t.Errorf("restored note: %q, %v; want its newest version", got.Body, err)
	}
	if _, err := dst.Note(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a note deleted before the backup came back: %v", err)
	}
	if h, _ := dst.NoteHistory(kept.ID); len(h) != 3 {
		t.Errorf("restored history holds %d versions, want 3", len(h))
	}
}
