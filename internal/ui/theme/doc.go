// Package theme is Afterimage's calm, low-stimulation Fyne theme: soft paper
// background, muted sage accents, large scalable text and touch targets of at
// least 64 px. A high-contrast variant serves patients with low vision.
//
// It is a UI package: domain packages never import it.
package theme
