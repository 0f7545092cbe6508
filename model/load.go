package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
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

// ValidationError lists every problem found in a document; such a document is
// refused whole.
type ValidationError struct {
	Name     string // file name or other label of the document
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "%s: %d problem%s", e.Name, n, plural)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Load reads a landscape document from r, validates it and builds its indexes.
// A document with any problem is refused whole with a *ValidationError that
// lists every problem; name labels the document in messages.
func Load(r io.Reader, name string) (*Landscape, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return Parse(data, name)
}

// Parse is Load for a document already in memory.
func Parse(data []byte, name string) (*Landscape, error) {
	fail := func(p Problem) (*Landscape, error) {
		return nil, &ValidationError{Name: name, Problems: []Problem{p}}
	}
	if len(data) > MaxDocumentSize {
		return fail(Problem{Message: fmt.Sprintf("document is larger than %d MiB; split it or trim it", MaxDocumentSize>>20)})
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		return fail(Problem{Path: lineCol(data, off), Message: "invalid UTF-8; save the file as UTF-8"})
	}
	var l Landscape
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return fail(decodeProblem(data, dec, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(Problem{Path: lineCol(data, int(dec.InputOffset())), Message: "unexpected data after the document"})
	}
	if probs := l.validate(); len(probs) > 0 {
		return nil, &ValidationError{Name: name, Problems: probs}
	}
	l.index()
	return &l, nil
}

func decodeProblem(data []byte, dec *json.Decoder, err error) Problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return Problem{Path: lineCol(data, int(syn.Offset)), Message: "malformed JSON: " + syn.Error()}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return Problem{Path: lineCol(data, int(typ.Offset)),
			Message: fmt.Sprintf("%s: got a JSON %s, want %s", field, typ.Value, typ.Type)}
	case errors.Is(err, io.EOF):
		return Problem{Message: "empty document: want a JSON object with schema " + Schema}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Problem{Path: lineCol(data, len(data)), Message: "malformed JSON: the document ends too early"}
	}
	// encoding/json reports an unknown field only after reading the whole
	// document, so its offset points at the end; find the field's path instead.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if field, uerr := strconv.Unquote(name); uerr == nil {
			if path, found := unknownFieldPath(data, field); found {
				return Problem{Path: path, Message: fmt.Sprintf("unknown field %q: the schema has no such field", field)}
			}
		}
	}
	return Problem{Path: lineCol(data, int(dec.InputOffset())), Message: err.Error()}
}

// unknownFieldPath walks a syntactically valid document beside the Landscape
// type and returns the JSON path of the first key called field that the type
// at that place does not have.
func unknownFieldPath(data []byte, field string) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(t reflect.Type, path string) (string, bool)
	walk = func(t reflect.Type, path string) (string, bool) {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return "", false
				}
				key, _ := kt.(string)
				sub := key
				if path != "" {
					sub = path + "." + key
				}
				ft, known := jsonField(t, key)
				if !known && key == field && t != nil && t.Kind() == reflect.Struct {
					return sub, true
				}
				if p, ok := walk(ft, sub); ok {
					return p, true
				}
			}
			dec.Token() // the closing brace
		case json.Delim('['):
			var elem reflect.Type
			if t != nil && t.Kind() == reflect.Slice {
				elem = t.Elem()
			}
			for i := 0; dec.More(); i++ {
				if p, ok := walk(elem, fmt.Sprintf("%s[%d]", path, i)); ok {
					return p, true
				}
			}
			dec.Token() // the closing bracket
		}
		return "", false
	}
	return walk(reflect.TypeFor[Landscape](), "")
}

// jsonField returns the type of the field of struct t that key decodes into,
// matching names without regard to case as encoding/json does. A nil t is a
// place whose type is not known (a value of the wrong JSON type): nothing there
// is reported.
func jsonField(t reflect.Type, key string) (reflect.Type, bool) {
	if t == nil || t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f.Type, true
		}
	}
	return nil, false
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

// checker gathers problems while walking a document.
type checker struct {
	probs []Problem
	asOf  Date
}

func (c *checker) add(path, format string, args ...any) {
	c.probs = append(c.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) required(path, value string) bool {
	if strings.TrimSpace(value) == "" {
		c.add(path, "missing")
		return false
	}
	return true
}

func (c *checker) id(path, value string) {
	if !c.required(path, value) {
		return
	}
	if strings.IndexFunc(value, unicode.IsSpace) >= 0 {
		c.add(path, "id %q contains white space", value)
	}
}

func (c *checker) date(path, value string, required bool) Date {
	if value == "" {
		if required {
			c.add(path, "missing date")
		}
		return Date{}
	}
	d, err := ParseDate(value)
	if err != nil {
		c.add(path, "%v", err)
		return Date{}
	}
	if !c.asOf.IsZero() && c.asOf.last().Before(d) {
		c.add(path, "date %s is after the dataset's as_of %s", value, c.asOf)
	}
	return d
}

func (c *checker) oneOf(path, value string, allowed []string, what string) {
	if value == "" {
		c.add(path, "missing %s", what)
		return
	}
	if !contains(allowed, value) {
		c.add(path, "unknown %s %q (want one of %s)", what, value, strings.Join(allowed, ", "))
	}
}

func (c *checker) sources(path string, ids []string, known map[string]int, used map[string]bool) {
	if len(ids) == 0 {
		c.add(path, "no sources: every record cites at least one")
		return
	}
	for i, id := range ids {
		if _, ok := known[id]; !ok {
			c.add(fmt.Sprintf("%s[%d]", path, i), "unknown source %q", id)
			continue
		}
		used[id] = true
	}
}

func (l *Landscape) validate() []Problem {
	c := &checker{}
	if l.Schema != Schema {
		if l.Schema == "" {
			c.add("schema", "missing: want %q", Schema)
		} else {
			c.add("schema", "got %q, want %q", l.Schema, Schema)
		}
	}
	if l.AsOf != "" {
		c.asOf = c.date("as_of", l.AsOf, true)
	} else {
		c.add("as_of", "missing date")
	}

	sources := map[string]int{}
	for i, s := range l.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		c.id(p+".id", s.ID)
		if j, dup := sources[s.ID]; dup && s.ID != "" {
			c.add(p+".id", "duplicate source id %q (first at sources[%d])", s.ID, j)
		} else {
			sources[s.ID] = i
		}
		c.required(p+".title", s.Title)
		c.required(p+".publisher", s.Publisher)
		if c.required(p+".url", s.URL) && !IsWebURL(s.URL) {
			c.add(p+".url", "%q is not an http or https address", s.URL)
		}
		c.date(p+".date", s.Date, false)
		c.oneOf(p+".verification", s.Verification, Verifications, "verification")
	}
	used := map[string]bool{}

	axes := map[string]int{}
	for i, a := range l.Axes {
		p := fmt.Sprintf("axes[%d]", i)
		c.id(p+".id", a.ID)
		if j, dup := axes[a.ID]; dup && a.ID != "" {
			c.add(p+".id", "duplicate axis id %q (first at axes[%d])", a.ID, j)
		} else {
			axes[a.ID] = i
		}
		c.required(p+".name", a.Name)
		c.required(p+".neg.label", a.Neg.Label)
		c.required(p+".pos.label", a.Pos.Label)
	}

	entities := map[string]int{}
	for i, e := range l.Entities {
		p := fmt.Sprintf("entities[%d]", i)
		c.id(p+".id", e.ID)
		if j, dup := entities[e.ID]; dup && e.ID != "" {
			c.add(p+".id", "duplicate entity id %q (first at entities[%d])", e.ID, j)
		} else {
			entities[e.ID] = i
		}
		c.oneOf(p+".kind", e.Kind, Kinds, "kind")
		c.required(p+".name", e.Name)
		c.date(p+".founded", e.Founded, false)
		switch {
		case e.Kind == "forum":
			c.oneOf(p+".model", e.Model, Models, "model")
		case e.Model != "":
			c.add(p+".model", "only forums have a governance model; this is a %s", e.Kind)
		}
		c.sources(p+".sources", e.Sources, sources, used)
	}
	entity := func(path, id string) {
		if c.required(path, id) {
			if _, ok := entities[id]; !ok {
				c.add(path, "unknown entity %q", id)
			}
		}
	}

	type relKey struct{ from, to, role, start string }
	seenRel := map[relKey]int{}
	for i, r := range l.Relations {
		p := fmt.Sprintf("relations[%d]", i)
		entity(p+".from", r.From)
		entity(p+".to", r.To)
		if r.From == r.To && r.From != "" {
			c.add(p+".to", "relation from %q to itself", r.From)
		}
		c.oneOf(p+".role", r.Role, Roles, "role")
		start := c.date(p+".start", r.Start, false)
		end := c.date(p+".end", r.End, false)
		if !start.IsZero() && !end.IsZero() && end.last().Before(start) {
			c.add(p+".end", "ends (%s) before it starts (%s)", r.End, r.Start)
		}
		k := relKey{r.From, r.To, r.Role, r.Start}
		if j, dup := seenRel[k]; dup {
			c.add(p, "duplicate of relations[%d] (%s %s %s from %q)", j, r.From, r.Role, r.To, r.Start)
		} else {
			seenRel[k] = i
		}
		c.sources(p+".sources", r.Sources, sources, used)
	}

	for i, pos := range l.Positions {
		p := fmt.Sprintf("positions[%d]", i)
		entity(p+".entity", pos.Entity)
		if c.required(p+".axis", pos.Axis) {
			if _, ok := axes[pos.Axis]; !ok {
				c.add(p+".axis", "unknown axis %q", pos.Axis)
			}
		}
		if pos.Score < MinScore || pos.Score > MaxScore {
			c.add(p+".score", "score %d is outside %d…%d", pos.Score, MinScore, MaxScore)
		}
		c.date(p+".date", pos.Date, true)
		c.required(p+".evidence", pos.Evidence)
		c.sources(p+".sources", pos.Sources, sources, used)
	}

	events := map[string]int{}
	for i, ev := range l.Events {
		p := fmt.Sprintf("events[%d]", i)
		c.id(p+".id", ev.ID)
		if j, dup := events[ev.ID]; dup && ev.ID != "" {
			c.add(p+".id", "duplicate event id %q (first at events[%d])", ev.ID, j)
		} else {
			events[ev.ID] = i
		}
		c.date(p+".date", ev.Date, true)
		c.required(p+".title", ev.Title)
		if len(ev.Entities) == 0 {
			c.add(p+".entities", "names no entity: an event needs at least one")
		}
		for j, id := range ev.Entities {
			entity(fmt.Sprintf("%s.entities[%d]", p, j), id)
		}
		c.sources(p+".sources", ev.Sources, sources, used)
	}
	return c.probs
}

// IsWebURL reports whether s is an absolute http or https address: the only
// kind of link Govscape opens.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
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
