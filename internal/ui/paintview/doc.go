// Package paintview is the drawing studio's Fyne user interface: a touch
// canvas widget that shows a paint.Painter's tiles (one canvas.Image per
// 128² tile, refreshed only when dirty), big toolbars for brushes, sizes,
// colours, undo, redo and clear, and an optional prompt card. It adapts
// internal/paint and internal/drawing; it holds no painting logic itself.
//
// The kiosk embeds the studio with NewStudio and receives the drawing in
// OnDone. Like every UI package it does not import fyne.io/fyne/v2/app.
package paintview
