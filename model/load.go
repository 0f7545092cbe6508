package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxDocumentSize is the largest landscape document Load accepts.
const MaxDocumentSize = 64 << 20

// Problem is one thing wrong with a document, at a JSON path such as
// `relations[12].to`, or at a line:column for a document that does not parse.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidationError lists the problems found in a document; such a document is
// refused whole. Every problem is counted, but only the first MaxProblems are
// listed.
type ValidationError struct {
	Name     string    // file name or other label of the document
	Problems []Problem // the first MaxProblems problems, in the order found
	More     int       // how many problems were found beyond those listed
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s", e.Name, len(e.Problems)+e.More, problemNoun(len(e.Problems)+e.More))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more %s, not listed: fix the ones above and validate again to see them",
			e.More, problemNoun(e.More))
	}
	return b.String()
}

func problemNoun(n int) string {
	if n == 1 {
		return "problem"
	}
	return "problems"
}

// Load reads a landscape document from r, validates it and builds its indexes.
// A document with any problem is refused whole with a *ValidationError that
// lists its problems; name labels the document in messages.
func Load(r io.Reader, name string) (*Landscape, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return Parse(data, name)
}

// readAll reads r up to one byte more than MaxDocumentSize. From a file it
// reads into a buffer of the file's size, so that a large document is not
// held twice while a growing buffer is copied.
func readAll(r io.Reader) ([]byte, error) {
	limited := io.LimitReader(r, MaxDocumentSize+1)
	f, ok := r.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return io.ReadAll(limited)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return io.ReadAll(limited)
	}
	// One byte more than the file holds, to see its end without growing.
	data := make([]byte, 0, min(fi.Size(), MaxDocumentSize)+1)
	for len(data) <= MaxDocumentSize {
		if len(data) == cap(data) { // the file grew since Stat
			data = append(data, 0)[:len(data)]
		}
		n, err := limited.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

// utf8BOM is the byte-order mark some editors put at the start of UTF-8 text.
var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// Parse is Load for a document already in memory. Whatever the document, the
// memory it takes stays a small multiple of the document's size until the
// document is found valid: it checks one record at a time, remembering ids
// rather than records, and describes no more than MaxProblems problems.
func Parse(data []byte, name string) (*Landscape, error) {
	fail := func(p Problem) (*Landscape, error) {
		return nil, &ValidationError{Name: name, Problems: []Problem{p}}
	}
	if len(data) > MaxDocumentSize {
		return fail(Problem{Message: fmt.Sprintf("document is larger than %d MiB; split it or trim it", MaxDocumentSize>>20)})
	}
	if bytes.HasPrefix(data, utf8BOM) {
		return fail(Problem{Path: "line 1:1", Message: "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM"})
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		return fail(Problem{Path: lineCol(data, off), Message: "invalid UTF-8; save the file as UTF-8"})
	}
	if !json.Valid(data) {
		return fail(syntaxProblem(data))
	}
	// First the shape of the whole document: a value of the wrong type, or a
	// field the schema lacks, leaves nothing sound to check records against.
	var c checker
	doc := checkStructure(data, &c)
	if c.total() > 0 {
		return nil, c.err(name)
	}

	// Then each record, remembering ids and not records, so that a flood of
	// bad records costs the memory of one.
	v := newValidator()
	var l Landscape
	l.Schema, l.Title, l.AsOf = doc.text("schema"), doc.text("title"), doc.text("as_of")
	v.head(&l)
	check(doc, "sources", v.source)
	check(doc, "axes", v.axis)
	check(doc, "entities", v.entity)
	check(doc, "relations", v.relation)
	check(doc, "positions", v.position)
	check(doc, "events", v.event)
	if v.total() > 0 {
		return nil, v.err(name)
	}

	// Only a valid document is decoded whole.
	l.Sources = decodeRecords[Source](doc.top["sources"], doc.count["sources"])
	l.Axes = decodeRecords[Axis](doc.top["axes"], doc.count["axes"])
	l.Entities = decodeRecords[Entity](doc.top["entities"], doc.count["entities"])
	l.Relations = decodeRecords[Relation](doc.top["relations"], doc.count["relations"])
	l.Positions = decodeRecords[Position](doc.top["positions"], doc.count["positions"])
	l.Events = decodeRecords[Event](doc.top["events"], doc.count["events"])
	l.index()
	return &l, nil
}

// collectEvery is how many records check reads between garbage collections.
const collectEvery = 1 << 15

// check checks the records of one section one at a time.
//
// It collects garbage every collectEvery records: the runtime lets garbage
// grow as large as the heap in use before collecting it, and here that heap
// holds the whole document, so checking a flood of small records, each of
// whose strings and problems are garbage once checked, would take twice the
// memory it needs.
func check[T any](doc document, sect string, fn func(int, *T)) {
	eachRecord(doc.top[sect], func(i int, r *T) {
		if i%collectEvery == collectEvery-1 {
			runtime.GC()
		}
		fn(i, r)
	})
}

// syntaxProblem describes a document that json.Valid refuses.
func syntaxProblem(data []byte) Problem {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return Problem{Message: "empty document: want a JSON object with schema " + Schema}
	}
	var syn *json.SyntaxError
	if err := json.Unmarshal(data, new(struct{})); !errors.As(err, &syn) {
		return Problem{Message: fmt.Sprintf("malformed JSON: %v", err)}
	}
	// The offset counts the byte the scanner stopped at.
	switch {
	case strings.HasSuffix(syn.Error(), "after top-level value"):
		return Problem{Path: lineCol(data, int(syn.Offset)-1), Message: "unexpected data after the document"}
	case syn.Offset >= int64(len(data)):
		return Problem{Path: lineCol(data, len(data)), Message: "malformed JSON: the document ends too early"}
	}
	return Problem{Path: lineCol(data, int(syn.Offset)), Message: "malformed JSON: " + syn.Error()}
}

// lineCol renders a byte offset as "line L:C" (1-based, columns in runes).
func lineCol(data []byte, off int) string {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col := 1 + utf8.RuneCount(data[start:off])
	return fmt.Sprintf("line %d:%d", line, col)
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func (l *Landscape) index() {
	l.entityIndex = make(map[string]int, len(l.Entities))
	for i, e := range l.Entities {
		l.entityIndex[e.ID] = i
		l.Entities[i].founded = yearSpan{from: MustDate(e.Founded).Year, ok: true}
	}
	for i := range l.Relations {
		r := &l.Relations[i]
		r.span = yearSpan{from: MustDate(r.Start).Year, to: MustDate(r.End).Year, ok: true}
	}
	l.axisIndex = make(map[string]int, len(l.Axes))
	for i, a := range l.Axes {
		l.axisIndex[a.ID] = i
	}
	l.sourceIndex = make(map[string]int, len(l.Sources))
	for i, s := range l.Sources {
		l.sourceIndex[s.ID] = i
	}
	l.relsOf = map[string][]int{}
	for i, r := range l.Relations {
		l.relsOf[r.From] = append(l.relsOf[r.From], i)
		l.relsOf[r.To] = append(l.relsOf[r.To], i)
	}
	l.posOf = map[string][]int{}
	for i, p := range l.Positions {
		l.posOf[p.Entity] = append(l.posOf[p.Entity], i)
	}
	for _, idx := range l.posOf {
		sort.SliceStable(idx, func(a, b int) bool {
			return MustDate(l.Positions[idx[a]].Date).Before(MustDate(l.Positions[idx[b]].Date))
		})
	}
	l.eventsOf = map[string][]int{}
	for i, ev := range l.Events {
		for _, id := range ev.Entities {
			if n := len(l.eventsOf[id]); n == 0 || l.eventsOf[id][n-1] != i {
				l.eventsOf[id] = append(l.eventsOf[id], i)
			}
		}
	}
	for _, idx := range l.eventsOf {
		sort.SliceStable(idx, func(a, b int) bool {
			return MustDate(l.Events[idx[a]].Date).Before(MustDate(l.Events[idx[b]].Date))
		})
	}
	l.search = make([]searchKey, len(l.Entities))
	for i := range l.Entities {
		l.search[i] = newSearchKey(&l.Entities[i])
	}
	l.nameOrder = nameOrders(l.search)
}
