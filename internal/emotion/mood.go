package emotion

// The mood scale: pleasantness and energy are each rated MoodMin..MoodMax.
// Zero means "not given" (piece.Mood's zero value).
const (
	MoodMin = 1
	MoodMax = 9
)

// Axis is one dimension of the mood scale and of the emotion grid.
type Axis int

// The two axes.
const (
	Pleasantness Axis = iota
	Energy
)

// String names the axis (also the axis' translation key suffix).
func (a Axis) String() string {
	if a == Energy {
		return "energy"
	}
	return "pleasantness"
}

// ValidMood reports whether level is on the scale or zero (not given).
func ValidMood(level int) bool { return level == 0 || (level >= MoodMin && level <= MoodMax) }
