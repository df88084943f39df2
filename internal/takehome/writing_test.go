package takehome

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestWrittenPieceGoesHome: a written piece's text is on the page, escaped
// and with its lines kept, and beside it as a text file.
func TestWrittenPieceGoesHome(t *testing.T) {
	text := "Dear me,\n<script>alert(1)</script> you never have to send this."
	tx := testText
	tx.Writing = "Writing"
	dest := filepath.Join(t.TempDir(), "home")
	sum, err := Export(context.Background(), Request{
		Dest: dest, Format: Folder, Text: tx, Made: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC),
		Pieces: []Piece{{Kind: piece.Writing, Title: "A letter", Made: time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)}},
		Open:   func(context.Context, int) (Files, error) { return Files{Text: text}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pieces != 1 {
		t.Fatalf("summary %+v", sum)
	}
	got, err := os.ReadFile(filepath.Join(dest, "texts", "001-writing.txt"))
	if err != nil || string(got) != text {
		t.Fatalf("the text file holds %q, %v", got, err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{`<div class="written">Dear me,` + "\n" + `&lt;script&gt;alert(1)&lt;/script&gt; you never have to send this.</div>`,
		`href="texts/001-writing.txt"`, "Writing ·"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("the text's markup reached the page unescaped")
	}
	// A text over the cap is refused, not cut.
	_, err = Export(context.Background(), Request{Dest: filepath.Join(t.TempDir(), "big"), Format: Folder, Text: tx,
		Pieces: []Piece{{Kind: piece.Writing}},
		Open: func(context.Context, int) (Files, error) {
			return Files{Text: strings.Repeat("a", piece.MaxWritingBytes+1)}, nil
		}})
	if err == nil {
		t.Fatal("a text over the cap was exported")
	}
}
