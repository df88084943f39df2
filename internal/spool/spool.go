package spool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Errors callers can test with errors.Is.
var (
	ErrExists   = errors.New("already in the spool")
	ErrNotFound = errors.New("not in the spool")
)

// Directory names inside the spool directory.
const (
	piecesDir  = "pieces"
	draftsDir  = "drafts"
	stagingDir = "staging"
)

// BlobSource is one blob of a piece to save: plaintext in, sealed on disk.
// Open is called once per save attempt and may be called again when a save
// is retried; if the reader it returns is an io.Closer it is closed.
type BlobSource struct {
	// Name is the blob's opaque name ("b1"); when empty, Save assigns "b1",
	// "b2", ... by position.
	Name, Role, MediaType string
	Open                  func() (io.Reader, error)
}

// Bytes returns a BlobSource reading data.
func Bytes(name, role, mediaType string, data []byte) BlobSource {
	return BlobSource{Name: name, Role: role, MediaType: mediaType,
		Open: func() (io.Reader, error) { return bytes.NewReader(data), nil }}
}

// Spool is the kiosk's durable local store of sealed pieces and drafts. Its
// methods are safe for concurrent use by one process; one spool directory
// must not be used by two processes at once.
type Spool struct {
	dir    string
	sealer *seal.Sealer
	signer Signer // nil: manifests are sealed unsigned

	mu      sync.Mutex // pieces: commit and remove
	draftMu sync.Mutex // drafts; taken before mu
	drafts  map[piece.ID]*draftState
}

// Open opens (creating if needed) the spool in dir. It discards leftovers of
// interrupted writes and finishes interrupted removals. sealer may be nil for
// a read-only use (listing, verifying, opening with an Opener); saving then
// fails closed with seal.ErrNoRecipients.
func Open(dir string, sealer *seal.Sealer) (*Spool, error) {
	s := &Spool{dir: dir, sealer: sealer, drafts: make(map[piece.ID]*draftState)}
	for _, d := range []string{dir, s.staging(), s.piecesDir(), s.draftsDir()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("spool: open %s: %w", dir, err)
		}
	}
	// Everything in staging is a leftover: a piece being written, or
	// something being removed.
	left, err := os.ReadDir(s.staging())
	if err != nil {
		return nil, fmt.Errorf("spool: open %s: %w", dir, err)
	}
	for _, e := range left {
		if err := os.RemoveAll(filepath.Join(s.staging(), e.Name())); err != nil {
			return nil, fmt.Errorf("spool: open %s: discard leftover: %w", dir, err)
		}
	}
	if err := s.recoverDrafts(); err != nil {
		return nil, fmt.Errorf("spool: open %s: %w", dir, err)
	}
	return s, nil
}

// Dir returns the spool's directory.
func (s *Spool) Dir() string { return s.dir }

func (s *Spool) staging() string               { return filepath.Join(s.dir, stagingDir) }
func (s *Spool) piecesDir() string             { return filepath.Join(s.dir, piecesDir) }
func (s *Spool) draftsDir() string             { return filepath.Join(s.dir, draftsDir) }
func (s *Spool) pieceDir(id piece.ID) string   { return filepath.Join(s.piecesDir(), string(id)) }
func (s *Spool) draftDirOf(id piece.ID) string { return filepath.Join(s.draftsDir(), string(id)) }
func now() time.Time                           { return time.Now().UTC().Round(0) }
func opErr(op string, id piece.ID, err error) error {
	if diskFull(err) {
		return fmt.Errorf("spool: %s %s: %w: nothing of it was left on disk; free some space and try again: %w", op, id, ErrDiskFull, err)
	}
	return fmt.Errorf("spool: %s %s: %w", op, id, err)
}

// sealBlobs seals each blob source into dir, naming the file by fileName,
// and returns the manifest blobs and receipt files. On error, files written
// are removed.
func (s *Spool) sealBlobs(ctx context.Context, dir string, blobs []BlobSource, firstIndex int, fileName func(name string) string) (mb []piece.Blob, rf []File, err error) {
	defer func() {
		if err != nil {
			for _, f := range rf {
				os.Remove(filepath.Join(dir, f.File))
			}
		}
	}()
	for i, b := range blobs {
		if err := ctx.Err(); err != nil {
			return mb, rf, err
		}
		name := b.Name
		if name == "" {
			name = fmt.Sprintf("b%d", firstIndex+i)
		}
		if b.Open == nil {
			return mb, rf, fmt.Errorf("blob %s: no Open func", name)
		}
		r, err := b.Open()
		if err != nil {
			return mb, rf, fmt.Errorf("blob %s: open: %w", name, err)
		}
		file := fileName(name)
		res, err := writeSealed(ctx, s.sealer, filepath.Join(dir, file), r)
		if c, ok := r.(io.Closer); ok {
			c.Close()
		}
		if err != nil {
			return mb, rf, fmt.Errorf("blob %s: %w", name, err)
		}
		mb = append(mb, piece.Blob{Name: name, Role: b.Role, MediaType: b.MediaType,
			Size: res.size, SHA256: res.sha, SealedSize: res.sealedSize, SealedSHA256: res.sealedSHA})
		rf = append(rf, File{Name: name, File: file, SealedSize: res.sealedSize, SealedSHA256: res.sealedSHA})
	}
	return mb, rf, nil
}

// checkSources checks blob names and roles before anything is written.
func checkSources(blobs []BlobSource, taken map[string]bool, firstIndex int) error {
	seen := make(map[string]bool, len(blobs))
	for i, b := range blobs {
		name := b.Name
		if name == "" {
			name = fmt.Sprintf("b%d", firstIndex+i)
		}
		if !piece.ValidBlobName(name) {
			return fmt.Errorf("blob %d: bad name (1-16 lower-case letters and digits starting with a letter)", i)
		}
		if seen[name] || taken[name] {
			return fmt.Errorf("blob %s: name used twice", name)
		}
		seen[name] = true
		probe := piece.Blob{Name: name, Role: b.Role, MediaType: b.MediaType, SHA256: zeroSHA, SealedSize: 1, SealedSHA256: zeroSHA}
		if err := validBlobMeta(probe); err != nil {
			return fmt.Errorf("blob %s: %w", name, err)
		}
	}
	return nil
}

const zeroSHA = "0000000000000000000000000000000000000000000000000000000000000000"

func validBlobMeta(b piece.Blob) error {
	if !piece.ValidRole(b.Role) {
		return fmt.Errorf("unknown role %q", b.Role)
	}
	if b.MediaType == "" {
		return errors.New("media type missing")
	}
	return nil
}

// Signer signs a manifest before it is sealed (provenance.Signer).
type Signer interface {
	Sign(m *piece.Manifest) error
}

// SetSigner makes the spool sign every manifest it seals from now on
// (pieces and draft generations, so a promoted draft is signed too). Call
// it before the spool is used.
func (s *Spool) SetSigner(sg Signer) { s.signer = sg }

// sealManifest seals m (signed, when the spool has a signer) into dir/file
// and returns its receipt entry. m itself is not changed.
func (s *Spool) sealManifest(ctx context.Context, dir, file string, m *piece.Manifest) (File, error) {
	if s.signer != nil {
		m = m.Clone()
		if err := s.signer.Sign(m); err != nil {
			return File{}, err
		}
	}
	data, err := m.Encode()
	if err != nil {
		return File{}, err
	}
	res, err := writeSealed(ctx, s.sealer, filepath.Join(dir, file), bytes.NewReader(data))
	if err != nil {
		return File{}, fmt.Errorf("manifest: %w", err)
	}
	return File{Name: "manifest", File: file, SealedSize: res.sealedSize, SealedSHA256: res.sealedSHA}, nil
}

// Save seals and durably stores a complete piece: each blob is sealed into
// its own file, then the manifest (listing every blob's plaintext and sealed
// size and SHA-256) and an unencrypted receipt; all are fsynced in a staging
// directory that is then renamed into place and the parent fsynced. When
// Save returns nil the piece survives a crash or power cut; when it returns
// an error nothing of the piece is left on disk, m is unchanged, and the
// caller can retry with the same m and blobs.
//
// m.Blobs is ignored and, on success, replaced by the stored blobs; when
// the Sealer is a development one, m.Development is set. Errors from a full
// disk wrap ErrDiskFull and the system error (errors.Is(err,
// syscall.ENOSPC)).
func (s *Spool) Save(ctx context.Context, m *piece.Manifest, blobs []BlobSource) error {
	if m == nil {
		return errors.New("spool: save: no manifest")
	}
	saved, err := s.save(ctx, m, blobs)
	if err != nil {
		return opErr("save", m.ID, err)
	}
	m.Blobs = saved.Blobs
	m.Development = saved.Development
	return nil
}

func (s *Spool) save(ctx context.Context, m *piece.Manifest, blobs []BlobSource) (*piece.Manifest, error) {
	if s.sealer == nil {
		return nil, seal.ErrNoRecipients
	}
	if len(blobs) == 0 {
		return nil, errors.New("a piece needs at least one blob")
	}
	if err := checkSources(blobs, nil, 1); err != nil {
		return nil, err
	}
	mm := m.Clone()
	mm.Blobs = nil
	if s.sealer.Development() {
		mm.Development = true
	}
	if err := mm.Validate(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(s.pieceDir(m.ID)); err == nil {
		return nil, ErrExists
	}
	stage, err := os.MkdirTemp(s.staging(), "save-")
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(stage)
		}
	}()
	mb, files, err := s.sealBlobs(ctx, stage, blobs, 1, func(name string) string { return name + ".age" })
	if err != nil {
		return nil, err
	}
	mm.Blobs = mb
	mf, err := s.sealManifest(ctx, stage, "manifest.age", mm)
	if err != nil {
		return nil, err
	}
	rec := &Receipt{Schema: 1, ID: m.ID, Created: now(), Files: append(files, mf)}
	var paths []string
	for _, f := range rec.Files {
		paths = append(paths, filepath.Join(stage, f.File))
	}
	if err := syncFiles(paths); err != nil {
		return nil, err
	}
	if err := s.commitPiece(ctx, stage, rec); err != nil {
		return nil, err
	}
	committed = true
	return mm, nil
}

// commitPiece writes the receipt into stage, fsyncs it and renames it to
// the piece's place.
func (s *Spool) commitPiece(ctx context.Context, stage string, rec *Receipt) error {
	data, err := rec.encode()
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(stage, receiptName), data); err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	if err := atomicfile.SyncDir(stage); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	dst := s.pieceDir(rec.ID)
	if _, err := os.Stat(dst); err == nil {
		return ErrExists
	}
	if err := os.Rename(stage, dst); err != nil {
		return err
	}
	return atomicfile.SyncDir(s.piecesDir())
}

// Entry is a complete piece in the spool, as its sealed files: enough to
// verify and upload it without decrypting.
type Entry struct {
	ID      piece.ID
	Created time.Time // when it was committed to the spool
	Dir     string
	// Blobs are the sealed blob files, to upload first; Manifest is the
	// sealed manifest, to upload last (its presence commits the piece).
	Blobs    []File
	Manifest File
}

// Files returns the blobs, then the manifest.
func (e Entry) Files() []File { return append(append([]File(nil), e.Blobs...), e.Manifest) }

func entryOf(dir string, r *Receipt) Entry {
	e := Entry{ID: r.ID, Created: r.Created, Dir: dir}
	for _, f := range r.Files {
		f.Path = filepath.Join(dir, f.File)
		if f.Name == "manifest" {
			e.Manifest = f
		} else {
			e.Blobs = append(e.Blobs, f)
		}
	}
	return e
}

func readReceipt(path string) (*Receipt, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return DecodeReceipt(data)
}

// Pieces lists the complete pieces, oldest first.
func (s *Spool) Pieces() ([]Entry, error) {
	des, err := os.ReadDir(s.piecesDir())
	if err != nil {
		return nil, fmt.Errorf("spool: list pieces: %w", err)
	}
	var out []Entry
	for _, de := range des {
		id := piece.ID(de.Name())
		if id.Validate() != nil || !de.IsDir() {
			continue
		}
		r, err := readReceipt(filepath.Join(s.pieceDir(id), receiptName))
		if err != nil || r.ID != id {
			// Only possible when the disk damaged a committed piece. It is
			// kept (it may be recoverable) but not offered for upload.
			slog.Warn("spool: piece without a valid receipt", "piece", string(id), "err", err)
			continue
		}
		out = append(out, entryOf(s.pieceDir(id), r))
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Piece returns one complete piece.
func (s *Spool) Piece(id piece.ID) (Entry, error) {
	if err := id.Validate(); err != nil {
		return Entry{}, fmt.Errorf("spool: piece: %w", err)
	}
	r, err := readReceipt(filepath.Join(s.pieceDir(id), receiptName))
	if errors.Is(err, fs.ErrNotExist) {
		return Entry{}, fmt.Errorf("spool: piece %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("spool: piece %s: %w", id, err)
	}
	return entryOf(s.pieceDir(id), r), nil
}

// Remove deletes a complete piece (after it was uploaded and verified). The
// removal is atomic: after a crash the piece is either whole or gone.
func (s *Spool) Remove(id piece.ID) error {
	if err := id.Validate(); err != nil {
		return fmt.Errorf("spool: remove: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(s.pieceDir(id)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: remove %s: %w", id, ErrNotFound)
	}
	if err := s.moveAside(s.pieceDir(id)); err != nil {
		return opErr("remove", id, err)
	}
	return nil
}
