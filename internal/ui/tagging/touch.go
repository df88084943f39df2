package tagging

// NewTouchEntry returns a text field that opens the on-screen keyboard
// through onTap when it is tapped (see TouchEntry); multiLine lets it take
// new lines. Other screens with text to type (the writing studio) use it.
func NewTouchEntry(multiLine bool, onTap func(*TouchEntry)) *TouchEntry {
	return newTouchEntry(multiLine, onTap)
}
