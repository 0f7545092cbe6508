package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"govscape/model"
)

func noteSeeds(f *testing.F) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, n := range []model.Note{
		{ID: "a", Title: "t", Body: "b", Created: t0, Updated: t0},
		{ID: "01m89y1zjgjpg19f0z1m", Title: "الحوكمة", Body: "👩🏽‍💻 e\u0301 \x00 <b>", Tags: []string{"x", "主权"},
			Entities: []string{"china"}, Relation: &model.RelationRef{From: "a", To: "b", Role: "host"}, View: "v1",
			Created: t0, Updated: t0.Add(time.Hour)},
	} {
		data, err := encodeNote(&n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{``, `{}`, `null`, `[]`, `{"schema":"govscape/note@2"}`, `{"schema":"govscape/note@1","id":"a/b"}`,
		`{"schema":"govscape/note@1","id":"a","created":"2026-01-01T00:00:00Z","updated":"2025-01-01T00:00:00Z"}`,
		`{"schema":"govscape/note@1","id":"a","tags":[""],"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}`,
		"{\"schema\":\"govscape/note@1\",\"id\":\"a\",\"body\":\"\xff\"}", `{"schema":1}`, `{"relation":{"from":1}}`} {
		f.Add([]byte(s))
	}
}

func FuzzDecodeNote(f *testing.F) {
	noteSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := decodeNote(data)
		if err != nil {
			return
		}
		if err := n.Validate(); err != nil {
			t.Fatalf("decodeNote accepted an invalid note: %v", err)
		}
		again, err := encodeNote(&n)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		m, err := decodeNote(again)
		if err != nil || !sameNote(m, n) {
			t.Fatalf("round trip: %s, %v; want %s", describe(m), err, describe(n))
		}
	})
}

func FuzzDecodeView(f *testing.F) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	v := model.View{ID: "v", Name: "China vs US", Description: "d", State: json.RawMessage(`{"tab":"map","year":2022}`), Created: t0, Updated: t0}
	data, _ := encodeView(&v)
	f.Add(data)
	for _, s := range []string{``, `{}`, `{"schema":"govscape/view@1","id":"v","name":"n","state":[1]}`,
		`{"schema":"govscape/view@1","id":"v","name":" ","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}`,
		`{"schema":"govscape/view@9"}`, `{"schema":"govscape/view@1","state":{"a":` + "\"\xff\"}}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decodeView(data)
		if err != nil {
			return
		}
		if err := v.Validate(); err != nil {
			t.Fatalf("decodeView accepted an invalid view: %v", err)
		}
		again, err := encodeView(&v)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		w, err := decodeView(again)
		if err != nil || w.ID != v.ID || w.Name != v.Name || w.Description != v.Description ||
			!w.Created.Equal(v.Created) || !w.Updated.Equal(v.Updated) || !sameJSON(w.State, v.State) {
			t.Fatalf("round trip: %+v, %v; want %+v", w, err, v)
		}
	})
}

func sameJSON(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

func FuzzDecodeSetting(f *testing.F) {
	for _, s := range []string{`{"schema":"govscape/setting@1","value":{"year":2022}}`, `{"schema":"govscape/setting@1"}`,
		`{"schema":"govscape/setting@1","value":null}`, `{"schema":"govscape/setting@2","value":1}`, ``, `[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decodeSetting(data)
		if err == nil && !json.Valid(v) {
			t.Fatalf("decodeSetting returned invalid JSON %q", v)
		}
	})
}

func FuzzDecodeStoreVersion(f *testing.F) {
	for _, s := range []string{`{"schema":"govscape/store","version":1}`, `{"schema":"govscape/store","version":-1}`,
		`{"schema":"govscape/store","version":1e99}`, `{"schema":"x","version":1}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decodeStoreVersion(data)
		if err == nil && v < 0 {
			t.Fatalf("decodeStoreVersion returned %d", v)
		}
	})
}
