package layout

import ("fmt"; "testing")

func TestWarmExp(t *testing.T) {
	g := GenerateCommunities(1000, 10, 8, 1, 1)
	f0 := NewForce(g, nil, ForceOptions{})
	f0.Step(300)
	settled := f0.Positions()
	fmt.Println("settled", f0.Settled(), f0.Iterations(), "rms-ish", reach(settled))
	f := NewForce(g, settled, ForceOptions{Seed: 99})
	for k := 0; k < 10; k++ {
		f.Step(20)
		got := f.Positions()
		moved := 0.0
		for i := range got { moved += Distance(got[i], settled[i]) }
		fmt.Printf("it=%d mean move %.1f er %.4f mov %.2e speed %.3g heat %.3g settled %v\n", f.Iterations(), moved/float64(len(got)), EdgeRatio(g, got), f.movement, f.speed, f.heat, f.Settled())
	}
}
