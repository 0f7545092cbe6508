package app_test

import (
	"testing"

	"govscape/app"
	"govscape/model"
)

// BenchmarkYear_move times what moving the year slider by one year costs the
// explorer on a 10k-entity landscape: the filter, the forum counts and the
// table's rows recomputed (the map's own rebuild is extra).
func BenchmarkYear_move(b *testing.B) {
	l := model.Synthetic(1, 10000, 3)
	x := app.New(l)
	first, last := l.YearRange()
	y := first
	b.ReportAllocs()
	for b.Loop() {
		y++
		if y > last {
			y = first
		}
		x.SetYear(y)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms")
	b.ReportMetric(float64(len(l.Entities)), "nodes")
}
