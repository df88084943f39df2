package logsetup

import (
	"io"
	"log/slog"
	"os"
	"strings"
)

// EnvLevel is the environment variable that sets the log's level.
const EnvLevel = "AFTERIMAGE_LOG_LEVEL"

// New is a text logger on w at the level EnvLevel names. An unknown name
// keeps the default, Info, and says so in the log's first line.
func New(w io.Writer) *slog.Logger {
	name := os.Getenv(EnvLevel)
	level, ok := Level(name)
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	if !ok {
		log.Warn("unknown log level: logging at info", "env", EnvLevel, "value", name)
	}
	return log
}

// Level is the slog level a name stands for ("" is Info), and whether the
// name is known.
func Level(name string) (slog.Level, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "info":
		return slog.LevelInfo, true
	case "debug":
		return slog.LevelDebug, true
	case "warn", "warning":
		return slog.LevelWarn, true
	case "error":
		return slog.LevelError, true
	}
	return slog.LevelInfo, false
}
