package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"govscape/model"
)

// FuzzParse feeds Parse arbitrary documents. It must never panic; it must
// either refuse a document with a *ValidationError naming at least one
// problem and no more than MaxProblems, or return a landscape that
// encoding/json reads the same from the document — Parse decodes records
// itself — and that survives being written out and read back unchanged, what
// the app does when it exports an imported dataset.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	invalid, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range append(seeds, invalid...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema": "govscape/landscape@1", "as_of": "2025"}`))
	f.Add([]byte(`{"entities": [{"colour": 1}]}`))
	f.Add([]byte(`{"entities": [{"id": "a", "\u0069d": "b", "Name": "x", "tags": [null, "\u00e9\ud800"]}], "positions": [{"score": -0}]}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := model.Parse(data, "fuzz")
		if err != nil {
			var ve *model.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || len(ve.Problems) > model.MaxProblems || ve.More < 0 {
				t.Fatalf("Parse: got error %v (%T), want a *ValidationError with 1 to %d problems listed", err, err, model.MaxProblems)
			}
			if l != nil {
				t.Fatal("Parse returned a landscape with an error")
			}
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var ref model.Landscape
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("Parse accepted what encoding/json refuses: %v", err)
		}
		if want, _ := json.Marshal(&ref); !bytes.Equal(out, want) {
			t.Fatalf("Parse read the document otherwise than encoding/json:\nParse        %s\nencoding/json %s", out, want)
		}
		again, err := model.Parse(out, "round trip")
		if err != nil {
			t.Fatalf("Parse(Marshal(Parse(data))): %v\n%s", err, out)
		}
		out2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the document:\nfirst  %s\nsecond %s", out, out2)
		}
		// The queries every view runs must hold up on whatever loaded.
		for i := range l.Entities {
			id := l.Entities[i].ID
			l.Neighbours(id, 2, 0)
			l.GroupRelations(id, 0)
			l.SourcesOf(id)
			l.PositionsByAxis(id, model.Date{})
			for _, a := range l.Axes {
				l.LatestPosition(id, a.ID, model.EndOfYear(2000))
			}
			l.Search(l.Entities[i].Name)
		}
		l.Apply(model.Filter{Year: 2000})
		l.YearRange()
	})
}
