// Package paint is Afterimage's raster brush engine. It has no user
// interface: a Painter turns pointer samples into pixels on a tiled
// *image.RGBA canvas, keeps a bounded undo/redo history as per-tile XOR
// deltas, and records every action in a stroke Log.
//
// The engine is deterministic: the same log always gives the same pixels.
// Pointer samples are quantised to 1/16 px and microseconds before they are
// used, the airbrush draws from a seeded generator whose seed is logged, and
// floating-point products that feed an addition are wrapped in explicit
// conversions so that no compiler may fuse them into FMA instructions (the Go
// specification allows fusion otherwise, and it differs between CPUs).
// Replay (Replay, Player) therefore reproduces the live image bit for bit.
//
// All methods of a Painter must be called from one goroutine (the UI
// goroutine in the kiosk); Log.Snapshot may be called from any goroutine.
package paint
