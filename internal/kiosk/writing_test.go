package kiosk

import (
	"context"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// write opens the visit's written piece in Pieces with its page.
func (r *piecesRig) write(t *testing.T) (*Open, *writing.Page) {
	t.Helper()
	o, fresh := r.p.Open(r.m.Visit())
	if !fresh || o.Kind() != piece.Writing {
		t.Fatalf("open: fresh %v kind %s", fresh, o.Kind())
	}
	page := &writing.Page{}
	o.Writing(page)
	return o, page
}

// textOf reads a spooled piece's written text.
func textOf(t *testing.T, r *piecesRig, id piece.ID) string {
	t.Helper()
	op, err := r.sp.OpenPiece(id, r.o)
	if err != nil {
		t.Fatal(err)
	}
	b := op.Manifest.Blob(writing.BlobText)
	if b == nil || b.Role != piece.RoleOriginal || b.MediaType != writing.MediaTypeText {
		t.Fatalf("no text blob in %+v", op.Manifest.Blobs)
	}
	data, err := op.ReadBlob(b.Name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := writing.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWrittenPieceIsSealedWithItsPrompt: a page finished and tagged is
// saved as kind writing, with its text, its picture and its prompt.
func TestWrittenPieceIsSealedWithItsPrompt(t *testing.T) {
	r := newPiecesRig(t)
	toStudio(t, r.m, newCode(t), piece.Writing)
	o, page := r.write(t)
	if r.p.HasWork() {
		t.Fatal("an empty page counts as work")
	}
	page.SetPrompt("write-carry")
	page.Set("Slow mornings.\nThe bus, the window.")
	if !r.p.HasWork() {
		t.Fatal("a written page does not count as work")
	}
	next, wait := r.then(t, r.m.StudioDone)
	o.WritingDone(next)
	wait()
	next, wait = r.then(t, r.m.Tagged)
	o.Tagged(func(m *piece.Manifest) { m.Title = "Carry" }, next)
	wait()
	ps, _, _ := r.spooled(t)
	if len(ps) != 1 {
		t.Fatalf("%d pieces", len(ps))
	}
	m := ps[0].Manifest
	if m.Kind != piece.Writing || m.PromptID != "write-carry" || m.Unfinished || m.Title != "Carry" {
		t.Fatalf("manifest kind %s prompt %q unfinished %v", m.Kind, m.PromptID, m.Unfinished)
	}
	if th := m.Blob(writing.BlobThumbnail); th == nil || th.Role != piece.RoleThumbnail || th.MediaType != "image/jpeg" {
		t.Fatalf("no thumbnail in %+v", m.Blobs)
	}
	if got := textOf(t, r, m.ID); got != "Slow mornings.\nThe bus, the window." {
		t.Fatalf("sealed text %q", got)
	}
}

// TestIdleResetSavesTheUnfinishedPage: a visit reset mid-sentence saves
// every letter typed, marked unfinished; a checkpoint was in the spool
// before (a crash loses at most the last few seconds).
func TestIdleResetSavesTheUnfinishedPage(t *testing.T) {
	r := newPiecesRig(t)
	toStudio(t, r.m, newCode(t), piece.Writing)
	o, page := r.write(t)
	page.SetPrompt("write-came-up")
	page.Set("I remember the")
	if err := o.wauto.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d, _ := r.sp.Drafts(); len(d) != 1 {
		t.Fatalf("%d drafts after a checkpoint, want 1", len(d))
	}
	page.Set("I remember the colour blue")
	r.m.Tick(r.clock.Add(4 * time.Minute))
	wantScreen(t, r.m, IdleWarning)
	r.m.Tick(r.clock.Add(61 * time.Second))
	wantScreen(t, r.m, Welcome)
	ps, _, _ := r.spooled(t)
	if len(ps) != 1 {
		t.Fatalf("%d pieces after the reset", len(ps))
	}
	m := ps[0].Manifest
	if !m.Unfinished || m.Kind != piece.Writing || m.PromptID != "write-came-up" {
		t.Fatalf("saved: unfinished %v kind %s prompt %q", m.Unfinished, m.Kind, m.PromptID)
	}
	if got := textOf(t, r, m.ID); got != "I remember the colour blue" {
		t.Fatalf("saved text %q", got)
	}
	if d, _ := r.sp.Drafts(); len(d) != 0 {
		t.Fatalf("%d drafts left", len(d))
	}
}

// TestAnEmptyPageLeavesNothing: a page with only spaces is not a piece.
func TestAnEmptyPageLeavesNothing(t *testing.T) {
	r := newPiecesRig(t)
	toStudio(t, r.m, newCode(t), piece.Writing)
	_, page := r.write(t)
	page.Set("   ")
	r.m.Tick(r.clock.Add(4 * time.Minute))
	r.m.Tick(r.clock.Add(61 * time.Second))
	wantScreen(t, r.m, Welcome)
	if ps, _, _ := r.spooled(t); len(ps) != 0 {
		t.Fatalf("%d pieces from an empty page", len(ps))
	}
	if d, _ := r.sp.Drafts(); len(d) != 0 {
		t.Fatalf("%d drafts left from an empty page", len(d))
	}
}
