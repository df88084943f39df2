// Package quietview is the quiet space on the kiosk's screen: the choice
// of length (with the breathing guide and the soft sound on or off) and
// the space itself — the slow scene of internal/quiet drawn with a few
// canvas objects, the breathing guide, the sound bed, and a tap anywhere
// to leave with a gentle fade.
//
// Drawing is kept cheap for a software GPU: the sky is a small texture
// repainted only as often as the light visibly changes (quiet.SkyChanges)
// and scaled up by the GPU; the motes and the breathing circle are plain
// circles, moved by a Fyne animation as often as quiet.Pacer allows: every
// frame repaints the whole screen, which on a software GPU is the space's
// whole cost, so the pacer holds the kiosk's CPU to quiet.CPUBudget —
// 60 frames a second with a GPU, a few a second on Mesa's llvmpipe. No Fyne here outside
// the UI goroutine: the sound bed starts and stops on goroutines of its
// own, and what they report reaches the screen through fyne.Do.
package quietview
