package writing

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// MaxBytes is the most text a page holds (piece.MaxWritingBytes).
const MaxBytes = piece.MaxWritingBytes

// MediaTypeText is the media type of a written piece's original blob:
// plain UTF-8 text.
const MediaTypeText = "text/plain"

// Blob names of a written piece, fixed so that each draft checkpoint
// replaces the previous one's text.
const (
	BlobText      = "b1"
	BlobThumbnail = "b2"
)

// ErrDamaged: text read from storage is not a page this package writes
// (larger than MaxBytes, or not UTF-8).
var ErrDamaged = errors.New("writing: the written text is damaged")

// Page is the text being written, as the studio last set it. Safe for
// concurrent use: the UI sets it on every change, the autosaver and a visit
// ending read it from their own goroutines.
type Page struct {
	mu       sync.Mutex
	text     string
	promptID string
	gen      uint64
}

// Set records the page's text now; text beyond MaxBytes is cut at a
// letter's boundary (the studio stops taking letters before that).
func (p *Page) Set(text string) {
	text = Limit(text)
	p.mu.Lock()
	defer p.mu.Unlock()
	if text == p.text {
		return
	}
	p.text = text
	p.gen++
}

// SetPrompt records the prompt shown with the page ("" for none).
func (p *Page) SetPrompt(id string) {
	p.mu.Lock()
	p.promptID = id
	p.mu.Unlock()
}

// Result is the page as it stands.
func (p *Page) Result() Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Result{Text: p.text, PromptID: p.promptID}
}

// Generation counts the page's changes (0: never written).
func (p *Page) Generation() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen
}

// Result is a written page and the prompt shown with it.
type Result struct {
	Text     string
	PromptID string
}

// Empty reports whether nothing but spaces was written.
func (r Result) Empty() bool { return IsEmpty(r.Text) }

// Limit cuts s to at most MaxBytes without splitting a letter.
func Limit(s string) string {
	if len(s) <= MaxBytes {
		return s
	}
	i := MaxBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// TextBlob is the page's text as the piece's original blob.
func TextBlob(text string) spool.BlobSource {
	return spool.Bytes(BlobText, piece.RoleOriginal, MediaTypeText, []byte(Limit(text)))
}

// Blobs returns a finished page's files: the text and a thumbnail picture
// of its first lines. It takes a few milliseconds: not on the UI goroutine.
func (r Result) Blobs() ([]spool.BlobSource, error) {
	thumb, err := media.ThumbnailJPEG(Picture(r.Text))
	if err != nil {
		return nil, fmt.Errorf("writing: encode thumbnail: %w", err)
	}
	return []spool.BlobSource{
		TextBlob(r.Text),
		spool.Bytes(BlobThumbnail, piece.RoleThumbnail, media.JPEGMediaType, thumb),
	}, nil
}

// Decode checks text read from storage and returns it safe to show: at
// most MaxBytes of UTF-8 (anything else is ErrDamaged), with control and
// bidirectional formatting characters removed (new lines and tabs kept).
func Decode(data []byte) (string, error) {
	if len(data) > MaxBytes {
		return "", fmt.Errorf("%w: %d bytes, at most %d", ErrDamaged, len(data), MaxBytes)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%w: not UTF-8", ErrDamaged)
	}
	return piece.DisplayText(strings.ReplaceAll(string(data), "\r\n", "\n"), true), nil
}

// IsEmpty reports whether text holds nothing but spaces.
func IsEmpty(text string) bool { return strings.TrimSpace(text) == "" }
