package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

func TestMarkdownExport(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	for _, n := range []model.Note{
		{Title: `WIC: "Wuzhen" / 2014?`, Body: "See [[china]] and [[wic]].\n\n---\nnot front matter", Tags: []string{"wsis+20", "主权"},
			Entities: []string{"china", "wic"}},
		{Title: "Same title", Body: "first"},
		{Title: "same TITLE", Body: "second", Relation: &model.RelationRef{From: "china", To: "wic", Role: "host"}, View: "v1"},
		{Title: "", Body: "untitled"},
		{Title: "con", Body: "a device name on Windows"},
	} {
		clock.add(time.Second)
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "vault")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// A person's own file where an export would put one stays untouched.
	mine := filepath.Join(dir, "Same title.md")
	os.WriteFile(mine, []byte("my own"), 0o600)

	rep, err := s.ExportNotesMarkdown(dir)
	if err != nil || len(rep.Files) != 5 || rep.Written != 5 || rep.Beside != nil {
		t.Fatalf("ExportNotesMarkdown = %+v, %v; want 5 files, all written, none beside another", rep, err)
	}
	want := []string{exportManifestName, "Same title (2).md", "Same title.md", "Untitled.md", "WIC Wuzhen 2014.md", "con (note).md", "same TITLE (3).md"}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	if data, _ := os.ReadFile(mine); string(data) != "my own" {
		t.Errorf("the export overwrote a file it did not write")
	}
	data, _ := os.ReadFile(filepath.Join(dir, "WIC Wuzhen 2014.md"))
	note, _ := s.NoteSummaries()
	first := note[len(note)-1]
	wantText := "---\nid: \"" + first.ID + "\"\ntitle: \"WIC: \\\"Wuzhen\\\" / 2014?\"\ntags:\n  - \"wsis+20\"\n  - \"主权\"\n" +
		"entities:\n  - \"china\"\n  - \"wic\"\ncreated: 2026-11-25T18:01:03Z\nupdated: 2026-11-25T18:01:03Z\n---\n\n" +
		"See [[china]] and [[wic]].\n\n---\nnot front matter\n"
	if string(data) != wantText {
		t.Errorf("file:\n%s\nwant:\n%s", data, wantText)
	}

	// Again, after a title changed: every note keeps its file, none is
	// added, and only the changed note's file is written.
	clock.add(time.Second)
	n, _ := s.Note(first.ID)
	n.Title = "Renamed"
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.ExportNotesMarkdown(dir); err != nil || rep.Written != 1 {
		t.Fatalf("second ExportNotesMarkdown = %+v, %v; want 1 file written", rep, err)
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("files after a second export %q, want %q", got, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "WIC Wuzhen 2014.md")); !strings.Contains(string(data), `title: "Renamed"`) {
		t.Errorf("the second export did not update the note's file:\n%s", data)
	}

	// The person edits the note's file in their vault; the note changes
	// again. Their file stays as they left it; the note goes beside it,
	// dated by the store's clock in local time.
	edited := append(data, "my thoughts\n"...)
	os.WriteFile(filepath.Join(dir, "WIC Wuzhen 2014.md"), edited, 0o600)
	clock.add(time.Second)
	n.Body = "changed again"
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
	rep, err = s.ExportNotesMarkdown(dir)
	beside := "Renamed (from Govscape " + clock.now().Local().Format("2006-01-02") + ").md"
	wantBeside := []MarkdownBeside{{ID: first.ID, File: beside, Kept: "WIC Wuzhen 2014.md"}}
	if err != nil || !reflect.DeepEqual(rep.Beside, wantBeside) {
		t.Fatalf("third ExportNotesMarkdown = %+v, %v; want beside %+v", rep, err, wantBeside)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "WIC Wuzhen 2014.md")); !bytes.Equal(data, edited) {
		t.Errorf("the person's file:\n%s\nwant it as they left it:\n%s", data, edited)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, beside)); !strings.HasSuffix(string(data), "\n---\n\nchanged again\n") {
		t.Errorf("%s:\n%s\nwant the note as it is now", beside, data)
	}
}

// exportEnv is an export folder and the notes exported to it, step by step.
type exportEnv struct {
	dir     string
	now     time.Time
	notes   []model.Note
	history [][]model.Note // the notes as each export wrote them
	rep     MarkdownReport // the last export's
}

// exportStep is one thing done to an export folder or its notes.
type exportStep func(t *testing.T, e *exportEnv)

// mdExport exports the notes as they are.
func mdExport(t *testing.T, e *exportEnv) {
	t.Helper()
	rep, err := WriteMarkdownNotes(e.dir, e.notes, e.now)
	if err != nil {
		t.Fatalf("export %d: %v", len(e.history)+1, err)
	}
	e.rep = rep
	e.history = append(e.history, slices.Clone(e.notes))
}

// text is note i as export k (from 1) wrote it.
func (e *exportEnv) text(t *testing.T, i, k int) string {
	t.Helper()
	var b bytes.Buffer
	if err := writeMarkdown(&b, &e.history[k-1][i]); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func (e *exportEnv) read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(e.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func mdWrite(name, text string) exportStep {
	return func(t *testing.T, e *exportEnv) {
		if err := os.WriteFile(filepath.Join(e.dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func mdAppend(name, text string) exportStep {
	return func(t *testing.T, e *exportEnv) { mdWrite(name, e.read(t, name)+text)(t, e) }
}

func mdCopy(from, to string) exportStep {
	return func(t *testing.T, e *exportEnv) { mdWrite(to, e.read(t, from))(t, e) }
}

func mdRemove(name string) exportStep {
	return func(t *testing.T, e *exportEnv) {
		if err := os.Remove(filepath.Join(e.dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

func mdSetBody(i int, body string) exportStep {
	return func(t *testing.T, e *exportEnv) { e.notes[i].Body = body }
}

func mdSetTitle(i int, title string) exportStep {
	return func(t *testing.T, e *exportEnv) { e.notes[i].Title = title }
}

func mdLater(days int) exportStep {
	return func(t *testing.T, e *exportEnv) { e.now = e.now.AddDate(0, 0, days) }
}

// crashMidExport replays an export of the notes as they are that stops
// after its pending manifest and the file of note i are written.
func mdCrash(i int) exportStep {
	return func(t *testing.T, e *exportEnv) {
		f, err := readExportFolder(e.dir)
		if err != nil {
			t.Fatal(err)
		}
		texts := make([][]byte, len(e.notes))
		for j := range e.notes {
			var b bytes.Buffer
			writeMarkdown(&b, &e.notes[j])
			texts[j] = b.Bytes()
		}
		p := f.plan(e.notes, texts, e.now.Format(time.DateOnly))
		if err := replaceFile(filepath.Join(e.dir, exportManifestName), writeBytes(p.manifest(true))); err != nil {
			t.Fatal(err)
		}
		if err := replaceFile(filepath.Join(e.dir, p.homes[i].name), writeBytes(texts[i])); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMarkdownExportKeepsPeoplesFiles(t *testing.T) {
	const (
		alpha = "alpha-note-id"
		beta  = "beta-note-id"
	)
	created := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	today := "2026-11-25"
	userFile := "---\nid: \"" + alpha + "\"\ntitle: \"Mine\"\n---\n\nwritten elsewhere\n"

	tests := []struct {
		name        string
		steps       []exportStep
		want        func(t *testing.T, e *exportEnv) map[string]string // every file but the manifest, byte for byte
		wantWritten int
		wantBeside  []MarkdownBeside
	}{
		{
			name:  "first export into an empty folder",
			steps: []exportStep{mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 2,
		},
		{
			name:  "first export into a folder of the person's files",
			steps: []exportStep{mdWrite("Alpha.md", "my own alpha"), mdWrite("todo.txt", "x"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": "my own alpha", "todo.txt": "x", "Alpha (2).md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 2,
		},
		{
			name:  "export again with nothing changed",
			steps: []exportStep{mdExport, mdLater(1), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1)}
			},
		},
		{
			name:  "a note changed, its file untouched",
			steps: []exportStep{mdExport, mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
		},
		{
			name:  "the person edited a note's file, the note changed",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n",
					"Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			name:  "the person edited a note's file, the note did not change",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n",
					"Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			// The note's file is now the one beside: a later mdExport, even on
			// another day, updates it and says so again, and adds no copy.
			name: "export again after a note went beside the person's file",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdSetBody(0, "alpha v2"), mdExport,
				mdLater(2), mdSetBody(0, "alpha v3"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n",
					"Alpha (from Govscape " + today + ").md": e.text(t, 0, 3), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			name: "the person deleted their file the note went beside",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdSetBody(0, "alpha v2"), mdExport,
				mdRemove("Alpha.md"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha (from Govscape " + today + ").md": e.text(t, 0, 3), "Beta.md": e.text(t, 1, 1)}
			},
		},
		{
			name:  "the person edited the file Govscape wrote beside theirs",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdSetBody(0, "alpha v2"), mdExport, mdAppend("Alpha (from Govscape "+today+").md", "edit 2\n"), mdLater(1), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n",
					"Alpha (from Govscape " + today + ").md": e.text(t, 0, 2) + "edit 2\n",
					"Alpha (from Govscape 2026-11-26).md":    e.text(t, 0, 3), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape 2026-11-26).md", Kept: "Alpha (from Govscape " + today + ").md"}},
		},
		{
			name:  "the person copied a note's file, the note changed",
			steps: []exportStep{mdExport, mdCopy("Alpha.md", "Alpha copy.md"), mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 2), "Alpha copy.md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
		},
		{
			name: "the person copied a note's file and changed both",
			steps: []exportStep{mdExport, mdCopy("Alpha.md", "Alpha copy.md"), mdAppend("Alpha copy.md", "copy edit\n"),
				mdAppend("Alpha.md", "my edit\n"), mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n", "Alpha copy.md": e.text(t, 0, 1) + "copy edit\n",
					"Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			name:  "a file of the person's carries a note's id",
			steps: []exportStep{mdWrite("Mine.md", userFile), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Mine.md": userFile, "Alpha (from Govscape " + today + ").md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 2,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Mine.md"}},
		},
		{
			name: "the dated name is taken by a file of the person's",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdWrite("Alpha (from Govscape "+today+").md", "mine"),
				mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n", "Alpha (from Govscape " + today + ").md": "mine",
					"Alpha (from Govscape " + today + ") 2.md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ") 2.md", Kept: "Alpha.md"}},
		},
		{
			name:  "the person deleted a note's file",
			steps: []exportStep{mdExport, mdRemove("Alpha.md"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
		},
		{
			// Every file counts as the person's: a changed note goes beside
			// its old file; an unchanged one, whose file holds it exactly,
			// keeps that file.
			name:  "the manifest is missing",
			steps: []exportStep{mdExport, mdRemove(exportManifestName), mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			name:  "the manifest is damaged",
			steps: []exportStep{mdExport, mdWrite(exportManifestName, `{"schema":"govscape/markdown-export@1","files":{"Alpha.md":`), mdSetBody(0, "alpha v2"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			// A manifest must not lead an export out of its folder.
			name: "the manifest names a file outside the folder",
			steps: []exportStep{mdExport, func(t *testing.T, e *exportEnv) {
				outside := filepath.Join(filepath.Dir(e.dir), "outside.md")
				os.WriteFile(outside, []byte("outside"), 0o600)
				mdWrite(exportManifestName, `{"schema":"govscape/markdown-export@1","files":{"../outside.md":{"id":"`+alpha+
					`","sha256":["`+fmt.Sprintf("%x", sha256.Sum256([]byte("outside")))+`"]}}}`)(t, e)
			}, mdSetBody(0, "alpha v2"), mdExport, func(t *testing.T, e *exportEnv) {
				if data, _ := os.ReadFile(filepath.Join(filepath.Dir(e.dir), "outside.md")); string(data) != "outside" {
					t.Errorf("file outside the folder holds %q, want %q", data, "outside")
				}
			}},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Alpha (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Alpha (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			// The note keeps its file, so that links to it in the vault hold.
			name:  "a note renamed",
			steps: []exportStep{mdExport, mdSetTitle(0, "Renamed"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
		},
		{
			name:  "a note renamed after the person edited its file",
			steps: []exportStep{mdExport, mdAppend("Alpha.md", "my edit\n"), mdSetTitle(0, "Renamed"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1) + "my edit\n", "Renamed (from Govscape " + today + ").md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 1)}
			},
			wantWritten: 1,
			wantBeside:  []MarkdownBeside{{ID: alpha, File: "Renamed (from Govscape " + today + ").md", Kept: "Alpha.md"}},
		},
		{
			name: "temporary files of a killed export",
			steps: []exportStep{mdExport, mdWrite(".Alpha.md.tmp-123456", "half"), mdWrite("."+exportManifestName+".tmp-42", "{"),
				mdWrite(".notes.tmp-7", "the person's"), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 1), "Beta.md": e.text(t, 1, 1), ".notes.tmp-7": "the person's"}
			},
		},
		{
			// Killed after the manifest and Beta's file were written: Beta's
			// new text is still Govscape's, and Alpha's old text too.
			name:  "an export killed half way",
			steps: []exportStep{mdExport, mdSetBody(0, "alpha v2"), mdSetBody(1, "beta v2"), mdCrash(1), mdExport},
			want: func(t *testing.T, e *exportEnv) map[string]string {
				return map[string]string{"Alpha.md": e.text(t, 0, 2), "Beta.md": e.text(t, 1, 2)}
			},
			wantWritten: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &exportEnv{
				dir: filepath.Join(t.TempDir(), "vault"),
				now: time.Date(2026, 11, 25, 9, 30, 0, 0, time.Local),
				notes: []model.Note{
					{ID: alpha, Title: "Alpha", Body: "alpha v1", Created: created, Updated: created},
					{ID: beta, Title: "Beta", Body: "beta v1", Created: created.Add(time.Hour), Updated: created.Add(time.Hour)},
				},
			}
			if err := os.MkdirAll(e.dir, 0o700); err != nil {
				t.Fatal(err)
			}
			for _, step := range tt.steps {
				step(t, e)
			}
			got := map[string]string{}
			for _, name := range dirNames(t, e.dir) {
				if name != exportManifestName {
					got[name] = e.read(t, name)
				}
			}
			want := tt.want(t, e)
			for name := range want {
				if got[name] != want[name] {
					t.Errorf("%s holds:\n%s\nwant:\n%s", name, got[name], want[name])
				}
			}
			if names, wantNames := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)); !slices.Equal(names, wantNames) {
				t.Errorf("got files %q, want %q", names, wantNames)
			}
			if e.rep.Written != tt.wantWritten {
				t.Errorf("got %d files written, want %d", e.rep.Written, tt.wantWritten)
			}
			if !reflect.DeepEqual(e.rep.Beside, tt.wantBeside) {
				t.Errorf("got beside %+v, want %+v", e.rep.Beside, tt.wantBeside)
			}
			// Each note's file, as reported, holds the note as it is.
			for i, name := range e.rep.Files {
				if got[name] != e.text(t, i, len(e.history)) {
					t.Errorf("reported file of note %s, %s, holds:\n%s\nwant the note as exported", e.notes[i].ID, name, got[name])
				}
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func TestSafeFileName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Plain", "Plain"},
		{"a/b\\c:d*e?f\"g<h>i|j#k^l[m]n", "a b c d e f g h i j k l m n"},
		{"  ..hidden.  ", "hidden"},
		{"tab\there\nnewline", "tab here newline"},
		{"", "Untitled"},
		{"///", "Untitled"},
		{"NUL", "NUL (note)"},
		{"com1.txt", "com1.txt (note)"},
		{"Comet", "Comet"},
		{"الحوكمة الرقمية", "الحوكمة الرقمية"},
		{strings.Repeat("主", 50), strings.Repeat("主", 33)},
	}
	for _, tt := range tests {
		if got := SafeFileName(tt.title); got != tt.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
