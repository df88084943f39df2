// Package tagging is the Fyne side of naming a feeling: the three-step
// tagging flow shown after each piece (a tap on the pleasantness × energy
// grid, up to three words with an intensity, a title and reflection typed
// or spoken) and the mood check-in and check-out screens of a visit.
//
// Every step can be skipped, nothing is timed and nothing is shown as an
// error. The feeling can be the last step (Done on the words step); the
// title and reflection are offered, never asked for. Answering both mood
// scales answers a check-in or check-out without a Done. All text comes from assets/i18n (Fyne translations; call
// AddTranslations once at start). The vocabulary and mood pictures come from
// internal/emotion; results are the shared internal/piece types.
//
// The package never imports fyne.io/fyne/v2/app, so it runs under Fyne's
// test driver.
package tagging
