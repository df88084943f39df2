package kiosk

import (
	"context"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// Writing attaches a writing studio's page: it is checkpointed as a draft
// every few seconds while it changes, until the page is done or let go, and
// a visit that ends meanwhile saves every letter on it.
func (o *Open) Writing(page *writing.Page) {
	p := o.p
	auto := writing.NewAutosaver(page, draftSaver{o}, p.cfg.AutosaveEvery)
	auto.Start(context.Background()) // before anyone can Stop it
	p.mu.Lock()
	o.page, o.wauto = page, auto
	p.mu.Unlock()
}

// WritingDone: the patient finished writing. The page's files (the text,
// a picture of its first lines) are made and checkpointed off the calling
// goroutine; then runs once they are on disk.
func (o *Open) WritingDone(then func()) {
	o.p.mu.Lock()
	page := o.page
	o.p.mu.Unlock()
	o.p.background(o.id, func() error {
		if page == nil {
			return fmt.Errorf("kiosk: finish writing %s: not a written piece", o.id)
		}
		r := page.Result()
		blobs, err := r.Blobs()
		if err != nil {
			return fmt.Errorf("kiosk: make written piece: %w", err)
		}
		o.stopAutosave()
		return o.studioDone(blobs, r.PromptID)
	}, then)
}

// resumeWriting makes a new autosaver for a written piece taken back from
// tagging (nil for any other piece); the caller holds p.mu and starts it.
func (o *Open) resumeWriting() *writing.Autosaver {
	if o.page == nil {
		return nil
	}
	o.wauto = writing.NewAutosaver(o.page, draftSaver{o}, o.p.cfg.AutosaveEvery)
	return o.wauto
}

// captureWriting is the page as it stands, marked unfinished (nothing when
// nothing but spaces was written).
func (o *Open) captureWriting(page *writing.Page) ([]spool.BlobSource, bool, error) {
	o.stopAutosave()
	r := page.Result()
	if r.Empty() {
		return nil, true, nil
	}
	blobs, err := r.Blobs()
	if err != nil {
		return nil, true, fmt.Errorf("kiosk: make written piece: %w", err)
	}
	o.p.mu.Lock()
	o.m.PromptID = r.PromptID
	o.p.mu.Unlock()
	return blobs, true, nil
}
