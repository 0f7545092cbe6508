package render

// The assembly loops (kernel_amd64.s), in two forms each: X for a line
// that steps across columns (ms = 1), Y for one that steps down rows
// (ns = 1). They trust the run: callers check it with kernel.safe first,
// which also makes sure it is one form or the other.

//go:noescape
func hairXAsm(k *kernel)

//go:noescape
func hairYAsm(k *kernel)

//go:noescape
func hairDashXAsm(k *kernel)

//go:noescape
func hairDashYAsm(k *kernel)

//go:noescape
func thinXAsm(k *kernel)

//go:noescape
func thinYAsm(k *kernel)

//go:noescape
func thinDashXAsm(k *kernel)

//go:noescape
func thinDashYAsm(k *kernel)

//go:noescape
func thickXAsm(k *kernel)

//go:noescape
func thickYAsm(k *kernel)

//go:noescape
func thickDashXAsm(k *kernel)

//go:noescape
func thickDashYAsm(k *kernel)

// The runs call the loops directly, each spelled out: choosing them
// through func values (a helper taking the two forms, and a table of runs
// in raster.go) measured 19 % slower frames here, with no more
// allocations, so the cost is in the indirect calls themselves.

func hairRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		hairYAsm(k)
	} else {
		hairXAsm(k)
	}
}

func hairDashRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		hairDashYAsm(k)
	} else {
		hairDashXAsm(k)
	}
}

func thinRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		thinYAsm(k)
	} else {
		thinXAsm(k)
	}
}

func thickRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		thickYAsm(k)
	} else {
		thickXAsm(k)
	}
}

func thinDashRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		thinDashYAsm(k)
	} else {
		thinDashXAsm(k)
	}
}

func thickDashRun(pix []uint32, k *kernel) {
	if k.ns == 1 {
		thickDashYAsm(k)
	} else {
		thickDashXAsm(k)
	}
}
