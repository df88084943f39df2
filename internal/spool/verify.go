package spool

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Damage names one damaged file of a piece or draft.
type Damage struct {
	Name   string // blob name, "manifest" or "receipt"
	Reason string // e.g. "missing", "size 10 bytes, want 12", "SHA-256 differs"
}

// Report is the result of verifying a piece or a draft.
type Report struct {
	ID      piece.ID
	Damaged []Damage
}

// OK reports whether nothing is damaged.
func (r Report) OK() bool { return len(r.Damaged) == 0 }

func (r Report) String() string {
	if r.OK() {
		return fmt.Sprintf("%s: ok", r.ID)
	}
	return fmt.Sprintf("%s: damaged %v", r.ID, r.Damaged)
}

// Verify checks every sealed file of a complete piece against the sizes and
// SHA-256 in its receipt, without decrypting, and names the damaged ones.
// The error is for a piece that is not there or cannot be read at all; a
// damaged receipt is reported as damage.
func (s *Spool) Verify(id piece.ID) (Report, error) {
	if err := id.Validate(); err != nil {
		return Report{}, fmt.Errorf("spool: verify: %w", err)
	}
	return verifyDir(id, s.pieceDir(id), filepath.Join(s.pieceDir(id), receiptName))
}

func verifyDir(id piece.ID, dir, receiptPath string) (Report, error) {
	rep := Report{ID: id}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return rep, fmt.Errorf("spool: verify %s: %w", id, ErrNotFound)
	}
	r, err := readReceipt(receiptPath)
	if err != nil {
		rep.Damaged = append(rep.Damaged, Damage{Name: "receipt", Reason: err.Error()})
		return rep, nil
	}
	for _, f := range r.Files {
		if d := checkFile(filepath.Join(dir, f.File), f); d != "" {
			rep.Damaged = append(rep.Damaged, Damage{Name: f.Name, Reason: d})
		}
	}
	return rep, nil
}

func checkFile(path string, f File) string {
	n, sum, err := hashFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	case err != nil:
		return "unreadable: " + err.Error()
	case n != f.SealedSize:
		return fmt.Sprintf("size %d bytes, want %d", n, f.SealedSize)
	case sum != f.SealedSHA256:
		return "SHA-256 differs"
	}
	return ""
}

// Opened is a piece or draft opened with an identity (gallery or
// development side): its decrypted manifest, and its blobs on demand.
type Opened struct {
	Manifest *piece.Manifest
	dir      string
	files    map[string]File
	opener   *seal.Opener
}

// ReadBlob returns a blob's plaintext after checking the sealed bytes
// against the receipt and the manifest, and the plaintext against the
// manifest.
func (p *Opened) ReadBlob(name string) ([]byte, error) {
	b := p.Manifest.Blob(name)
	f, ok := p.files[name]
	if b == nil || !ok {
		return nil, fmt.Errorf("spool: read blob %s/%s: %w", p.Manifest.ID, name, ErrNotFound)
	}
	data, err := p.readSealed(f, b.SealedSize, b.SealedSHA256)
	if err != nil {
		return nil, fmt.Errorf("spool: read blob %s/%s: %w", p.Manifest.ID, name, err)
	}
	plain, err := p.opener.OpenBytes(data)
	if err != nil {
		return nil, fmt.Errorf("spool: read blob %s/%s: %w", p.Manifest.ID, name, err)
	}
	c := newCountHash()
	c.Write(plain)
	if c.n != b.Size || c.sum() != b.SHA256 {
		return nil, fmt.Errorf("spool: read blob %s/%s: plaintext does not match the manifest", p.Manifest.ID, name)
	}
	return plain, nil
}

func (p *Opened) readSealed(f File, size int64, sum string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(p.dir, f.File))
	if err != nil {
		return nil, err
	}
	c := newCountHash()
	c.Write(data)
	if c.n != size || c.sum() != sum || size != f.SealedSize || sum != f.SealedSHA256 {
		return nil, errors.New("sealed bytes do not match the manifest")
	}
	return data, nil
}

func openDir(id piece.ID, dir string, r *Receipt, o *seal.Opener) (*Opened, error) {
	if o == nil {
		return nil, seal.ErrNoIdentities
	}
	files := make(map[string]File, len(r.Files))
	for _, f := range r.Files {
		files[f.Name] = f
	}
	mf := files["manifest"]
	sealed, err := os.ReadFile(filepath.Join(dir, mf.File))
	if err != nil {
		return nil, err
	}
	if d := checkBytes(sealed, mf); d != "" {
		return nil, fmt.Errorf("sealed manifest damaged: %s", d)
	}
	plain, err := o.Open(bytes.NewReader(sealed))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(plain, piece.MaxManifestSize+1))
	if err != nil {
		return nil, err
	}
	m, err := piece.Decode(data)
	if err != nil {
		return nil, err
	}
	if m.ID != id {
		return nil, fmt.Errorf("manifest is for piece %s", m.ID)
	}
	for _, b := range m.Blobs {
		f, ok := files[b.Name]
		if !ok {
			return nil, fmt.Errorf("blob %s listed in the manifest has no file", b.Name)
		}
		if f.SealedSize != b.SealedSize || f.SealedSHA256 != b.SealedSHA256 {
			return nil, fmt.Errorf("blob %s: receipt and manifest disagree", b.Name)
		}
	}
	if len(m.Blobs) != len(r.Files)-1 {
		return nil, errors.New("receipt lists files the manifest does not")
	}
	return &Opened{Manifest: m, dir: dir, files: files, opener: o}, nil
}

func checkBytes(data []byte, f File) string {
	c := newCountHash()
	c.Write(data)
	if c.n != f.SealedSize {
		return fmt.Sprintf("size %d bytes, want %d", c.n, f.SealedSize)
	}
	if c.sum() != f.SealedSHA256 {
		return "SHA-256 differs"
	}
	return ""
}

// OpenPiece decrypts a complete piece's manifest with o (gallery or
// development side; a kiosk has no identity).
func (s *Spool) OpenPiece(id piece.ID, o *seal.Opener) (*Opened, error) {
	e, err := s.Piece(id)
	if err != nil {
		return nil, err
	}
	r, err := readReceipt(filepath.Join(e.Dir, receiptName))
	if err != nil {
		return nil, fmt.Errorf("spool: open piece %s: %w", id, err)
	}
	p, err := openDir(id, e.Dir, r, o)
	if err != nil {
		return nil, fmt.Errorf("spool: open piece %s: %w", id, err)
	}
	return p, nil
}

// DeepVerify is Verify plus, with an identity, decrypting the manifest and
// every blob and checking the manifest's sealed and plaintext sizes and
// SHA-256 against the bytes (gallery or development side).
func (s *Spool) DeepVerify(id piece.ID, o *seal.Opener) (Report, error) {
	rep, err := s.Verify(id)
	if err != nil || !rep.OK() {
		return rep, err
	}
	p, err := s.OpenPiece(id, o)
	if err != nil {
		if errors.Is(err, seal.ErrWrongIdentity) || errors.Is(err, seal.ErrNoIdentities) {
			return rep, err
		}
		rep.Damaged = append(rep.Damaged, Damage{Name: "manifest", Reason: err.Error()})
		return rep, nil
	}
	for _, b := range p.Manifest.Blobs {
		if _, err := p.ReadBlob(b.Name); err != nil {
			rep.Damaged = append(rep.Damaged, Damage{Name: b.Name, Reason: err.Error()})
		}
	}
	return rep, nil
}
