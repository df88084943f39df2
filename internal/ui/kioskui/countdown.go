package kioskui

import "time"

// countdownSeconds is what a countdown with left to go says: whole seconds,
// rounded up, so that it says 0 only when the time is up (the idle reset
// happens on that same beat) and never lingers at 0 while time remains.
func countdownSeconds(left time.Duration) int {
	if left <= 0 {
		return 0
	}
	return int((left + time.Second - 1) / time.Second)
}
