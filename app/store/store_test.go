package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"govscape/model"
)

// testWriter sends log lines to the test's log while the test runs.
type testWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

func testLogger(t testing.TB) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() { w.mu.Lock(); w.done = true; w.mu.Unlock() })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// fakeClock is a clock that tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 25, 18, 1, 2, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// openTest opens a store in dir with a test logger and closes it at the end
// of the test unless the test closed it itself.
func openTest(t testing.TB, dir string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(dir, append([]Option{WithLogger(testLogger(t))}, opts...)...)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	t.Cleanup(func() { s.db.Close() })
	return s
}

func reopen(t testing.TB, s *Store, opts ...Option) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return openTest(t, s.Dir(), opts...)
}

// sameNote compares two notes field by field, times by instant.
func sameNote(a, b model.Note) bool {
	ta, tb := a, b
	ta.Created, ta.Updated, tb.Created, tb.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(ta, tb) && a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated)
}

func describe(n model.Note) string {
	body := n.Body
	if len(body) > 80 {
		body = fmt.Sprintf("%q… (%d bytes)", body[:80], len(body))
	}
	return fmt.Sprintf("{id %s title %q body %s tags %q entities %q relation %+v view %q created %s updated %s}",
		n.ID, n.Title, body, n.Tags, n.Entities, n.Relation, n.View, n.Created, n.Updated)
}

func TestDefaultDir(t *testing.T) {
	cwd, _ := os.Getwd()
	tests := []struct {
		name, explicit, env, root, want string
		wantErr                         bool
	}{
		{name: "explicit wins", explicit: "/a/b", env: "/env", root: "/root", want: "/a/b"},
		{name: "env next", env: "/env/store", root: "/root", want: "/env/store"},
		{name: "user data folder last", root: "/home/u/.config/govscape", want: "/home/u/.config/govscape/store"},
		{name: "relative made absolute", explicit: "rel", want: filepath.Join(cwd, "rel")},
		{name: "nothing given", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvDir, tt.env)
			got, err := DefaultDir(tt.explicit, tt.root)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DefaultDir error = %v, want error %v", err, tt.wantErr)
			}
			if got != filepath.FromSlash(tt.want) {
				t.Errorf("DefaultDir = %q, want %q", got, tt.want)
			}
		})
	}
}

// scripts are note texts that must come back byte for byte.
var scripts = []struct{ name, title, body string }{
	{"ascii markdown", "Plain", "# Heading\n\n- a [[china]] link\n- <b>html</b> & \"quotes\" \\ backslash\n"},
	{"arabic", "الحوكمة", "منتدى حوكمة الإنترنت يجمع أصحاب المصلحة المتعددين."},
	{"chinese", "网络主权", "世界互联网大会于2014年在乌镇首次举办。"},
	{"emoji", "🌍 notes", "👩🏽‍💻 family 👨‍👩‍👧‍👦 flags 🇺🇳🇪🇺 keycap 1️⃣ and ☃︎"},
	{"combining marks", "e\u0301 vs é", "Zalgo: Z\u0351\u0308\u0300a\u0362\u0364l\u0315g\u0489o; Devanagari: नमस्ते; Thai: ภาษาไทย"},
	{"bidi and controls", "rtl\u200f", "\u202eevil\u202c tab\tnul\x00 bell\x07 line\u2028para\u2029 bom\ufeff cr\r\n"},
	{"mixed scripts", "Ελληνικά Русский 한국어", "עברית हिन्दी 日本語 ქართული Ⴀ ᚠᚢᚦ 𓀀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"},
	{"empty body", "only a title", ""},
}

func TestNoteRoundTrip(t *testing.T) {
	s := openTest(t, t.TempDir())
	line := "Ten megabytes of notes: ünïcödé, 中文, 🙂 and <html> & \"quotes\".\n"
	big := cutUTF8(strings.Repeat(line, 10<<20/len(line)+1), 10<<20)
	type tc struct {
		name string
		note model.Note
	}
	var tests []tc
	for _, sc := range scripts {
		tests = append(tests, tc{sc.name, model.Note{Title: sc.title, Body: sc.body}})
	}
	tests = append(tests,
		tc{"10 MB", model.Note{Title: "big", Body: big}},
		tc{"attachments", model.Note{Title: "attached", Body: "b", Tags: []string{"wsis+20", "سيادة", "主权"},
			Entities: []string{"china", "wic", "unknown-entity"},
			Relation: &model.RelationRef{From: "china", To: "wic", Role: "host"}, View: "view-1"}},
	)
	saved := map[string]model.Note{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.note
			if err := s.SaveNote(&n); err != nil {
				t.Fatalf("SaveNote: %v", err)
			}
			if n.Body != tt.note.Body || n.Title != tt.note.Title {
				t.Fatalf("SaveNote changed the text of the caller's note")
			}
			got, err := s.Note(n.ID)
			if err != nil {
				t.Fatalf("Note(%s): %v", n.ID, err)
			}
			if !sameNote(got, n) {
				t.Fatalf("got %s, want %s", describe(got), describe(n))
			}
			saved[n.ID] = n
		})
	}
	s = reopen(t, s)
	for id, want := range saved {
		got, err := s.Note(id)
		if err != nil {
			t.Fatalf("after reopen, Note(%s): %v", id, err)
		}
		if !sameNote(got, want) {
			t.Errorf("after reopen got %s, want %s", describe(got), describe(want))
		}
	}
}

func TestSaveNoteRefusesInvalid(t *testing.T) {
	s := openTest(t, t.TempDir())
	tests := []struct {
		name string
		note model.Note
	}{
		{"invalid UTF-8 body", model.Note{Title: "t", Body: "bad \xff byte"}},
		{"invalid UTF-8 title", model.Note{Title: "\xc3"}},
		{"empty tag", model.Note{Title: "t", Tags: []string{"ok", ""}}},
		{"bad id", model.Note{ID: "has/slash", Title: "t"}},
		{"bad view ref", model.Note{Title: "t", View: "not an id"}},
		{"relation without role", model.Note{Title: "t", Relation: &model.RelationRef{From: "a", To: "b"}}},
		{"body over the limit", model.Note{Title: "t", Body: strings.Repeat("x", model.MaxNoteBody+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.note
			if err := s.SaveNote(&n); !errors.Is(err, ErrInvalid) {
				t.Fatalf("SaveNote error = %v, want ErrInvalid", err)
			}
		})
	}
	if ns, err := s.Notes(); err != nil || len(ns) != 0 {
		t.Errorf("Notes() = %d notes, %v; want none stored", len(ns), err)
	}
	// A body that JSON escapes six-fold can exceed the record limit.
	n := model.Note{Title: "t", Body: strings.Repeat("\x01", 3<<20)}
	if err := s.SaveNote(&n); !errors.Is(err, ErrTooLarge) {
		t.Errorf("SaveNote of a record over the limit: error = %v, want ErrTooLarge", err)
	}
}

func TestNotesNewestFirstAndSearch(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	notes := []model.Note{
		{Title: "WSIS+20 review", Body: "The review in New York.", Tags: []string{"un"}},
		{Title: "Cyber sovereignty", Body: "China's 网络主权 doctrine at the WIC.", Tags: []string{"china", "wic"}},
		{Title: "ICANN transition", Body: "IANA stewardship moved in 2016.", Tags: []string{"icann"}},
		{Title: "Ünïcode Case", Body: "ÉCOLE and école", Tags: []string{"Français"}},
		{Title: "Quotes", Body: `she said "hello\world"`},
	}
	for i := range notes {
		clock.add(time.Second)
		if err := s.SaveNote(&notes[i]); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Notes()
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range got {
		if want := notes[len(notes)-1-i]; n.ID != want.ID {
			t.Fatalf("Notes()[%d] = %q, want %q (newest first)", i, n.Title, want.Title)
		}
	}
	tests := []struct {
		query string
		want  []int // indexes into notes, newest first
	}{
		{"", []int{4, 3, 2, 1, 0}},
		{"review", []int{0}},
		{"REVIEW new", []int{0}},
		{"china", []int{1}},         // a tag and the body
		{"wic", []int{1}},           // tag
		{"网络主权", []int{1}},          // Chinese in the body
		{"école", []int{3}},         // case-folded non-ASCII
		{"français", []int{3}},      // tag, folded
		{`"hello\world"`, []int{4}}, // characters JSON escapes
		{"iana 2016 icann", []int{2}},
		{"schema", nil}, // a JSON field name, not text
		{"title", nil},
		{"nothing-matches", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := s.SearchNotes(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs, wantIDs []string
			for _, n := range got {
				gotIDs = append(gotIDs, n.Title)
			}
			for _, i := range tt.want {
				wantIDs = append(wantIDs, notes[i].Title)
			}
			if !reflect.DeepEqual(gotIDs, wantIDs) {
				t.Errorf("SearchNotes(%q) = %q, want %q", tt.query, gotIDs, wantIDs)
			}
		})
	}
}

func TestHistoryAndRestore(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now), WithHistoryInterval(0))
	n := model.Note{Title: "draft", Body: "one"}
	var versions []model.Note
	for _, body := range []string{"one", "two", "three"} {
		clock.add(time.Second)
		n.Body = body
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, n)
	}
	created := versions[0].Created
	if !n.Created.Equal(created) || !n.Updated.After(created) {
		t.Errorf("times after edits: created %s updated %s, want created %s kept and updated later", n.Created, n.Updated, created)
	}
	// Saving unchanged text writes nothing.
	clock.add(time.Second)
	same := n
	if err := s.SaveNote(&same); err != nil || !same.Updated.Equal(n.Updated) {
		t.Errorf("saving unchanged note: err %v, updated %s; want no new version (%s)", err, same.Updated, n.Updated)
	}
	hist, err := s.NoteHistory(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || !sameNote(hist[0], versions[1]) || !sameNote(hist[1], versions[0]) {
		t.Fatalf("history = %d versions, want [two, one]: %v", len(hist), hist)
	}
	clock.add(time.Second)
	restored, err := s.RestoreNoteVersion(n.ID, versions[0].Updated)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Body != "one" || !restored.Created.Equal(created) {
		t.Errorf("restored %s, want body one and created %s", describe(restored), created)
	}
	if cur, _ := s.Note(n.ID); !sameNote(cur, restored) {
		t.Errorf("current note %s, want the restored %s", describe(cur), describe(restored))
	}
	hist, _ = s.NoteHistory(n.ID)
	if len(hist) != 3 || hist[0].Body != "three" {
		t.Errorf("after restore history = %v, want the replaced text \"three\" first of 3", hist)
	}
	if _, err := s.RestoreNoteVersion(n.ID, clock.now().Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("restoring a version that never was: error %v, want ErrNotFound", err)
	}
}

func TestHistoryInterval(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now), WithHistoryInterval(time.Minute))
	n := model.Note{Title: "typing"}
	// Autosave every second for three minutes.
	for i := 0; i < 180; i++ {
		clock.add(time.Second)
		n.Body += "x"
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	hist, _ := s.NoteHistory(n.ID)
	if len(hist) < 3 || len(hist) > 5 {
		t.Errorf("3 minutes of autosave kept %d versions, want about one a minute", len(hist))
	}
	// The version left overnight is kept when editing resumes.
	last := n
	clock.add(12 * time.Hour)
	n.Body += " next day"
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
	hist2, _ := s.NoteHistory(n.ID)
	if len(hist2) != len(hist)+1 || !sameNote(hist2[0], last) {
		t.Errorf("after a pause, newest history version = %s, want %s", describe(hist2[0]), describe(last))
	}
}

func TestHistoryIsCapped(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now), WithHistoryInterval(0))
	n := model.Note{Title: "many"}
	for i := 0; i < MaxHistory+5; i++ {
		clock.add(time.Second)
		n.Body = fmt.Sprint(i)
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	hist, _ := s.NoteHistory(n.ID)
	if len(hist) != MaxHistory || hist[0].Body != fmt.Sprint(MaxHistory+3) {
		t.Errorf("history holds %d versions, newest %q; want %d, newest %q", len(hist), hist[0].Body, MaxHistory, fmt.Sprint(MaxHistory+3))
	}
}

func TestDeleteAndUndeleteNote(t *testing.T) {
	s := openTest(t, t.TempDir(), WithHistoryInterval(0))
	n := model.Note{Title: "keep me", Body: "v1", Entities: []string{"igf"}}
	s.SaveNote(&n)
	n.Body = "v2"
	s.SaveNote(&n)
	d, err := s.DeleteNote(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameNote(d.Note, n) || len(d.History) != 1 {
		t.Fatalf("DeleteNote returned %s with %d versions, want %s with 1", describe(d.Note), len(d.History), describe(n))
	}
	if _, err := s.Note(n.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Note after delete: error %v, want ErrNotFound", err)
	}
	if h, _ := s.NoteHistory(n.ID); len(h) != 0 {
		t.Fatalf("history after delete has %d versions, want 0", len(h))
	}
	if _, err := s.DeleteNote(n.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: error %v, want ErrNotFound", err)
	}
	if err := s.UndeleteNote(d); err != nil {
		t.Fatal(err)
	}
	got, err := s.Note(n.ID)
	if err != nil || !sameNote(got, n) {
		t.Fatalf("after undelete got %s (%v), want %s", describe(got), err, describe(n))
	}
	if h, _ := s.NoteHistory(n.ID); len(h) != 1 || h[0].Body != "v1" {
		t.Errorf("history after undelete = %v, want [v1]", h)
	}
}

func TestViews(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	state := json.RawMessage(`{"tab":"map","layout":"stance","axes":["sovereignty","multistakeholder"],"colour":"axis",
		"filters":{"kinds":["state","forum"]},"query":"wic","year":2022,"selection":"china","compare":["china","usa","eu"],
		"camera":{"x":1.5,"y":-2,"zoom":0.75},"pins":{"wic":[10,20]},"note":"<b>&</b> 中文"}`)
	a := model.View{Name: "China vs US", Description: "sovereignty", State: state}
	if prev, err := s.SaveView(&a); err != nil || prev != nil {
		t.Fatalf("SaveView new: prev %v, err %v", prev, err)
	}
	got, err := s.View(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, got.State, state) || got.Name != a.Name || got.Description != a.Description {
		t.Fatalf("View = %+v, want %+v", got, a)
	}
	clock.add(time.Second)
	b := model.View{Name: "  china VS us "}
	if _, err := s.SaveView(&b); !errors.Is(err, ErrNameTaken) {
		t.Errorf("saving a second view under the same name: error %v, want ErrNameTaken", err)
	}
	b.Name = "Bloc view"
	if _, err := s.SaveView(&b); err != nil {
		t.Fatal(err)
	}
	// Overwrite returns the view it replaced; UndeleteView puts it back.
	clock.add(time.Second)
	over := a
	over.State = json.RawMessage(`{"tab":"table"}`)
	prev, err := s.SaveView(&over)
	if err != nil || prev == nil || !jsonEqual(t, prev.State, state) {
		t.Fatalf("overwrite: prev %v, err %v; want the old view", prev, err)
	}
	if err := s.UndeleteView(*prev); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.View(a.ID); !jsonEqual(t, got.State, state) {
		t.Errorf("undo overwrite: state %s, want %s", got.State, state)
	}
	// Rename, with a clash.
	if _, err := s.RenameView(a.ID, "bloc VIEW"); !errors.Is(err, ErrNameTaken) {
		t.Errorf("rename to a taken name: error %v, want ErrNameTaken", err)
	}
	before, err := s.RenameView(a.ID, "Sovereignty")
	if err != nil || before.Name != "China vs US" {
		t.Fatalf("rename: before %q, err %v", before.Name, err)
	}
	views, err := s.Views()
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || views[0].Name != "Bloc view" || views[1].Name != "Sovereignty" {
		t.Errorf("Views() = %v, want [Bloc view, Sovereignty]", views)
	}
	// Delete and undo.
	del, err := s.DeleteView(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.View(b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("View after delete: error %v, want ErrNotFound", err)
	}
	if err := s.UndeleteView(del); err != nil {
		t.Fatal(err)
	}
	if got, err := s.View(b.ID); err != nil || got.Name != "Bloc view" || !got.Updated.Equal(b.Updated) {
		t.Errorf("after undelete: %+v, %v; want %+v", got, err, b)
	}
	for _, bad := range []json.RawMessage{json.RawMessage(`[1,2]`), json.RawMessage(`{"a":`), json.RawMessage(`"s"`)} {
		v := model.View{Name: "bad", State: bad}
		if _, err := s.SaveView(&v); !errors.Is(err, ErrInvalid) {
			t.Errorf("SaveView with state %s: error %v, want ErrInvalid", bad, err)
		}
	}
}

func jsonEqual(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("unmarshal %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func TestSettings(t *testing.T) {
	s := openTest(t, t.TempDir())
	type ui struct {
		Tab   string
		Width int
	}
	var got ui
	if ok, err := s.Setting("ui.window", &got); ok || err != nil {
		t.Fatalf("unset setting: ok %v err %v, want false, nil", ok, err)
	}
	want := ui{"compare", 1600}
	if err := s.PutSetting("ui.window", want); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	if ok, err := s.Setting("ui.window", &got); !ok || err != nil || got != want {
		t.Errorf("Setting = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	if err := s.PutSetting("Bad Name", 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutSetting with a bad name: error %v, want ErrInvalid", err)
	}
}

func TestClosedStoreErrors(t *testing.T) {
	s := openTest(t, t.TempDir())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	n := model.Note{Title: "late"}
	if err := s.SaveNote(&n); err == nil {
		t.Error("SaveNote on a closed store succeeded, want an error")
	}
	_ = io.EOF
}

// cutUTF8 returns the longest prefix of s of at most n bytes that ends on a
// character boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func TestConcurrentWriters(t *testing.T) {
	s := openTest(t, t.TempDir(), WithHistoryInterval(0))
	shared := model.Note{Title: "shared"}
	if err := s.SaveNote(&shared); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Notes(); err != nil { // fill the cache, which writers must keep current
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				n := model.Note{Title: fmt.Sprintf("w%d-%d", w, i)}
				if err := s.SaveNote(&n); err != nil {
					errs <- err
				}
				edit := model.Note{ID: shared.ID, Title: "shared", Body: fmt.Sprintf("w%d-%d", w, i)}
				if err := s.SaveNote(&edit); err != nil {
					errs <- err
				}
				v := model.View{Name: fmt.Sprintf("view w%d-%d", w, i)}
				if _, err := s.SaveView(&v); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ns, err := s.Notes()
	if err != nil || len(ns) != 41 {
		t.Fatalf("Notes() = %d notes, %v; want 41", len(ns), err)
	}
	cur, _ := s.Note(shared.ID)
	for _, n := range ns {
		if n.ID == shared.ID && !sameNote(n, cur) {
			t.Errorf("the cached note %s differs from the stored %s", describe(n), describe(cur))
		}
	}
	if h, _ := s.NoteHistory(shared.ID); len(h) != 40 {
		t.Errorf("shared note has %d history versions, want 40", len(h))
	}
	if vs, err := s.Views(); err != nil || len(vs) != 40 {
		t.Errorf("Views() = %d, %v; want 40", len(vs), err)
	}
}

func TestCreatedTimeOutOfRangeIsRefused(t *testing.T) {
	s := openTest(t, t.TempDir())
	n := model.Note{Title: "old", Created: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := s.SaveNote(&n); !errors.Is(err, ErrInvalid) {
		t.Fatalf("SaveNote with a created time in 1900: error %v, want ErrInvalid", err)
	}
	if ns, _ := s.Notes(); len(ns) != 0 {
		t.Errorf("a refused note was stored")
	}
}
