package spool

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// receiptName is the file holding a complete piece's receipt.
const receiptName = "receipt.json"

// maxReceiptSize bounds a receipt file.
const maxReceiptSize = 1 << 20

// Receipt is the unencrypted record the spool keeps next to a piece's or a
// draft's sealed files, so that they can be verified and uploaded without
// decrypting. It holds no patient data: ids, times, opaque names, sealed
// sizes and hashes.
type Receipt struct {
	Schema     int       `json:"schema"`
	ID         piece.ID  `json:"id"`
	Created    time.Time `json:"created"`
	Generation int       `json:"generation,omitempty"` // drafts only
	Files      []File    `json:"files"`                // blobs, then the manifest last
}

// File is one sealed file of a piece or draft.
type File struct {
	// Name is the blob's name, or "manifest" for the sealed manifest.
	Name string `json:"name"`
	// File is the file's name in the piece's or draft's directory.
	File         string `json:"file"`
	SealedSize   int64  `json:"sealedSize"`
	SealedSHA256 string `json:"sealedSha256"`
	// Path is the file's full path; set when listing, not stored.
	Path string `json:"-"`
}

var (
	fileNameRE = regexp.MustCompile(`^(g[0-9]{8}\.)?[a-z][a-z0-9]{0,15}\.age$`)
	sha256RE   = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

func (r *Receipt) validate() error {
	if r.Schema != 1 {
		return fmt.Errorf("schema %d, want 1", r.Schema)
	}
	if err := r.ID.Validate(); err != nil {
		return err
	}
	if r.Created.IsZero() {
		return errors.New("created time missing")
	}
	if r.Generation < 0 || r.Generation > 99999999 {
		return errors.New("generation out of range")
	}
	if len(r.Files) < 2 || len(r.Files) > piece.MaxBlobs+1 {
		return fmt.Errorf("%d files, want at least one blob and the manifest", len(r.Files))
	}
	names := make(map[string]bool, len(r.Files))
	files := make(map[string]bool, len(r.Files))
	for i, f := range r.Files {
		last := i == len(r.Files)-1
		switch {
		case last && f.Name != "manifest":
			return errors.New("the last file is not the manifest")
		case !last && !piece.ValidBlobName(f.Name):
			return fmt.Errorf("file %d: bad blob name", i)
		}
		if !fileNameRE.MatchString(f.File) {
			return fmt.Errorf("file %d: bad file name", i)
		}
		if names[f.Name] || files[f.File] {
			return fmt.Errorf("file %d: listed twice", i)
		}
		names[f.Name], files[f.File] = true, true
		if f.SealedSize <= 0 {
			return fmt.Errorf("file %d: bad sealed size", i)
		}
		if !sha256RE.MatchString(f.SealedSHA256) {
			return fmt.Errorf("file %d: bad sealed sha256", i)
		}
	}
	return nil
}

func (r *Receipt) encode() ([]byte, error) {
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("receipt %s: %w", r.ID, err)
	}
	return json.Marshal(r)
}

// DecodeReceipt parses and checks a receipt.
func DecodeReceipt(data []byte) (*Receipt, error) {
	if len(data) > maxReceiptSize {
		return nil, errors.New("spool: receipt: too large")
	}
	var r Receipt
	if err := strictjson.Decode(data, &r); err != nil {
		return nil, fmt.Errorf("spool: receipt: %w", err)
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("spool: receipt: %w", err)
	}
	return &r, nil
}
