package render

import (
	"sync"
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
	tab                           *blendTable // 104: blendsOf(color, alpha)
}

// The assembly reads the fields at these offsets.
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.color)-64]
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.period)-96]
var _ = [1]struct{}{}[unsafe.Offsetof(kernel{}.tab)-104]

// blendTable is a line colour's blends laid out for the assembly. The
// blend of colour c into pixel p with weight w, p + ⌊(c − p)·w/256⌋, is
// also ⌊(p·(256 − w) + c·w)/256⌋, all of it within 16 bits a channel: one
// multiplication, one addition and one shift, given 256 − w and c·w. An
// entry holds them for two pixels — four 16-bit channels each, as a
// register of the assembly holds two pixels — one 16-byte vector each.
type blendTable struct {
	// Smooth lines, for each fraction (in 256ths) that the line sits
	// below its first pixel: 256 − w, then c·w, for the step's two pixels.
	thin [256][2][8]uint16 // at 0
	// Thick lines, likewise: for the first and middle pixels (the middle
	// at the full weight), then for the last (the other half unused).
	thick [256][4][8]uint16 // at 8192
	// Hairlines: the full weight, for two pixels.
	hair [2][8]uint16 // at 24576
}

var _ = [1]struct{}{}[unsafe.Offsetof(blendTable{}.thick)-8192]
var _ = [1]struct{}{}[unsafe.Offsetof(blendTable{}.hair)-24576]

// blendsOf returns the blend table of colour c (an opaque pixel) at alpha,
// made once and kept while there are few colours in use.
func blendsOf(c, alpha uint32) *blendTable {
	key := uint64(c)<<8 | uint64(alpha)
	blendMu.Lock()
	defer blendMu.Unlock()
	if t, ok := blendTables[key]; ok {
		return t
	}
	if len(blendTables) >= 64 {
		clear(blendTables) // colours come and go with themes; keep a few
	}
	// The assembly reads the vectors as aligned 16-byte operands.
	buf := make([]byte, unsafe.Sizeof(blendTable{})+15)
	off := (16 - uintptr(unsafe.Pointer(&buf[0]))%16) % 16
	t := (*blendTable)(unsafe.Pointer(&buf[off]))
	lanes := [4]uint32{c & 0xFF, c >> 8 & 0xFF, c >> 16 & 0xFF, 0xFF}
	vec := func(w0, w1 uint32) (inv, cw [8]uint16) {
		for j, w := range [2]uint32{w0, w1} {
			for l, v := range lanes {
				inv[4*j+l], cw[4*j+l] = uint16(256-w), uint16(v*w)
			}
		}
		return
	}
	ua := weight(alpha)
	for f, w := range coverage(alpha) {
		w0, w1 := w&0xFFFF, w>>16
		t.thin[f][0], t.thin[f][1] = vec(w0, w1)
		t.thick[f][0], t.thick[f][1] = vec(w0, ua)
		t.thick[f][2], t.thick[f][3] = vec(w1, 0)
	}
	t.hair[0], t.hair[1] = vec(ua, ua)
	blendTables[key] = t
	return t
}

var (
	blendMu     sync.Mutex
	blendTables = map[uint64]*blendTable{}
)

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
	// (The assembly takes one of the two a step: across rows or down them.)
	return k.ms >= 0 && k.ns > 0 && (k.ms == 1 || k.ns == 1) && lo >= 0 && hi < n
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
