// Package writeview is the kiosk's writing studio (narrative practice): an
// optional prompt card a clinic can edit (assets/prompts/writing.json),
// which the patient can change or hide; a large, calm page; and the
// on-screen keyboard (internal/ui/keyboard), since the kiosk's touch screen
// has none. Every change goes to a writing.Page, which the kiosk saves.
package writeview
