package store

import (
	"bytes"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"govscape/model"
)

// summaryDecoder decodes the summary records of one listing, on one
// goroutine, sharing memory among them: lists and cache entries are carved
// out of larger allocations, and (with scanSummary's src) strings are
// substrings of the records rather than copies. A listing of 10k notes
// makes a few hundred allocations instead of tens of thousands.
type summaryDecoder struct {
	lists []string     // free room for tags and entities
	notes []cachedNote // free room for cache entries
}

func newSummaryDecoder() *summaryDecoder { return &summaryDecoder{} }

// list returns room for n strings.
func (d *summaryDecoder) list(n int) []string {
	if d == nil || n > 64 {
		return make([]string, n)
	}
	if len(d.lists)+n > cap(d.lists) {
		d.lists = make([]string, 0, 1024)
	}
	at := len(d.lists)
	d.lists = d.lists[:at+n]
	return d.lists[at : at+n : at+n]
}

// next returns a new, empty cache entry, for a summary to be decoded into.
func (d *summaryDecoder) next() *cachedNote {
	if len(d.notes) == cap(d.notes) {
		d.notes = make([]cachedNote, 0, 256)
	}
	d.notes = d.notes[:len(d.notes)+1]
	return &d.notes[len(d.notes)-1]
}

// unused takes back the entry next returned last, which was not used.
func (d *summaryDecoder) unused() {
	d.notes = d.notes[:len(d.notes)-1]
	d.notes[:cap(d.notes)][len(d.notes)] = cachedNote{}
}

// scanSummary decodes a summary record in JSON, as encodeSummary writes
// it for times not in UTC and as version 2 of the store wrote every one,
// without encoding/json's reflection.
// It handles only plain records — known keys in any order, no escapes or
// control characters anywhere — and reports false for anything else
// (escapes, unknown or differently cased keys, nulls, numbers, a damaged
// mark), which decodeSummary then reads with encoding/json. Where it
// reports true, its result is what encoding/json gives; FuzzDecodeSummary
// checks that. src, if not "", is data as a string, whose substrings the
// result's strings are; d, if not nil, shares memory as summaryDecoder
// says.
func scanSummary(data []byte, src string, d *summaryDecoder) (summaryRecord, bool) {
	var r summaryRecord
	if !plainText(data) {
		return r, false
	}
	s := scanner{b: data, src: src, d: d, plain: true}
	if !s.next('{') {
		return r, false
	}
	for {
		key, ok := s.str()
		if !ok || !s.next(':') {
			return r, false
		}
		switch string(key) {
		case "schema":
			ok = s.into(&r.Schema)
		case "id":
			ok = s.into(&r.ID)
		case "title":
			ok = s.into(&r.Title)
		case "view":
			ok = s.into(&r.View)
		case "tags":
			r.Tags, ok = s.strs()
		case "entities":
			r.Entities, ok = s.strs()
		case "relation":
			r.Relation, ok = s.relation(r.Relation)
		case "created":
			ok = s.time(&r.Created)
		case "updated":
			ok = s.time(&r.Updated)
		default:
			return r, false
		}
		if !ok {
			return r, false
		}
		if s.next(',') {
			continue
		}
		if s.next('}') {
			break
		}
		return r, false
	}
	s.space()
	return r, s.i == len(s.b)
}

// scanner reads the subset of JSON scanSummary and scanSearchText handle.
type scanner struct {
	b     []byte
	i     int
	src   string          // b as a string, or ""
	d     *summaryDecoder // or nil
	plain bool            // plainText(b) holds
}

// plainText reports whether data is valid UTF-8 without backslashes or
// control characters, as encodeSummary writes a summary of plain text:
// then a string in it ends at the next quote.
func plainText(data []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	// Eight bytes at a time: none may be below 0x20, a backslash, or
	// outside ASCII (which goes to the careful check below).
	for ; i+8 <= len(data); i += 8 {
		x := uint64(data[i]) | uint64(data[i+1])<<8 | uint64(data[i+2])<<16 | uint64(data[i+3])<<24 |
			uint64(data[i+4])<<32 | uint64(data[i+5])<<40 | uint64(data[i+6])<<48 | uint64(data[i+7])<<56
		bs := x ^ (ones * '\\')
		if (x-ones*0x20)&^x&highs != 0 || (bs-ones)&^bs&highs != 0 || x&highs != 0 {
			break
		}
	}
	for ; i < len(data); i++ {
		if c := data[i]; c < 0x20 || c == '\\' {
			return false
		}
	}
	return utf8.Valid(data)
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next consumes c, after any space, if it comes next.
func (s *scanner) next(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string without escapes and returns its bytes.
func (s *scanner) str() ([]byte, bool) {
	if !s.next('"') {
		return nil, false
	}
	start := s.i
	end := bytes.IndexByte(s.b[start:], '"')
	if end < 0 {
		return nil, false
	}
	str := s.b[start : start+end]
	if !s.plain {
		for _, c := range str {
			if c == '\\' || c < 0x20 {
				return nil, false
			}
		}
	}
	s.i = start + end + 1
	return str, true
}

// into reads a string into *dst.
func (s *scanner) into(dst *string) bool {
	b, ok := s.str()
	if !ok {
		return false
	}
	if s.src != "" {
		end := s.i - 1 // the closing quote
		*dst = s.src[end-len(b) : end]
	} else {
		*dst = string(b)
	}
	return true
}

// strs reads an array of strings.
func (s *scanner) strs() ([]string, bool) {
	if !s.next('[') {
		return nil, false
	}
	if s.next(']') {
		return []string{}, true // as encoding/json gives for []
	}
	var buf [16]string
	vals := buf[:0]
	for {
		var v string
		if !s.into(&v) {
			return nil, false
		}
		vals = append(vals, v)
		if s.next(',') {
			continue
		}
		if !s.next(']') {
			return nil, false
		}
		out := s.d.list(len(vals))
		copy(out, vals)
		return out, true
	}
}

// relation reads a relation object. Like encoding/json, a second relation
// key fills in the first one's value.
func (s *scanner) relation(prev *model.RelationRef) (*model.RelationRef, bool) {
	if !s.next('{') {
		return nil, false
	}
	var r model.RelationRef
	if prev != nil {
		r = *prev
	}
	if s.next('}') {
		return &r, true
	}
	for {
		key, ok := s.str()
		if !ok || !s.next(':') {
			return nil, false
		}
		switch string(key) {
		case "from":
			ok = s.into(&r.From)
		case "to":
			ok = s.into(&r.To)
		case "role":
			ok = s.into(&r.Role)
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		if s.next(',') {
			continue
		}
		return &r, s.next('}')
	}
}

// time reads a time as encoding/json does, through time.Time's own
// UnmarshalJSON, but for the form the store writes, UTC to the second or
// the nanosecond, which it reads itself.
func (s *scanner) time(t *time.Time) bool {
	s.space()
	start := s.i
	b, ok := s.str()
	if !ok {
		return false
	}
	if v, ok := utcTime(b); ok {
		*t = v
		return true
	}
	return t.UnmarshalJSON(s.b[start:s.i]) == nil
}

// utcTime reads "2006-01-02T15:04:05Z" with 0 to 9 digits of a fraction
// before the Z, reporting false for anything else or out of range.
func utcTime(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(p []byte) int {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(b[0:4]), num(b[5:7]), num(b[8:10])
	hour, minute, sec := num(b[11:13]), num(b[14:16]), num(b[17:19])
	nsec := 0
	switch frac := b[19 : len(b)-1]; {
	case len(frac) == 0:
	case len(frac) >= 2 && len(frac) <= 10 && frac[0] == '.':
		if nsec = num(frac[1:]); nsec < 0 {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			nsec *= 10
		}
	default:
		return time.Time{}, false
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

func daysIn(month, year int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - (month-1)%7%2
}

// scanSearchText reads a note record as encodeNote writes it and returns
// its id and its search text (see searchText), without encoding/json: the
// first search reads every body, and this is most of it. Unlike
// scanSummary it reads escapes, since bodies are full of newlines. It
// reports false for anything it does not handle, and its caller then uses
// encoding/json; where it reports true its answer is the same, which
// FuzzScanSearchText checks.
func scanSearchText(data []byte) (id, text string, ok bool) {
	if !utf8.Valid(data) {
		return "", "", false
	}
	s := scanner{b: data}
	if !s.next('{') {
		return "", "", false
	}
	var schema, title, body []byte
	var tags [][]byte
	var buf []byte // unescaped strings, one after another
	for {
		key, ok := s.str()
		if !ok || !s.next(':') {
			return "", "", false
		}
		switch string(key) {
		case "schema", "id", "title", "body", "view", "created", "updated":
			start := len(buf)
			if buf, ok = s.unquote(buf); !ok {
				return "", "", false
			}
			v := buf[start:len(buf):len(buf)]
			switch string(key) {
			case "schema":
				schema = v
			case "id":
				id = string(v)
			case "title":
				title = v
			case "body":
				body = v
			}
		case "tags":
			if !s.next('[') {
				return "", "", false
			}
			tags = tags[:0]
			for !s.next(']') {
				if len(tags) > 0 && !s.next(',') {
					return "", "", false
				}
				start := len(buf)
				if buf, ok = s.unquote(buf); !ok {
					return "", "", false
				}
				tags = append(tags, buf[start:len(buf):len(buf)])
			}
		case "entities":
			if _, ok := s.strs(); !ok {
				return "", "", false
			}
		case "relation":
			if _, ok := s.relation(nil); !ok {
				return "", "", false
			}
		default:
			return "", "", false
		}
		if s.next(',') {
			continue
		}
		if s.next('}') {
			break
		}
		return "", "", false
	}
	s.space()
	if s.i != len(s.b) || string(schema) != noteSchema {
		return "", "", false
	}
	// Lower-cased as strings.ToLower does, in one pass.
	out := make([]byte, 0, len(title)+len(body)+16)
	out = appendLower(out, title)
	out = append(out, '\n')
	out = appendLower(out, body)
	out = append(out, '\n')
	for i, t := range tags {
		if i > 0 {
			out = append(out, '\n')
		}
		out = appendLower(out, t)
	}
	return id, string(out), true
}

// unquote reads a JSON string and appends its text to buf, as
// encoding/json decodes it.
func (s *scanner) unquote(buf []byte) ([]byte, bool) {
	if !s.next('"') {
		return buf, false
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return buf, true
		case c < 0x20:
			return buf, false
		case c != '\\':
			// Copy the run up to the next quote or escape at once.
			end := s.i + 1
			for end < len(s.b) && s.b[end] != '"' && s.b[end] != '\\' && s.b[end] >= 0x20 {
				end++
			}
			buf = append(buf, s.b[s.i:end]...)
			s.i = end
			continue
		}
		if s.i+1 >= len(s.b) {
			return buf, false
		}
		e := s.b[s.i+1]
		s.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return buf, false
			}
			if utf16.IsSurrogate(r) {
				// A pair makes one rune; a lone half is U+FFFD.
				save := s.i
				if s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
					s.i += 2
					r2, ok := s.hex4()
					if dec := utf16.DecodeRune(r, r2); ok && dec != unicode.ReplacementChar {
						buf = utf8.AppendRune(buf, dec)
						continue
					}
				}
				s.i = save
				r = unicode.ReplacementChar
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return buf, false
		}
	}
	return buf, false
}

// hex4 reads the four hex digits of a \u escape.
func (s *scanner) hex4() (rune, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	var r rune
	for _, c := range s.b[s.i : s.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	s.i += 4
	return r, true
}

// appendLower appends b lower-cased as strings.ToLower lower-cases valid
// UTF-8, with ASCII handled byte by byte.
func appendLower(out, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		out = utf8.AppendRune(out, unicode.ToLower(r))
		i += size
	}
	return out
}
