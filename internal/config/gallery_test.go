package config

import (
	"errors"
	"testing"
	"time"
)

// TestGalleryLock: the gallery locks after 10 minutes by default; the file
// and the environment change it; a value out of range is named.
func TestGalleryLock(t *testing.T) {
	c, err := Load(write(t, goodProduction))
	if err != nil {
		t.Fatal(err)
	}
	if c.Gallery.LockAfter() != 10*time.Minute {
		t.Fatalf("default lock: %v", c.Gallery.LockAfter())
	}
	c, err = Load(write(t, goodProduction+"\n[gallery]\nlock_minutes = 2.5\n"))
	if err != nil || c.Gallery.LockAfter() != 150*time.Second {
		t.Fatalf("lock_minutes = 2.5: %v, %v", c.Gallery.LockAfter(), err)
	}
	t.Setenv("AFTERIMAGE_GALLERY_LOCK_MINUTES", "1")
	if c, err = Load(write(t, goodProduction)); err != nil || c.Gallery.LockAfter() != time.Minute {
		t.Fatalf("environment: %v, %v", c.Gallery.LockAfter(), err)
	}
	t.Setenv("AFTERIMAGE_GALLERY_LOCK_MINUTES", "0.1")
	_, err = Load(write(t, goodProduction))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Field != "gallery.lock_minutes" {
		t.Fatalf("lock of 6 s: %v", err)
	}
}

// TestRevokedKiosks: revoke-kiosk's entries load; a malformed id or time
// is named.
func TestRevokedKiosks(t *testing.T) {
	c, err := Load(write(t, goodProduction+"\n[[revoked_kiosks]]\nid = \"lounge-1\"\nafter = \"2026-11-30T18:00:00Z\"\n"))
	if err != nil || len(c.RevokedKiosks) != 1 {
		t.Fatalf("%+v, %v", c.RevokedKiosks, err)
	}
	if at, err := c.RevokedKiosks[0].AfterTime(); err != nil || !at.Equal(time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)) {
		t.Fatalf("after: %v, %v", at, err)
	}
	_, err = Load(write(t, goodProduction+"\n[[revoked_kiosks]]\nid = \"Lounge 1\"\nafter = \"yesterday\"\n"))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Field != "revoked_kiosks[0].id" || ps[1].Field != "revoked_kiosks[0].after" {
		t.Fatalf("bad entry: %v", err)
	}
}
