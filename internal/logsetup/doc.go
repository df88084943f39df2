// Package logsetup makes the programs' staff log: log/slog text lines on
// standard error (the journal under systemd), at the level the
// AFTERIMAGE_LOG_LEVEL environment variable names — "debug", "info" (the
// default), "warn" or "error". The log never holds patient data at any
// level; debug adds lines for troubleshooting and measuring (e.g. when the
// quiet space draws a frame).
package logsetup
