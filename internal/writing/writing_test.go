package writing

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

func TestDecodeRefusesWhatTheKioskNeverWrites(t *testing.T) {
	if got, err := Decode([]byte("Dear sea,\r\nI was here.\x1b[31m\u202e")); err != nil || got != "Dear sea,\nI was here.[31m" {
		t.Fatalf("Decode = %q, %v", got, err)
	}
	for name, data := range map[string][]byte{
		"too long": bytes.Repeat([]byte("a"), MaxBytes+1),
		"not utf8": []byte("caf\xe9"),
	} {
		if _, err := Decode(data); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: Decode err = %v, want ErrDamaged", name, err)
		}
	}
	if got, err := Decode(bytes.Repeat([]byte("é"), MaxBytes/2)); err != nil || utf8.RuneCountInString(got) != MaxBytes/2 {
		t.Errorf("a full page: %d letters, %v", utf8.RuneCountInString(got), err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("What came up for you?\nThe sea."))
	f.Add([]byte("caf\xe9"))
	f.Add([]byte("\u202e\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v is not ErrDamaged", err)
			}
			return
		}
		if len(s) > MaxBytes || !utf8.ValidString(s) || piece.DisplayText(s, true) != s {
			t.Fatalf("Decode gave %q, not clean text within the cap", s)
		}
	})
}

func TestLimitCutsAtALetter(t *testing.T) {
	s := strings.Repeat("a", MaxBytes-1) + "é"
	got := Limit(s)
	if len(got) != MaxBytes-1 || !utf8.ValidString(got) {
		t.Fatalf("Limit kept %d bytes (valid %v)", len(got), utf8.ValidString(got))
	}
	if Limit("short") != "short" {
		t.Fatal("Limit changed a short text")
	}
}

func TestPageCountsChanges(t *testing.T) {
	var p Page
	if p.Generation() != 0 || !p.Result().Empty() {
		t.Fatal("a new page is not empty")
	}
	p.Set("hello")
	p.Set("hello")
	p.SetPrompt("write-came-up")
	if p.Generation() != 1 {
		t.Fatalf("generation %d after one change", p.Generation())
	}
	if r := p.Result(); r.Text != "hello" || r.PromptID != "write-came-up" || r.Empty() {
		t.Fatalf("result %+v", r)
	}
	p.Set(strings.Repeat("x", MaxBytes+10))
	if len(p.Result().Text) != MaxBytes {
		t.Fatalf("page holds %d bytes", len(p.Result().Text))
	}
}

func TestBlobsAreTheTextAndAPicture(t *testing.T) {
	blobs, err := Result{Text: "The light on the water\nand my breath slowing"}.Blobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 2 || blobs[0].Role != piece.RoleOriginal || blobs[0].MediaType != "text/plain" || blobs[1].Role != piece.RoleThumbnail {
		t.Fatalf("blobs %+v", blobs)
	}
	text := read(t, blobs[0])
	if string(text) != "The light on the water\nand my breath slowing" {
		t.Fatalf("text blob %q", text)
	}
	img, err := jpeg.Decode(bytes.NewReader(read(t, blobs[1])))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != media.ThumbnailWidth {
		t.Fatalf("thumbnail %v", img.Bounds())
	}
	// The words are drawn: the picture is not blank paper.
	blank := Picture("")
	written := Picture("The light on the water")
	if bytes.Equal(blank.Pix, written.Pix) {
		t.Fatal("the words left no mark on the picture")
	}
}

func read(t *testing.T, b spool.BlobSource) []byte {
	t.Helper()
	r, err := b.Open()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWrap(t *testing.T) {
	measure := func(s string) int { return utf8.RuneCountInString(s) }
	got := Wrap("one two three four\n\nfive", measure, 9, 10)
	want := []string{"one two", "three", "four", "", "five"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Wrap = %q", got)
	}
	got = Wrap("aaaaaaaaaaaaaaaaaaaaaaaaa bb cc dd ee", measure, 8, 3)
	if len(got) != 3 || !strings.HasSuffix(got[2], "…") {
		t.Fatalf("an overflowing page: %q", got)
	}
	for _, l := range got {
		if measure(l) > 8 {
			t.Fatalf("line %q is wider than the page", l)
		}
	}
}

type drafts struct{ saved []string }

func (d *drafts) SaveDraft(_ context.Context, blobs []spool.BlobSource) error {
	r, _ := blobs[0].Open()
	b, _ := io.ReadAll(r)
	d.saved = append(d.saved, string(b))
	return nil
}

func TestAutosaverCheckpointsOnlyChanges(t *testing.T) {
	var p Page
	d := &drafts{}
	a := NewAutosaver(&p, d, 0)
	ctx := context.Background()
	if err := a.Flush(ctx); err != nil || len(d.saved) != 0 {
		t.Fatalf("an empty page was checkpointed: %v %v", d.saved, err)
	}
	p.Set("I noticed")
	_ = a.Flush(ctx)
	_ = a.Flush(ctx)
	p.Set("I noticed the quiet")
	_ = a.Flush(ctx)
	if strings.Join(d.saved, "|") != "I noticed|I noticed the quiet" {
		t.Fatalf("checkpoints %q", d.saved)
	}
}
