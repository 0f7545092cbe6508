package store

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
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
// room for " (from Govscape 2026-11-25) 12.md" within the 255 bytes most
// file systems allow.
const maxFileName = 100

// exportManifestName is the file in which an export folder records what
// Govscape last wrote there; hidden, so that vault tools do not list it.
const exportManifestName = ".govscape-export.json"

// exportManifestSchema names the manifest's format.
const exportManifestSchema = "govscape/markdown-export@1"

// maxExportManifest bounds the manifest read; a larger one is damaged.
const maxExportManifest = 64 << 20

// MarkdownReport says what an export of notes as Markdown did.
type MarkdownReport struct {
	Files   []string         // each note's file, in the order of the notes
	Written int              // files written; the others held their note as it is already
	Beside  []MarkdownBeside // notes whose file stands beside one of the person's, in the order of the notes
}

// MarkdownBeside is a note exported beside a file that Govscape may not
// replace: one that differs from what Govscape last wrote there (the
// person edited it in their vault) or that Govscape never wrote (a copy of
// theirs carrying the note's id). That file is left as it is.
type MarkdownBeside struct {
	ID   string // the note
	File string // the note's file, named "Title (from Govscape YYYY-MM-DD).md"
	Kept string // the person's file beside it
}

// ExportNotesMarkdown writes every note to its own Markdown file in dir
// (see WriteMarkdownNotes), dating any file written beside one of the
// person's by the store's clock, in local time.
func (s *Store) ExportNotesMarkdown(dir string) (MarkdownReport, error) {
	notes, err := s.Notes()
	if err != nil {
		return MarkdownReport{}, fmt.Errorf("export notes: %w", err)
	}
	rep, err := WriteMarkdownNotes(dir, notes, s.now().Local())
	if err != nil {
		return rep, fmt.Errorf("export notes: %w", err)
	}
	return rep, nil
}

// WriteMarkdownNotes writes each note to its own Markdown file in dir,
// which it creates if need be, so that a vault tool such as Obsidian opens
// the folder: YAML front matter (id, title, tags, entities, view and
// relation where set, created, updated), then the body as it is, its
// [[entity-id]] links kept.
//
// A new note's file is named after its title, made safe for every OS and
// unique ignoring case ("Title.md", "Title (2).md"). A note exported before
// keeps its file, even if its title changed, so that links to it in the
// vault hold; if the person deleted that file, it is written again.
//
// It overwrites a file only if the file holds exactly what Govscape last
// wrote there: the folder's manifest (.govscape-export.json) records the
// SHA-256 of those bytes for each file. A note whose file the person changed, or whose
// id a file of theirs carries, is written beside it as
// "Title (from Govscape YYYY-MM-DD).md", dated now, and the report says
// so, at this export and the next ones while the person's file remains.
// Without a readable manifest every file in dir counts as the person's,
// save one that already holds a note exactly as it would be written.
//
// Each file is replaced atomically, and temporary files an interrupted
// export left are removed.
func WriteMarkdownNotes(dir string, notes []model.Note, now time.Time) (MarkdownReport, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return MarkdownReport{}, exportError(dir, err)
	}
	f, err := readExportFolder(dir)
	if err != nil {
		return MarkdownReport{}, exportError(dir, err)
	}
	texts := make([][]byte, len(notes))
	for i := range notes {
		var b bytes.Buffer
		writeMarkdown(&b, &notes[i])
		texts[i] = b.Bytes()
	}
	p := f.plan(notes, texts, now.Format(time.DateOnly))

	rep := MarkdownReport{Files: make([]string, len(notes))}
	var writes []int
	for i, h := range p.homes {
		rep.Files[i] = h.name
		if h.write {
			writes = append(writes, i)
		}
		if h.beside != "" {
			rep.Beside = append(rep.Beside, MarkdownBeside{ID: notes[i].ID, File: h.name, Kept: h.beside})
		}
	}
	rep.Written = len(writes)

	// The manifest is written first with both the old and the new sums of
	// each file about to be replaced, so that an export killed half way
	// leaves every file recognised as Govscape's, old or new.
	final := p.manifest(false)
	wrote := false
	if len(writes) > 0 {
		if pending := p.manifest(true); !bytes.Equal(pending, f.raw) {
			if err := replaceFile(filepath.Join(dir, exportManifestName), writeBytes(pending)); err != nil {
				return MarkdownReport{}, exportError(dir, err)
			}
			f.raw = pending
		}
		wrote = true
	}
	if err := writeFiles(dir, p.homes, writes, texts); err != nil {
		return MarkdownReport{}, exportError(dir, err)
	}
	if !bytes.Equal(final, f.raw) {
		if err := replaceFile(filepath.Join(dir, exportManifestName), writeBytes(final)); err != nil {
			return MarkdownReport{}, exportError(dir, err)
		}
		wrote = true
	}
	if wrote {
		if err := syncDir(dir); err != nil {
			return MarkdownReport{}, exportError(dir, err)
		}
	}
	return rep, nil
}

// writeFiles writes the notes at the indices in writes to their homes.
// Each file is synced before its rename; several at a time, since the disk
// commits concurrent syncs together.
func writeFiles(dir string, homes []exportHome, writes []int, texts [][]byte) error {
	jobs := make(chan int)
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for j := range jobs {
				i := writes[j]
				errs[j] = replaceFile(filepath.Join(dir, homes[i].name), writeBytes(texts[i]))
			}
		})
	}
	for j := range writes {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	return errors.Join(errs...)
}

func writeBytes(b []byte) func(w io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

func exportError(dir string, err error) error {
	if kind := osKind(err); kind != nil {
		return &Error{Kind: kind, Path: dir, Err: err}
	}
	return fmt.Errorf("write notes to %s: %w", dir, err)
}

// exportManifest is what Govscape last wrote into an export folder, by
// file name.
type exportManifest struct {
	Schema string                  `json:"schema"`
	Files  map[string]exportedFile `json:"files"`
}

// exportedFile is one file Govscape wrote: the note in it, the SHA-256 of
// the bytes written (two while an export that replaces the file is under
// way, since the file then holds either), and, for a note written beside a
// file of the person's, that file's name.
type exportedFile struct {
	ID     string   `json:"id"`
	SHA256 []string `json:"sha256"`
	Beside string   `json:"beside,omitempty"`
}

// exportFolder is an export folder as an export found it.
type exportFolder struct {
	dir      string
	regular  map[string]bool         // the names of its regular files
	present  map[string]bool         // the lower-cased names of everything in it
	byID     map[string][]string     // note ids to the .md files whose front matter carries them, by name
	manifest map[string]exportedFile // as read; empty if missing or damaged
	raw      []byte                  // the manifest's bytes as read
	sums     map[string]string       // the SHA-256 of files read so far
}

// readExportFolder lists dir, removing the temporary files of an
// interrupted export, and reads its manifest and the ids in its Markdown
// files' front matter.
func readExportFolder(dir string) (*exportFolder, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	f := &exportFolder{dir: dir, regular: map[string]bool{}, present: map[string]bool{},
		byID: map[string][]string{}, sums: map[string]string{}}
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && isExportTemp(name) {
			if err := os.Remove(filepath.Join(dir, name)); err == nil || errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		// Names that differ only in case are one file on macOS and Windows.
		f.present[strings.ToLower(name)] = true
		if !e.Type().IsRegular() {
			continue
		}
		f.regular[name] = true
		if strings.HasSuffix(name, MarkdownExt) {
			if id := frontMatterID(filepath.Join(dir, name)); id != "" {
				f.byID[id] = append(f.byID[id], name)
			}
		}
	}
	f.manifest, f.raw = readExportManifest(filepath.Join(dir, exportManifestName))
	return f, nil
}

// isExportTemp reports whether name is a temporary file replaceFile made
// for a note's file or the manifest: ".NAME.tmp-DIGITS".
func isExportTemp(name string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	i := strings.LastIndex(rest, ".tmp-")
	if i < 0 {
		return false
	}
	base, digits := rest[:i], rest[i+len(".tmp-"):]
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return false
	}
	return base == exportManifestName || strings.HasSuffix(base, MarkdownExt) && !strings.HasPrefix(base, ".")
}

// readExportManifest reads the manifest at path and its bytes; a manifest
// missing, unreadable or damaged in any part reads as empty, which leaves
// every file in the folder to the person.
func readExportManifest(path string) (map[string]exportedFile, []byte) {
	empty := map[string]exportedFile{}
	file, err := os.Open(path)
	if err != nil {
		return empty, nil
	}
	defer file.Close()
	raw, err := io.ReadAll(io.LimitReader(file, maxExportManifest+1))
	if err != nil || len(raw) > maxExportManifest {
		return empty, nil
	}
	var m exportManifest
	if json.Unmarshal(raw, &m) != nil || m.Schema != exportManifestSchema {
		return empty, raw
	}
	for name, e := range m.Files {
		if !exportedName(name) || !model.ValidID(e.ID) || len(e.SHA256) == 0 || e.Beside != "" && !exportedName(e.Beside) {
			return empty, raw
		}
		for _, sum := range e.SHA256 {
			if b, err := hex.DecodeString(sum); err != nil || len(b) != sha256.Size {
				return empty, raw
			}
		}
	}
	if m.Files == nil {
		return empty, raw
	}
	return m.Files, raw
}

// exportedName reports whether name could be the name of a note's file in
// the export folder: a plain Markdown file name, with no path in it.
func exportedName(name string) bool {
	return strings.HasSuffix(name, MarkdownExt) && !strings.HasPrefix(name, ".") &&
		!strings.ContainsAny(name, `/\`+"\x00") && filepath.Base(name) == name && filepath.IsLocal(name)
}

// sum returns the hex SHA-256 of the file name in the folder, or "" if it
// cannot be read.
func (f *exportFolder) sum(name string) string {
	if s, ok := f.sums[name]; ok {
		return s
	}
	s := ""
	if file, err := os.Open(filepath.Join(f.dir, name)); err == nil {
		h := sha256.New()
		if _, err := io.Copy(h, file); err == nil {
			s = hex.EncodeToString(h.Sum(nil))
		}
		file.Close()
	}
	f.sums[name] = s
	return s
}

// ours reports whether the file name holds what Govscape last wrote there.
func (f *exportFolder) ours(name string) bool {
	e, ok := f.manifest[name]
	return ok && f.regular[name] && slices.Contains(e.SHA256, f.sum(name))
}

// absent reports whether nothing in the folder takes the name.
func (f *exportFolder) absent(name string) bool { return !f.present[strings.ToLower(name)] }

// exportHome is where one note goes.
type exportHome struct {
	name   string // its file
	write  bool   // whether the file must be written: it does not hold the note as it is
	sum    string // the SHA-256 of the note's text
	old    string // the SHA-256 of what the file holds now, if Govscape wrote it
	beside string // the person's file it stands beside, if any
}

// exportPlan is the home of each note and what the manifest keeps.
type exportPlan struct {
	homes []exportHome
	ids   []string
	kept  map[string]exportedFile // entries of notes not exported that still hold what Govscape wrote
}

// plan chooses each note's home. A note's file from the manifest is
// replaced in place if it still holds what Govscape wrote, and written
// again if the person deleted it. Otherwise, a file that holds the note
// exactly as it would be written — one the person changed to match, or one
// an export without a manifest left — becomes its file untouched. Then,
// older notes first so that names stay put from one export to the next, a
// note whose id a file of the person's carries goes beside that file,
// dated date, and any other note gets a name made from its title that
// nothing in the folder takes.
func (f *exportFolder) plan(notes []model.Note, texts [][]byte, date string) *exportPlan {
	p := &exportPlan{homes: make([]exportHome, len(notes)), ids: make([]string, len(notes)), kept: map[string]exportedFile{}}
	byID := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(f.manifest)) {
		id := f.manifest[name].ID
		byID[id] = append(byID[id], name)
	}
	used := map[string]bool{}
	claim := func(i int, name string, write bool, beside string) {
		h := &p.homes[i]
		h.name, h.write = name, write
		if f.ours(name) {
			h.old = f.sum(name)
		}
		if beside != "" && !f.absent(beside) && !f.ours(beside) {
			h.beside = beside
		}
		used[strings.ToLower(name)] = true
	}
	free := func(name string) bool { return !used[strings.ToLower(name)] }
	// theirs lists the files carrying a note's id that Govscape may not
	// replace: its files in the manifest the person changed, then the
	// files whose front matter carries the id, the one named after the
	// title first.
	theirs := func(i int) []string {
		var names []string
		for _, name := range byID[notes[i].ID] {
			if !f.absent(name) && !f.ours(name) {
				names = append(names, name)
			}
		}
		byTitle := SafeFileName(notes[i].Title) + MarkdownExt
		rest := slices.Clone(f.byID[notes[i].ID])
		slices.SortStableFunc(rest, func(a, b string) int {
			if (a == byTitle) != (b == byTitle) {
				if a == byTitle {
					return -1
				}
				return 1
			}
			return cmp.Compare(a, b)
		})
		for _, name := range rest {
			if !slices.Contains(names, name) && !f.ours(name) {
				names = append(names, name)
			}
		}
		return names
	}

	exported := map[string]bool{}
	for i, n := range notes {
		exported[n.ID] = true
		p.ids[i] = n.ID
		sum := sha256.Sum256(texts[i])
		p.homes[i].sum = hex.EncodeToString(sum[:])
	}
	for i, n := range notes {
		names := byID[n.ID]
		// The file without Beside is the one the note first went to.
		slices.SortStableFunc(names, func(a, b string) int {
			return cmp.Compare(len(f.manifest[a].Beside), len(f.manifest[b].Beside))
		})
		if j := slices.IndexFunc(names, func(name string) bool { return free(name) && f.ours(name) }); j >= 0 {
			claim(i, names[j], f.sum(names[j]) != p.homes[i].sum, f.manifest[names[j]].Beside)
			continue
		}
		if j := slices.IndexFunc(names, func(name string) bool { return free(name) && f.absent(name) }); j >= 0 {
			claim(i, names[j], true, f.manifest[names[j]].Beside)
			continue
		}
		t := theirs(i)
		if j := slices.IndexFunc(t, func(name string) bool {
			return free(name) && f.regular[name] && f.sum(name) == p.homes[i].sum
		}); j >= 0 {
			claim(i, t[j], false, "")
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
		if p.homes[i].name != "" {
			continue
		}
		base := SafeFileName(notes[i].Title)
		name, beside := base+MarkdownExt, ""
		if t := theirs(i); len(t) > 0 {
			beside = t[0]
			base += " (from Govscape " + date + ")"
			name = base + MarkdownExt
			for k := 2; !free(name) || !f.absent(name); k++ {
				name = fmt.Sprintf("%s %d%s", base, k, MarkdownExt)
			}
		} else {
			for k := 2; !free(name) || !f.absent(name); k++ {
				name = fmt.Sprintf("%s (%d)%s", base, k, MarkdownExt)
			}
		}
		claim(i, name, true, beside)
	}

	// The manifest keeps the files of notes not exported this time that
	// still hold what Govscape wrote, so that a note restored later finds
	// its file; it forgets files the person changed, which are theirs now.
	for name, e := range f.manifest {
		if !exported[e.ID] && !used[strings.ToLower(name)] && f.ours(name) {
			p.kept[name] = exportedFile{ID: e.ID, SHA256: []string{f.sum(name)}, Beside: e.Beside}
		}
	}
	return p
}

// manifest returns the manifest recording the plan done, or, if pending,
// under way: each file to be replaced then holds its old or its new text.
func (p *exportPlan) manifest(pending bool) []byte {
	m := exportManifest{Schema: exportManifestSchema, Files: maps.Clone(p.kept)}
	for i, h := range p.homes {
		sums := []string{h.sum}
		if pending && h.write && h.old != "" && h.old != h.sum {
			sums = append(sums, h.old)
		}
		m.Files[h.name] = exportedFile{ID: p.ids[i], SHA256: sums, Beside: h.beside}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // strings and string slices always marshal
	}
	return append(b, '\n')
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
