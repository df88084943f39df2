package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Library pulls and verifies pieces for the gallery.
type Library struct {
	remote remote.Remote
	opener *seal.Opener
	dir    string
	log    *slog.Logger

	mu    sync.Mutex // one pull at a time; guards state
	state state
}

// state is what the library remembers between runs. No patient data.
type state struct {
	// Cursors: per kiosk, every piece id ≤ the cursor has been handled.
	Cursors map[string]string `json:"cursors"`
	// Seen: per kiosk, ids beyond the cursor already handled.
	Seen map[string][]string `json:"seen"`
}

// Piece is a verified, decrypted piece.
type Piece struct {
	Kiosk    string
	Manifest *piece.Manifest
	lib      *Library
}

// Damaged names a piece that cannot be shown, and why.
type Damaged struct {
	Kiosk, Piece string
	Reason       string
}

// Pull is what one pull found.
type Pull struct {
	Pieces  []*Piece
	Damaged []Damaged
}

// Open opens (or creates) the library's folder dir.
func Open(dir string, r remote.Remote, o *seal.Opener, log *slog.Logger) (*Library, error) {
	if log == nil {
		log = slog.Default()
	}
	if err := os.MkdirAll(filepath.Join(dir, "cache"), 0o700); err != nil {
		return nil, fmt.Errorf("library: open %s: %w", dir, err)
	}
	l := &Library{remote: r, opener: o, dir: dir, log: log.With("component", "library"),
		state: state{Cursors: map[string]string{}, Seen: map[string][]string{}}}
	data, err := os.ReadFile(l.statePath())
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("library: read state: %w", err)
	default:
		if err := json.Unmarshal(data, &l.state); err != nil {
			return nil, fmt.Errorf("library: state file %s is damaged: %w", l.statePath(), err)
		}
		if l.state.Cursors == nil {
			l.state.Cursors = map[string]string{}
		}
		if l.state.Seen == nil {
			l.state.Seen = map[string][]string{}
		}
	}
	return l, nil
}

func (l *Library) statePath() string { return filepath.Join(l.dir, "state.json") }

// Pull lists what is new on the remote, verifies and decrypts each complete
// piece, and returns them (oldest first per kiosk) with the damaged ones.
// Pieces whose manifest has not arrived yet are left for a later pull.
func (l *Library) Pull(ctx context.Context) (Pull, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kiosks, err := l.kiosks(ctx)
	if err != nil {
		return Pull{}, err
	}
	var out Pull
	for _, k := range kiosks {
		if err := l.pullKiosk(ctx, k, &out); err != nil {
			return out, err
		}
	}
	if err := l.saveState(); err != nil {
		return out, err
	}
	return out, nil
}

// kiosks discovers the kiosks that uploaded anything: one short listing
// each, skipping past every kiosk's keys.
func (l *Library) kiosks(ctx context.Context) ([]string, error) {
	var out []string
	after := ""
	for {
		next := ""
		err := l.remote.List(ctx, remote.PiecesPrefix(), after, func(i remote.Info) error {
			if k, ok := remote.ParsePieceKey(i.Key); ok {
				next = k.Kiosk
				return remote.ErrStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, remote.ErrStop) {
			return nil, fmt.Errorf("library: list kiosks: %w", err)
		}
		if next == "" {
			return out, nil
		}
		out = append(out, next)
		after = remote.KioskPrefix(next) + "~"
	}
}

// listed is one piece's objects as listed.
type listed struct {
	objects  map[string]remote.Info // by blob name; "" is the manifest
	manifest bool
}

func (l *Library) pullKiosk(ctx context.Context, kiosk string, out *Pull) error {
	cursor := l.state.Cursors[kiosk]
	after := ""
	if cursor != "" {
		after = remote.PiecePrefix(kiosk, cursor) + "~"
	}
	pieces := map[string]*listed{}
	err := l.remote.List(ctx, remote.KioskPrefix(kiosk), after, func(i remote.Info) error {
		k, ok := remote.ParsePieceKey(i.Key)
		if !ok {
			return nil
		}
		p := pieces[k.Piece]
		if p == nil {
			p = &listed{objects: map[string]remote.Info{}}
			pieces[k.Piece] = p
		}
		if k.Manifest {
			p.manifest = true
			p.objects[""] = i
		} else {
			p.objects[k.Blob] = i
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("library: list kiosk %s: %w", kiosk, err)
	}
	ids := make([]string, 0, len(pieces))
	for id := range pieces {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	seen := map[string]bool{}
	for _, id := range l.state.Seen[kiosk] {
		seen[id] = true
	}
	for _, id := range ids {
		if seen[id] || !pieces[id].manifest {
			continue
		}
		p, reason, err := l.fetch(ctx, kiosk, id, pieces[id])
		if err != nil {
			return err // transient (network): try again at the next pull
		}
		if reason != "" {
			out.Damaged = append(out.Damaged, Damaged{Kiosk: kiosk, Piece: id, Reason: reason})
			l.log.Warn("damaged piece", "kiosk", kiosk, "piece", id, "reason", reason)
		} else {
			out.Pieces = append(out.Pieces, p)
		}
		seen[id] = true
	}
	// Advance the cursor over the handled run of pieces; remember the
	// handled ones after a piece still uploading.
	gap := false
	var rest []string
	for _, id := range ids {
		switch {
		case !seen[id]:
			gap = true
		case gap:
			rest = append(rest, id)
		default:
			cursor = id
		}
	}
	if cursor != "" {
		l.state.Cursors[kiosk] = cursor
	}
	l.state.Seen[kiosk] = rest
	return nil
}

// fetch downloads, verifies and decrypts one piece. A non-empty reason
// means the piece is damaged; an error means the remote could not be read.
func (l *Library) fetch(ctx context.Context, kiosk, id string, p *listed) (*Piece, string, error) {
	sealedManifest, err := l.download(ctx, remote.ManifestKey(kiosk, id))
	if err != nil {
		return nil, "", err
	}
	plain, err := l.opener.OpenBytes(sealedManifest)
	if err != nil {
		return nil, fmt.Sprintf("manifest cannot be opened: %v", err), nil
	}
	m, err := piece.Decode(plain)
	if err != nil {
		return nil, fmt.Sprintf("manifest is invalid: %v", err), nil
	}
	if string(m.ID) != id || m.KioskID != kiosk {
		return nil, "manifest belongs to another piece or kiosk", nil
	}
	if _, err := piece.ParseID(id); err != nil {
		return nil, "piece id is malformed", nil
	}
	for _, b := range m.Blobs {
		if _, ok := p.objects[b.Name]; !ok {
			return nil, fmt.Sprintf("blob %s is missing", b.Name), nil
		}
		sealed, err := l.download(ctx, remote.BlobKey(kiosk, id, b.Name))
		if err != nil {
			if remote.IsNotExist(err) {
				return nil, fmt.Sprintf("blob %s is missing", b.Name), nil
			}
			return nil, "", err
		}
		if reason := checkBlob(l.opener, b, sealed); reason != "" {
			return nil, reason, nil
		}
		if err := l.cache(kiosk, id, b.Name, sealed); err != nil {
			return nil, "", err
		}
	}
	// The manifest goes in the cache last: its presence marks a verified piece.
	if err := l.cache(kiosk, id, manifestName, sealedManifest); err != nil {
		return nil, "", err
	}
	return &Piece{Kiosk: kiosk, Manifest: m, lib: l}, "", nil
}

// manifestName is the cached manifest's name (blob names never start with "_").
const manifestName = "_manifest"

// Cached returns every piece pulled so far, from the encrypted cache, so a
// restarted gallery shows what it had. Pieces whose cached manifest no
// longer opens are returned as damaged.
func (l *Library) Cached() ([]*Piece, []Damaged, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	paths, err := filepath.Glob(filepath.Join(l.dir, "cache", "*", "*", manifestName+".age"))
	if err != nil {
		return nil, nil, fmt.Errorf("library: read cache: %w", err)
	}
	sort.Strings(paths)
	var pieces []*Piece
	var damaged []Damaged
	for _, p := range paths {
		id := filepath.Base(filepath.Dir(p))
		kiosk := filepath.Base(filepath.Dir(filepath.Dir(p)))
		sealed, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("library: read cache: %w", err)
		}
		plain, err := l.opener.OpenBytes(sealed)
		var m *piece.Manifest
		if err == nil {
			m, err = piece.Decode(plain)
		}
		if err != nil || string(m.ID) != id || m.KioskID != kiosk {
			damaged = append(damaged, Damaged{Kiosk: kiosk, Piece: id, Reason: "cached manifest is damaged"})
			continue
		}
		pieces = append(pieces, &Piece{Kiosk: kiosk, Manifest: m, lib: l})
	}
	return pieces, damaged, nil
}

// checkBlob verifies sealed bytes against the manifest, then their
// decryption; it returns why they are damaged, or "".
func checkBlob(o *seal.Opener, b piece.Blob, sealed []byte) string {
	if int64(len(sealed)) != b.SealedSize || hexSHA(sealed) != b.SealedSHA256 {
		return fmt.Sprintf("blob %s does not match its manifest", b.Name)
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		return fmt.Sprintf("blob %s cannot be opened: %v", b.Name, err)
	}
	if int64(len(plain)) != b.Size || hexSHA(plain) != b.SHA256 {
		return fmt.Sprintf("blob %s decrypts to the wrong content", b.Name)
	}
	return ""
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func (l *Library) download(ctx context.Context, key string) ([]byte, error) {
	rc, err := l.remote.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("library: get %s: %w", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("library: get %s: %w", key, err)
	}
	return data, nil
}

func (l *Library) cachePath(kiosk, id, name string) string {
	return filepath.Join(l.dir, "cache", kiosk, id, name+".age")
}

// cache keeps a verified sealed blob on disk (still encrypted).
func (l *Library) cache(kiosk, id, name string, sealed []byte) error {
	p := l.cachePath(kiosk, id, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("library: cache: %w", err)
	}
	if err := atomicfile.Write(p, sealed, 0o600); err != nil {
		return fmt.Errorf("library: cache: %w", err)
	}
	return nil
}

// ReadBlob returns a blob's plaintext, read from the encrypted cache and
// verified again against the manifest.
func (p *Piece) ReadBlob(name string) ([]byte, error) {
	b := p.Manifest.Blob(name)
	if b == nil {
		return nil, fmt.Errorf("library: piece %s has no blob %s", p.Manifest.ID, name)
	}
	sealed, err := os.ReadFile(p.lib.cachePath(p.Kiosk, string(p.Manifest.ID), name))
	if err != nil {
		return nil, fmt.Errorf("library: read %s of %s: %w", name, p.Manifest.ID, err)
	}
	if reason := checkBlob(p.lib.opener, *b, sealed); reason != "" {
		return nil, fmt.Errorf("library: piece %s is damaged: %s", p.Manifest.ID, reason)
	}
	return p.lib.opener.OpenBytes(sealed)
}

func (l *Library) saveState() error {
	data, err := json.Marshal(l.state)
	if err != nil {
		return fmt.Errorf("library: save state: %w", err)
	}
	if err := atomicfile.Write(l.statePath(), data, 0o600); err != nil {
		return fmt.Errorf("library: save state: %w", err)
	}
	return nil
}
