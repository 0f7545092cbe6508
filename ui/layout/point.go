package layout

// Point is a position in layout space. Layout space follows the screen
// convention — X grows rightwards, Y downwards — and has no fixed unit: the
// map scales it to fit.
type Point struct{ X, Y float64 }
