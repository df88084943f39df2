package dir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/ctxio"
	"github.com/afterimage-clinic/afterimage/internal/remote"
)

const tmpDir = ".tmp"

// staleTemp is how old a leftover temp file must be before Open removes it
// (another process may be writing one right now).
const staleTemp = time.Hour

// Dir is a remote.Remote in a local folder.
type Dir struct {
	root string
}

var _ remote.Remote = (*Dir)(nil)

// Open returns the store rooted at root, creating the folder (mode 0700) if
// needed, and removes temp files left by interrupted puts.
func Open(root string) (*Dir, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("dir: open %s: %w", root, err)
	}
	if err := os.MkdirAll(filepath.Join(abs, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("dir: open %s: %w", root, err)
	}
	d := &Dir{root: abs}
	d.cleanTemp()
	return d, nil
}

// Root is the folder the store lives in.
func (d *Dir) Root() string { return d.root }

func (d *Dir) cleanTemp() {
	entries, err := os.ReadDir(filepath.Join(d.root, tmpDir))
	if err != nil {
		return
	}
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(d.root, tmpDir, e.Name()))
		}
	}
}

func (d *Dir) path(key string) string { return filepath.Join(d.root, filepath.FromSlash(key)) }

func fail(op, key string, kind, err error) error {
	return &remote.Error{Backend: "dir", Op: op, Key: key, Kind: kind, Err: err}
}

// kindOf maps file-system errors to remote kinds.
func kindOf(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return remote.ErrNotExist
	case errors.Is(err, fs.ErrExist):
		return remote.ErrExists
	case errors.Is(err, fs.ErrPermission):
		return remote.ErrPermission
	}
	return nil
}

// Put implements remote.Remote.
func (d *Dir) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum string) (remote.Info, error) {
	if err := remote.ValidKey(key); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	if err := remote.ValidSHA256(sum); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	if size < 0 {
		return remote.Info{}, fail("put", key, remote.ErrInvalid, fmt.Errorf("negative size %d", size))
	}
	dst := d.path(key)
	if _, err := os.Lstat(dst); err == nil {
		return remote.Info{}, fail("put", key, remote.ErrExists, nil)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	tmp, err := os.CreateTemp(filepath.Join(d.root, tmpDir), "put-*")
	if err != nil {
		return remote.Info{}, fail("put", key, kindOf(err), err)
	}
	defer os.Remove(tmp.Name()) // after the link, only the temp name goes
	defer tmp.Close()

	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(ctxio.NewReader(ctx, r), size+1))
	if err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	got := hex.EncodeToString(h.Sum(nil))
	if n != size || got != sum {
		return remote.Info{}, fail("put", key, remote.ErrChecksum,
			fmt.Errorf("got %d bytes sha256 %s, declared %d bytes sha256 %s", n, got, size, sum))
	}
	if err := tmp.Sync(); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	if err := tmp.Close(); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	if err := os.Chmod(tmp.Name(), 0o400); err != nil { // objects are immutable
		return remote.Info{}, fail("put", key, nil, err)
	}
	if err := d.mkdirs(filepath.Dir(dst)); err != nil {
		return remote.Info{}, fail("put", key, kindOf(err), err)
	}
	if err := ctx.Err(); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	if err := os.Link(tmp.Name(), dst); err != nil {
		return remote.Info{}, fail("put", key, kindOf(err), err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(dst)); err != nil {
		return remote.Info{}, fail("put", key, nil, err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return remote.Info{}, fail("put", key, kindOf(err), err)
	}
	return remote.Info{Key: key, Size: size, SHA256: sum, Modified: fi.ModTime()}, nil
}

// mkdirs creates dir and its parents under the root, fsyncing each parent
// whose entries changed so that a new object survives a power cut.
func (d *Dir) mkdirs(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := d.mkdirs(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(dir))
}

// Get implements remote.Remote.
func (d *Dir) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := remote.ValidKey(key); err != nil {
		return nil, fail("get", key, nil, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fail("get", key, nil, err)
	}
	f, err := os.Open(d.path(key))
	if err != nil {
		return nil, fail("get", key, kindOf(err), err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fail("get", key, remote.ErrNotExist, err)
	}
	return f, nil
}

// Stat implements remote.Remote. It hashes the stored bytes.
func (d *Dir) Stat(ctx context.Context, key string) (remote.Info, error) {
	if err := remote.ValidKey(key); err != nil {
		return remote.Info{}, fail("stat", key, nil, err)
	}
	f, err := os.Open(d.path(key))
	if err != nil {
		return remote.Info{}, fail("stat", key, kindOf(err), err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return remote.Info{}, fail("stat", key, kindOf(err), err)
	}
	if !fi.Mode().IsRegular() {
		return remote.Info{}, fail("stat", key, remote.ErrNotExist, nil)
	}
	h := sha256.New()
	n, err := io.Copy(h, ctxio.NewReader(ctx, f))
	if err != nil {
		return remote.Info{}, fail("stat", key, nil, err)
	}
	return remote.Info{Key: key, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Modified: fi.ModTime()}, nil
}

// List implements remote.Remote. It walks only the folder the prefix names.
func (d *Dir) List(ctx context.Context, prefix, after string, fn func(remote.Info) error) error {
	if err := remote.ValidPrefix(prefix); err != nil {
		return fail("list", prefix, nil, err)
	}
	base := d.root
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		base = d.path(prefix[:i])
	}
	var infos []remote.Info
	err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // prefix folder absent: nothing to list
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(d.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if e.IsDir() {
			if p != base && (strings.HasPrefix(e.Name(), ".") || !strings.HasPrefix(key+"/", prefix) && !strings.HasPrefix(prefix, key+"/")) {
				return filepath.SkipDir
			}
			// Every key in the folder sorts at or before after: skip it
			// unread (a listing from a cursor reads only what is new).
			if p != base && after != "" && key+"/" < after && !strings.HasPrefix(after, key+"/") {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || !strings.HasPrefix(key, prefix) || key <= after || remote.ValidKey(key) != nil {
			return nil
		}
		fi, err := e.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		infos = append(infos, remote.Info{Key: key, Size: fi.Size(), Modified: fi.ModTime()})
		return nil
	})
	if err != nil {
		return fail("list", prefix, kindOf(err), err)
	}
	slices.SortFunc(infos, func(a, b remote.Info) int { return strings.Compare(a.Key, b.Key) })
	for _, in := range infos {
		if err := fn(in); err != nil {
			return err
		}
	}
	return nil
}

// ListFolders implements remote.FolderLister: the sub-folders of prefix
// that hold at least one object (read from one folder, not the tree).
func (d *Dir) ListFolders(ctx context.Context, prefix string) ([]string, error) {
	if err := remote.ValidPrefix(prefix); err != nil || !strings.HasSuffix(prefix, "/") {
		return nil, fail("list", prefix, remote.ErrInvalid, fmt.Errorf("folder prefix %q must end with /", prefix))
	}
	entries, err := os.ReadDir(d.path(strings.TrimSuffix(prefix, "/")))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("list", prefix, kindOf(err), err)
	}
	var out []string
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, fail("list", prefix, nil, err)
		}
		if !e.IsDir() || remote.ValidSegmentName(e.Name()) != nil {
			continue
		}
		if d.holdsObject(filepath.Join(d.path(strings.TrimSuffix(prefix, "/")), e.Name())) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// holdsObject reports whether folder holds at least one object, stopping
// at the first.
func (d *Dir) holdsObject(folder string) bool {
	found := false
	filepath.WalkDir(folder, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case e.IsDir():
			if p != folder && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(d.root, p)
		if err == nil && e.Type().IsRegular() && remote.ValidKey(filepath.ToSlash(rel)) == nil {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// Delete implements remote.Remote.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := remote.ValidKey(key); err != nil {
		return fail("delete", key, nil, err)
	}
	if err := ctx.Err(); err != nil {
		return fail("delete", key, nil, err)
	}
	if err := os.Remove(d.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail("delete", key, kindOf(err), err)
	}
	return nil
}
