//go:build race

package kioskui

// raceEnabled: the tests run under the race detector (slower).
const raceEnabled = true
