package takehome

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/ctxio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Format is how the export is written.
type Format int

// The formats.
const (
	// Folder: a folder holding index.html and the pieces' files.
	Folder Format = iota
	// Zip: one .zip file holding that folder.
	Zip
)

func (f Format) String() string {
	switch f {
	case Folder:
		return "folder"
	case Zip:
		return "zip"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Piece is one piece to export: what its page section shows. The caller
// passes only what the patient may take home.
type Piece struct {
	Kind       piece.Kind
	Title      string // "" shows Text.Untitled
	Reflection string
	Words      []string // emotion words, in the patient's language
	Made       time.Time
}

// Files are one piece's files, opened by Request.Open; Export closes them.
type Files struct {
	Picture io.ReadCloser // the drawing's full-size PNG; nil for none
	Sound   io.ReadCloser // the recording (or a drawing's voice note) as FLAC; nil for none
	// Text is a written piece's text, already read and checked (at most
	// piece.MaxWritingBytes); "" for none.
	Text string
}

// Request says what to export and where.
type Request struct {
	// Dest is the folder or the .zip file to create; it must not exist.
	Dest   string
	Format Format
	Pieces []Piece
	// Open opens pieces[i]'s files. It is called once per piece, in order,
	// and the files are closed before the next piece is opened.
	Open func(ctx context.Context, i int) (Files, error)
	// Text is the page's wording, in the patient's language.
	Text Text
	// Made is the export's date on the page (now when zero).
	Made time.Time
	// Progress, if set, is called with the pieces written so far.
	Progress func(done, total int)
	// BeforeCommit, if set, is called when every byte is written, before
	// the export appears at Dest; an error stops it (nothing appears).
	BeforeCommit func() error
}

// ErrExists: the destination already exists (an export never overwrites).
var ErrExists = errors.New("takehome: the destination already exists")

// ErrNotPNG: a picture is not a PNG of a drawing's size.
var ErrNotPNG = errors.New("takehome: the picture is not a PNG within a drawing's size")

// ErrNotFLAC: a sound is not a FLAC stream.
var ErrNotFLAC = errors.New("takehome: the sound is not a FLAC stream")

// Summary is what an export wrote.
type Summary struct {
	Path     string // Dest
	Pieces   int
	Pictures int
	Sounds   int
	Bytes    int64 // the pieces' files and the page, before zipping
}

// entry is what the page needs of one written piece: its words, the
// names of its files (small: the files themselves are never kept).
type entry struct {
	Piece
	Picture              string
	Width, Height        int
	Sound                string
	SoundLength          time.Duration
	Number               int
	pictureSize, soundSz int64
	// Written is a written piece's text, shown on the page and kept as
	// TextFile.
	Written  string
	TextFile string
}

// Export writes req's pieces and index.html to req.Dest, one piece at a
// time. ctx cancels it; a cancelled or failed export leaves nothing at
// Dest and no temporary file. Slow: never on a UI goroutine.
func Export(ctx context.Context, req Request) (sum Summary, err error) {
	if req.Open == nil {
		return sum, errors.New("takehome: export: no Open")
	}
	if req.Made.IsZero() {
		req.Made = time.Now()
	}
	dest := filepath.Clean(req.Dest)
	if _, err := os.Lstat(dest); err == nil {
		return sum, fmt.Errorf("takehome: export to %s: %w", dest, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	var out archive
	switch req.Format {
	case Folder:
		out, err = newFolder(dest)
	case Zip:
		out, err = newZip(dest, req.Made)
	default:
		err = fmt.Errorf("unknown format %v", req.Format)
	}
	if err != nil {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	defer func() {
		if err != nil {
			out.abort()
		}
	}()
	total := len(req.Pieces)
	if req.Progress != nil {
		req.Progress(0, total)
	}
	entries := make([]entry, 0, total)
	for i, p := range req.Pieces {
		if err := ctx.Err(); err != nil {
			return sum, fmt.Errorf("takehome: export: %w", err)
		}
		e, err := writePiece(ctx, out, req, i, p)
		if err != nil {
			return sum, fmt.Errorf("takehome: export piece %d of %d: %w", i+1, total, err)
		}
		entries = append(entries, e)
		sum.Bytes += e.pictureSize + e.soundSz + int64(len(e.Written))
		if e.Picture != "" {
			sum.Pictures++
		}
		if e.Sound != "" {
			sum.Sounds++
		}
		if req.Progress != nil {
			req.Progress(i+1, total)
		}
	}
	w, err := out.create("index.html", true)
	if err != nil {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	cw := &countingWriter{w: w}
	if err := writePage(cw, req.Text, req.Made, entries); err != nil {
		return sum, fmt.Errorf("takehome: export: write the page: %w", err)
	}
	sum.Bytes += cw.n
	if err := out.finish(); err != nil {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	if req.BeforeCommit != nil {
		if err := req.BeforeCommit(); err != nil {
			return sum, fmt.Errorf("takehome: export: %w", err)
		}
	}
	if err := out.commit(); err != nil {
		return sum, fmt.Errorf("takehome: export: %w", err)
	}
	sum.Path, sum.Pieces = dest, total
	return sum, nil
}

// writePiece opens piece i and copies its files into out.
func writePiece(ctx context.Context, out archive, req Request, i int, p Piece) (e entry, err error) {
	files, err := req.Open(ctx, i)
	defer func() {
		for _, c := range []io.Closer{files.Picture, files.Sound} {
			if c != nil {
				c.Close()
			}
		}
	}()
	if err != nil {
		return e, err
	}
	e = entry{Piece: p, Number: i + 1}
	base := fmt.Sprintf("%03d-%s", i+1, kindName(p.Kind))
	if files.Picture != nil {
		e.Picture = "pictures/" + base + ".png"
		var head [24]byte
		if _, err := io.ReadFull(files.Picture, head[:]); err != nil {
			return e, fmt.Errorf("read the picture: %w", err)
		}
		if e.Width, e.Height, err = pngSize(head[:]); err != nil {
			return e, err
		}
		if e.pictureSize, err = copyFile(ctx, out, e.Picture, head[:], files.Picture); err != nil {
			return e, err
		}
	}
	if files.Text != "" {
		if len(files.Text) > piece.MaxWritingBytes {
			return e, fmt.Errorf("a written text of %d bytes, more than %d", len(files.Text), piece.MaxWritingBytes)
		}
		e.Written, e.TextFile = files.Text, "texts/"+base+".txt"
		if _, err := copyFile(ctx, out, e.TextFile, nil, strings.NewReader(files.Text)); err != nil {
			return e, err
		}
	}
	if files.Sound != nil {
		name := base
		if files.Picture != nil {
			name += "-voice-note"
		}
		e.Sound = "sounds/" + name + ".flac"
		var head [26]byte
		if _, err := io.ReadFull(files.Sound, head[:]); err != nil {
			return e, fmt.Errorf("read the sound: %w", err)
		}
		if e.SoundLength, err = flacLength(head[:]); err != nil {
			return e, err
		}
		if e.soundSz, err = copyFile(ctx, out, e.Sound, head[:], files.Sound); err != nil {
			return e, err
		}
	}
	return e, nil
}

func kindName(k piece.Kind) string {
	switch k {
	case piece.Drawing, piece.Music, piece.Voice, piece.Writing:
		return string(k)
	}
	return "piece"
}

// copyFile writes head then the rest of r to name in out.
func copyFile(ctx context.Context, out archive, name string, head []byte, r io.Reader) (int64, error) {
	w, err := out.create(name, false)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, io.MultiReader(strings.NewReader(string(head)), ctxio.NewReader(ctx, r)))
	if err != nil {
		return n, fmt.Errorf("write %s: %w", name, err)
	}
	return n, nil
}

// pngSize checks a PNG's signature and header and returns its size.
func pngSize(head []byte) (w, h int, err error) {
	if len(head) < 24 || string(head[:8]) != "\x89PNG\r\n\x1a\n" || string(head[12:16]) != "IHDR" {
		return 0, 0, ErrNotPNG
	}
	w, h = int(binary.BigEndian.Uint32(head[16:20])), int(binary.BigEndian.Uint32(head[20:24]))
	if w <= 0 || h <= 0 || int64(w)*int64(h) > media.DrawingPixels {
		return 0, 0, ErrNotPNG
	}
	return w, h, nil
}

// flacLength checks a FLAC stream's start and returns its declared length
// (0 when the stream does not say, or says more than a day).
func flacLength(head []byte) (time.Duration, error) {
	// "fLaC", a metadata block header of type 0 (STREAMINFO), then 10
	// bytes of block and frame sizes, then 20 bits of sample rate, 3 of
	// channels, 5 of bits per sample and 36 of total samples.
	if len(head) < 26 || string(head[:4]) != "fLaC" || head[4]&0x7f != 0 {
		return 0, ErrNotFLAC
	}
	bits := binary.BigEndian.Uint64(head[18:26])
	rate := bits >> 44
	total := bits & (1<<36 - 1)
	if rate == 0 {
		return 0, ErrNotFLAC
	}
	if total/rate > maxShownLength {
		return 0, nil // not a length to show (and one that would overflow)
	}
	return time.Duration(total/rate)*time.Second + time.Duration(total%rate)*time.Second/time.Duration(rate), nil
}

// maxShownLength bounds the length, in seconds, the page shows for a
// recording.
const maxShownLength = 24 * 60 * 60

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// archive is where an export's files go: a temporary folder or zip that
// commit moves to the destination.
type archive interface {
	// create starts the file name (a slash path), ending the last one.
	create(name string, compress bool) (io.Writer, error)
	// finish ends the last file and makes everything durable.
	finish() error
	// commit moves the finished export to its destination.
	commit() error
	// abort removes everything written.
	abort()
}

// folder writes into a temporary folder beside dest.
type folder struct {
	dest, tmp string
	f         *os.File
	bw        *bufio.Writer
	dirs      map[string]bool
}

func newFolder(dest string) (*folder, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".partial-")
	if err != nil {
		return nil, err
	}
	return &folder{dest: dest, tmp: tmp, dirs: map[string]bool{}}, nil
}

func (d *folder) closeFile() error {
	if d.f == nil {
		return nil
	}
	f := d.f
	d.f = nil
	err := d.bw.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return nil
}

func (d *folder) create(name string, _ bool) (io.Writer, error) {
	if err := d.closeFile(); err != nil {
		return nil, err
	}
	path := filepath.Join(d.tmp, filepath.FromSlash(name))
	if dir := filepath.Dir(path); !d.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		d.dirs[dir] = true
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	d.f = f
	if d.bw == nil {
		d.bw = bufio.NewWriterSize(f, 256<<10)
	} else {
		d.bw.Reset(f)
	}
	return d.bw, nil
}

func (d *folder) finish() error {
	if err := d.closeFile(); err != nil {
		return err
	}
	for dir := range d.dirs {
		if err := atomicfile.SyncDir(dir); err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(d.tmp)
}

func (d *folder) commit() error {
	if err := os.Chmod(d.tmp, 0o755); err != nil { // MkdirTemp made it 0700
		return err
	}
	if _, err := os.Lstat(d.dest); err == nil {
		return fmt.Errorf("%s: %w", d.dest, ErrExists)
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(d.dest))
}

func (d *folder) abort() {
	if d.f != nil {
		d.f.Close()
		d.f = nil
	}
	os.RemoveAll(d.tmp)
}

// zipFile writes a zip into a temporary file beside dest; its entries sit
// in one folder named like the zip, so that unpacking gives one folder.
type zipFile struct {
	dest, root string
	made       time.Time
	f          *os.File
	bw         *bufio.Writer
	zw         *zip.Writer
}

func newZip(dest string, made time.Time) (*zipFile, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".partial-*")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	root := strings.TrimSuffix(filepath.Base(dest), filepath.Ext(dest))
	return &zipFile{dest: dest, root: root, made: made, f: f, bw: bw, zw: zip.NewWriter(bw)}, nil
}

func (z *zipFile) create(name string, compress bool) (io.Writer, error) {
	h := &zip.FileHeader{Name: z.root + "/" + name, Method: zip.Store, Modified: z.made}
	if compress {
		h.Method = zip.Deflate
	}
	h.SetMode(0o644)
	return z.zw.CreateHeader(h)
}

func (z *zipFile) finish() error {
	if err := z.zw.Close(); err != nil {
		return err
	}
	if err := z.bw.Flush(); err != nil {
		return err
	}
	if err := z.f.Sync(); err != nil {
		return err
	}
	return z.f.Close()
}

func (z *zipFile) commit() error {
	if err := os.Chmod(z.f.Name(), 0o644); err != nil { // CreateTemp made it 0600
		return err
	}
	if _, err := os.Lstat(z.dest); err == nil {
		return fmt.Errorf("%s: %w", z.dest, ErrExists)
	}
	if err := os.Rename(z.f.Name(), z.dest); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(z.dest))
}

func (z *zipFile) abort() {
	z.f.Close()
	os.Remove(z.f.Name())
}
