// Package padview is the music pad on screen: the grid of pads (also shown,
// lit in time, by the gallery's replay of a pad piece) and the kiosk's pad
// studio around it — the mood and voice choices, a calm word when sound is
// off, and "I'm finished". The instrument and the performance belong to
// internal/musicpad; this package only shows them and hands it the taps.
package padview
