package displaybench

import (
	"os"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// Display returns the DISPLAY of the bench's Xvfb. The screen is shared, so
// the test holds it exclusively until it ends.
func Display(t testing.TB) string {
	t.Helper()
	benchenv.Require(t, "the Xvfb display", "DISPLAY")
	benchenv.Lock(t, "display")
	return os.Getenv("DISPLAY")
}
