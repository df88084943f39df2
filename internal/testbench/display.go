package testbench

import (
	"os"
	"testing"
)

// Display returns the DISPLAY of the bench's Xvfb. The screen is shared, so
// the test holds it exclusively until it ends.
func Display(t testing.TB) string {
	t.Helper()
	require(t, "the Xvfb display", "DISPLAY")
	lock(t, "display")
	return os.Getenv("DISPLAY")
}
