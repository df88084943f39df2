package gallery

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// drafter saves a written page's checkpoint for a crashed kiosk.
type drafter struct {
	c *clinic
	m *piece.Manifest
}

func (d drafter) SaveDraft(ctx context.Context, blobs []spool.BlobSource) error {
	return d.c.sp.SaveDraft(ctx, d.m, blobs)
}

// TestRecoveredWrittenPageIsShownAndFound: a page a crashed kiosk uploaded
// as its last checkpoint is shown (its text, its picture), found by a word
// of its text, and printed in the report's terms; the viewer's read is
// audited like a drawing's.
func TestRecoveredWrittenPageIsShownAndFound(t *testing.T) {
	c := newClinic(t)
	m := piece.New(piece.Writing, "lounge-1", "K7Q4M2X", time.Now())
	m.PromptID = "write-came-up"
	page := &writing.Page{}
	page.Set("The harbour at dusk,\nand the gulls.")
	if err := writing.NewAutosaver(page, drafter{c, m}, 0).Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.sp.PromoteDraft(context.Background(), m.ID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s := c.unlocked(c.options())
	ip, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ip.Kind != piece.Writing || !ip.Unfinished || ip.Prompt != "write-came-up" {
		t.Fatalf("indexed as kind %s unfinished %v prompt %q", ip.Kind, ip.Unfinished, ip.Prompt)
	}
	text, err := s.WrittenText(ip)
	if err != nil || text != "The harbour at dusk,\nand the gulls." {
		t.Fatalf("written text %q, %v", text, err)
	}
	hits, err := s.Search("gulls")
	if err != nil || len(hits) != 1 || hits[0].ID != m.ID {
		t.Fatalf("search for a written word: %+v, %v", hits, err)
	}
	o, _, err := s.current()
	if err != nil {
		t.Fatal(err)
	}
	if img, err := decodeThumbnail(o, ip); err != nil || img == nil {
		t.Fatalf("the page's picture: %v, %v", img, err)
	}
	if got := s.writtenText(o, ip); got != text {
		t.Fatalf("the report's text %q", got)
	}
	files, err := s.takeHomeFiles(ip)
	if err != nil || files.Text != text || files.Picture != nil || files.Sound != nil {
		t.Fatalf("take-home files %+v, %v", files, err)
	}
	// A drawing has no written text.
	d := c.save("K7Q4M2X", "Harbour")
	s2 := c.unlocked(c.options())
	dp, err := s2.Piece(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.WrittenText(dp); !errors.Is(err, ErrNoText) {
		t.Fatalf("a drawing's written text: %v", err)
	}
}

// TestHostileWrittenTextIsDamaged: a written piece whose text is not UTF-8,
// or larger than a page can be, is still listed, but its text is refused
// as damaged (never shown, searched or printed) and the rest goes on.
func TestHostileWrittenTextIsDamaged(t *testing.T) {
	c := newClinic(t)
	save := func(text []byte) *piece.Manifest {
		m := piece.New(piece.Writing, "lounge-1", "K7Q4M2X", time.Now())
		m.Finished = time.Now()
		if err := c.sp.Save(context.Background(), m, []spool.BlobSource{
			spool.Bytes("", piece.RoleOriginal, writing.MediaTypeText, text)}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	bad := save([]byte("gulls caf\xe9"))
	big := save(append([]byte("gulls "), make([]byte, writing.MaxBytes)...))
	good := save([]byte("gulls at dusk"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s := c.unlocked(c.options())
	for _, m := range []*piece.Manifest{bad, big} {
		ip, err := s.Piece(m.ID)
		if err != nil {
			t.Fatalf("a piece with a hostile text is not listed: %v", err)
		}
		if _, err := s.WrittenText(ip); !errors.Is(err, writing.ErrDamaged) {
			t.Errorf("hostile text read with %v, want writing.ErrDamaged", err)
		}
	}
	hits, err := s.Search("gulls")
	if err != nil || len(hits) != 1 || hits[0].ID != good.ID {
		t.Fatalf("search finds %+v (%v), want only the good page", hits, err)
	}
}
