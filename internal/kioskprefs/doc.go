// Package kioskprefs keeps the few settings staff change on the kiosk itself
// from the staff panel: which microphone to record from and whether the
// screen uses high contrast. They live in the kiosk's data folder, hold no
// patient data, and override the configuration file's defaults.
package kioskprefs
