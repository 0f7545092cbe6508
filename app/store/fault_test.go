package store

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

// childEnv names the role a re-executed test binary plays, as the Go
// standard library's tests do with their helper processes.
const childEnv = "GOVSCAPE_STORE_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "hold":
		holdChild()
		os.Exit(0)
	case "crash":
		crashChild()
		os.Exit(0)
	case "restore":
		restoreChild()
		os.Exit(0)
	case "lock":
		lockChild()
		os.Exit(0)
	case "memory":
		memoryChild(os.Getenv("GOVSCAPE_MEMORY_OP"), os.Getenv(EnvDir))
		os.Exit(0)
	}
	code := m.Run()
	for _, f := range afterTests {
		f()
	}
	os.Exit(code)
}

// afterTests are run once every test and benchmark has: clean-ups of what
// they share.
var afterTests []func()

// child starts this test binary as a helper process playing role on dir.
func child(t testing.TB, role, dir string, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, EnvDir+"="+dir)
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stderr = os.Stderr
	return cmd
}

// holdChild opens the store, saves a note, says so, and keeps the store open
// until its standard input closes.
func holdChild() {
	s, err := Open(os.Getenv(EnvDir))
	if err != nil {
		fmt.Println("error", err)
		return
	}
	n := model.Note{Title: "from the other process"}
	if err := s.SaveNote(&n); err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("ready", n.ID)
	io.Copy(io.Discard, os.Stdin)
	s.Close()
}

func TestSecondProcessGetsLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	cmd := child(t, "hold", dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ready ") {
		t.Fatalf("child said %q, %v; want ready", line, err)
	}
	id := strings.TrimSpace(strings.TrimPrefix(line, "ready "))

	s, err := Open(dir, WithLogger(testLogger(t)), WithLockWait(200*time.Millisecond))
	if !errors.Is(err, ErrLocked) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open while another process has the store: error %v, want ErrLocked", err)
	}
	if want := "Govscape is already open on " + dir; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
	if moved, _ := filepath.Glob(dir + ".damaged-*"); len(moved) > 0 {
		t.Errorf("a locked store was moved aside to %v", moved)
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	s = openTest(t, dir)
	if n, err := s.Note(id); err != nil || n.Title != "from the other process" {
		t.Errorf("after the other process closed: note %s = %+v, %v", id, n, err)
	}
}

// storeWithNotes makes a closed store in dir holding small and large notes,
// with tables and a value log on disk, and returns the notes.
func storeWithNotes(t *testing.T, dir string) []model.Note {
	t.Helper()
	s := openTest(t, dir)
	var notes []model.Note
	for i := 0; i < 300; i++ {
		n := model.Note{Title: fmt.Sprintf("note %d", i), Body: strings.Repeat("governance ", 10+i%50)}
		if i%50 == 0 {
			n.Body = strings.Repeat("large note ", 2000) // into the value log
		}
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		notes = append(notes, n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return notes
}

func onlyFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(m) == 0 {
		t.Fatalf("no %s in %s", pattern, dir)
	}
	return m[0]
}

func garble(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	os.WriteFile(path, b, 0o600)
}

func truncateHalf(t *testing.T, path string) {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	os.Truncate(path, st.Size()/2)
}

// hashDir returns the name and SHA-256 of every file in dir.
func hashDir(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

func TestDamagedStoreIsMovedAside(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"MANIFEST garbage", func(t *testing.T, dir string) { garble(t, filepath.Join(dir, "MANIFEST")) }},
		{"MANIFEST truncated", func(t *testing.T, dir string) { truncateHalf(t, filepath.Join(dir, "MANIFEST")) }},
		{"MANIFEST missing", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "MANIFEST"), filepath.Join(dir, "MANIFEST.lost"))
		}},
		{"table garbage", func(t *testing.T, dir string) { garble(t, onlyFile(t, dir, "*.sst")) }},
		{"table truncated", func(t *testing.T, dir string) { truncateHalf(t, onlyFile(t, dir, "*.sst")) }},
		{"table emptied", func(t *testing.T, dir string) { os.Truncate(onlyFile(t, dir, "*.sst"), 0) }},
		{"table bit flip", func(t *testing.T, dir string) {
			p := onlyFile(t, dir, "*.sst")
			b, _ := os.ReadFile(p)
			b[len(b)/3] ^= 0x40
			os.WriteFile(p, b, 0o600)
		}},
		{"table missing", func(t *testing.T, dir string) { os.Remove(onlyFile(t, dir, "*.sst")) }},
		{"value log garbage", func(t *testing.T, dir string) { garble(t, onlyFile(t, dir, "*.vlog")) }},
		{"key registry garbage", func(t *testing.T, dir string) { garble(t, filepath.Join(dir, "KEYREGISTRY")) }},
		{"key registry truncated", func(t *testing.T, dir string) { truncateHalf(t, filepath.Join(dir, "KEYREGISTRY")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			storeWithNotes(t, dir)
			tt.damage(t, dir)
			damaged := hashDir(t, dir)

			s := openTest(t, dir)
			r := s.Recovery()
			if r == nil {
				n, err := s.Notes()
				t.Fatalf("Open of a damaged store reported no recovery (it reads %d notes, %v)", len(n), err)
			}
			if r.Dir != dir || !strings.HasPrefix(r.MovedTo, dir+".damaged-") || r.Cause == nil {
				t.Errorf("Recovery = %+v, want the store moved to %s.damaged-…", r, dir)
			}
			if msg := r.Message(); !strings.Contains(msg, r.MovedTo) || !strings.Contains(msg, "backup") {
				t.Errorf("Message() = %q, want it to name %s and suggest a backup", msg, r.MovedTo)
			}
			moved := hashDir(t, r.MovedTo)
			for name, h := range damaged {
				if name == "LOCK" {
					continue
				}
				if moved[name] != h {
					t.Errorf("%s changed or went missing when the store was moved aside", name)
				}
			}
			// The fresh store works.
			if ns, err := s.Notes(); err != nil || len(ns) != 0 {
				t.Errorf("fresh store holds %d notes, %v; want 0", len(ns), err)
			}
			n := model.Note{Title: "after recovery"}
			if err := s.SaveNote(&n); err != nil {
				t.Errorf("SaveNote in the fresh store: %v", err)
			}
		})
	}
}

func TestSoundStoreIsNotMovedAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	notes := storeWithNotes(t, dir)
	s := openTest(t, dir)
	if r := s.Recovery(); r != nil {
		t.Fatalf("a sound store was moved aside: %+v", r)
	}
	for _, want := range notes {
		got, err := s.Note(want.ID)
		if err != nil || !sameNote(got, want) {
			t.Fatalf("note %s: %v, %v", want.ID, describe(got), err)
		}
	}
}

func TestFolderThatIsNotAStore(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.docx"), []byte("precious"), 0o600)
	_, err := Open(dir, WithLogger(testLogger(t)))
	if !errors.Is(err, ErrNotStore) {
		t.Fatalf("Open on a folder of other files: error %v, want ErrNotStore", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("the folder now holds %d entries, want it untouched", len(es))
	}
}

// TestLowDiskSpaceRefusesWrite checks that a write is refused, with the
// caller's edit and the stored note intact, once free space is below the
// reserve Badger needs.
func TestLowDiskSpaceRefusesWrite(t *testing.T) {
	s := openTest(t, t.TempDir())
	kept := model.Note{Title: "kept"}
	if err := s.SaveNote(&kept); err != nil {
		t.Fatal(err)
	}
	s.cfg.minFree = math.MaxUint64 / 4
	edit := model.Note{ID: kept.ID, Title: "kept", Body: "an edit"}
	err := s.SaveNote(&edit)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("SaveNote on a full disk: error %v, want ErrDiskFull", err)
	}
	if edit.Body != "an edit" {
		t.Errorf("the caller's edit was changed to %q", edit.Body)
	}
	if got, _ := s.Note(kept.ID); !sameNote(got, kept) {
		t.Errorf("after the refused write the note is %s, want %s", describe(got), describe(kept))
	}
}
