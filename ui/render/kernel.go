package render

import (
	"sync/atomic"
	"unsafe"
)

// kernel is a run of steps of a line, every pixel of which is inside the
// image, handed to the loops that plot them: step j plots at word
// i + j·ms + ((yf + j·step)>>16)·ns, and the pixels after it ns apart. On
// amd64 the loops are in assembly (kernel_amd64.s), blending two pixels at
// a time with SSE2, which every amd64 processor has; elsewhere, and as the
// reference they are tested against, they are the Go loops below. Both
// compute px + ⌊(c − px)·w/256⌋ in each channel, so they agree to the bit.
type kernel struct {
	pix       *uint32      // 0: the image
	i, ms, ns int          // 8, 16, 24
	yf, step  int64        // 32, 40
	n         int          // 48: steps
	cov       *[256]uint32 // 56: coverage(alpha)
	color, ua uint32       // 64: the colour, an opaque pixel; 68: a hairline's weight
	// 72…96: dashes, for hairDash: the phase, what a step adds to it, the
	// dash's length and the period of dash and gap; the phase after the run
	// is left in phase.
	phase, along, dashLen, period int64
	vec                           *[256][8]uint16 // 104: coverageVec(alpha)
}

// The assembly reads the fields at these offsets.
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.color)-64]
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.period)-96]
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.vec)-104]

// coverageVec is coverage(alpha) laid out for the assembly: for each
// fraction, the two weights doubled, each four times — a register's worth,
// loaded in one instruction.
func coverageVec(alpha uint32) *[256][8]uint16 {
	v := coverageVecs[alpha].Load()
	if v == nil {
		v = new([256][8]uint16)
		for f, w := range coverage(alpha) {
			w0, w1 := uint16(2*(w&0xFFFF)), uint16(2*(w>>16))
			v[f] = [8]uint16{w0, w0, w0, w0, w1, w1, w1, w1}
		}
		coverageVecs[alpha].Store(v)
	}
	return v
}

var coverageVecs [256]atomic.Pointer[[256][8]uint16]

// safe reports whether every pixel the run plots, span of them a step, lies
// within pix[:n]. The minor coordinate moves one way, so the run's extremes
// are at its ends.
func (k *kernel) safe(n, span int) bool {
	if k.n <= 0 {
		return true
	}
	m0, m1 := int(k.yf>>16), int((k.yf+k.step*int64(k.n-1))>>16)
	lo := k.i + min(m0, m1)*k.ns
	hi := k.i + (k.n-1)*k.ms + (max(m0, m1)+span-1)*k.ns
	return k.ms >= 0 && k.ns > 0 && lo >= 0 && hi < n
}

// The Go loops.

func hairGo(pix []uint32, k *kernel) {
	c := paintOfSolid(k.color)
	i, yf := k.i, k.yf
	for range k.n {
		p := i + int(yf>>16)*k.ns
		pix[p] = over(pix[p], c, k.ua)
		i, yf = i+k.ms, yf+k.step
	}
}

func hairDashGo(pix []uint32, k *kernel) {
	c := paintOfSolid(k.color)
	i, yf, phase := k.i, k.yf, k.phase
	for range k.n {
		if phase < k.dashLen {
			p := i + int(yf>>16)*k.ns
			pix[p] = over(pix[p], c, k.ua)
		}
		if phase += k.along; phase >= k.period {
			phase -= k.period
		}
		i, yf = i+k.ms, yf+k.step
	}
	k.phase = phase
}

func thinGo(pix []uint32, k *kernel) {
	c := paintOfSolid(k.color)
	i, yf := k.i, k.yf
	for range k.n {
		w := k.cov[uint8(yf>>8)]
		p := i + int(yf>>16)*k.ns
		pix[p] = over(pix[p], c, w&0xFFFF)
		p += k.ns
		pix[p] = over(pix[p], c, w>>16)
		i, yf = i+k.ms, yf+k.step
	}
}

func thickGo(pix []uint32, k *kernel) {
	c := paintOfSolid(k.color)
	i, yf := k.i, k.yf
	for range k.n {
		w := k.cov[uint8(yf>>8)]
		p := i + int(yf>>16)*k.ns
		pix[p] = over(pix[p], c, w&0xFFFF)
		p += k.ns
		pix[p] = over(pix[p], c, k.ua)
		p += k.ns
		pix[p] = over(pix[p], c, w>>16)
		i, yf = i+k.ms, yf+k.step
	}
}

// dashGo runs a smooth line's loop step by step through its dashes.
func dashGo(pix []uint32, k *kernel, solid func([]uint32, *kernel)) {
	step := *k
	step.n = 1
	for range k.n {
		if k.phase < k.dashLen {
			solid(pix, &step)
		}
		if k.phase += k.along; k.phase >= k.period {
			k.phase -= k.period
		}
		step.i, step.yf = step.i+k.ms, step.yf+k.step
	}
}

// paintOfSolid spreads an opaque pixel into paint.c's lanes.
func paintOfSolid(px uint32) uint64 {
	return uint64(px&0xFF) | uint64(px>>16&0xFF)<<16 | uint64(px>>8&0xFF)<<32 | 0xFF<<48
}
