package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"govscape/model"
)

// checkSummaries compares the store's list with its notes read whole: every
// note listed once, newest first, each summary its note without the body.
func checkSummaries(t *testing.T, s *Store, when string) {
	t.Helper()
	sums, err := s.NoteSummaries()
	if err != nil {
		t.Fatalf("%s: NoteSummaries: %v", when, err)
	}
	notes, err := s.Notes()
	if err != nil {
		t.Fatalf("%s: Notes: %v", when, err)
	}
	if len(sums) != len(notes) {
		t.Fatalf("%s: %d summaries, want %d (one per note)", when, len(sums), len(notes))
	}
	for i := range notes {
		want := summaryOf(&notes[i])
		if !reflect.DeepEqual(sums[i], want) {
			t.Errorf("%s: summary %d = %+v, want %+v", when, i, sums[i], want)
		}
	}
}

func TestSummariesFollowEveryWrite(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now), WithHistoryInterval(0))
	var ids []string
	for i, n := range []model.Note{
		{Title: "one", Body: "b", Tags: []string{"x"}, Entities: []string{"china"}},
		{Title: "two", Body: "b", Relation: &model.RelationRef{From: "china", To: "wic", Role: "host"}},
		{Title: "three", Body: "b", View: "v1"},
	} {
		clock.add(time.Second)
		if err := s.SaveNote(&n); err != nil {
			t.Fatalf("note %d: %v", i, err)
		}
		ids = append(ids, n.ID)
	}
	checkSummaries(t, s, "after adds")

	steps := []struct {
		name string
		do   func() error
	}{
		{"edit", func() error {
			n, _ := s.Note(ids[0])
			n.Title, n.Tags = "one, edited", []string{"y", "z"}
			return s.SaveNote(&n)
		}},
		{"restore version", func() error {
			h, _ := s.NoteHistory(ids[0])
			_, err := s.RestoreNoteVersion(ids[0], h[0].Updated)
			return err
		}},
		{"delete", func() error { _, err := s.DeleteNote(ids[1]); return err }},
		{"delete and undelete", func() error {
			d, err := s.DeleteNote(ids[2])
			if err == nil {
				err = s.UndeleteNote(d)
			}
			return err
		}},
	}
	for _, st := range steps {
		clock.add(time.Second)
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		checkSummaries(t, s, st.name)
		// The same again from the disk, as the first listing after Open.
		s = reopen(t, s, WithClock(clock.now), WithHistoryInterval(0))
		checkSummaries(t, s, st.name+", reopened")
	}
	if sums, _ := s.NoteSummaries(); len(sums) != 2 || sums[0].ID != ids[0] {
		t.Errorf("after the steps the list is %+v, want the restored note first and the deleted one gone", sums)
	}
}

// dropSummaries removes every summary and sets the store's version, as a
// store written by the version before summaries would be.
func dropSummaries(t *testing.T, s *Store, version int) {
	t.Helper()
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, k := range keys(txn, []byte(prefixSummary)) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	setRawVersion(t, s, version)
}

func TestUpgradeFromV1BuildsSummaries(t *testing.T) {
	clock := newClock()
	s := openTest(t, filepath.Join(t.TempDir(), "store"), WithClock(clock.now), WithHistoryInterval(0))
	notes, views := fillStore(t, s, clock)
	// A note record no decoder accepts: the list must go on reporting it.
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(noteKey("damaged"), []byte(`{"schema":"govscape/note@1","id":"damaged"`))
	})
	if err != nil {
		t.Fatal(err)
	}
	dropSummaries(t, s, 1)
	s = reopen(t, s, WithClock(clock.now))

	backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), "before-upgrade-v1-to-v3-*"+BackupExt))
	if len(backups) != 1 {
		t.Fatalf("backups before the upgrade: %v, want one", backups)
	}
	sums, err := s.NoteSummaries()
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("NoteSummaries error = %v, want one naming the damaged note", err)
	}
	// A first search reads the search records, which say so as well.
	s = reopen(t, s, WithClock(clock.now))
	if _, err := s.SearchNotes("note"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("SearchNotes error = %v, want one naming the damaged note", err)
	}
	s = reopen(t, s, WithClock(clock.now))
	if len(sums) != len(notes) {
		t.Fatalf("after the upgrade %d notes are listed, want %d", len(sums), len(notes))
	}
	for _, want := range notes {
		found := false
		for _, got := range sums {
			if got.ID == want.ID {
				found = reflect.DeepEqual(got, summaryOf(&want))
			}
		}
		if !found {
			t.Errorf("note %s is not listed as %+v", want.ID, summaryOf(&want))
		}
	}
	checkStore(t, s, notes, views)
}

func TestCutShortRestoreRebuildsSummaries(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	for _, title := range []string{"a", "b", "c"} {
		clock.add(time.Second)
		n := model.Note{Title: title}
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
	}
	// As a restore leaves the store when killed mid-way: marked, with
	// summaries missing and one left over from a note that is gone.
	dropSummaries(t, s, SchemaVersion)
	err := s.db.Update(func(txn *badger.Txn) error {
		stale := model.Note{ID: "gone", Created: clock.now(), Updated: clock.now()}
		data, _ := encodeSummary(&stale)
		if err := txn.Set(summaryKey("gone"), data); err != nil {
			return err
		}
		return txn.Set([]byte(keyReindex), []byte(`{}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	checkSummaries(t, s, "after reopening a marked store")
	if sums, _ := s.NoteSummaries(); len(sums) != 3 {
		t.Errorf("%d notes listed, want 3", len(sums))
	}
}

func TestSearchAfterWrites(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	a := model.Note{Title: "Alpha", Body: "Wuzhen summit"}
	if err := s.SaveNote(&a); err != nil {
		t.Fatal(err)
	}
	if err := s.PrepareSearch(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SearchNotes("wuzhen"); len(got) != 1 {
		t.Fatalf("search before edits: %d hits, want 1", len(got))
	}
	// Once the bodies are read, writes must keep the search text current.
	clock.add(time.Second)
	a.Body = "Geneva"
	if err := s.SaveNote(&a); err != nil {
		t.Fatal(err)
	}
	b := model.Note{Title: "Beta", Body: "also WUZHEN"}
	if err := s.SaveNote(&b); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"wuzhen", []string{"Beta"}},
		{"geneva", []string{"Alpha"}},
		{"", []string{"Beta", "Alpha"}},
	}
	for _, tt := range tests {
		got, err := s.SearchNotes(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, n := range got {
			titles = append(titles, n.Title)
		}
		if !reflect.DeepEqual(titles, tt.want) {
			t.Errorf("SearchNotes(%q) = %q, want %q", tt.query, titles, tt.want)
		}
	}
}

func TestListedSummariesAreCopies(t *testing.T) {
	s := openTest(t, t.TempDir())
	n := model.Note{Title: "t", Tags: []string{"a", "b"}, Entities: []string{"china"},
		Relation: &model.RelationRef{From: "a", To: "b", Role: "host"}}
	if err := s.SaveNote(&n); err != nil {
		t.Fatal(err)
	}
	first, _ := s.NoteSummaries()
	first[0].Tags[0] = "changed"
	first[0].Tags = append(first[0].Tags, "more")
	first[0].Entities[0] = "changed"
	first[0].Relation.Role = "changed"
	again, _ := s.NoteSummaries()
	if want := summaryOf(&n); !reflect.DeepEqual(again[0], want) {
		t.Errorf("after changing a listed summary the store lists %+v, want %+v", again[0], want)
	}
}

// searchTitles runs a search and returns the titles it finds, in order.
func searchTitles(t *testing.T, s *Store, query string) []string {
	t.Helper()
	got, err := s.SearchNotes(query)
	if err != nil {
		t.Fatalf("SearchNotes(%q): %v", query, err)
	}
	titles := []string{}
	for _, n := range got {
		titles = append(titles, n.Title)
	}
	return titles
}

func TestUpgradeFromV2WritesSearchRecords(t *testing.T) {
	clock := newClock()
	s := openTest(t, filepath.Join(t.TempDir(), "store"), WithClock(clock.now), WithHistoryInterval(0))
	notes, views := fillStore(t, s, clock)
	// As version 2 left a store: summaries in JSON, no search records.
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, n := range notes {
			data, err := encode(summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(&n)})
			if err != nil {
				return err
			}
			if err := txn.Set(summaryKey(n.ID), data); err != nil {
				return err
			}
		}
		for _, k := range keys(txn, []byte(prefixText)) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The summaries in JSON read as they are.
	checkSummaries(t, s, "summaries in JSON")
	setRawVersion(t, s, 2)
	s = reopen(t, s, WithClock(clock.now))

	backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), "before-upgrade-v2-to-v3-*"+BackupExt))
	if len(backups) != 1 {
		t.Fatalf("backups before the upgrade: %v, want one", backups)
	}
	err = s.db.View(func(txn *badger.Txn) error {
		for _, n := range notes {
			sum, _, err := get(txn, summaryKey(n.ID))
			if err != nil || len(sum) == 0 || sum[0] != summaryBinary {
				t.Errorf("note %s: summary %q (%v), want it in binary form", n.ID, sum, err)
			}
			rec, _, err := get(txn, textKey(n.ID))
			if err != nil || !bytes.Equal(rec, encodeSearchRecord(&n, sum)) {
				t.Errorf("note %s: search record %.40q (%v), want one", n.ID, rec, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaries(t, s, "after the upgrade")
	checkStore(t, s, notes, views)
	if got := searchTitles(t, s, "السيادة"); !reflect.DeepEqual(got, []string{"large"}) {
		t.Errorf("search after the upgrade found %q, want the large note", got)
	}
}

// TestOpensCompressedV2Store opens a store as version 2 wrote it: tables
// compressed in 4 KiB blocks, summaries in JSON and no search records.
func TestOpensCompressedV2Store(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	opt := (&Store{dir: dir, cfg: config{logger: testLogger(t)}}).badgerOptions().
		WithCompression(options.Snappy).WithBlockCacheSize(8 << 20).WithBlockSize(4 << 10)
	db, err := badger.Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var notes []model.Note
	wb := db.NewWriteBatch()
	for i := range 500 {
		n := model.Note{ID: newID(t0.Add(time.Duration(i) * time.Minute)), Title: fmt.Sprintf("Note %d", i),
			Body: strings.Repeat("governance ", 50) + fmt.Sprint(i), Created: t0, Updated: t0.Add(time.Duration(i) * time.Minute)}
		data, _ := encodeNote(&n)
		sum, _ := encode(summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(&n)})
		if err := errors.Join(wb.Set(noteKey(n.ID), data), wb.Set(summaryKey(n.ID), sum)); err != nil {
			t.Fatal(err)
		}
		notes = append(notes, n)
	}
	version, _ := encode(storeRecord{Schema: storeSchema, Version: 2})
	if err := errors.Join(wb.Set([]byte(keySchema), version), wb.Flush(), db.Flatten(1), db.Close()); err != nil {
		t.Fatal(err)
	}

	s := openTest(t, dir)
	if r := s.Recovery(); r != nil {
		t.Fatalf("the store was taken for damaged: %v", r.Cause)
	}
	checkSummaries(t, s, "after the upgrade")
	if got := searchTitles(t, s, "note 499"); !reflect.DeepEqual(got, []string{"Note 499"}) {
		t.Errorf("search found %q, want Note 499", got)
	}
	s = reopen(t, s)
	if got, err := s.SearchNotes("governance"); err != nil || len(got) != len(notes) {
		t.Errorf("search after reopening found %d notes (%v), want %d", len(got), err, len(notes))
	}
}

func TestSearchReadsTextFromNoteWhenTold(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now))
	for _, n := range []model.Note{{Title: "Alpha", Body: "Wuzhen summit"}, {Title: "Beta", Body: "Geneva"}} {
		clock.add(time.Second)
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		if n.Title != "Alpha" {
			continue
		}
		// As for a text too large to keep twice: the record says to read
		// the note.
		err := s.db.Update(func(txn *badger.Txn) error {
			sum, _ := encodeSummary(&n)
			return txn.Set(textKey(n.ID), appendSearchRecord(nil, textInNote, sum, ""))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, listFirst := range []bool{false, true} {
		s = reopen(t, s, WithClock(clock.now))
		if listFirst {
			if _, err := s.NoteSummaries(); err != nil {
				t.Fatal(err)
			}
		}
		if got := searchTitles(t, s, "WUZHEN"); !reflect.DeepEqual(got, []string{"Alpha"}) {
			t.Errorf("listed first %v: search found %q, want Alpha", listFirst, got)
		}
		if got := searchTitles(t, s, "e"); !reflect.DeepEqual(got, []string{"Beta", "Alpha"}) {
			t.Errorf("listed first %v: search found %q, want Beta, Alpha", listFirst, got)
		}
	}
}

func TestSearchRecordFollowsWrites(t *testing.T) {
	clock := newClock()
	s := openTest(t, t.TempDir(), WithClock(clock.now), WithHistoryInterval(0))
	a := model.Note{Title: "Alpha", Body: "Wuzhen", Tags: []string{"Summit"}}
	if err := s.SaveNote(&a); err != nil {
		t.Fatal(err)
	}
	b := model.Note{Title: "Beta", Body: "Geneva"}
	if err := s.SaveNote(&b); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name  string
		do    func() error
		query string
		want  []string
	}{
		{"saved", func() error { return nil }, "summit", []string{"Alpha"}},
		{"edited", func() error {
			clock.add(time.Second)
			a.Body = "Geneva"
			return s.SaveNote(&a)
		}, "geneva", []string{"Alpha", "Beta"}},
		{"version restored", func() error {
			clock.add(time.Second)
			h, _ := s.NoteHistory(a.ID)
			_, err := s.RestoreNoteVersion(a.ID, h[0].Updated)
			return err
		}, "wuzhen", []string{"Alpha"}},
		{"deleted", func() error {
			d, err := s.DeleteNote(a.ID)
			a.Body = d.Note.Body
			return err
		}, "a", []string{"Beta"}},
		{"undeleted", func() error { return s.UndeleteNote(DeletedNote{Note: a}) }, "wuzhen", []string{"Alpha"}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		// From the disk, as the first search after Open.
		s = reopen(t, s, WithClock(clock.now), WithHistoryInterval(0))
		if got := searchTitles(t, s, st.query); !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: search for %q found %q, want %q", st.name, st.query, got, st.want)
		}
		checkSummaries(t, s, st.name)
	}
}

func FuzzDecodeSearchRecord(f *testing.F) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	n := model.Note{ID: "a", Title: "Wuzhen", Body: "İ ẞ Σ\n", Tags: []string{"T"}, Created: t0, Updated: t0}
	sum, _ := encodeSummary(&n)
	f.Add(encodeSearchRecord(&n, sum))
	f.Add(appendSearchRecord(nil, textInNote, sum, ""))
	f.Add(appendSearchRecord(nil, textInNote, []byte(`{"schema":"govscape/note-summary@1","id":"x","damaged":"cut short"}`), ""))
	for _, s := range []string{"", "\x01", "\x02", "\x03\x00", "\x01\x05abc", "\x02\x00x", "\x01\x80\x00", "\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sum, text, inNote, err := decodeSearchRecord(string(data))
		if err != nil {
			return
		}
		form := byte(textPlain)
		if inNote {
			form = textInNote
		}
		if again := appendSearchRecord(nil, form, []byte(sum), text); !bytes.Equal(again, data) {
			t.Fatalf("decodeSearchRecord(%q) = %q, %q, %v, which encode as %q", data, sum, text, inNote, again)
		}
	})
}

func FuzzDecodeSummary(f *testing.F) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, n := range []model.Note{
		{ID: "a", Title: "t", Created: t0, Updated: t0},
		{ID: "01m89y1zjgjpg19f0z1m", Title: "الحوكمة \"q\"", Tags: []string{"x", "主权"}, Entities: []string{"china"},
			Relation: &model.RelationRef{From: "a", To: "b", Role: "host"}, View: "v1", Created: t0, Updated: t0.Add(time.Hour)},
	} {
		data, err := encodeSummary(&n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		// The JSON form, as version 2 wrote every summary.
		if data, err = encode(summaryRecord{Schema: summarySchema, NoteSummary: summaryOf(&n)}); err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"\x01", "\x01\x00", "\x01\x02", "\x01\x00\x80\x00", "\x01\x00\x02\x00\x02\x00\x01a\x00\x00\x00\x00",
		"\x01\x01\x02\x00\x02\x00\x01a\x00\x00\x00\x00\x01x\x01y\x01z", "\x01\x00\x02\xff\xff\xff\xff\x0f\x02\x00\x01a\x00\x00\x00\x00"} {
		f.Add([]byte(s))
	}
	for _, s := range []string{``, `{}`, `null`, `{"schema":"govscape/note-summary@2"}`,
		`{"schema":"govscape/note-summary@1","id":"x","damaged":"cut short"}`,
		`{"schema":"govscape/note-summary@1","id":"a","created":"2026-01-01T00:00:00Z","updated":"2025-01-01T00:00:00Z"}`,
		`{"schema":"govscape/note-summary@1","id":"a","tags":[],"relation":{"from":"a","to":"b","role":"c"},"relation":{"to":"x"},"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}`,
		`{"schema":"govscape/note-summary@1","ID":"a","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}`,
		` { "schema" : "govscape/note-summary@1" , "id" : "a", "tags": [ "" ], "created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z" } `,
		`{"schema":"govscape/note-summary@1","id":"a","created":"2024-02-29T23:59:59.5Z","updated":"2024-03-01T00:00:00.123456789Z"}`,
		`{"schema":"govscape/note-summary@1","id":"a","created":"2023-02-29T00:00:00Z","updated":"2026-01-01T24:00:00Z"}`,
		`{"schema":"govscape/note-summary@1","id":"a","created":"2026-01-01T00:00:00.Z","updated":"2026-01-01T00:00:00.1234567891Z"}`,
		`{"schema":"govscape/note-summary@1","id":"a","created":"2026-01-01T00:00:00+01:00","updated":"0000-12-31T23:59:60Z"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The quick scanner, where it answers, agrees with encoding/json.
		if got, ok := scanSummary(data, string(data), newSummaryDecoder()); ok {
			var want summaryRecord
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("scanSummary accepted what encoding/json refuses (%v): %q", err, data)
			}
			if !sameRecord(got, want) {
				t.Fatalf("scanSummary = %+v, encoding/json = %+v", got, want)
			}
		}
		sum, err := decodeSummary(data)
		if err != nil {
			return
		}
		n := model.Note{ID: sum.ID, Title: sum.Title, Tags: sum.Tags, Entities: sum.Entities,
			Relation: sum.Relation, View: sum.View, Created: sum.Created, Updated: sum.Updated}
		if err := n.Validate(); err != nil {
			t.Fatalf("decodeSummary accepted an invalid summary: %v", err)
		}
		again, err := encodeSummary(&n)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if m, err := decodeSummary(again); err != nil || !sameRecord(summaryRecord{NoteSummary: m}, summaryRecord{NoteSummary: sum}) {
			t.Fatalf("round trip: %+v, %v; want %+v", m, err, sum)
		}
		// The binary form has one way to write a summary.
		if data[0] == summaryBinary && !bytes.Equal(again, data) {
			t.Fatalf("decodeSummary(%q) = %+v, which encodes as %q", data, sum, again)
		}
	})
}

// sameRecord compares two summary records, times by instant and location.
func sameRecord(a, b summaryRecord) bool {
	ta, tb := a, b
	ta.Created, ta.Updated, tb.Created, tb.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(ta, tb) && a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) &&
		a.Created.Location().String() == b.Created.Location().String() &&
		a.Updated.Location().String() == b.Updated.Location().String()
}

func FuzzScanSearchText(f *testing.F) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, n := range []model.Note{
		{ID: "a", Title: "T", Body: "Line one\nLINE \"two\"\t\\ end", Created: t0, Updated: t0},
		{ID: "b", Title: "ÉCOLE 网络", Body: "\x00\x1f <b> 🌍 e\u0301 İ ẞ Σ", Tags: []string{"Tag", "主权"}, Entities: []string{"china"},
			Relation: &model.RelationRef{From: "a", To: "b", Role: "host"}, View: "v", Created: t0, Updated: t0},
	} {
		data, err := encodeNote(&n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{`{"schema":"govscape/note@1","id":"a","body":"\ud83c\udf0d \ud800 x \u00C9\/"}`,
		`{"schema":"govscape/note@1","id":"a","body":"\ud800\u0041"}`, `{"schema":"govscape/note@1","body":"\x"}`,
		`{"schema":"govscape/note@1","tags":["A"],"tags":[]}`, `{"schema":"govscape/note@1","title":"a","title":"B"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		id, text, ok := scanSearchText(data)
		if !ok {
			return
		}
		var n noteText
		if err := json.Unmarshal(data, &n); err != nil {
			t.Fatalf("scanSearchText accepted what encoding/json refuses (%v): %q", err, data)
		}
		if want := searchText(n.Title, n.Body, n.Tags); id != n.ID || text != want || n.Schema != noteSchema {
			t.Fatalf("scanSearchText = %q, %q; encoding/json gives %q, %q", id, text, n.ID, want)
		}
	})
}

func FuzzUTCTime(f *testing.F) {
	for _, s := range []string{"2026-11-25T18:01:02Z", "2024-02-29T23:59:59.123456789Z", "2023-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "9999-12-31T23:59:59.9Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := utcTime([]byte(s))
		if !ok {
			return
		}
		var want time.Time
		if err := want.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
			t.Fatalf("utcTime(%q) = %v, but UnmarshalJSON refuses it: %v", s, got, err)
		}
		if !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("utcTime(%q) = %v, UnmarshalJSON gives %v", s, got, want)
		}
	})
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "plain ascii text, long enough for words", "a\\b", "tab\there", "主权 and more ascii after it",
		"\xff bad", "0123456\x1f89abcdef", "01234567\\9abcdef"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := utf8.Valid(data)
		for _, c := range data {
			if c < 0x20 || c == '\\' {
				want = false
			}
		}
		if got := plainText(data); got != want {
			t.Fatalf("plainText(%q) = %v, want %v", data, got, want)
		}
	})
}

func FuzzContainsAt(f *testing.F) {
	for _, s := range [][2]string{{"the wuzhen summit", "wuzhen"}, {"wuzhe wuzhen", "wuzhen"}, {"zzzzzzzzzzzz", "zza"},
		{"abc", "abcd"}, {"", "z"}, {"主权 sovereignty", "主权"}, {"azazazazazazazazazazazazazazazazazazazazazazazazazazazaz", "azb"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		if w == "" {
			return
		}
		if got, want := containsAt(s, w, rarestByte(w)), strings.Contains(s, w); got != want {
			t.Fatalf("containsAt(%q, %q) = %v, strings.Contains says %v", s, w, got, want)
		}
		for at := range len(w) {
			if got, want := containsAt(s, w, at), strings.Contains(s, w); got != want {
				t.Fatalf("containsAt(%q, %q, %d) = %v, strings.Contains says %v", s, w, at, got, want)
			}
		}
	})
}

// TestFirstSearchKeepsNotesWithoutSearchRecord damages the search records
// of two notes — one gone, one garbage — and makes a search the first read
// after opening: both notes are still found by their text, and the listing
// that follows still shows every note.
func TestFirstSearchKeepsNotesWithoutSearchRecord(t *testing.T) {
	clock := newClock()
	s := openTest(t, filepath.Join(t.TempDir(), "store"), WithClock(clock.now), WithHistoryInterval(0))
	var ids []string
	for i, body := range []string{"wuzhen summit notes", "wuzhen again, damaged record", "wuzhen, record gone", "nothing here"} {
		clock.add(time.Minute)
		n := model.Note{Title: fmt.Sprintf("n%d", i), Body: body}
		if err := s.SaveNote(&n); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(textKey(ids[1]), []byte("\x7fnot a search record")); err != nil {
			return err
		}
		return txn.Delete(textKey(ids[2]))
	})
	if err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, WithClock(clock.now))
	got := searchTitles(t, s, "wuzhen")
	slices.Sort(got)
	if want := []string{"n0", "n1", "n2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("first search found %q, want %q", got, want)
	}
	sums, err := s.NoteSummaries()
	if err != nil || len(sums) != 4 {
		t.Errorf("listing after the search: %d notes (%v), want all 4", len(sums), err)
	}
}
