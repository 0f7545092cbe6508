package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"govscape/app/store"
	"govscape/cli"
	"govscape/model"
)

// runCLI runs one command line in this process and returns its exit status
// and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// step is one command line of a scenario and what it must answer: each of
// stdout and stderr must hold its fragments in order, and nil means empty.
type step struct {
	name           string
	args           []string
	code           int
	stdout, stderr []string
}

// runSteps runs the steps in order, replacing the words in vars in their
// arguments and fragments, and returns the last step's stdout.
func runSteps(t *testing.T, vars map[string]string, steps []step) string {
	t.Helper()
	expand := func(s string) string {
		for k, v := range vars {
			s = strings.ReplaceAll(s, k, v)
		}
		return s
	}
	var last string
	for _, st := range steps {
		args := make([]string, len(st.args))
		for i, a := range st.args {
			args[i] = expand(a)
		}
		code, stdout, stderr := runCLI(t, args...)
		last = stdout
		if code != st.code {
			t.Errorf("%s: govscape %q exited %d, want %d\nstdout: %s\nstderr: %s", st.name, args, code, st.code, stdout, stderr)
			continue
		}
		for _, s := range []struct {
			stream, got string
			want        []string
		}{{"stdout", stdout, st.stdout}, {"stderr", stderr, st.stderr}} {
			if s.want == nil {
				if s.got != "" {
					t.Errorf("%s: %s = %q, want it empty", st.name, s.stream, s.got)
				}
				continue
			}
			var want []string
			for _, w := range s.want {
				want = append(want, expand(w))
			}
			if miss := containsInOrder(s.got, want); miss != "" {
				t.Errorf("%s: %s lacks %q (or it is out of order):\n%s", st.name, s.stream, miss, s.got)
			}
		}
	}
	return last
}

var noteID = regexp.MustCompile(`^[0-9a-z]{20}\n$`)

// addNote adds a note through the command line and returns its id.
func addNote(t *testing.T, storeDir string, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"note", "add", "--store", storeDir}, args...)...)
	if code != 0 || !noteID.MatchString(stdout) {
		t.Fatalf("note add %q: exit %d, stdout %q, stderr %q; want 0 and an id", args, code, stdout, stderr)
	}
	return strings.TrimSpace(stdout)
}

func TestNoteCommands(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "store")
	body := filepath.Join(dir, "body.md")
	os.WriteFile(body, []byte("# Wuzhen\n\nThe [[WIC]] and 网络主权.\n"), 0o600)
	latin1 := filepath.Join(dir, "latin1.md")
	os.WriteFile(latin1, []byte("caf\xe9"), 0o600)

	first := addNote(t, st, "--entity", "china", "--title", "Cyber sovereignty", "--tag", "wic", "--tag", "主权", "--body-file", body)
	second := addNote(t, st, "--entity", "usa", "--entity", "igf", "--body", "Open internet")
	vars := map[string]string{"{STORE}": st, "{FIRST}": first, "{SECOND}": second, "{DIR}": dir}
	runSteps(t, vars, []step{
		{"list", []string{"note", "list", "--store", "{STORE}"}, 0,
			[]string{"{SECOND}", "Untitled note", "usa, igf", "{FIRST}", "Cyber sovereignty", "china, wic"}, nil},
		{"list about an entity a link names", []string{"note", "list", "--entity", "wic", "--store", "{STORE}"}, 0,
			[]string{"{FIRST}"}, nil},
		{"list about an entity without notes", []string{"note", "list", "--store", "{STORE}", "--entity", "icann"}, 0, []string{}, nil},
		{"list about an unknown entity", []string{"note", "list", "--store", "{STORE}", "--entity", "chna"}, 0,
			[]string{}, []string{`no entity "chna"`, `did you mean "china"`}},
		{"show", []string{"note", "show", "--store", "{STORE}", "{FIRST}"}, 0,
			[]string{"Cyber sovereignty", "id {FIRST}", "tags wic, 主权", "entities china, wic",
				"# Wuzhen\n\nThe [[WIC]] and 网络主权.\n"}, nil},
		{"show unknown", []string{"note", "show", "--store", "{STORE}", "nope"}, 1, nil, []string{"note nope: not found"}},
		{"unknown entity warns", []string{"note", "add", "--store", "{STORE}", "--entity", "atlantis", "--body", "x"}, 0,
			[]string{}, []string{`warning: the bundled landscape has no entity "atlantis"`}},
		{"unknown link warns", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body", "see [[Nowhere]]"}, 0,
			[]string{}, []string{"the link [[Nowhere]] names no entity"}},
		{"no entity", []string{"note", "add", "--store", "{STORE}", "--body", "x"}, 2, nil, []string{"want at least one --entity", "Usage: govscape note add"}},
		{"no body", []string{"note", "add", "--store", "{STORE}", "--entity", "china"}, 2, nil, []string{"want one of --body"}},
		{"two bodies", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body", "x", "--body-file", "{DIR}/body.md"}, 2,
			nil, []string{"want one of --body"}},
		{"empty body is a body", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body", ""}, 0, []string{}, nil},
		{"missing body file", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body-file", "{DIR}/none.md"}, 1,
			nil, []string{"{DIR}/none.md"}},
		{"body file not UTF-8", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body-file", "{DIR}/latin1.md"}, 1,
			nil, []string{"{DIR}/latin1.md is not UTF-8"}},
		{"stray argument", []string{"note", "add", "--store", "{STORE}", "--entity", "china", "--body", "x", "extra"}, 2,
			nil, []string{"unexpected arguments"}},
		{"unknown flag", []string{"note", "list", "--store", "{STORE}", "--frob"}, 2, nil, []string{"-frob", "Usage: govscape note list"}},
		{"unknown subcommand", []string{"note", "frob"}, 2, nil, []string{`unknown subcommand "frob"`, "Usage: govscape note"}},
		{"no subcommand", []string{"note"}, 2, nil, []string{"want a subcommand"}},
	})

	code, stdout, _ := runCLI(t, "note", "list", "--json", "--store", st)
	var listed []store.NoteSummary
	if err := json.Unmarshal([]byte(stdout), &listed); code != 0 || err != nil {
		t.Fatalf("note list --json: exit %d, %v:\n%s", code, err, stdout)
	}
	if len(listed) != 5 || listed[4].ID != first || !slices.Equal(listed[4].Tags, []string{"wic", "主权"}) {
		t.Errorf("note list --json = %+v, want 5 notes, the first added last", listed)
	}
	code, stdout, _ = runCLI(t, "note", "show", "--json", first, "--store", st)
	var shown model.Note
	if err := json.Unmarshal([]byte(stdout), &shown); code != 0 || err != nil || shown.Body != "# Wuzhen\n\nThe [[WIC]] and 网络主权.\n" {
		t.Errorf("note show --json: exit %d, %v, note %+v", code, err, shown)
	}
}

func TestStoreCommandsHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"note add|list|show", "notes export|import", "view list|export|import", "backup", "restore"}},
		{[]string{"help", "note"}, []string{"Usage: govscape note", "add ...", "list [--entity ID] [--json]", "exit status\nis 3"}},
		{[]string{"note", "-h"}, []string{"Usage: govscape note"}},
		{[]string{"note", "add", "--help"}, []string{"Usage: govscape note add --entity ID", "--body-file FILE", "--store DIR"}},
		{[]string{"note", "list", "-h"}, []string{"Usage: govscape note list", "--entity ID", "--json"}},
		{[]string{"note", "show", "-h"}, []string{"Usage: govscape note show [--json] ID"}},
		{[]string{"notes", "--help"}, []string{"Usage: govscape notes", "export", "import"}},
		{[]string{"notes", "export", "-h"}, []string{"Usage: govscape notes export (DIR | --json FILE)", "Obsidian", "--json FILE"}},
		{[]string{"notes", "import", "-h"}, []string{"Usage: govscape notes import FILE", "without duplicating"}},
		{[]string{"view", "-h"}, []string{"Usage: govscape view"}},
		{[]string{"view", "list", "-h"}, []string{"Usage: govscape view list [--json]"}},
		{[]string{"view", "export", "-h"}, []string{"Usage: govscape view export NAME FILE", store.ViewFileExt}},
		{[]string{"view", "import", "-h"}, []string{"Usage: govscape view import FILE", "(2)"}},
		{[]string{"backup", "-h"}, []string{"Usage: govscape backup [--store DIR] FILE", "--store DIR"}},
		{[]string{"restore", "--help"}, []string{"Usage: govscape restore [--store DIR] FILE", "Nothing is lost"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			if miss := containsInOrder(stdout, tt.want); miss != "" {
				t.Errorf("help lacks %q:\n%s", miss, stdout)
			}
		})
	}
}

// saveView puts a view into the store in dir, as the window would, and
// closes the store.
func saveView(t *testing.T, dir string, v model.View, noteTitle string) {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SaveView(&v); err != nil {
		t.Fatal(err)
	}
	n := model.Note{Title: noteTitle, Body: "about the view", Entities: []string{"china"}, View: v.ID}
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
}

func TestViewCommands(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	saveView(t, src, model.View{Name: "China vs US", Description: "Sovereignty\nand more",
		State: json.RawMessage(`{"version":1,"compare":["china","usa","atlantis"]}`)}, "view note")
	saveView(t, dst, model.View{Name: "china VS us", State: json.RawMessage(`{}`)}, "other note")
	newer := filepath.Join(dir, "newer"+store.ViewFileExt)
	os.WriteFile(newer, []byte(`{"schema":"govscape/view@3","view":{}}`), 0o600)
	newState := filepath.Join(dir, "new-state"+store.ViewFileExt)
	os.WriteFile(newState, []byte(`{"schema":"govscape/view@1","view":{"id":"v99","name":"From the future",`+
		`"state":{"version":99},"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"},`+
		`"notes":[{"id":"n99","title":"future note","body":"x","view":"v99","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}]}`), 0o600)
	file := filepath.Join(dir, "cn-us"+store.ViewFileExt)

	vars := map[string]string{"{SRC}": src, "{DST}": dst, "{FILE}": file, "{NEWER}": newer, "{NEWSTATE}": newState}
	runSteps(t, vars, []step{
		{"list", []string{"view", "list", "--store", "{SRC}"}, 0, []string{"China vs US", "Sovereignty"}, nil},
		{"export by name, any case", []string{"view", "export", "--store", "{SRC}", "china vs us", "{FILE}"}, 0,
			[]string{`exported view "China vs US" with 1 note to {FILE}`}, nil},
		{"export unknown", []string{"view", "export", "--store", "{SRC}", "nothing", "{FILE}"}, 1, nil, []string{`view "nothing": not found`}},
		{"import, renamed", []string{"view", "import", "--store", "{DST}", "{FILE}"}, 0,
			[]string{`imported view "China vs US" as "China vs US (2)"`, "1 note: 1 added"},
			[]string{"warning: the view names 1 entity the bundled landscape lacks: atlantis"}},
		{"import again: nothing duplicated", []string{"view", "import", "--store", "{DST}", "{FILE}"}, 0,
			[]string{`view "China vs US" is in the store already, as "China vs US (2)"; nothing was copied`, "1 already in the store"}, []string{"atlantis"}},
		{"list after", []string{"view", "list", "--store", "{DST}"}, 0, []string{"china VS us", "China vs US (2)"}, nil},
		{"state from a newer Govscape", []string{"view", "import", "--store", "{DST}", "{NEWSTATE}"}, 1, nil,
			[]string{"saved by a newer Govscape", "update Govscape"}},
		{"newer file", []string{"view", "import", "--store", "{DST}", "{NEWER}"}, 1, nil,
			[]string{"{NEWER} was written by a newer version of Govscape", "version 3", "update Govscape"}},
		{"import missing file", []string{"view", "import", "--store", "{DST}", "{SRC}/none.json"}, 1, nil, []string{"{SRC}/none.json"}},
		{"export wrong arguments", []string{"view", "export", "--store", "{SRC}", "only-name"}, 2, nil, []string{"want NAME FILE"}},
	})
	code, stdout, _ := runCLI(t, "view", "list", "--json", "--store", dst)
	var views []model.View
	if err := json.Unmarshal([]byte(stdout), &views); code != 0 || err != nil || len(views) != 2 {
		t.Errorf("view list --json: exit %d, %v, %d views; want 2", code, err, len(views))
	}
	code, stdout, _ = runCLI(t, "note", "list", "--store", dst)
	if code != 0 || strings.Count(stdout, "view note") != 1 || strings.Count(stdout, "other note") != 1 || strings.Contains(stdout, "future") {
		t.Errorf("notes after two imports of one file and a refused one:\n%s\nwant the view's note once and the store's own", stdout)
	}
}

func TestBackupRestoreAndNotesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	var ids []string
	for _, body := range []string{"one", "السيادة", "🌍 e\u0301"} {
		ids = append(ids, addNote(t, src, "--entity", "china", "--title", body, "--body", body))
	}
	vars := map[string]string{"{SRC}": src, "{DST}": dst, "{DIR}": dir}
	runSteps(t, vars, []step{
		{"backup", []string{"backup", "--store", "{SRC}", "{DIR}/all.govscape-backup"}, 0, []string{"backed up the store in {SRC} to {DIR}/all.govscape-backup"}, nil},
		{"restore", []string{"restore", "{DIR}/all.govscape-backup", "--store", "{DST}"}, 0,
			[]string{"restored 3 notes", "0 views", "from {DIR}/all.govscape-backup", "{DST}.backups"}, nil},
		{"restore a file that is not a backup", []string{"restore", "--store", "{DST}", "{DIR}/src/MANIFEST"}, 1, nil, []string{"not a readable Govscape backup"}},
		{"backup without a file", []string{"backup", "--store", "{SRC}"}, 2, nil, []string{"want FILE, got 0 arguments"}},
		{"export Markdown", []string{"notes", "export", "--store", "{SRC}", "{DIR}/vault"}, 0, []string{"exported 3 notes to {DIR}/vault"}, nil},
		{"export JSON", []string{"notes", "export", "--store", "{SRC}", "--json", "{DIR}/notes.json"}, 0, []string{"exported 3 notes to {DIR}/notes.json"}, nil},
		{"export both", []string{"notes", "export", "--store", "{SRC}", "--json", "DIR/notes.json", "DIR/vault"}, 2, nil, []string{"want either DIR or --json FILE"}},
		{"import into the restored store", []string{"notes", "import", "--store", "{DST}", "{DIR}/notes.json"}, 0,
			[]string{"3 notes: 0 added, 3 already in the store"}, nil},
		{"import into a new store", []string{"notes", "import", "--store", "{DIR}/third", "{DIR}/notes.json"}, 0, []string{"3 notes: 3 added"}, nil},
		{"import again", []string{"notes", "import", "--store", "{DIR}/third", "{DIR}/notes.json"}, 0, []string{"3 notes: 0 added, 3 already"}, nil},
		{"import a view file", []string{"notes", "import", "--store", "{DIR}/third", "{DIR}/vault"}, 1, nil, []string{"{DIR}/vault"}},
	})
	for _, d := range []string{dst, filepath.Join(dir, "third")} {
		code, stdout, _ := runCLI(t, "note", "list", "--json", "--store", d)
		var listed []store.NoteSummary
		json.Unmarshal([]byte(stdout), &listed)
		var got []string
		for _, n := range listed {
			got = append(got, n.ID)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(ids))
		if code != 0 || !slices.Equal(got, want) {
			t.Errorf("notes in %s: %q, want %q (each once)", d, got, want)
		}
		for _, id := range ids {
			_, a, _ := runCLI(t, "note", "show", id, "--store", src)
			_, b, _ := runCLI(t, "note", "show", id, "--store", d)
			if a != b {
				t.Errorf("note %s in %s:\n%s\nwant:\n%s", id, d, b, a)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "vault", "*.md"))
	if len(files) != 3 {
		t.Errorf("Markdown export wrote %q, want 3 files", files)
	}
}

func TestStoreFromEnvironment(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "env-store")
	t.Setenv(store.EnvDir, dir)
	id := addNote(t, "", "--entity", "china", "--body", "from the environment")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err != nil {
		t.Fatalf("no store made in $%s=%s: %v", store.EnvDir, dir, err)
	}
	if code, stdout, _ := runCLI(t, "note", "list"); code != 0 || !strings.Contains(stdout, id) {
		t.Errorf("note list without --store: exit %d:\n%s\nwant the note from $%s", code, stdout, store.EnvDir)
	}
}

func TestDamagedStoreIsReported(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	addNote(t, dir, "--entity", "china", "--body", "soon lost")
	manifest := filepath.Join(dir, "MANIFEST")
	if err := os.WriteFile(manifest, bytes.Repeat([]byte{0x5a}, 200), 0o600); err != nil {
		t.Fatal(err)
	}
	// A command that only reads says so and leaves the folder alone.
	code, _, stderr := runCLI(t, "note", "list", "--store", dir)
	if moved, _ := filepath.Glob(dir + ".damaged-*"); code != 1 || len(moved) != 0 {
		t.Fatalf("note list on a damaged store: exit %d, moved to %q; want 1 and nothing moved", code, moved)
	}
	if !strings.Contains(stderr, "is damaged") || !strings.Contains(stderr, "left as it is") {
		t.Errorf("note list: stderr %q does not say the store is damaged and was left alone", stderr)
	}
	// One that writes moves it aside, says where, and goes on.
	code, _, stderr = runCLI(t, "note", "add", "--store", dir, "--entity", "china", "--body", "afresh")
	moved, _ := filepath.Glob(dir + ".damaged-*")
	if code != 0 || len(moved) != 1 {
		t.Fatalf("note add on a damaged store: exit %d, moved to %q; want 0 and one folder", code, moved)
	}
	if !strings.Contains(stderr, "was damaged") || !strings.Contains(stderr, moved[0]) {
		t.Errorf("stderr %q does not say the store was moved to %s", stderr, moved[0])
	}
}

// The helpers below run in a child process: the test binary started again
// with GOVSCAPE_CLI_HELPER set.

// TestHelperHoldStore keeps a store open until its stdin closes.
func TestHelperHoldStore(t *testing.T) {
	if os.Getenv("GOVSCAPE_CLI_HELPER") != "hold" {
		t.Skip("runs only as a child process")
	}
	s, err := store.Open(os.Getenv(store.EnvDir))
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("ready\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	s.Close()
	os.Exit(0)
}

// TestHelperCLI runs the command line in GOVSCAPE_CLI_ARGS (separated by
// newlines) and exits with its status, as the govscape binary would.
func TestHelperCLI(t *testing.T) {
	if os.Getenv("GOVSCAPE_CLI_HELPER") != "run" {
		t.Skip("runs only as a child process")
	}
	os.Exit(cli.Run(strings.Split(os.Getenv("GOVSCAPE_CLI_ARGS"), "\n"), os.Stdout, os.Stderr))
}

func helper(ctx context.Context, mode, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelper")
	cmd.Env = append(os.Environ(), "GOVSCAPE_CLI_HELPER="+mode, store.EnvDir+"="+dir,
		"GOVSCAPE_CLI_ARGS="+strings.Join(args, "\n"))
	return cmd
}

func TestLockedStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	holder := helper(ctx, "hold", dir)
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("the holding process said %q, %v; want ready", line, err)
	}

	want := fmt.Sprintf("Govscape is already open on %s (process %d", dir, holder.Process.Pid)
	for i, args := range [][]string{
		{"note", "list"},
		{"note", "add", "--entity", "china", "--body", "x", "--wait", "100ms"},
		{"note", "show", "01m8a1vexax3p751g787", "--wait", "100ms"},
		{"notes", "export", "--json", filepath.Join(t.TempDir(), "n.json"), "--wait", "100ms"},
		{"view", "list", "--wait", "100ms"},
		{"backup", filepath.Join(t.TempDir(), "b"), "--wait", "0s"},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			// In a third process, as a person would run it: it must end at
			// once, with status 3 and the store's message.
			runCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			cmd := helper(runCtx, "run", dir, args...)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			start := time.Now()
			err := cmd.Run()
			took := time.Since(start)
			var exit *exec.ExitError
			if runCtx.Err() != nil {
				t.Fatalf("govscape %q on a locked store did not end within 20 s", args)
			}
			// It waited for the lock: 5 s by default, else as --wait says.
			if i == 0 && took < store.DefaultLockWait-time.Second || i > 0 && took > 3*time.Second {
				t.Errorf("govscape %q gave up after %s", args, took.Round(time.Millisecond))
			}
			if !errors.As(err, &exit) || exit.ExitCode() != 3 {
				t.Fatalf("govscape %q on a locked store: %v, want exit status 3\nstderr: %s", args, err, errOut.String())
			}
			if !strings.Contains(errOut.String(), want) || strings.Contains(out.String(), "\n") && args[1] == "add" {
				t.Errorf("stdout %q, stderr %q; want no id and the message %q", out.String(), errOut.String(), want)
			}
		})
	}
	// In this process too: the same answer from cli.Run.
	if code, _, stderr := runCLI(t, "note", "list", "--store", dir, "--wait", "10ms"); code != 3 || !strings.Contains(stderr, want) {
		t.Errorf("cli.Run on a locked store: exit %d, stderr %q; want 3 and %q", code, stderr, want)
	}

	stdin.Close()
	if err := holder.Wait(); err != nil {
		t.Fatalf("holding process: %v", err)
	}
	if moved, _ := filepath.Glob(dir + ".damaged-*"); len(moved) > 0 {
		t.Errorf("a locked store was moved aside to %v", moved)
	}
	addNote(t, dir, "--entity", "china", "--body", "once the other process is gone")
}

func TestNotesExportMarkdownKeepsEditedFiles(t *testing.T) {
	dir := t.TempDir()
	st, vault := filepath.Join(dir, "store"), filepath.Join(dir, "vault")
	const notes = 12
	for i := 1; i <= notes; i++ {
		addNote(t, st, "--entity", "china", "--title", fmt.Sprintf("Note %02d", i), "--body", fmt.Sprintf("body %d", i))
	}
	edit := func(name string) []byte {
		t.Helper()
		path := filepath.Join(vault, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, "my edit in the vault\n"...)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return data
	}
	beside := regexp.MustCompile(`kept "(Note \d\d\.md)" as you left it; the note is beside it in "(Note \d\d) \(from Govscape \d{4}-\d\d-\d\d\)\.md"`)
	edited := map[string][]byte{}

	tests := []struct {
		name       string
		before     func()
		wantFirst  string
		wantBeside []string // the files kept, as named line by line
		wantMore   string   // the summing-up line, if any
	}{
		{name: "first export", wantFirst: "exported 12 notes to {VAULT} (12 files written, 0 unchanged)\n"},
		{name: "nothing changed", wantFirst: "exported 12 notes to {VAULT} (0 files written, 12 unchanged)\n"},
		{
			name:       "one file edited",
			before:     func() { edited["Note 01.md"] = edit("Note 01.md") },
			wantFirst:  "exported 12 notes to {VAULT} (1 file written, 11 unchanged)\n",
			wantBeside: []string{"Note 01.md"},
		},
		{
			name: "every file edited",
			before: func() {
				for i := 2; i <= notes; i++ {
					name := fmt.Sprintf("Note %02d.md", i)
					edited[name] = edit(name)
				}
			},
			wantFirst:  "exported 12 notes to {VAULT} (11 files written, 1 unchanged)\n",
			wantBeside: []string{"Note 12.md", "Note 11.md", "Note 10.md", "Note 09.md", "Note 08.md", "Note 07.md", "Note 06.md", "Note 05.md", "Note 04.md", "Note 03.md"},
			wantMore:   "and 2 more notes beside files kept as you left them\n",
		},
	}
	for _, tt := range tests {
		if tt.before != nil {
			tt.before()
		}
		code, stdout, stderr := runCLI(t, "notes", "export", "--store", st, vault)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q; want 0", tt.name, code, stderr)
		}
		first, rest, _ := strings.Cut(stdout, "\n")
		if want := strings.ReplaceAll(tt.wantFirst, "{VAULT}", vault); first+"\n" != want {
			t.Errorf("%s: got first line %q, want %q", tt.name, first+"\n", want)
		}
		var kept []string
		for _, m := range beside.FindAllStringSubmatch(rest, -1) {
			kept = append(kept, m[1])
			if m[1] != m[2]+".md" {
				t.Errorf("%s: note written beside %q is named after %q, want the same title", tt.name, m[1], m[2])
			}
		}
		if !slices.Equal(kept, tt.wantBeside) {
			t.Errorf("%s: got lines naming %q, want %q\n%s", tt.name, kept, tt.wantBeside, stdout)
		}
		if lines := strings.Count(rest, "\n"); lines != len(kept)+min(len(tt.wantMore), 1) {
			t.Errorf("%s: got %d lines after the first, want %d\n%s", tt.name, lines, len(kept)+min(len(tt.wantMore), 1), stdout)
		}
		if !strings.HasSuffix(stdout, tt.wantMore) {
			t.Errorf("%s: got output\n%s\nwant it to end with %q", tt.name, stdout, tt.wantMore)
		}
		for name, want := range edited {
			if got, _ := os.ReadFile(filepath.Join(vault, name)); !bytes.Equal(got, want) {
				t.Errorf("%s: %s holds:\n%s\nwant the person's edit as they left it:\n%s", tt.name, name, got, want)
			}
		}
	}
	if files, _ := filepath.Glob(filepath.Join(vault, "*.md")); len(files) != 2*notes {
		t.Errorf("got %d Markdown files, want %d: each note's first file and one beside it", len(files), 2*notes)
	}
}

// TestParallelNoteAdds runs twenty `note add` processes on one store at
// once, as a script would: each waits its turn for the store, and every one
// succeeds.
func TestParallelNoteAdds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	type result struct {
		out, errOut string
		err         error
	}
	results := make(chan result, 20)
	for i := 0; i < 20; i++ {
		go func() {
			cmd := helper(ctx, "run", dir, "note", "add", "--entity", "china", "--body", fmt.Sprintf("racing note %d", i))
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			results <- result{out.String(), errOut.String(), err}
		}()
	}
	var ids []string
	for i := 0; i < 20; i++ {
		r := <-results
		if r.err != nil || !noteID.MatchString(r.out) {
			t.Errorf("a parallel note add: %v, stdout %q, stderr %q", r.err, r.out, r.errOut)
			continue
		}
		ids = append(ids, strings.TrimSpace(r.out))
	}
	code, stdout, stderr := runCLI(t, "note", "list", "--store", dir)
	if code != 0 {
		t.Fatalf("note list: exit %d, %s", code, stderr)
	}
	for _, id := range ids {
		if !strings.Contains(stdout, id) {
			t.Errorf("note %s of a parallel add is not listed", id)
		}
	}
	if len(ids) != 20 {
		t.Errorf("%d of 20 parallel note adds succeeded", len(ids))
	}
}
