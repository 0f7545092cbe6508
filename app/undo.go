package app

// Undo is a stack of steps that can be taken back: deleting a note or a view,
// renaming or overwriting a view. Each entry knows how to reverse itself.
type Undo struct {
	steps []undoStep
	// OnChange, when set, hears whenever the stack grows or shrinks, so a menu
	// can show what Ctrl+Z would undo.
	OnChange func()
}

type undoStep struct {
	what string
	undo func() error
}

// maxUndo bounds the stack; older steps fall off.
const maxUndo = 100

// Push records a step: what names it for people ("delete view “IGF vs WIC”"),
// undo reverses it.
func (u *Undo) Push(what string, undo func() error) {
	u.steps = append(u.steps, undoStep{what, undo})
	if len(u.steps) > maxUndo {
		u.steps = u.steps[1:]
	}
	if u.OnChange != nil {
		u.OnChange()
	}
}

// Next names the step Undo would take back, or "" when there is none.
func (u *Undo) Next() string {
	if len(u.steps) == 0 {
		return ""
	}
	return u.steps[len(u.steps)-1].what
}

// Undo takes back the latest step. When reversing fails the step stays on the
// stack, so the user can try again, and the error says why.
func (u *Undo) Undo() (string, error) {
	if len(u.steps) == 0 {
		return "", nil
	}
	s := u.steps[len(u.steps)-1]
	if err := s.undo(); err != nil {
		return s.what, err
	}
	u.steps = u.steps[:len(u.steps)-1]
	if u.OnChange != nil {
		u.OnChange()
	}
	return s.what, nil
}
