package spool

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/ctxio"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// ErrDiskFull is wrapped (together with the system's error, e.g.
// syscall.ENOSPC) when a write fails for lack of space.
var ErrDiskFull = errors.New("the disk is full")

// diskFull reports whether err means there is no room to write.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG)
}

// countHash counts and hashes what is written through it.
type countHash struct {
	h hash.Hash
	n int64
}

func newCountHash() *countHash { return &countHash{h: sha256.New()} }

func (c *countHash) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}

func (c *countHash) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

// sealedFile is what writing one sealed file produced.
type sealedFile struct {
	size, sealedSize int64
	sha, sealedSHA   string
}

// writeSealed seals src into a new file at path (which must not exist) and
// closes it; the caller fsyncs it (syncFiles). On error the file is removed.
func writeSealed(ctx context.Context, s *seal.Sealer, path string, src io.Reader) (res sealedFile, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	plain, sealed := newCountHash(), newCountHash()
	w, err := s.Seal(io.MultiWriter(f, sealed))
	if err != nil {
		return res, err
	}
	buf := make([]byte, 64<<10)
	if _, err := io.CopyBuffer(io.MultiWriter(w, plain), ctxio.NewReader(ctx, src), buf); err != nil {
		return res, err
	}
	if err := w.Close(); err != nil {
		return res, err
	}
	if err := f.Close(); err != nil {
		return res, err
	}
	return sealedFile{size: plain.n, sealedSize: sealed.n, sha: plain.sum(), sealedSHA: sealed.sum()}, nil
}

// writeFileSync writes data to a new file at path (which must not exist)
// and fsyncs it. On error the file is removed.
func writeFileSync(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// syncFiles fsyncs files, concurrently so that the file system can commit
// them together.
func syncFiles(paths []string) error {
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() {
			f, err := os.Open(p)
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = f.Sync()
			f.Close()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// hashFile returns a file's size and SHA-256.
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	c := newCountHash()
	if _, err := io.Copy(c, f); err != nil {
		return 0, "", err
	}
	return c.n, c.sum(), nil
}

// moveAside renames path into the spool's staging directory and removes it
// there: the rename is the atomic step, a crash leaves at most garbage in
// staging, which Open clears.
func (s *Spool) moveAside(path string) error {
	tmp, err := os.MkdirTemp(s.staging(), "rm-")
	if err != nil {
		return err
	}
	dst := filepath.Join(tmp, "x")
	if err := os.Rename(path, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		return err
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("clean up: %w", err)
	}
	return nil
}
