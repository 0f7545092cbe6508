package model

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxList is how many entries one list of a record may hold: its sources, its
// tags, an event's entities. Records are checked one at a time, but each is
// read whole, so this bounds what one record can cost.
const MaxList = 1000

// schemaType is what the Landscape type expects at one place of a document,
// read once from its Go types and their json tags.
type schemaType struct {
	kind   reflect.Kind  // String, Int, Slice or Struct
	elem   *schemaType   // a Slice's elements
	fields []schemaField // a Struct's fields, in declaration order
}

type schemaField struct {
	name  string // as the json tag spells it
	index int    // in the Go struct
	typ   *schemaType
}

var landscapeSchema = describe(reflect.TypeFor[Landscape]())

func describe(t reflect.Type) *schemaType {
	s := &schemaType{kind: t.Kind()}
	switch t.Kind() {
	case reflect.String, reflect.Int:
	case reflect.Slice:
		s.elem = describe(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			s.fields = append(s.fields, schemaField{name, i, describe(f.Type)})
		}
		if len(s.fields) > 64 {
			panic("model: the structure check tracks at most 64 fields of one object")
		}
	default:
		panic("model: the structure check has no rule for a " + t.String())
	}
	return s
}

// want names the JSON a place expects, for "got …, want …".
func (s *schemaType) want() string {
	switch s.kind {
	case reflect.String:
		return "string"
	case reflect.Int:
		return "int"
	case reflect.Slice:
		return "array"
	}
	return "object"
}

// document is what checkStructure learns of a document for the checks and
// the decoding that follow.
type document struct {
	top   map[string][]byte // the raw value of each field of the document
	count map[string]int    // how many records each section holds
}

// text returns the value of a text field of the document.
func (d document) text(name string) string {
	raw := d.top[name]
	if len(raw) == 0 || raw[0] != '"' {
		return "" // absent or null
	}
	return unquote(raw)
}

// checkStructure walks a syntactically valid document beside the Landscape
// type and reports every place where it does not fit: a value of the wrong
// JSON type, a field the schema lacks or spells in another case, a field
// given twice in one object, a list longer than MaxList. encoding/json would
// take the last of two fields and match names without regard to case, so a
// stray "Name" would silently override "name"; here both are refused, each at
// its path. It returns the raw value of each top-level field, for decoding
// record by record, and keeps no more than that: its memory does not grow
// with the document.
func checkStructure(data []byte, c *checker) document {
	w := &walker{data: data, c: c, doc: document{top: map[string][]byte{}, count: map[string]int{}}}
	w.value(landscapeSchema, path{i: -1, j: -1})
	return w.doc
}

// walker reads a document that json.Valid accepted, so it checks no syntax.
type walker struct {
	data []byte
	i    int // the next byte to read
	c    *checker
	doc  document
}

func (w *walker) value(t *schemaType, at path) {
	w.space()
	b := w.data[w.i]
	switch {
	case b == 'n': // null leaves the value as it was, as encoding/json does
		w.i += len("null")
	case t.kind == reflect.Struct && b == '{':
		w.object(t, at)
	case t.kind == reflect.Slice && b == '[':
		w.array(t.elem, at)
	case t.kind == reflect.String && b == '"':
		w.skipString()
	case t.kind == reflect.Int && (b == '-' || '0' <= b && b <= '9'):
		start := w.i
		w.skipScalar()
		if lit := w.data[start:w.i]; !isInt(lit) && !w.c.skip() {
			w.c.add(at, "got a JSON number %s, want int", shortNumber(lit))
		}
	default:
		w.skip()
		if w.c.skip() {
			return
		}
		if at.sect == "" {
			w.c.add(at, "the document: got a JSON %s, want an object with schema %q", jsonKind(b), Schema)
			return
		}
		w.c.add(at, "got a JSON %s, want %s", jsonKind(b), t.want())
	}
}

func (w *walker) object(t *schemaType, at path) {
	w.i++ // {
	// The fields seen so far, by their index in t.fields.
	var given uint64
	for {
		w.space()
		switch w.data[w.i] {
		case '}':
			w.i++
			return
		case ',':
			w.i++
			w.space()
		}
		key := w.quoted()
		w.space()
		w.i++ // :
		w.space()
		k, exact := t.field(key)
		switch {
		case exact && given&(1<<k) != 0:
			name := t.fields[k].name
			if !w.c.skip() {
				w.c.add(at.dot(name), "field %q given twice in one object; keep one", name)
			}
		case exact:
			given |= 1 << k
		case k >= 0:
			if !w.c.skip() {
				name := keyText(key)
				w.c.add(at.dot(name), "unknown field %s: the schema spells it %q", quote(name), t.fields[k].name)
			}
		default:
			if !w.c.skip() {
				name := keyText(key)
				w.c.add(at.dot(name), "unknown field %s: the schema has no such field", quote(name))
			}
		}
		if !exact {
			w.skip()
			continue
		}
		f := t.fields[k]
		start := w.i
		w.value(f.typ, at.dot(f.name))
		if at.sect == "" {
			w.doc.top[f.name] = w.data[start:w.i]
		}
	}
}

// field finds the field a key (quoted, still escaped) names: its index and
// true when spelled exactly, its index and false when spelled in another case,
// -1 when t has no such field.
func (t *schemaType) field(key []byte) (int, bool) {
	// No field name is this long, even with every character escaped.
	if len(key) > maxShown {
		return -1, false
	}
	name := key[1 : len(key)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(unquote(key))
	}
	for k, f := range t.fields {
		if string(name) == f.name {
			return k, true
		}
	}
	for k, f := range t.fields {
		if bytes.EqualFold(name, []byte(f.name)) {
			return k, false
		}
	}
	return -1, false
}

// isInt reports whether a JSON number is one encoding/json puts in an int.
func isInt(lit []byte) bool {
	if len(lit) > len("-9223372036854775808") {
		return false
	}
	_, err := strconv.ParseInt(string(lit), 10, 0)
	return err == nil
}

func (w *walker) array(elem *schemaType, at path) {
	w.i++ // [
	for n := 0; ; n++ {
		w.space()
		switch w.data[w.i] {
		case ']':
			w.i++
			switch {
			case at.i < 0 && at.field == "": // a section of the document
				w.doc.count[at.sect] = n
			case n > MaxList:
				w.c.add(at, "holds %d entries; a list in a record holds at most %d", n, MaxList)
			}
			return
		case ',':
			w.i++
		}
		w.value(elem, at.index(n))
	}
}

func (w *walker) space() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// quoted reads a string and returns it as it stands, quotes and escapes.
func (w *walker) quoted() []byte {
	start := w.i
	w.skipString()
	return w.data[start:w.i]
}

func (w *walker) skipString() {
	w.i++ // the opening quote
	for {
		q := bytes.IndexByte(w.data[w.i:], '"')
		end := w.i + q
		// The quote ends the string unless an odd number of backslashes
		// escapes it.
		slashes := 0
		for end-slashes-1 >= w.i && w.data[end-slashes-1] == '\\' {
			slashes++
		}
		w.i = end + 1
		if slashes%2 == 0 {
			return
		}
	}
}

func (w *walker) skipScalar() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return
		}
		w.i++
	}
}

// skip passes over one value of any kind and depth without recursion: how
// deep a value nests in a place the schema does not know costs nothing.
func (w *walker) skip() {
	w.space()
	switch w.data[w.i] {
	case '"':
		w.skipString()
		return
	case '{', '[':
	default:
		w.skipScalar()
		return
	}
	depth := 0
	for {
		switch w.data[w.i] {
		case '"':
			w.skipString()
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		w.i++
		if depth == 0 {
			return
		}
	}
}

// eachRecord decodes the records of a section, raw, one at a time into the
// same T and calls fn with each; it does nothing for null. The section must
// have passed checkStructure.
func eachRecord[T any](raw []byte, fn func(i int, r *T)) {
	t := describe(reflect.TypeFor[T]())
	r := new(T)
	v := reflect.ValueOf(r).Elem()
	var zero T
	w := &walker{data: raw}
	w.elements(func(i int) {
		*r = zero
		w.decode(t, v)
		fn(i, r)
	})
}

// decodeRecords decodes the n records of a section, raw, into a slice made to
// measure: a large valid document is held once, with no spare capacity and no
// copies left behind by a growing slice.
func decodeRecords[T any](raw []byte, n int) []T {
	if len(raw) == 0 || raw[0] != '[' {
		return nil // absent or null, as encoding/json leaves it
	}
	t := describe(reflect.TypeFor[T]())
	out := make([]T, n)
	v := reflect.ValueOf(out)
	w := &walker{data: raw}
	w.elements(func(i int) { w.decode(t, v.Index(i)) })
	return out
}

// elements calls each for every element of the array w is at, with w at the
// element; each must read the element. It does nothing for null.
func (w *walker) elements(each func(i int)) {
	w.space()
	if w.i == len(w.data) || w.data[w.i] != '[' {
		return
	}
	w.i++
	for n := 0; ; n++ {
		w.space()
		switch w.data[w.i] {
		case ']':
			w.i++
			return
		case ',':
			w.i++
			w.space()
		}
		each(n)
	}
}

// decode reads a value that checkStructure has passed into v, as
// encoding/json would, without the garbage encoding/json leaves behind: when
// a document of millions of records is checked one record at a time, only
// the strings of each record are allocated.
func (w *walker) decode(t *schemaType, v reflect.Value) {
	w.space()
	if w.data[w.i] == 'n' {
		w.i += len("null")
		if t.kind == reflect.Slice {
			v.SetZero()
		}
		return
	}
	switch t.kind {
	case reflect.String:
		v.SetString(unquote(w.quoted()))
	case reflect.Int:
		start := w.i
		w.skipScalar()
		n, _ := strconv.ParseInt(string(w.data[start:w.i]), 10, 0)
		v.SetInt(n)
	case reflect.Slice: // within a record, only lists of strings
		list := []string{}
		w.elements(func(int) {
			if w.data[w.i] == 'n' {
				w.i += len("null")
				list = append(list, "")
				return
			}
			list = append(list, unquote(w.quoted()))
		})
		*v.Addr().Interface().(*[]string) = list
	case reflect.Struct:
		w.i++ // {
		for {
			w.space()
			switch w.data[w.i] {
			case '}':
				w.i++
				return
			case ',':
				w.i++
				w.space()
			}
			key := w.quoted()
			w.space()
			w.i++ // :
			if k, exact := t.field(key); exact {
				f := t.fields[k]
				w.decode(f.typ, v.Field(f.index))
			} else {
				w.skip()
			}
		}
	}
}

// jsonKind names the kind of JSON value that starts with b, as encoding/json
// does in its type errors.
func jsonKind(b byte) string {
	switch b {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// shortNumber writes a JSON number for a message, cut as quote cuts text.
func shortNumber(lit []byte) string {
	if len(lit) <= maxShown {
		return string(lit)
	}
	return fmt.Sprintf("%s… (%d bytes)", lit[:maxShown], len(lit))
}

// keyText decodes a key (quoted, still escaped) for a message: a long one is
// cut, before an escape or a character the cut would split, and marked so,
// short enough that quote leaves it whole.
func keyText(key []byte) string {
	if len(key) <= maxShown {
		return unquote(key)
	}
	k := maxShown - len("…")
	for k > 1 && (!utf8.RuneStart(key[k]) || bytes.IndexByte(key[max(1, k-len(`\uXXXX`)):k], '\\') >= 0) {
		k--
	}
	return unquote(append(key[:k:k], '"')) + "…"
}

// unquote decodes a JSON string that json.Valid accepted, given with its
// quotes, as encoding/json does, but into a single allocation of the decoded
// size: a string as long as the document costs its length once more, not
// three times.
func unquote(q []byte) string {
	text := q[1 : len(q)-1]
	if bytes.IndexByte(text, '\\') < 0 {
		return string(text)
	}
	var b strings.Builder
	b.Grow(unescape(text, nil))
	unescape(text, &b)
	return b.String()
}

// unescape writes the decoded text of a JSON string to b, or only measures
// it when b is nil, and returns its length in bytes.
func unescape(text []byte, b *strings.Builder) int {
	n := 0
	var buf [utf8.UTFMax]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\\')
		if i < 0 {
			i = len(text)
		}
		if b != nil {
			b.Write(text[:i])
		}
		n += i
		text = text[i:]
		if len(text) == 0 {
			break
		}
		var r rune
		switch c := text[1]; c {
		case 'u':
			r = hex4(text[2:6])
			text = text[6:]
			if utf16.IsSurrogate(r) {
				// A pair makes one character; a half of one stands alone
				// as the replacement character.
				if len(text) >= 6 && text[0] == '\\' && text[1] == 'u' {
					if pair := utf16.DecodeRune(r, hex4(text[2:6])); pair != utf8.RuneError {
						r = pair
						text = text[6:]
					}
				}
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
		case 'b':
			r, text = '\b', text[2:]
		case 'f':
			r, text = '\f', text[2:]
		case 'n':
			r, text = '\n', text[2:]
		case 'r':
			r, text = '\r', text[2:]
		case 't':
			r, text = '\t', text[2:]
		default: // \" \\ and \/ stand for themselves
			r, text = rune(c), text[2:]
		}
		size := utf8.EncodeRune(buf[:], r)
		if b != nil {
			b.Write(buf[:size])
		}
		n += size
	}
	return n
}

// hex4 reads the four hex digits of a \u escape.
func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
