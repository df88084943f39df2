// Package emotion holds the emotion vocabulary and the mood scale used to
// tag pieces and visits.
//
// The vocabulary (assets/emotion/vocabulary.json, versioned) is arranged on
// two axes, pleasantness × energy, giving four regions (quadrants) in the
// spirit of the Mood Meter. Each region has a colour and 8–12 plain words,
// plus music-specific words (wonder, transcendence, tenderness, …) offered
// for music pieces. Every word has its own colour and a text colour chosen
// so that text on it reaches WCAG AA contrast (4.5:1).
//
// Positions on the emotion grid are (x, y) in 0..1: x is pleasantness
// (0 unpleasant, 1 pleasant), y is energy (0 low, 1 high).
//
// The mood scale rates pleasantness and energy from 1 to 9, shown as
// pictures of a simple figure drawn here (see Figure), in the spirit of the
// Self-Assessment Manikin.
//
// The package knows nothing of Fyne; internal/ui/tagging adapts it.
package emotion
