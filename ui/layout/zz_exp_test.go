package layout

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
	"time"
)

func envf(k string, d float64) float64 {
	if v := os.Getenv(k); v != "" {
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return d
}

func TestExp(t *testing.T) {
	n := int(envf("N", 10000))
	k := int(envf("K", 20))
	g := GenerateCommunities(n, k, 8, 1, 1)

	opts := ForceOptions{Theta: envf("THETA", 1), Repulsion: envf("KR", 1), Gravity: envf("KG", 1), Tolerance: envf("TOL", 1), Linear: os.Getenv("LINEAR") != ""}
	f := NewForce(g, nil, opts)
	start := time.Now()
	for it := 0; it < int(envf("IT", 300)); it += int(envf("EVERY", 25)) {
		f.Step(int(envf("EVERY", 25)))
		p := f.Positions()
		r2 := 0.0
		for _, q := range p {
			r2 += q.X*q.X + q.Y*q.Y
		}
		fmt.Printf("rms=%.0f ", math.Sqrt(r2/float64(len(p))))
		fmt.Printf("it=%d er=%.4f speed=%.3g eff=%.3g mov=%.2e settled=%v ms/it=%.2f\n", f.iterations, EdgeRatio(g, p), f.speed, f.efficiency, f.movement, f.Settled(), float64(time.Since(start).Microseconds())/1000/float64(f.iterations))
	}
}
