package model

import (
	"fmt"
	"hash/maphash"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxProblems is how many problems a ValidationError lists. Past it problems
// are only counted, so that neither the list nor the memory behind it grows
// with a hostile document.
const MaxProblems = 1000

// maxShown is how many bytes of a value a problem quotes.
const maxShown = 100

// checker gathers the problems of a document: the first MaxProblems of them
// described, the rest counted.
type checker struct {
	probs []Problem
	more  int
}

func (c *checker) total() int { return len(c.probs) + c.more }

// skip counts a problem the list has no room for, and reports whether it did;
// callers for whom describing a problem costs work ask it first.
func (c *checker) skip() bool {
	if len(c.probs) < MaxProblems {
		return false
	}
	c.more++
	return true
}

func (c *checker) add(at path, format string, args ...any) {
	if c.skip() {
		return
	}
	c.probs = append(c.probs, Problem{Path: at.String(), Message: fmt.Sprintf(format, args...)})
}

func (c *checker) err(name string) *ValidationError {
	return &ValidationError{Name: name, Problems: c.probs, More: c.more}
}

// path is where a problem is, such as relations[12].to, kept in parts until
// the problem is listed: the records that have no problem, and the problems
// past MaxProblems, cost no string.
type path struct {
	sect       string // a field of the document ("relations", "schema"); "" for the document
	i          int    // the record's index in sect, or -1
	field, sub string // a field of the record and a field of that; "" for none
	j          int    // an index into field, or -1
}

func topPath(sect string) path { return path{sect: sect, i: -1, j: -1} }

func recordPath(sect string, i int) path { return path{sect: sect, i: i, j: -1} }

func (p path) dot(name string) path {
	switch {
	case p.sect == "":
		p.sect = name
	case p.field == "":
		p.field = name
	case p.sub == "":
		p.sub = name
	default:
		p.sub += "." + name
	}
	return p
}

func (p path) index(n int) path {
	if p.field == "" {
		p.i = n
	} else {
		p.j = n
	}
	return p
}

func (p path) String() string {
	var b strings.Builder
	b.WriteString(pathKey(p.sect))
	if p.i >= 0 {
		b.WriteString("[" + strconv.Itoa(p.i) + "]")
	}
	for _, f := range []string{p.field, p.sub} {
		if f != "" {
			b.WriteString("." + pathKey(f))
		}
	}
	if p.j >= 0 {
		b.WriteString("[" + strconv.Itoa(p.j) + "]")
	}
	return b.String()
}

// pathKey writes a key as a path shows it: bare when it could be an id, as
// the schema's own names can, else quoted, so that a key of spaces, dots or
// control characters cannot pass for another path or reach a terminal raw.
func pathKey(k string) string {
	if k == "" || ValidID(k) {
		return k
	}
	return quote(k)
}

// quote writes s as a Go string literal: escaped, so no control character
// reaches a terminal, and cut after maxShown bytes with its length, so a
// problem stays short whatever the document holds.
func quote(s string) string {
	if len(s) <= maxShown {
		return strconv.Quote(s)
	}
	k := maxShown
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:k]), len(s))
}

// idSet remembers ids with the index of the record that first had each. It
// keeps them in a few flat slices rather than a map[string]int, which for the
// millions of short ids a large document can hold costs several times the ids
// themselves.
type idSet struct {
	seed  maphash.Seed
	text  []byte   // the ids end to end
	ends  []uint32 // ends[k]: where id k ends in text
	first []int32  // first[k]: the index of the record id k came from
	slots []uint32 // open addressing: k+1 for the id k hashed there, 0 when free
}

func newIDSet() *idSet {
	return &idSet{seed: maphash.MakeSeed(), slots: make([]uint32, 16)}
}

// add records that record i has id, or returns the record that had it first.
func (s *idSet) add(id string, i int) (first int, dup bool) {
	if 4*(len(s.ends)+1) > 3*len(s.slots) { // more than three quarters full
		s.grow()
	}
	h := s.slot(id)
	if k := s.slots[h]; k != 0 {
		return int(s.first[k-1]), true
	}
	s.text = append(s.text, id...)
	s.ends = append(s.ends, uint32(len(s.text)))
	s.first = append(s.first, int32(i))
	s.slots[h] = uint32(len(s.ends))
	return i, false
}

func (s *idSet) has(id string) bool {
	return s.slots[s.slot(id)] != 0
}

// slot returns the slot that holds id, or the free one where it would go.
func (s *idSet) slot(id string) int {
	mask := len(s.slots) - 1
	for h := int(maphash.String(s.seed, id)) & mask; ; h = (h + 1) & mask {
		k := int(s.slots[h])
		if k == 0 || string(s.text[s.start(k-1):s.ends[k-1]]) == id {
			return h
		}
	}
}

func (s *idSet) start(k int) uint32 {
	if k == 0 {
		return 0
	}
	return s.ends[k-1]
}

// grow doubles the slots.
func (s *idSet) grow() {
	s.slots = make([]uint32, 2*len(s.slots))
	mask := len(s.slots) - 1
	for k := range s.ends {
		h := int(maphash.Bytes(s.seed, s.text[s.start(k):s.ends[k]])) & mask
		for s.slots[h] != 0 {
			h = (h + 1) & mask
		}
		s.slots[h] = uint32(k + 1)
	}
}

// validator checks the records of a landscape one at a time, in the order
// their sections depend on each other: sources, axes, entities, then the
// relations, positions and events that refer to them. It remembers ids, not
// records.
type validator struct {
	checker
	asOf                            Date
	sources, axes, entities, events *idSet
	relations                       *idSet // from, to, role and start of each relation
}

func newValidator() *validator {
	return &validator{sources: newIDSet(), axes: newIDSet(), entities: newIDSet(),
		events: newIDSet(), relations: newIDSet()}
}

// validate checks a landscape built in memory, as Synthetic builds one, by
// the rules Parse applies to a document.
func (l *Landscape) validate() []Problem {
	v := newValidator()
	v.head(l)
	for i := range l.Sources {
		v.source(i, &l.Sources[i])
	}
	for i := range l.Axes {
		v.axis(i, &l.Axes[i])
	}
	for i := range l.Entities {
		v.entity(i, &l.Entities[i])
	}
	for i := range l.Relations {
		v.relation(i, &l.Relations[i])
	}
	for i := range l.Positions {
		v.position(i, &l.Positions[i])
	}
	for i := range l.Events {
		v.event(i, &l.Events[i])
	}
	return v.probs
}

// head checks the document's own fields.
func (v *validator) head(l *Landscape) {
	if l.Schema != Schema {
		if l.Schema == "" {
			v.add(topPath("schema"), "missing: want %q", Schema)
		} else {
			v.add(topPath("schema"), "got %s, want %q", quote(l.Schema), Schema)
		}
	}
	v.line(topPath("title"), l.Title, false)
	if l.AsOf != "" {
		v.asOf, _ = v.date(topPath("as_of"), l.AsOf, true)
	} else {
		v.add(topPath("as_of"), "missing date")
	}
}

func (v *validator) source(i int, s *Source) {
	p := recordPath("sources", i)
	v.define(p.dot("id"), s.ID, i, v.sources, "source")
	v.line(p.dot("title"), s.Title, true)
	v.line(p.dot("publisher"), s.Publisher, true)
	if v.line(p.dot("url"), s.URL, true) && !IsWebURL(s.URL) {
		v.add(p.dot("url"), "%s is not an http or https address", quote(s.URL))
	}
	v.date(p.dot("date"), s.Date, false)
	v.oneOf(p.dot("verification"), s.Verification, Verifications, "verification")
}

func (v *validator) axis(i int, a *Axis) {
	p := recordPath("axes", i)
	v.define(p.dot("id"), a.ID, i, v.axes, "axis")
	v.line(p.dot("name"), a.Name, true)
	v.line(p.dot("neg").dot("label"), a.Neg.Label, true)
	v.text(p.dot("neg").dot("description"), a.Neg.Description, false)
	v.line(p.dot("pos").dot("label"), a.Pos.Label, true)
	v.text(p.dot("pos").dot("description"), a.Pos.Description, false)
}

func (v *validator) entity(i int, e *Entity) {
	p := recordPath("entities", i)
	v.define(p.dot("id"), e.ID, i, v.entities, "entity")
	v.oneOf(p.dot("kind"), e.Kind, Kinds, "kind")
	v.line(p.dot("name"), e.Name, true)
	v.line(p.dot("short"), e.Short, false)
	v.date(p.dot("founded"), e.Founded, false)
	v.line(p.dot("region"), e.Region, false)
	switch {
	case e.Kind == "forum":
		v.oneOf(p.dot("model"), e.Model, Models, "model")
	case e.Model != "":
		kind := e.Kind
		if !contains(Kinds, kind) {
			kind = quote(kind)
		}
		v.add(p.dot("model"), "only forums have a governance model; this is a %s", kind)
	}
	v.text(p.dot("summary"), e.Summary, false)
	for j, tag := range e.Tags {
		v.line(p.dot("tags").index(j), tag, false)
	}
	v.cites(p.dot("sources"), e.Sources)
}

func (v *validator) relation(i int, r *Relation) {
	p := recordPath("relations", i)
	from := v.ref(p.dot("from"), r.From, v.entities, "entity")
	to := v.ref(p.dot("to"), r.To, v.entities, "entity")
	if r.From == r.To && r.From != "" {
		v.add(p.dot("to"), "relation from %s to itself", quote(r.From))
	}
	role := v.oneOf(p.dot("role"), r.Role, Roles, "role")
	start, startOK := v.date(p.dot("start"), r.Start, false)
	end, _ := v.date(p.dot("end"), r.End, false)
	if !start.IsZero() && !end.IsZero() && end.last().Before(start) {
		v.add(p.dot("end"), "ends (%s) before it starts (%s)", r.End, r.Start)
	}
	// Only a relation whose key is well formed is compared with the others:
	// one with a bad end or role already has a problem of its own.
	if from && to && role && startOK {
		key := r.From + "\x00" + r.To + "\x00" + r.Role + "\x00" + r.Start
		if j, dup := v.relations.add(key, i); dup {
			v.add(p, "duplicate of relations[%d] (%s %s %s from %q)", j, r.From, r.Role, r.To, r.Start)
		}
	}
	v.text(p.dot("note"), r.Note, false)
	v.cites(p.dot("sources"), r.Sources)
}

func (v *validator) position(i int, pos *Position) {
	p := recordPath("positions", i)
	v.ref(p.dot("entity"), pos.Entity, v.entities, "entity")
	v.ref(p.dot("axis"), pos.Axis, v.axes, "axis")
	if pos.Score < MinScore || pos.Score > MaxScore {
		v.add(p.dot("score"), "score %d is outside %d…%d", pos.Score, MinScore, MaxScore)
	}
	v.date(p.dot("date"), pos.Date, true)
	v.text(p.dot("evidence"), pos.Evidence, true)
	v.cites(p.dot("sources"), pos.Sources)
}

func (v *validator) event(i int, ev *Event) {
	p := recordPath("events", i)
	v.define(p.dot("id"), ev.ID, i, v.events, "event")
	v.date(p.dot("date"), ev.Date, true)
	v.line(p.dot("title"), ev.Title, true)
	if len(ev.Entities) == 0 {
		v.add(p.dot("entities"), "names no entity: an event needs at least one")
	}
	for j, id := range ev.Entities {
		v.ref(p.dot("entities").index(j), id, v.entities, "entity")
	}
	v.text(p.dot("note"), ev.Note, false)
	v.cites(p.dot("sources"), ev.Sources)
}

func (v *validator) required(at path, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(at, "missing")
		return false
	}
	return true
}

// idRule is the rule every id follows, the one notes and views follow too:
// nothing that could act as a path, a control sequence or a second word.
var idRule = fmt.Sprintf("want 1 to %d letters, digits, '-' or '_'", MaxID)

// define checks the id of record i of a section and adds it to the section's
// ids, or reports the record that has it already.
func (v *validator) define(at path, id string, i int, ids *idSet, what string) {
	if !v.required(at, id) {
		return
	}
	if !ValidID(id) {
		v.add(at, "id %s: %s", quote(id), idRule)
		return
	}
	if j, dup := ids.add(id, i); dup {
		v.add(at, "duplicate %s id %q (first at %s)", what, id, recordPath(at.sect, j))
	}
}

// ref checks a reference to a record of another section, and reports whether
// it is at least a well-formed id.
func (v *validator) ref(at path, id string, ids *idSet, what string) bool {
	if !v.required(at, id) {
		return false
	}
	if !ValidID(id) {
		v.add(at, "%s id %s: %s", what, quote(id), idRule)
		return false
	}
	if !ids.has(id) {
		v.add(at, "unknown %s %q", what, id)
	}
	return true
}

func (v *validator) cites(at path, ids []string) {
	if len(ids) == 0 {
		v.add(at, "no sources: every record cites at least one")
		return
	}
	for j, id := range ids {
		v.ref(at.index(j), id, v.sources, "source")
	}
}

// line checks text of one line, such as a name or a title, and reports
// whether it is present and sound.
func (v *validator) line(at path, value string, required bool) bool {
	return v.checkText(at, value, required, false)
}

// text checks text that may run over several lines, such as a summary or a
// note, and reports whether it is present and sound.
func (v *validator) text(at path, value string, required bool) bool {
	return v.checkText(at, value, required, true)
}

func (v *validator) checkText(at path, value string, required, multiline bool) bool {
	if required && !v.required(at, value) || value == "" {
		return false
	}
	if msg := textProblem(value, multiline); msg != "" {
		v.add(at, "%s", msg)
		return false
	}
	return true
}

// textProblem says what s holds that text of one line (multiline false) or
// of several may not, or "" when nothing: control characters, which can
// rewrite a terminal (ESC) or hide what came before (CR); a line break or tab
// where one line is wanted; the Unicode line and paragraph separators; and
// the bidirectional controls that make text display in another order than it
// is stored, as in "Trojan Source" attacks. Text of several lines may hold \n
// and \t.
func textProblem(s string, multiline bool) string {
	for i, r := range s {
		if ' ' <= r && r < 0x7f {
			continue
		}
		at := utf8.RuneCountInString(s[:i]) + 1
		switch {
		case r == '\n' || r == '\t' || r == 0x2028 || r == 0x2029:
			switch {
			case !multiline:
				return fmt.Sprintf("holds %s (%U) at character %d; this field is one line of text", breakName(r), r, at)
			case r > 0x7f:
				return fmt.Sprintf("holds %s (%U) at character %d; break lines with \\n instead", breakName(r), r, at)
			}
		case r == '\r' && multiline:
			return fmt.Sprintf("holds a carriage return (%U) at character %d; break lines with \\n alone", r, at)
		case r < 0x20 || 0x7f <= r && r < 0xa0:
			return fmt.Sprintf("holds the control character %U at character %d; remove it", r, at)
		case 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069:
			return fmt.Sprintf("holds the bidirectional control %U at character %d, which can make text display in another order than it is stored; remove it", r, at)
		}
	}
	return ""
}

func breakName(r rune) string {
	switch r {
	case '\n':
		return "a line break"
	case '\t':
		return "a tab"
	case 0x2028:
		return "a line separator"
	}
	return "a paragraph separator"
}

// date checks a date field and returns the date with whether it is sound.
func (v *validator) date(at path, value string, required bool) (Date, bool) {
	if value == "" {
		if required {
			v.add(at, "missing date")
			return Date{}, false
		}
		return Date{}, true
	}
	if len(value) > len("YYYY-MM-DD") {
		v.add(at, "bad date %s: want YYYY, YYYY-MM or YYYY-MM-DD", quote(value))
		return Date{}, false
	}
	d, err := ParseDate(value)
	if err != nil {
		v.add(at, "%v", err)
		return Date{}, false
	}
	if !v.asOf.IsZero() && v.asOf.last().Before(d) {
		v.add(at, "date %s is after the dataset's as_of %s", value, v.asOf)
		return d, false
	}
	return d, true
}

// oneOf checks a field that takes one of a list of words, and reports whether
// it holds one.
func (v *validator) oneOf(at path, value string, allowed []string, what string) bool {
	if value == "" {
		v.add(at, "missing %s", what)
		return false
	}
	if !contains(allowed, value) {
		v.add(at, "unknown %s %s (want one of %s)", what, quote(value), strings.Join(allowed, ", "))
		return false
	}
	return true
}

// IsWebURL reports whether s is an absolute http or https address: the only
// kind of link Govscape opens.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
