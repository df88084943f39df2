// Package keyboard is the kiosk's on-screen keyboard: large, calm keys for
// a touch screen with no keyboard, laid out from the language's translation
// file (so a clinic can add its own layout), with shift, numbers and
// punctuation, accented letters on a long press, a backspace that repeats
// while held, and Done. It types into one target at a time (a text entry)
// and learns nothing: no suggestions, no history, nothing one patient typed
// that the next could see.
package keyboard
