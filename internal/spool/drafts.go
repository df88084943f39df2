package spool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// ErrDraftFromEarlierRun: the draft was checkpointed by an earlier run of
// the program, whose plaintext is gone; it can only be promoted
// (PromoteDraft), opened with an identity, or removed.
var ErrDraftFromEarlierRun = errors.New("draft was left by an earlier run: promote it to an unfinished piece")

// draftState is what this process knows of a draft it checkpointed: the
// plaintext manifest (kept in memory only) and the current generation.
type draftState struct {
	manifest *piece.Manifest // Blobs match files (minus the manifest)
	created  time.Time
	gen      int
	files    []File // blob files of the current generation, manifest last
}

func genFile(gen int, name string) string { return fmt.Sprintf("g%08d.%s.age", gen, name) }
func receiptFile(gen int) string          { return fmt.Sprintf("receipt-%08d.json", gen) }

// Draft is a draft in the spool, as its sealed files.
type Draft struct {
	Entry
	Generation int // increases with every checkpoint
}

// SaveDraft checkpoints an unfinished piece atomically: blobs (e.g. a
// drawing's stroke log) replace those of the previous checkpoint; segments
// added with AppendDraftSegment are kept. The sealed manifest is m with its
// blobs filled in and Unfinished set, so that the draft can later become a
// piece without being decrypted (PromoteDraft). When SaveDraft returns nil
// the checkpoint survives a crash; on error the previous checkpoint stands.
func (s *Spool) SaveDraft(ctx context.Context, m *piece.Manifest, blobs []BlobSource) error {
	if m == nil {
		return errors.New("spool: save draft: no manifest")
	}
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	if err := s.saveDraft(ctx, m, blobs); err != nil {
		return opErr("save draft", m.ID, err)
	}
	return nil
}

func (s *Spool) saveDraft(ctx context.Context, m *piece.Manifest, blobs []BlobSource) error {
	if s.sealer == nil {
		return seal.ErrNoRecipients
	}
	mm := m.Clone()
	mm.Blobs = nil
	mm.Unfinished = true
	mm.Development = mm.Development || s.sealer.Development()
	if err := mm.Validate(); err != nil {
		return err
	}
	if len(blobs) == 0 {
		return errors.New("a draft needs at least one blob")
	}
	st := s.drafts[m.ID]
	dir := s.draftDirOf(m.ID)
	if st == nil {
		if _, err := os.Stat(dir); err == nil {
			return ErrDraftFromEarlierRun
		}
		if _, err := os.Stat(s.pieceDir(m.ID)); err == nil {
			return ErrExists
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return err
		}
		if err := atomicfile.SyncDir(s.draftsDir()); err != nil {
			os.Remove(dir)
			return err
		}
		st = &draftState{created: now()}
		defer func() {
			if st.gen == 0 { // nothing committed: leave no empty draft
				os.Remove(dir)
			}
		}()
	}
	// Keep the segments.
	var segBlobs []piece.Blob
	var segFiles []File
	taken := map[string]bool{}
	if st.manifest != nil {
		for i, b := range st.manifest.Blobs {
			if b.Role == piece.RoleSegment {
				segBlobs = append(segBlobs, b)
				segFiles = append(segFiles, st.files[i])
				taken[b.Name] = true
			}
		}
	}
	if err := checkSources(blobs, taken, 1); err != nil {
		return err
	}
	gen := st.gen + 1
	mb, files, err := s.sealBlobs(ctx, dir, blobs, 1, func(name string) string { return genFile(gen, name) })
	if err != nil {
		return err
	}
	mm.Blobs = append(mb, segBlobs...)
	files = append(files, segFiles...)
	return s.commitDraft(ctx, st, gen, mm, files, files[:len(mb)])
}

// commitDraft seals the manifest of generation gen, writes its receipt (the
// commit point), then removes the previous generation's files that are no
// longer used. written are the blob files written for gen, removed on error.
func (s *Spool) commitDraft(ctx context.Context, st *draftState, gen int, mm *piece.Manifest, files, written []File) (err error) {
	dir := s.draftDirOf(mm.ID)
	written = append([]File(nil), written...)
	defer func() {
		if err != nil {
			for _, f := range written {
				os.Remove(filepath.Join(dir, f.File))
			}
		}
	}()
	mf, err := s.sealManifest(ctx, dir, genFile(gen, "manifest"), mm)
	if err != nil {
		return err
	}
	written = append(written, mf)
	var paths []string
	for _, f := range written {
		paths = append(paths, filepath.Join(dir, f.File))
	}
	if err := syncFiles(paths); err != nil {
		return err
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return err
	}
	rec := &Receipt{Schema: 1, ID: mm.ID, Created: st.created, Generation: gen, Files: append(append([]File(nil), files...), mf)}
	data, err := rec.encode()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-receipt-")
	if err != nil {
		return err
	}
	tmp.Close()
	os.Remove(tmp.Name())
	if err := writeFileSync(tmp.Name(), data); err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	if err := ctx.Err(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, receiptFile(gen))); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		// The rename may or may not be durable; keep the new generation's
		// files, Open decides.
		written = nil
		return err
	}
	// Committed. Remove the previous generation's receipt, then its files
	// that the new generation does not use; Open would do it after a crash.
	old := st.gen
	keep := make(map[string]bool, len(rec.Files))
	for _, f := range rec.Files {
		keep[f.File] = true
	}
	if old > 0 {
		os.Remove(filepath.Join(dir, receiptFile(old)))
		for _, f := range st.files {
			if !keep[f.File] {
				os.Remove(filepath.Join(dir, f.File))
			}
		}
		os.Remove(filepath.Join(dir, genFile(old, "manifest")))
	}
	st.manifest, st.gen, st.files = mm, gen, rec.Files[:len(rec.Files)-1]
	s.drafts[mm.ID] = st
	return nil
}

// AppendDraftSegment adds one finished segment (e.g. about ten seconds of a
// recording) to a draft this process checkpointed with SaveDraft: the
// segment is sealed into its own file and a new sealed manifest listing it
// is committed, so a checkpoint costs one segment, not the whole recording.
// seg.Role defaults to piece.RoleSegment; seg.Name must be new to the
// draft (e.g. "s0001", "s0002", ...).
func (s *Spool) AppendDraftSegment(ctx context.Context, id piece.ID, seg BlobSource) error {
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	if err := s.appendSegment(ctx, id, seg); err != nil {
		return opErr("append draft segment to", id, err)
	}
	return nil
}

func (s *Spool) appendSegment(ctx context.Context, id piece.ID, seg BlobSource) error {
	if s.sealer == nil {
		return seal.ErrNoRecipients
	}
	st := s.drafts[id]
	if st == nil {
		if _, err := os.Stat(s.draftDirOf(id)); err == nil {
			return ErrDraftFromEarlierRun
		}
		return ErrNotFound
	}
	if seg.Role == "" {
		seg.Role = piece.RoleSegment
	}
	if seg.Name == "" {
		return errors.New("segment name missing")
	}
	taken := map[string]bool{}
	for _, b := range st.manifest.Blobs {
		taken[b.Name] = true
	}
	if err := checkSources([]BlobSource{seg}, taken, 1); err != nil {
		return err
	}
	gen := st.gen + 1
	dir := s.draftDirOf(id)
	mb, files, err := s.sealBlobs(ctx, dir, []BlobSource{seg}, 1, func(name string) string { return genFile(gen, name) })
	if err != nil {
		return err
	}
	mm := st.manifest.Clone()
	mm.Blobs = append(mm.Blobs, mb...)
	all := append(append([]File(nil), st.files...), files...)
	return s.commitDraft(ctx, st, gen, mm, all, files)
}

// currentDraft returns a draft's newest valid receipt.
func (s *Spool) currentDraft(id piece.ID) (*Receipt, error) {
	dir := s.draftDirOf(id)
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var receipts []string
	for _, de := range des {
		if strings.HasPrefix(de.Name(), "receipt-") && strings.HasSuffix(de.Name(), ".json") {
			receipts = append(receipts, de.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(receipts)))
	for _, name := range receipts {
		r, err := readReceipt(filepath.Join(dir, name))
		if err != nil || r.ID != id || receiptFile(r.Generation) != name {
			continue
		}
		complete := true
		for _, f := range r.Files {
			fi, err := os.Stat(filepath.Join(dir, f.File))
			if err != nil || fi.Size() != f.SealedSize {
				complete = false
				break
			}
		}
		if complete {
			return r, nil
		}
	}
	return nil, ErrNotFound
}

// recoverDrafts, at Open, keeps each draft's newest complete checkpoint and
// discards everything else: temp files, older or incomplete generations,
// drafts with no complete checkpoint, and drafts already finished into a
// piece.
func (s *Spool) recoverDrafts() error {
	des, err := os.ReadDir(s.draftsDir())
	if err != nil {
		return err
	}
	for _, de := range des {
		id := piece.ID(de.Name())
		if !de.IsDir() || id.Validate() != nil {
			continue
		}
		dir := s.draftDirOf(id)
		if _, err := os.Stat(s.pieceDir(id)); err == nil {
			if err := s.moveAside(dir); err != nil {
				return err
			}
			continue
		}
		r, err := s.currentDraft(id)
		if errors.Is(err, ErrNotFound) {
			if err := s.moveAside(dir); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		keep := map[string]bool{receiptFile(r.Generation): true}
		for _, f := range r.Files {
			keep[f.File] = true
		}
		files, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		changed := false
		for _, f := range files {
			if !keep[f.Name()] {
				if err := os.RemoveAll(filepath.Join(dir, f.Name())); err != nil {
					return err
				}
				changed = true
			}
		}
		if changed {
			if err := atomicfile.SyncDir(dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// Drafts lists the drafts in the spool (including those left by earlier
// runs), oldest first.
func (s *Spool) Drafts() ([]Draft, error) {
	des, err := os.ReadDir(s.draftsDir())
	if err != nil {
		return nil, fmt.Errorf("spool: list drafts: %w", err)
	}
	var out []Draft
	for _, de := range des {
		id := piece.ID(de.Name())
		if !de.IsDir() || id.Validate() != nil {
			continue
		}
		r, err := s.currentDraft(id)
		if errors.Is(err, ErrNotFound) {
			continue // being created, or being removed
		}
		if err != nil {
			return nil, fmt.Errorf("spool: list drafts: %w", err)
		}
		out = append(out, Draft{Entry: entryOf(s.draftDirOf(id), r), Generation: r.Generation})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// VerifyDraft checks a draft's current checkpoint like Verify.
func (s *Spool) VerifyDraft(id piece.ID) (Report, error) {
	if err := id.Validate(); err != nil {
		return Report{}, fmt.Errorf("spool: verify draft: %w", err)
	}
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	r, err := s.currentDraft(id)
	if errors.Is(err, ErrNotFound) {
		if _, serr := os.Stat(s.draftDirOf(id)); serr == nil {
			return Report{ID: id, Damaged: []Damage{{Name: "receipt", Reason: "no complete checkpoint"}}}, nil
		}
		return Report{}, fmt.Errorf("spool: verify draft %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Report{}, fmt.Errorf("spool: verify draft %s: %w", id, err)
	}
	return verifyDir(id, s.draftDirOf(id), filepath.Join(s.draftDirOf(id), receiptFile(r.Generation)))
}

// OpenDraft decrypts a draft's current manifest with o (gallery or
// development side, or a kiosk tool that was given the identity).
func (s *Spool) OpenDraft(id piece.ID, o *seal.Opener) (*Opened, error) {
	if err := id.Validate(); err != nil {
		return nil, fmt.Errorf("spool: open draft: %w", err)
	}
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	r, err := s.currentDraft(id)
	if err != nil {
		return nil, fmt.Errorf("spool: open draft %s: %w", id, err)
	}
	p, err := openDir(id, s.draftDirOf(id), r, o)
	if err != nil {
		return nil, fmt.Errorf("spool: open draft %s: %w", id, err)
	}
	return p, nil
}

// FinishDraft saves the finished piece m with blobs (as Save does), then
// removes the draft with m's ID. The kiosk calls it with the plaintext it
// still holds; when finishing at an idle reset it sets m.Unfinished. If the
// program stops between the two steps, Open removes the leftover draft. A
// piece that never had a checkpoint (no draft) is simply saved.
func (s *Spool) FinishDraft(ctx context.Context, id piece.ID, m *piece.Manifest, blobs []BlobSource) error {
	if m == nil || m.ID != id {
		return fmt.Errorf("spool: finish draft %s: the manifest is for another piece", id)
	}
	if err := s.Save(ctx, m, blobs); err != nil {
		return err
	}
	// A piece finished before its first checkpoint has no draft to remove.
	if err := s.RemoveDraft(id); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// PromoteDraft turns a draft's current checkpoint into a complete piece
// without decrypting anything: its sealed files (whose manifest is marked
// Unfinished) become the piece's files as they are. This is what a kiosk
// does at start for drafts left by an earlier run.
func (s *Spool) PromoteDraft(ctx context.Context, id piece.ID) error {
	if err := id.Validate(); err != nil {
		return fmt.Errorf("spool: promote draft: %w", err)
	}
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	if err := s.promote(ctx, id); err != nil {
		return opErr("promote draft", id, err)
	}
	return nil
}

func (s *Spool) promote(ctx context.Context, id piece.ID) error {
	r, err := s.currentDraft(id)
	if err != nil {
		return err
	}
	dir := s.draftDirOf(id)
	stage, err := os.MkdirTemp(s.staging(), "promote-")
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(stage)
		}
	}()
	rec := &Receipt{Schema: 1, ID: id, Created: now()}
	for _, f := range r.Files {
		nf := f
		nf.File = f.Name + ".age"
		if err := linkOrCopy(filepath.Join(dir, f.File), filepath.Join(stage, nf.File)); err != nil {
			return err
		}
		rec.Files = append(rec.Files, nf)
	}
	if err := s.commitPiece(ctx, stage, rec); err != nil {
		return err
	}
	committed = true
	delete(s.drafts, id)
	if err := s.moveAside(dir); err != nil {
		return fmt.Errorf("remove draft after promoting: %w", err)
	}
	return nil
}

// linkOrCopy makes dst have src's bytes, durably (the caller fsyncs dst's
// directory).
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// RemoveDraft deletes a draft atomically.
func (s *Spool) RemoveDraft(id piece.ID) error {
	if err := id.Validate(); err != nil {
		return fmt.Errorf("spool: remove draft: %w", err)
	}
	s.draftMu.Lock()
	defer s.draftMu.Unlock()
	delete(s.drafts, id)
	if _, err := os.Stat(s.draftDirOf(id)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: remove draft %s: %w", id, ErrNotFound)
	}
	if err := s.moveAside(s.draftDirOf(id)); err != nil {
		return opErr("remove draft", id, err)
	}
	return nil
}
