package model

import (
	"encoding/json"
	"strconv"
	"testing"
	"unicode/utf8"
)

// FuzzUnquote checks unquote, which decodes the strings of a document,
// against encoding/json on every string json.Valid accepts of a document
// that is UTF-8, as Parse checks first.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{``, `a`, `\"\\\/\b\f\n\r\t`, `\u00e9\u20AC`, `\ud83d\ude00`, `\ud83d`, `\ude00\ud83d x`,
		`\ud83d\u0041`, `\ud83d\ud83d\ude00`, "caf\u00e9 \u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		q := []byte(`"` + s + `"`)
		if !json.Valid(q) {
			q = []byte(strconv.Quote(s))
			if !json.Valid(q) {
				return
			}
		}
		var want string
		if err := json.Unmarshal(q, &want); err != nil {
			t.Fatal(err)
		}
		if got := unquote(q); got != want {
			t.Errorf("unquote(%s): got %q, want %q", q, got, want)
		}
	})
}
