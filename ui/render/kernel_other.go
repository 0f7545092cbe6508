//go:build !amd64

package render

func hairRun(pix []uint32, k *kernel)      { hairGo(pix, k) }
func hairDashRun(pix []uint32, k *kernel)  { hairDashGo(pix, k) }
func thinRun(pix []uint32, k *kernel)      { thinGo(pix, k) }
func thickRun(pix []uint32, k *kernel)     { thickGo(pix, k) }
func thinDashRun(pix []uint32, k *kernel)  { dashGo(pix, k, thinGo) }
func thickDashRun(pix []uint32, k *kernel) { dashGo(pix, k, thickGo) }
