package store

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"govscape/model"
)

// MarkdownExt is the extension of the Markdown files notes are exported to.
const MarkdownExt = ".md"

// maxFileName bounds the bytes of a file name made from a title, leaving
// room for " (12).md" within the 255 bytes most file systems allow.
const maxFileName = 100

// ExportNotesMarkdown writes every note to its own Markdown file in dir
// (see WriteMarkdownNotes) and returns how many it wrote.
func (s *Store) ExportNotesMarkdown(dir string) (int, error) {
	notes, err := s.Notes()
	if err != nil {
		return 0, fmt.Errorf("export notes: %w", err)
	}
	if _, err := WriteMarkdownNotes(dir, notes); err != nil {
		return 0, fmt.Errorf("export notes: %w", err)
	}
	return len(notes), nil
}

// WriteMarkdownNotes writes each note to its own Markdown file in dir,
// which it creates if need be, so that a vault tool such as Obsidian opens
// the folder: YAML front matter (id, title, tags, entities, view and
// relation where set, created, updated), then the body as it is, its
// [[entity-id]] links kept. Each file is named after its note's title, made
// safe for every OS and unique ignoring case ("Title.md", "Title (2).md").
// A note exported before keeps its file, found by the id in its front
// matter, so that links to it in the vault hold; any other file already
// in dir is left alone. Each file is replaced atomically. It returns the
// files' names, in the order of notes.
func WriteMarkdownNotes(dir string, notes []model.Note) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, exportError(dir, err)
	}
	earlier, present, err := exportedFiles(dir)
	if err != nil {
		return nil, exportError(dir, err)
	}
	names := markdownNames(notes, earlier, func(name string) bool { return present[strings.ToLower(name)] })

	// Each file is synced before its rename; several at a time, since the
	// disk commits concurrent syncs together.
	jobs := make(chan int)
	errs := make([]error, len(notes))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = replaceFile(filepath.Join(dir, names[i]), func(w io.Writer) error {
					return writeMarkdown(w, &notes[i])
				})
			}
		}()
	}
	for i := range notes {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, exportError(dir, err)
	}
	if err := syncDir(dir); err != nil {
		return nil, exportError(dir, err)
	}
	return names, nil
}

func exportError(dir string, err error) error {
	if kind := osKind(err); kind != nil {
		return &Error{Kind: kind, Path: dir, Err: err}
	}
	return fmt.Errorf("write notes to %s: %w", dir, err)
}

// markdownNames chooses a file name for each note: the name it had in an
// earlier export (earlier maps note ids to file names), or else one made
// from its title that no other note takes and that taken (a file already
// in the folder) does not hold. Older notes choose first, so that names
// stay put from one export to the next.
func markdownNames(notes []model.Note, earlier map[string]string, taken func(name string) bool) []string {
	names := make([]string, len(notes))
	used := map[string]bool{}
	for i, n := range notes {
		if name, ok := earlier[n.ID]; ok && !used[strings.ToLower(name)] {
			names[i] = name
			used[strings.ToLower(name)] = true
		}
	}
	order := make([]int, len(notes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := notes[a].Created.Compare(notes[b].Created); c != 0 {
			return c
		}
		return cmp.Compare(notes[a].ID, notes[b].ID)
	})
	for _, i := range order {
		if names[i] != "" {
			continue
		}
		base := SafeFileName(notes[i].Title)
		name := base + MarkdownExt
		for k := 2; used[strings.ToLower(name)] || taken(name); k++ {
			name = fmt.Sprintf("%s (%d)%s", base, k, MarkdownExt)
		}
		names[i] = name
		used[strings.ToLower(name)] = true
	}
	return names
}

// SafeFileName makes a title into a file name (without extension) that
// every common OS and Obsidian accept: no path separators, no characters
// Windows or wiki links forbid, no control characters, no leading or
// trailing dots or spaces, no device names such as CON, at most 100 bytes,
// and "Untitled" for nothing left.
func SafeFileName(title string) string {
	var b strings.Builder
	for _, r := range title {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|#^[]`, r) {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	name := strings.Join(strings.Fields(b.String()), " ")
	name = strings.Trim(name, ". ")
	if len(name) > maxFileName {
		name = name[:maxFileName]
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
		name = strings.TrimRight(name, ". ")
	}
	if name == "" {
		return "Untitled"
	}
	stem, _, _ := strings.Cut(name, ".")
	switch up := strings.ToUpper(strings.TrimSpace(stem)); {
	case up == "CON", up == "PRN", up == "AUX", up == "NUL",
		len(up) == 4 && (strings.HasPrefix(up, "COM") || strings.HasPrefix(up, "LPT")) && up[3] >= '0' && up[3] <= '9':
		name += " (note)"
	}
	return name
}

// writeMarkdown writes one note as Markdown with YAML front matter. Strings
// are written as YAML double-quoted scalars, in JSON's syntax, which YAML
// reads the same, so no title or tag can break the front matter.
func writeMarkdown(w io.Writer, n *model.Note) error {
	bw := bufio.NewWriter(w)
	q := func(s string) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	}
	list := func(key string, vals []string) {
		if len(vals) == 0 {
			fmt.Fprintf(bw, "%s: []\n", key)
			return
		}
		fmt.Fprintf(bw, "%s:\n", key)
		for _, v := range vals {
			fmt.Fprintf(bw, "  - %s\n", q(v))
		}
	}
	fmt.Fprintf(bw, "---\nid: %s\ntitle: %s\n", q(n.ID), q(n.Title))
	list("tags", n.Tags)
	list("entities", n.Entities)
	if n.View != "" {
		fmt.Fprintf(bw, "view: %s\n", q(n.View))
	}
	if r := n.Relation; r != nil {
		fmt.Fprintf(bw, "relation:\n  from: %s\n  to: %s\n  role: %s\n", q(r.From), q(r.To), q(r.Role))
	}
	fmt.Fprintf(bw, "created: %s\nupdated: %s\n---\n\n", n.Created.UTC().Format(time.RFC3339Nano), n.Updated.UTC().Format(time.RFC3339Nano))
	bw.WriteString(n.Body)
	if n.Body != "" && !strings.HasSuffix(n.Body, "\n") {
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// exportedFiles maps the ids of notes exported to dir before to their
// files' names, reading the id from each Markdown file's front matter, and
// returns the lower-cased names of everything in dir, since names that
// differ only in case are one file on macOS and Windows.
func exportedFiles(dir string) (earlier map[string]string, present map[string]bool, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	earlier, present = map[string]string{}, map[string]bool{}
	for _, e := range entries {
		present[strings.ToLower(e.Name())] = true
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), MarkdownExt) {
			continue
		}
		if id := frontMatterID(filepath.Join(dir, e.Name())); id != "" {
			earlier[id] = e.Name()
		}
	}
	return earlier, present, nil
}

// frontMatterID returns the note id in the front matter of the Markdown
// file at path, or "" if it has none.
func frontMatterID(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
	if !sc.Scan() || sc.Text() != "---" {
		return ""
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "---" {
			return ""
		}
		if v, ok := strings.CutPrefix(line, "id: "); ok {
			var id string
			if json.Unmarshal([]byte(v), &id) != nil || !model.ValidID(id) {
				return ""
			}
			return id
		}
	}
	return ""
}
