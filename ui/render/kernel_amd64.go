package render

// The assembly loops (kernel_amd64.s). They trust the run: callers check it
// with kernel.safe first.

//go:noescape
func hairAsm(k *kernel)

//go:noescape
func hairDashAsm(k *kernel)

//go:noescape
func thinAsm(k *kernel)

//go:noescape
func thickAsm(k *kernel)

//go:noescape
func thinDashAsm(k *kernel)

//go:noescape
func thickDashAsm(k *kernel)

func hairRun(pix []uint32, k *kernel)      { hairAsm(k) }
func hairDashRun(pix []uint32, k *kernel)  { hairDashAsm(k) }
func thinRun(pix []uint32, k *kernel)      { thinAsm(k) }
func thickRun(pix []uint32, k *kernel)     { thickAsm(k) }
func thinDashRun(pix []uint32, k *kernel)  { thinDashAsm(k) }
func thickDashRun(pix []uint32, k *kernel) { thickDashAsm(k) }
