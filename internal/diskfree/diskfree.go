// Package diskfree says how much room a folder's disk has left, for the
// kiosk's staff panel and the spool's checks.
package diskfree

import (
	"fmt"
	"syscall"
)

// Available is how many bytes an unprivileged user can still write on
// the disk that holds dir.
func Available(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("diskfree: %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}
