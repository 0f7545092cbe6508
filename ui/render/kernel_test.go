package render

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKernelsMatchGo runs the plotting loops this machine uses (assembly on
// amd64) and the Go ones on the same random runs over the same random
// pixels: they must agree to the bit, steep and flat, dashed or not.
func TestKernelsMatchGo(t *testing.T) {
	const w, h = 64, 48
	rng := rand.New(rand.NewPCG(5, 6))
	kinds := []struct {
		name     string
		span     int
		run, ref func([]uint32, *kernel)
	}{
		{"hair", 1, hairRun, hairGo},
		{"dash", 1, hairDashRun, hairDashGo},
		{"thin", 2, thinRun, thinGo},
		{"thick", 3, thickRun, thickGo},
		{"thin dashes", 2, thinDashRun, func(p []uint32, k *kernel) { dashGo(p, k, thinGo) }},
		{"thick dashes", 3, thickDashRun, func(p []uint32, k *kernel) { dashGo(p, k, thickGo) }},
	}
	for _, kd := range kinds {
		tried := 0
		for tried < 500 {
			steep := rng.IntN(2) == 0
			k := kernel{n: 1 + rng.IntN(40), step: int64(rng.IntN(2*65536+1) - 65536)}
			alpha := uint32(rng.IntN(256))
			k.color = rng.Uint32() | 0xFF000000
			k.cov, k.tab, k.ua = coverage(alpha), blendsOf(k.color, alpha), weight(alpha)
			start := rng.IntN(w)
			if steep {
				k.ms, k.ns = w, 1
				k.i = rng.IntN(h) * w
			} else {
				k.ms, k.ns = 1, w
				k.i = start
			}
			k.yf = int64(rng.IntN(h * 65536)) // minor coordinate, whichever axis it is
			if steep {
				k.yf = int64(rng.IntN(w * 65536))
			}
			k.along, k.dashLen = int64(65536+rng.IntN(30000)), int64(65536*(1+rng.IntN(5)))
			k.period = 2 * k.dashLen
			k.phase = int64(rng.IntN(int(k.period)))
			pix := make([]uint32, w*h)
			for i := range pix {
				pix[i] = rng.Uint32() | 0xFF000000
			}
			if !k.safe(len(pix), kd.span) {
				continue
			}
			tried++
			got, want := slices.Clone(pix), slices.Clone(pix)
			kg, kw := k, k
			kg.pix, kw.pix = &got[0], &want[0]
			kd.run(got, &kg)
			kd.ref(want, &kw)
			if !slices.Equal(got, want) {
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("%s, run %+v: word %d is %#08x, the Go loop gives %#08x", kd.name, k, i, got[i], want[i])
					}
				}
			}
			if kg.phase != kw.phase {
				t.Fatalf("%s: phase after the run %d, the Go loop leaves %d", kd.name, kg.phase, kw.phase)
			}
			if slices.Equal(got, pix) && alpha > 8 && kd.name != "dash" && kd.name != "thin dashes" && kd.name != "thick dashes" {
				t.Fatalf("%s, run %+v: nothing was drawn", kd.name, k)
			}
		}
	}
}

func TestKernelSafety(t *testing.T) {
	k := kernel{i: 10, ms: 1, ns: 100, yf: 5 << 16, step: 1 << 16, n: 10}
	if !k.safe(100*20, 2) {
		t.Error("a run well inside the image was refused")
	}
	if k.safe(100*15, 2) {
		t.Error("a run whose last step reaches row 15 was let through a 15-row image")
	}
	k.yf = -1 << 16
	if k.safe(100*20, 1) {
		t.Error("a run starting above the image was let through")
	}
}
