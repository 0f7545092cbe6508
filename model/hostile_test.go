package model_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"govscape/model"
)

// hostileShapes are documents built to make validation spend as much memory
// as their size allows: floods of records that each yield several problems,
// of distinct ids the validator must remember, of long strings it might quote,
// of keys and nesting it must walk. The largest valid documents are here too,
// since a document that passes is held whole.
var hostileShapes = []string{
	"empty-positions", "empty-all", "unique-ids", "unknown-refs", "duplicate-ids",
	"duplicate-keys", "unknown-keys", "type-errors", "long-strings", "deep-nesting",
	"control-chars", "long-list", "long-escaped-string", "valid-positions", "valid-entities",
}

// validHead opens a document with one axis, entity and source that the valid
// shapes' records refer to.
const validHead = `{"schema":"govscape/landscape@1","as_of":"2025",
"axes":[{"id":"a","name":"A","neg":{"label":"N"},"pos":{"label":"P"}}],
"sources":[{"id":"s","title":"S","url":"https://example.org","publisher":"P","verification":"verified"}],`

// hostileDocument builds a document of the given shape, as close to size
// bytes as its records allow without passing it.
func hostileDocument(shape string, size int) []byte {
	var head, tail string
	var record func(i int) string
	sep := ","
	switch shape {
	case "empty-positions":
		head, tail = `{"positions":[`, `]}`
		record = func(int) string { return "{}" }
	case "empty-all":
		// Every section at once: the parts are filled in turn below.
		return emptyAll(size)
	case "unique-ids":
		head, tail = `{"entities":[`, `]}`
		record = func(i int) string { return `{"id":"` + shortID(i) + `"}` }
	case "unknown-refs":
		head, tail = `{"relations":[`, `]}`
		record = func(i int) string {
			id := strconv.FormatInt(int64(i), 36)
			return `{"from":"f` + id + `","to":"t` + id + `","sources":["s` + id + `"]}`
		}
	case "duplicate-ids":
		head, tail = `{"sources":[`, `]}`
		record = func(int) string { return `{"id":"s"}` }
	case "duplicate-keys":
		head, tail = `{"entities":[{`, `}]}`
		record = func(int) string { return `"id":"a"` }
	case "unknown-keys":
		head, tail = `{"entities":[{`, `}]}`
		record = func(i int) string { return `"k` + strconv.FormatInt(int64(i), 36) + `":0` }
	case "type-errors":
		head, tail = `{"positions":[`, `]}`
		record = func(int) string { return `{"score":"x","sources":"s","entity":1}` }
	case "long-strings":
		// Each record's strings are as long as a thousand of them allow, so
		// that quoting them in every kept problem would cost the document's
		// size several times over; U+0085 is one that %q writes as six bytes.
		long := strings.Repeat("\u0085", size/1000/2/2)
		head, tail = `{"relations":[`, `]}`
		record = func(int) string { return `{"from":"` + long + `","to":"` + long + `"}` }
	case "deep-nesting":
		nest := strings.Repeat("[", 9000) + strings.Repeat("]", 9000)
		head, tail = `{"entities":[{`, `}]}`
		record = func(i int) string { return `"x` + strconv.Itoa(i) + `":` + nest }
	case "control-chars":
		head, tail = `{"entities":[`, `]}`
		record = func(i int) string {
			return `{"id":"a\u0000` + strconv.Itoa(i) + `","name":"\u001b[2J\u202e","summary":"\u0007"}`
		}
	case "long-list":
		// One record whose list of references fills the document.
		head, tail = `{"events":[{"entities":[`, `]}]}`
		record = func(int) string { return `""` }
	case "long-escaped-string":
		// One string as long as the document, escaped only at its start:
		// decoding it must not hold it twice over.
		return []byte(`{"entities":[{"summary":"\t` + strings.Repeat("a", size-len(`{"entities":[{"summary":"\t"}]}`)) + `"}]}`)
	case "valid-positions":
		head, tail = validHead+`"entities":[{"id":"e","kind":"state","name":"E","sources":["s"]}],"positions":[`, `]}`
		record = func(int) string {
			return `{"entity":"e","axis":"a","score":0,"date":"2000","evidence":"x","sources":["s"]}`
		}
	case "valid-entities":
		head, tail = validHead+`"entities":[`, `]}`
		record = func(i int) string {
			return `{"id":"` + strconv.FormatInt(int64(i), 36) + `","kind":"state","name":"E","sources":["s"]}`
		}
	default:
		panic("unknown shape " + shape)
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(head)
	for i := 0; ; i++ {
		r := record(i)
		if b.Len()+len(sep)+len(r)+len(tail) > size {
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(r)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// shortID returns the i-th shortest id: the most distinct ids a document of
// a given size can hold.
func shortID(i int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
	var b []byte
	for {
		b = append(b, digits[i%len(digits)])
		i /= len(digits)
		if i == 0 {
			return string(b)
		}
		i--
	}
}

// emptyAll fills every section with empty records, an equal share of size each.
func emptyAll(size int) []byte {
	sections := []string{"axes", "entities", "relations", "positions", "events", "sources"}
	share := (size - len("{}") - len(sections) + 1) / len(sections)
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString("{")
	for i, s := range sections {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:[{}", s)
		for n := share - len(s) - len(`"":[{}]`); n >= len(",{}"); n -= len(",{}") {
			b.WriteString(",{}")
		}
		b.WriteString("]")
	}
	b.WriteString("}")
	return b.Bytes()
}

// TestParseHostile checks that a document built to flood validation is
// refused with exactly MaxProblems problems listed and every other one
// counted, whatever its shape, and that what is listed stays short.
func TestParseHostile(t *testing.T) {
	tests := []struct {
		shape  string
		size   int
		marker string // occurs once in each record of the shape, if per > 0
		per    int    // problems each record has
		fixed  int    // problems besides those
	}{
		// Each empty position lacks its entity, axis, date, evidence and
		// sources; the document lacks schema and as_of.
		{"empty-positions", 12 << 20, "{}", 5, 2},
		{"unique-ids", 1 << 20, `{"id"`, 3, 2},
		{"unknown-refs", 1 << 20, `{"from"`, 4, 2},
		// Each source also repeats the first one's id, but for the first.
		{"duplicate-ids", 1 << 20, `{"id"`, 5, 2 - 1},
		{"duplicate-keys", 1 << 20, `"id"`, 1, -1},
		{"unknown-keys", 1 << 20, `":0`, 1, 0},
		{"type-errors", 1 << 20, `{"score"`, 3, 0},
		{"deep-nesting", 1 << 20, `"x`, 1, 0},
		{"control-chars", 1 << 20, `{"id"`, 5, 2},
		{"long-strings", 1 << 20, `{"from"`, 5, 2},
		// One list too long to read.
		{"long-list", 1 << 20, "", 0, 1},
		// One record lacking all but its summary, in a document lacking
		// schema and as_of.
		{"long-escaped-string", 1 << 20, "", 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			if testing.Short() && tt.size > 1<<20 {
				t.Skip("builds a large document")
			}
			doc := hostileDocument(tt.shape, tt.size)
			records := bytes.Count(doc, []byte(tt.marker))
			want := tt.fixed + tt.per*records
			listed := min(want, model.MaxProblems)
			_, ve := problemPaths(t, doc, tt.shape)
			if len(ve.Problems) != listed || ve.More != want-listed {
				t.Fatalf("%d records: got %d problems listed and %d more, want %d and %d more",
					records, len(ve.Problems), ve.More, listed, want-listed)
			}
			for _, p := range ve.Problems {
				if n := len(p.String()); n > 400 {
					t.Fatalf("got a problem of %d bytes, want at most 400: %.400s…", n, p)
				}
			}
			msg := ve.Error()
			if tail := fmt.Sprintf("\n  … and %d more problems, not listed: fix the ones above and validate again to see them", ve.More); ve.More > 0 && !strings.HasSuffix(msg, tail) {
				t.Errorf("Error(): got it ending %q, want %q", msg[max(0, len(msg)-200):], tail)
			}
			if head := fmt.Sprintf("%s: %d problem", tt.shape, want); !strings.HasPrefix(msg, head) {
				t.Errorf("Error(): got it starting %.80q, want %q", msg, head)
			}
		})
	}
}

func TestValidationErrorMore(t *testing.T) {
	tests := []struct {
		err  model.ValidationError
		want string
	}{
		{model.ValidationError{Name: "a.json", Problems: []model.Problem{{Path: "schema", Message: "missing"}}},
			"a.json: 1 problem\n  schema: missing"},
		{model.ValidationError{Name: "a.json", Problems: []model.Problem{{Path: "schema", Message: "missing"}}, More: 1},
			"a.json: 2 problems\n  schema: missing\n  … and 1 more problem, not listed: fix the ones above and validate again to see them"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error(): got %q, want %q", got, tt.want)
		}
	}
}
