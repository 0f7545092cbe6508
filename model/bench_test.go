package model_test

import (
	"encoding/json"
	"testing"

	"govscape/model"
)

// BenchmarkSearch times one search of a 50k-entity landscape per kind of
// query: the search box searches on every key press, so this is the budget
// of one key press.
func BenchmarkSearch(b *testing.B) {
	l := model.Synthetic(1, 50_000, 3)
	queries := []struct{ name, q string }{
		{"exact-id", "e4242"},
		{"prefix", "glob"},
		{"word", "forum"},
		{"substring", "ternet"},
		{"text", "privacy rights"},
		{"miss", "zzzz"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			var hits int
			for b.Loop() {
				hits = len(l.Search(q.q))
			}
			b.ReportMetric(float64(hits), "hits")
			b.ReportMetric(float64(len(l.Entities)), "entities")
		})
	}
}

// BenchmarkParse times loading and validating a 10k-entity document: what a
// person waits for when importing a large dataset.
func BenchmarkParse(b *testing.B) {
	data, err := json.Marshal(model.Synthetic(1, 10_000, 3))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := model.Parse(data, "synthetic"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSynthetic times building the 50k-entity landscape the other
// benchmarks start from, so their set-up cost is known.
func BenchmarkSynthetic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		model.Synthetic(1, 50_000, 3)
	}
}
