package remote

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// MaxKeyLen is the longest key ValidKey accepts (S3 allows 1024 bytes).
const MaxKeyLen = 512

// ValidKey reports why key is not a valid object key, or nil. A key is one
// or more segments joined by "/", each made of ASCII letters, digits, '.',
// '_' and '-', not starting with '.'; so keys are the same on S3 and on any
// file system, and never escape a folder.
func ValidKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty key", ErrInvalid)
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: key longer than %d bytes", ErrInvalid, MaxKeyLen)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if err := validSegment(seg); err != nil {
			return fmt.Errorf("%w: key %q: %v", ErrInvalid, key, err)
		}
	}
	return nil
}

// ValidPrefix is ValidKey for listing prefixes: "" (everything) and a
// trailing "/" are allowed, and the last segment may be partial.
func ValidPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	p := strings.TrimSuffix(prefix, "/")
	if p == "" {
		return fmt.Errorf("%w: prefix %q", ErrInvalid, prefix)
	}
	return ValidKey(p)
}

func validSegment(seg string) error {
	if seg == "" {
		return fmt.Errorf("empty segment")
	}
	if seg[0] == '.' {
		return fmt.Errorf("segment %q starts with '.'", seg)
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return fmt.Errorf("byte %q not allowed", c)
		}
	}
	return nil
}

// ValidSHA256 reports why sum is not lower-case hex of 32 bytes, or nil.
func ValidSHA256(sum string) error {
	if len(sum) != 64 {
		return fmt.Errorf("%w: sha256 %q is not 64 hex digits", ErrInvalid, sum)
	}
	if _, err := hex.DecodeString(sum); err != nil || strings.ToLower(sum) != sum {
		return fmt.Errorf("%w: sha256 %q is not lower-case hex", ErrInvalid, sum)
	}
	return nil
}

// The bucket layout (docs/SYNC.md).
const (
	piecesRoot   = "v1/pieces/"
	manifestName = "manifest.age"
	blobSuffix   = ".age"
)

// PiecesPrefix is the prefix under which every kiosk's pieces live.
func PiecesPrefix() string { return piecesRoot }

// KioskPrefix is the prefix a kiosk may write under: v1/pieces/<kiosk>/.
func KioskPrefix(kiosk string) string { return piecesRoot + kiosk + "/" }

// PiecePrefix is v1/pieces/<kiosk>/<piece>/.
func PiecePrefix(kiosk, piece string) string { return KioskPrefix(kiosk) + piece + "/" }

// BlobKey is the key of a piece's sealed blob: v1/pieces/<kiosk>/<piece>/<name>.age.
func BlobKey(kiosk, piece, name string) string { return PiecePrefix(kiosk, piece) + name + blobSuffix }

// ManifestKey is the key of a piece's sealed manifest, uploaded last.
func ManifestKey(kiosk, piece string) string { return PiecePrefix(kiosk, piece) + manifestName }

// PieceKey is a parsed key under v1/pieces/.
type PieceKey struct {
	Kiosk, Piece string
	Blob         string // blob name without ".age"; "" for the manifest
	Manifest     bool
}

// ParsePieceKey splits a key of the bucket layout. ok is false for any key
// that is not exactly v1/pieces/<kiosk>/<piece>/<name>.age with valid
// segments (blob names may not be "manifest").
func ParsePieceKey(key string) (k PieceKey, ok bool) {
	rest, found := strings.CutPrefix(key, piecesRoot)
	if !found || ValidKey(key) != nil {
		return PieceKey{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return PieceKey{}, false
	}
	k.Kiosk, k.Piece = parts[0], parts[1]
	if parts[2] == manifestName {
		k.Manifest = true
		return k, true
	}
	name, found := strings.CutSuffix(parts[2], blobSuffix)
	if !found || name == "" || name == "manifest" || name[0] == '.' {
		return PieceKey{}, false
	}
	k.Blob = name
	return k, true
}

// ValidSegmentName reports why s cannot be one key segment (a kiosk id, a
// piece id, a blob name), or nil.
func ValidSegmentName(s string) error {
	if err := validSegment(s); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}
