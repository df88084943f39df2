package library

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"image"
	_ "image/jpeg" // image headers (decode-bomb check)
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Piece is a verified, decrypted piece.
type Piece struct {
	Kiosk    string
	Manifest *piece.Manifest
	// Verified is true when the manifest is signed by a kiosk the clinic
	// trusts; otherwise OriginProblem says why not ("origin not verified").
	Verified      bool
	OriginProblem string
	lib           *Library
}

const (
	// manifestName is the cached manifest's name (blob names never start
	// with "_"). Its presence in the cache marks a piece handed over.
	manifestName = "_manifest"
	// stageDir holds a piece's files while they are verified.
	stageDir = ".stage"
	// maxSealedManifest bounds a sealed manifest: the largest manifest, plus
	// age's header and per-chunk overhead.
	maxSealedManifest = piece.MaxManifestSize + piece.MaxManifestSize/64 + 64<<10
)

func (l *Library) cachePath(kiosk, id, name string) string {
	return filepath.Join(l.dir, "cache", kiosk, id, name+".age")
}

// delivered reports whether a piece was handed over (its manifest is in
// the cache).
func (l *Library) delivered(kiosk, id string) bool {
	_, err := os.Stat(l.cachePath(kiosk, id, manifestName))
	return err == nil
}

// failure is a piece problem found while fetching.
type failure struct {
	kind   ProblemKind
	reason string
}

func damaged(format string, args ...any) *failure {
	return &failure{kind: KindDamaged, reason: fmt.Sprintf(format, args...)}
}

// fetched is the outcome of fetching one piece: the piece, or its problem.
type fetched struct {
	p *Piece
	f *failure
}

// handOver hands a fetched piece over, or records its problem.
func (l *Library) handOver(j job, r fetched, out *Pull, now time.Time) {
	p, f := r.p, r.f
	if f != nil {
		l.record(out, Damaged{Kiosk: j.kiosk, Piece: j.id, Kind: f.kind, Reason: f.reason}, now)
		return
	}
	l.resolve(j.kiosk, j.id)
	if p.Manifest.Kind == piece.Visit {
		l.handOverVisit(j, p, out, now)
		return
	}
	if p.Verified {
		out.Pieces = append(out.Pieces, p)
	} else {
		out.Unverified = append(out.Unverified, p)
		l.log.Warn("origin not verified", "kiosk", j.kiosk, "piece", j.id, "reason", p.OriginProblem)
	}
	if err := l.store.PieceDelivered(p); err != nil {
		l.log.Error("record a piece handed over", "piece", j.id, "err", err)
	}
}

// fetch downloads, verifies and decrypts one piece into the cache. Listed
// sizes are checked before anything is read, every read is bounded, and
// each blob is decrypted once (streamed, to check its plaintext hash).
func (l *Library) fetch(ctx context.Context, j job) (*Piece, *failure) {
	kiosk, id := j.kiosk, j.id
	if _, ok := idTime(id); !ok {
		return nil, &failure{kind: KindJunk, reason: "piece id is not a UUIDv7"}
	}
	mi := j.objs.objects[""]
	if mi.Size <= 0 || mi.Size > maxSealedManifest {
		return nil, damaged("manifest object is %d bytes; a manifest is at most %d", mi.Size, maxSealedManifest)
	}
	sealedManifest, f := l.downloadSmall(ctx, mi)
	if f != nil {
		return nil, f
	}
	m, f := l.decodeManifest(sealedManifest, kiosk, id)
	if f != nil {
		return nil, f
	}
	if f := checkVisitManifest(m); f != nil {
		return nil, f
	}
	for _, b := range m.Blobs {
		info, ok := j.objs.objects[b.Name]
		switch {
		case !ok:
			return nil, damaged("blob %s is missing", b.Name)
		case b.SealedSize > l.opts.MaxBlobSize:
			return nil, damaged("blob %s would be %d bytes, larger than the %d allowed", b.Name, b.SealedSize, l.opts.MaxBlobSize)
		case info.Size != b.SealedSize:
			return nil, damaged("blob %s is %d bytes, its manifest says %d", b.Name, info.Size, b.SealedSize)
		}
	}
	stage, err := os.MkdirTemp(filepath.Join(l.dir, "cache", stageDir), "piece-")
	if err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	defer os.RemoveAll(stage)
	for _, b := range m.Blobs {
		if f := l.downloadBlob(ctx, j.objs.objects[b.Name], b, filepath.Join(stage, b.Name+".age")); f != nil {
			return nil, f
		}
	}
	if m.Kind == piece.Visit {
		if _, f := readVisitRecord(l.opener, m, filepath.Join(stage, m.Blobs[0].Name+".age")); f != nil {
			return nil, f
		}
	}
	p := &Piece{Kiosk: kiosk, Manifest: m, lib: l}
	uploaded := uploadedAt(j.objs, m)
	l.checkOrigin(p, uploaded)
	clean(m)
	// Into the cache, the manifest last: its presence marks the piece
	// handed over.
	dst := filepath.Join(l.dir, "cache", kiosk, id)
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	for _, b := range m.Blobs {
		if err := os.Rename(filepath.Join(stage, b.Name+".age"), l.cachePath(kiosk, id, b.Name)); err != nil {
			return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
		}
	}
	tmp := filepath.Join(stage, manifestName+".age")
	if err := os.WriteFile(tmp, sealedManifest, 0o600); err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	// The cached manifest keeps the piece's upload time as its
	// modification time: a revocation judges cached pieces by it.
	if err := os.Chtimes(tmp, uploaded, uploaded); err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	if err := os.Rename(tmp, l.cachePath(kiosk, id, manifestName)); err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	return p, nil
}

// uploadedAt is when the storage received a piece: the latest server-side
// time of its manifest and the blobs it names (the versions used).
// Whoever holds a kiosk's key chooses every date in a manifest, but not
// these.
func uploadedAt(objs *listed, m *piece.Manifest) time.Time {
	t := objs.objects[""].Modified
	for _, b := range m.Blobs {
		if mt := objs.objects[b.Name].Modified; mt.After(t) {
			t = mt
		}
	}
	return t
}

// decodeManifest opens and checks a sealed manifest of kiosk/id.
func (l *Library) decodeManifest(sealed []byte, kiosk, id string) (*piece.Manifest, *failure) {
	plain, err := l.opener.OpenBytes(sealed)
	if err != nil {
		return nil, damaged("manifest cannot be opened: %v", err)
	}
	m, err := piece.Decode(plain)
	if err != nil {
		return nil, damaged("manifest is invalid: %v", err)
	}
	if string(m.ID) != id || m.KioskID != kiosk {
		return nil, damaged("manifest belongs to another piece or kiosk")
	}
	if _, err := patientcode.Parse(m.PatientCode); err != nil {
		return nil, damaged("manifest's patient code is not valid: %v", err)
	}
	return m, nil // the code is normalised by clean, after the origin check
}

// checkOrigin verifies who made p, uploaded at uploaded (zero: unknown),
// before its text is normalised: the signature covers the manifest as the
// kiosk wrote it.
func (l *Library) checkOrigin(p *Piece, uploaded time.Time) {
	if l.opts.Trust == nil {
		p.OriginProblem = "no trusted kiosks are configured"
		return
	}
	var err error
	if uv, ok := l.opts.Trust.(UploadVerifier); ok {
		err = uv.VerifyUploaded(p.Manifest, uploaded)
	} else {
		err = l.opts.Trust.Verify(p.Manifest)
	}
	if err != nil {
		p.OriginProblem = err.Error()
		return
	}
	p.Verified = true
}

// checkCachedOrigin is checkOrigin for a piece in the cache: its upload
// time is its cached manifest's modification time (set when it was
// pulled; if a copy lost it, the time of the copy, later: a revoked
// kiosk's pieces then fail closed).
func (l *Library) checkCachedOrigin(p *Piece) {
	var uploaded time.Time
	if fi, err := os.Stat(l.cachePath(p.Kiosk, string(p.Manifest.ID), manifestName)); err == nil {
		uploaded = fi.ModTime()
	}
	l.checkOrigin(p, uploaded)
}

// clean normalises what the gallery shows: the patient code in canonical
// form (already checked valid), free text without control or bidi
// characters.
func clean(m *piece.Manifest) {
	if code, err := patientcode.Parse(m.PatientCode); err == nil {
		m.PatientCode = string(code)
	}
	m.Title = piece.DisplayText(m.Title, false)
	m.Reflection = piece.DisplayText(m.Reflection, true)
	if m.Emotions != nil {
		for i := range m.Emotions.Words {
			m.Emotions.Words[i].Word = piece.DisplayText(m.Emotions.Words[i].Word, false)
		}
	}
}

// get opens a listed object (the version listed) under a watchdog; the
// caller reads through the returned reader and calls done with the outcome.
func (l *Library) get(ctx context.Context, obj remote.Info) (io.Reader, func(error) error, error) {
	wctx, w := startWatchdog(ctx, l.opts.CallTimeout)
	var rc io.ReadCloser
	var err error
	if v, ok := l.remote.(remote.Versioned); ok && obj.VersionID != "" {
		rc, err = v.GetVersion(wctx, obj.Key, obj.VersionID)
	} else {
		rc, err = l.remote.Get(wctx, obj.Key)
	}
	if err != nil {
		return nil, nil, w.stop(err)
	}
	w.kick()
	w.watch(rc)
	done := func(err error) error {
		rc.Close()
		return w.stop(err)
	}
	return watchedReader{rc, w}, done, nil
}

// remoteFailure classifies an error reading an object.
func remoteFailure(key string, err error) *failure {
	if remote.IsNotExist(err) {
		return damaged("%s is missing", key)
	}
	return &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot read %s: %v", key, err)}
}

// downloadSmall reads an object of the listed size (at most a manifest's).
func (l *Library) downloadSmall(ctx context.Context, obj remote.Info) ([]byte, *failure) {
	key, size := obj.Key, obj.Size
	r, done, err := l.get(ctx, obj)
	if err != nil {
		return nil, remoteFailure(key, err)
	}
	var buf bytes.Buffer
	_, err = io.Copy(&buf, io.LimitReader(r, size+1))
	if err = done(err); err != nil {
		return nil, remoteFailure(key, err)
	}
	if int64(buf.Len()) != size {
		return nil, damaged("%s is not the size it was listed with", key)
	}
	return buf.Bytes(), nil
}

// downloadBlob streams a sealed blob into path, checking its size and
// sealed hash as it comes, then decrypts it once (streamed) to check the
// plaintext's size and hash.
func (l *Library) downloadBlob(ctx context.Context, obj remote.Info, b piece.Blob, path string) *failure {
	key := obj.Key
	r, done, err := l.get(ctx, obj)
	if err != nil {
		return remoteFailure(key, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		done(nil)
		return &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", err)}
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, b.SealedSize+1))
	if cerr := f.Close(); err == nil && cerr != nil {
		done(nil)
		return &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot write the gallery's cache: %v", cerr)}
	}
	if err = done(err); err != nil {
		return remoteFailure(key, err)
	}
	if n != b.SealedSize || hex.EncodeToString(h.Sum(nil)) != b.SealedSHA256 {
		return damaged("blob %s does not match its manifest", b.Name)
	}
	if reason := checkPlain(l.opener, b, path); reason != "" {
		return damaged("%s", reason)
	}
	return nil
}

// checkPlain decrypts a sealed file (streamed, nothing kept but an image's
// header) and checks the plaintext against the manifest, and an image's
// declared size against the pixel budget for its role.
func checkPlain(o *seal.Opener, b piece.Blob, path string) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("blob %s cannot be read: %v", b.Name, err)
	}
	defer f.Close()
	pr, err := o.Open(f)
	if err != nil {
		return fmt.Sprintf("blob %s cannot be opened: %v", b.Name, err)
	}
	h := sha256.New()
	var head headBuffer
	n, err := io.Copy(io.MultiWriter(h, &head), io.LimitReader(pr, b.Size+1))
	if err != nil {
		return fmt.Sprintf("blob %s cannot be opened: %v", b.Name, err)
	}
	if n != b.Size || hex.EncodeToString(h.Sum(nil)) != b.SHA256 {
		return fmt.Sprintf("blob %s decrypts to the wrong content", b.Name)
	}
	if strings.HasPrefix(b.MediaType, "image/") {
		budget := int64(media.ThumbnailPixels)
		if b.Role == piece.RoleOriginal {
			budget = media.DrawingPixels
		}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(head.b)); err == nil &&
			(cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width) > budget || int64(cfg.Height) > budget || int64(cfg.Width)*int64(cfg.Height) > budget) {
			return fmt.Sprintf("blob %s is an image declaring %d×%d pixels, more than the %d allowed (a decode bomb)", b.Name, cfg.Width, cfg.Height, budget)
		}
	}
	return ""
}

// headBuffer keeps the first 64 KiB written to it (an image's header).
type headBuffer struct{ b []byte }

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// Cached returns every piece handed over so far, from the encrypted cache,
// so a restarted gallery shows what it had; and every problem recorded and
// not resolved. Pieces whose cached manifest no longer opens are returned
// as damaged.
func (l *Library) Cached() (Pull, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	paths, err := filepath.Glob(filepath.Join(l.dir, "cache", "*", "*", manifestName+".age"))
	if err != nil {
		return Pull{}, fmt.Errorf("library: read cache: %w", err)
	}
	sort.Strings(paths)
	out := Pull{Damaged: l.problemList()}
	for _, p := range paths {
		id := filepath.Base(filepath.Dir(p))
		kiosk := filepath.Base(filepath.Dir(filepath.Dir(p)))
		sealed, err := os.ReadFile(p)
		if err != nil {
			return Pull{}, fmt.Errorf("library: read cache: %w", err)
		}
		m, f := l.decodeManifest(sealed, kiosk, id)
		if f != nil {
			out.Damaged = append(out.Damaged, Damaged{Kiosk: kiosk, Piece: id, Kind: KindDamaged, Reason: "cached manifest is damaged"})
			continue
		}
		pc := &Piece{Kiosk: kiosk, Manifest: m, lib: l}
		l.checkCachedOrigin(pc)
		clean(m)
		if m.Kind == piece.Visit {
			if v, f := l.visitOf(pc); f == nil {
				out.Visits = append(out.Visits, v)
			} else {
				out.Damaged = append(out.Damaged, Damaged{Kiosk: kiosk, Piece: id, Kind: KindDamaged, Reason: "cached visit record is damaged"})
			}
			continue
		}
		if pc.Verified {
			out.Pieces = append(out.Pieces, pc)
		} else {
			out.Unverified = append(out.Unverified, pc)
		}
	}
	return out, nil
}

// OpenBlob streams a blob's plaintext from the encrypted cache, decrypting
// once. The sealed bytes are checked against the manifest as they are
// read: Read fails (at the end at the latest) if they do not match, so a
// caller must treat what it read as untrusted until io.EOF.
func (p *Piece) OpenBlob(name string) (io.ReadCloser, error) {
	b := p.Manifest.Blob(name)
	if b == nil {
		return nil, fmt.Errorf("library: piece %s has no blob %s", p.Manifest.ID, name)
	}
	f, err := os.Open(p.lib.cachePath(p.Kiosk, string(p.Manifest.ID), name))
	if err != nil {
		return nil, fmt.Errorf("library: read %s of %s: %w", name, p.Manifest.ID, err)
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() != b.SealedSize {
		f.Close()
		return nil, fmt.Errorf("library: piece %s is damaged: blob %s does not match its manifest", p.Manifest.ID, name)
	}
	sealedSum := sha256.New()
	pr, err := p.lib.opener.Open(io.TeeReader(f, sealedSum))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("library: piece %s is damaged: blob %s cannot be opened: %w", p.Manifest.ID, name, err)
	}
	return &blobReader{f: f, r: pr, sealed: f, sealedSum: sealedSum, plainSum: sha256.New(), b: *b, id: p.Manifest.ID}, nil
}

type blobReader struct {
	f         *os.File
	r         io.Reader
	sealed    io.Reader
	sealedSum hash.Hash
	plainSum  hash.Hash
	n         int64
	b         piece.Blob
	id        piece.ID
	err       error
}

func (br *blobReader) Read(p []byte) (int, error) {
	if br.err != nil {
		return 0, br.err
	}
	n, err := br.r.Read(p)
	br.n += int64(n)
	br.plainSum.Write(p[:n])
	if br.n > br.b.Size {
		br.err = fmt.Errorf("library: piece %s is damaged: blob %s is longer than its manifest says", br.id, br.b.Name)
		return 0, br.err
	}
	if err == io.EOF {
		// age stops at its last chunk: hash anything after it too.
		io.Copy(br.sealedSum, br.sealed)
		if br.n != br.b.Size || hex.EncodeToString(br.plainSum.Sum(nil)) != br.b.SHA256 ||
			hex.EncodeToString(br.sealedSum.Sum(nil)) != br.b.SealedSHA256 {
			br.err = fmt.Errorf("library: piece %s is damaged: blob %s does not match its manifest", br.id, br.b.Name)
			return n, br.err
		}
	} else if err != nil {
		br.err = fmt.Errorf("library: piece %s is damaged: blob %s: %w", br.id, br.b.Name, err)
		return n, br.err
	}
	return n, err
}

func (br *blobReader) Close() error { return br.f.Close() }

// ReadBlob returns a blob's plaintext, read from the encrypted cache,
// decrypted once and verified against the manifest. For large blobs
// (recordings) use OpenBlob.
func (p *Piece) ReadBlob(name string) ([]byte, error) {
	rc, err := p.OpenBlob(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := p.Manifest.Blob(name)
	// ReadFrom wants MinRead bytes of room to see the end: with that room
	// the blob is read into one allocation, never grown and copied.
	buf := bytes.NewBuffer(make([]byte, 0, b.Size+bytes.MinRead))
	if _, err := io.Copy(buf, rc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
