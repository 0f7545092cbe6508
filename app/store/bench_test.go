package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"govscape/model"
)

var benchWords = strings.Fields(`internet governance forum multistakeholder multilateral sovereignty open
	global data flows content control standards icann ietf itu wsis review negotiation delegation civil
	society technical community states bloc company secretariat observer signatory норма 主权 السيادة
	resolution mandate cooperation cybersecurity norms capacity development digital compact`)

// benchNote is a note of about a kilobyte of words; one in a hundred
// mentions "wuzhen".
func benchNote(r *rand.Rand, i int, t time.Time) model.Note {
	var b strings.Builder
	for b.Len() < 600+r.IntN(800) {
		b.WriteString(benchWords[r.IntN(len(benchWords))])
		b.WriteByte(' ')
	}
	if i%100 == 0 {
		b.WriteString("Wuzhen summit.")
	}
	return model.Note{
		ID: newID(t), Title: fmt.Sprintf("Note %d on %s", i, benchWords[r.IntN(len(benchWords))]),
		Body: b.String(), Tags: []string{benchWords[r.IntN(len(benchWords))]},
		Entities: []string{"china", "igf"}, Created: t, Updated: t,
	}
}

// benchStore makes a closed store holding n notes, written in batches for
// speed, and returns its folder.
func benchStore(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "store")
	s := openTest(b, dir)
	wb := s.db.NewWriteBatch()
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		note := benchNote(r, i, t0.Add(time.Duration(i)*time.Minute))
		data, err := encodeNote(&note)
		if err != nil {
			b.Fatal(err)
		}
		if err := wb.Set(noteKey(note.ID), data); err != nil {
			b.Fatal(err)
		}
		// The records SaveNote writes beside the note.
		if err := putDerived(wb, &note); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	// Leave the store as it would be at rest: compacted.
	if err := s.db.Flatten(2); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkNoteSave compares saving a new note, durably, with a bare write
// and fsync of the same bytes to a file in the store's folder.
func BenchmarkNoteSave(b *testing.B) {
	s := openTest(b, filepath.Join(b.TempDir(), "store"))
	ref, err := os.OpenFile(filepath.Join(s.Dir(), "fsync-reference"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer ref.Close()
	r := rand.New(rand.NewPCG(3, 4))
	var save, sync time.Duration
	count := 0
	b.ReportAllocs()
	for b.Loop() {
		n := benchNote(r, 1, time.Now())
		n.ID = ""
		t0 := time.Now()
		if err := s.SaveNote(&n); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		data, _ := encodeNote(&n)
		if _, err := ref.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := ref.Sync(); err != nil {
			b.Fatal(err)
		}
		save += t1.Sub(t0)
		sync += time.Since(t1)
		count++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(count) / 1e6 }
	b.ReportMetric(ms(save), "save_ms")
	b.ReportMetric(ms(sync), "fsync_ms")
	b.ReportMetric(float64(save)/float64(sync), "ratio")
}

const benchNotes = 10000

// BenchmarkOpen10k opens a store holding 10k notes.
func BenchmarkOpen10k(b *testing.B) {
	dir := benchStore(b, benchNotes)
	var total time.Duration
	count := 0
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		s, err := Open(dir, WithLogger(testLogger(b)))
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
		count++
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/float64(count)/1e6, "open_ms")
}

// BenchmarkNotes10k lists 10k notes, newest first, as the Notes tab does,
// once the store has listed them before.
func BenchmarkNotes10k(b *testing.B) {
	s := openTest(b, benchStore(b, benchNotes))
	var total time.Duration
	count := 0
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		ns, err := s.NoteSummaries()
		if err != nil || len(ns) != benchNotes {
			b.Fatalf("NoteSummaries: %d, %v", len(ns), err)
		}
		total += time.Since(t0)
		count++
	}
	b.ReportMetric(float64(total)/float64(count)/1e6, "list_ms")
	b.ReportMetric(benchNotes, "notes")
}

// BenchmarkNotes10kCold lists 10k notes for the first time after Open,
// which reads every note's summary into the store's cache.
func BenchmarkNotes10kCold(b *testing.B) {
	benchFirstAfterOpen(b, "list_ms", func(s *Store) (int, error) {
		ns, err := s.NoteSummaries()
		return len(ns), err
	}, benchNotes)
}

// benchFirstAfterOpen times op as the first read after opening a store of
// 10k notes, the opening itself untimed, and reports it as metric. op
// returns how many notes it found, which must be want (or, if want is 0,
// any but none).
func benchFirstAfterOpen(b *testing.B, metric string, op func(*Store) (int, error), want int) {
	dir := benchStore(b, benchNotes)
	var total time.Duration
	count := 0
	for b.Loop() {
		b.StopTimer()
		s, err := Open(dir, WithLogger(testLogger(b)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if n, err := op(s); err != nil || (want > 0 && n != want) || n == 0 {
			b.Fatalf("%s: %d notes, %v", metric, n, err)
		}
		total += time.Since(t0)
		count++
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/float64(count)/1e6, metric)
}

// BenchmarkNotesWhole10k reads 10k notes whole, bodies included, as an
// export does.
func BenchmarkNotesWhole10k(b *testing.B) {
	s := openTest(b, benchStore(b, benchNotes))
	var total time.Duration
	count := 0
	for b.Loop() {
		t0 := time.Now()
		if ns, err := s.Notes(); err != nil || len(ns) != benchNotes {
			b.Fatalf("Notes: %d, %v", len(ns), err)
		}
		total += time.Since(t0)
		count++
	}
	b.ReportMetric(float64(total)/float64(count)/1e6, "read_ms")
}

// BenchmarkSearch10k searches 10k notes for a word in 1% of them and for
// one in most of them, once an earlier search has read the bodies.
func BenchmarkSearch10k(b *testing.B) {
	s := openTest(b, benchStore(b, benchNotes))
	if _, err := s.SearchNotes("warm"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, query string }{{"rare", "wuzhen"}, {"common", "governance"}} {
		b.Run(q.name, func(b *testing.B) {
			var total time.Duration
			count, hits := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				ns, err := s.SearchNotes(q.query)
				if err != nil || len(ns) == 0 {
					b.Fatalf("SearchNotes(%q): %d, %v", q.query, len(ns), err)
				}
				total += time.Since(t0)
				count, hits = count+1, len(ns)
			}
			b.ReportMetric(float64(total)/float64(count)/1e6, "search_ms")
			b.ReportMetric(float64(hits), "hits")
		})
	}
}

// BenchmarkSearch10kFirst is the first search after Open, which reads
// every note's search record.
func BenchmarkSearch10kFirst(b *testing.B) {
	benchFirstAfterOpen(b, "search_ms", func(s *Store) (int, error) {
		ns, err := s.SearchNotes("wuzhen")
		return len(ns), err
	}, 0)
}

// BenchmarkHeapAfterOpen10k measures the Go heap a store holding 10k notes
// takes once open and at rest, once its notes have been listed, and once
// they have been searched.
func BenchmarkHeapAfterOpen10k(b *testing.B) {
	dir := benchStore(b, benchNotes)
	var heap, listed, searched float64
	count := 0
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s, err := Open(dir, WithLogger(testLogger(b)))
		if err != nil {
			b.Fatal(err)
		}
		grown := func() float64 {
			runtime.GC()
			runtime.ReadMemStats(&after)
			return float64(after.HeapAlloc) - float64(before.HeapAlloc)
		}
		heap += grown()
		if _, err := s.NoteSummaries(); err != nil {
			b.Fatal(err)
		}
		listed += grown()
		if _, err := s.SearchNotes("wuzhen"); err != nil {
			b.Fatal(err)
		}
		searched += grown()
		count++
		s.Close()
	}
	mib := func(v float64) float64 { return v / float64(count) / (1 << 20) }
	b.ReportMetric(mib(heap), "heap_MiB")
	b.ReportMetric(mib(listed), "heap_listed_MiB")
	b.ReportMetric(mib(searched), "heap_searched_MiB")
}
