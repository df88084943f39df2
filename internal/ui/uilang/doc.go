// Package uilang chooses the language Fyne's lang package translates into,
// at start and while the app runs (a patient's choice on the kiosk's
// Welcome), and lists the languages a translation folder holds.
package uilang
