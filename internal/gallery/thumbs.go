package gallery

import (
	"container/list"
	"context"
	"fmt"
	"image"
	"image/draw"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	xdraw "golang.org/x/image/draw"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// thumbWorkers decode thumbnails at once (the machine the gallery runs on
// has a few cores; the UI keeps one).
const thumbWorkers = 2

// maxPending bounds the thumbnails waiting to be decoded: the oldest
// requests (rows scrolled past) are dropped, and asked for again when
// their row comes back.
const maxPending = 256

// While the grid scrolls (a row came into view less than restAfter ago),
// one worker decodes, and only what has been asked for at least settleFor
// ago and not taken back (a card still shows it): rows the wheel carries
// past cost nothing, and the other core is left to painting. When the
// grid rests, every worker decodes what it shows. A brisk turn of the
// wheel brings a row of cards into view every ~130 ms and keeps it on
// screen ~250 ms (1366×768); a row the eye can rest on gets its pictures
// within a quarter of a second.
const (
	restAfter = 300 * time.Millisecond
	settleFor = 250 * time.Millisecond
)

// thumbCache holds decoded thumbnails, least recently used dropped first,
// and the requests waiting for a worker, newest first.
type thumbCache struct {
	mu      sync.Mutex
	max     int
	entries map[piece.ID]*list.Element // of *thumbEntry
	lru     *list.List
	pending []thumbRequest // a stack: the newest request is decoded first
	queued  map[piece.ID]bool
	wake    []chan struct{} // one a worker
	// scrolled is when the grid last scrolled (UnixNano; 0: never).
	scrolled atomic.Int64
	// added is closed (and replaced) whenever a thumbnail is put.
	added chan struct{}
	// box is the size, in pixels, thumbnails are scaled down to fit
	// (packed width<<32 | height; 0: kept as stored).
	box atomic.Uint64
}

type thumbRequest struct {
	p  index.Piece
	at time.Time
}

type thumbEntry struct {
	id  piece.ID
	img image.Image // nil: the piece has no picture that can be shown
}

func newThumbCache(max int) *thumbCache {
	c := &thumbCache{max: max, entries: map[piece.ID]*list.Element{}, lru: list.New(),
		queued: map[piece.ID]bool{}, wake: make([]chan struct{}, thumbWorkers), added: make(chan struct{})}
	for i := range c.wake {
		c.wake[i] = make(chan struct{}, 1)
	}
	return c
}

func (c *thumbCache) get(id piece.ID) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*thumbEntry).img, true
}

func (c *thumbCache) put(id piece.ID, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.added)
	c.added = make(chan struct{})
	if e, ok := c.entries[id]; ok {
		e.Value.(*thumbEntry).img = img
		c.lru.MoveToFront(e)
		return
	}
	c.entries[id] = c.lru.PushFront(&thumbEntry{id: id, img: img})
	for c.lru.Len() > c.max {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.entries, old.Value.(*thumbEntry).id)
	}
}

// missing reports whether any of ps is not cached, and a channel closed
// when the next thumbnail is put.
func (c *thumbCache) missing(ps []index.Piece) (bool, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range ps {
		if _, ok := c.entries[p.ID]; !ok {
			return true, c.added
		}
	}
	return false, c.added
}

// request queues p for decoding on top of the stack; a request queued
// already is moved there (it keeps when it was first asked for).
func (c *thumbCache) request(p index.Piece) {
	c.mu.Lock()
	if c.queued[p.ID] {
		for i := len(c.pending) - 1; i >= 0; i-- {
			if c.pending[i].p.ID == p.ID {
				r := c.pending[i]
				c.pending = append(slices.Delete(c.pending, i, i+1), r)
				break
			}
		}
		c.mu.Unlock()
		return
	}
	c.queued[p.ID] = true
	c.pending = append(c.pending, thumbRequest{p: p, at: time.Now()})
	if len(c.pending) > maxPending {
		delete(c.queued, c.pending[0].p.ID)
		c.pending = c.pending[1:]
	}
	c.mu.Unlock()
	c.wakeAll()
}

// wakeAll tells every waiting worker to look for a request.
func (c *thumbCache) wakeAll() {
	for _, w := range c.wake {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// cancel takes back the request for id, if it waits.
func (c *thumbCache) cancel(id piece.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.queued[id] {
		return
	}
	delete(c.queued, id)
	for i := len(c.pending) - 1; i >= 0; i-- {
		if c.pending[i].p.ID == id {
			c.pending = slices.Delete(c.pending, i, i+1)
			return
		}
	}
}

// cancelAll takes back every waiting request.
func (c *thumbCache) cancelAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = nil
	c.queued = map[piece.ID]bool{}
}

// next pops the request worker (0, 1, …) decodes next: the newest one,
// or while the grid scrolls (see restAfter) for worker 0 only the newest
// that has waited settleFor. With none to take, wait > 0 is when to look
// again (0: when a request comes).
func (c *thumbCache) next(worker int, now time.Time) (p index.Piece, ok bool, wait time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) == 0 {
		return index.Piece{}, false, 0
	}
	at := len(c.pending) - 1
	if last := c.scrolled.Load(); last != 0 {
		if rest := time.Unix(0, last).Add(restAfter).Sub(now); rest > 0 {
			if worker > 0 {
				return index.Piece{}, false, rest
			}
			at, wait = -1, rest
			for i := len(c.pending) - 1; i >= 0; i-- {
				left := c.pending[i].at.Add(settleFor).Sub(now)
				if left <= 0 {
					at = i
					break
				}
				wait = min(wait, left)
			}
			if at < 0 {
				return index.Piece{}, false, wait
			}
		}
	}
	p = c.pending[at].p
	c.pending = slices.Delete(c.pending, at, at+1)
	delete(c.queued, p.ID)
	if len(c.pending) > 0 {
		defer c.wakeAll() // another worker may take the next
	}
	return p, true, 0
}

// clear drops every decoded picture and request.
func (c *thumbCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[piece.ID]*list.Element{}
	c.lru.Init()
	c.pending = nil
	c.queued = map[piece.ID]bool{}
}

// len is how many thumbnails are decoded and kept.
func (c *thumbCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Thumbnail returns p's decoded thumbnail (or its waveform's picture) if
// it is cached; ready is false while it is being decoded, and
// OnThumbnail(p.ID) says when to ask again. A ready nil image means the
// piece has no picture that can be shown (damaged, or none stored).
func (s *Session) Thumbnail(p index.Piece) (img image.Image, ready bool) {
	if _, _, err := s.current(); err != nil {
		return nil, false
	}
	if img, ok := s.thumbs.get(p.ID); ok {
		return img, true
	}
	if p.Damage != "" {
		s.thumbs.put(p.ID, nil)
		return nil, true
	}
	s.thumbs.request(p)
	return nil, false
}

// AwaitThumbnails asks for the thumbnails of ps (the first screen of a
// patient about to be shown) and waits until all are decoded, or for at
// most d: the view then appears with its pictures in one frame instead
// of a frame for each picture as it comes. It reports whether all are
// ready. It must not run on the UI goroutine.
func (s *Session) AwaitThumbnails(ps []index.Piece, d time.Duration) bool {
	for i := len(ps) - 1; i >= 0; i-- { // the newest request is decoded first
		s.Thumbnail(ps[i])
	}
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for {
		if _, _, err := s.current(); err != nil {
			return false
		}
		missing, added := s.thumbs.missing(ps)
		if !missing {
			return true
		}
		select {
		case <-added:
		case <-timeout.C:
			return false
		}
	}
}

// SetThumbnailSize sets the box, in pixels, that thumbnails decoded from now
// on are scaled down to fit: the size a card shows them at, so that the
// cache holds no pixel the screen cannot show (see fitThumbnail). Zero
// keeps them as stored.
func (s *Session) SetThumbnailSize(width, height int) {
	if width <= 0 || height <= 0 {
		s.thumbs.box.Store(0)
		return
	}
	s.thumbs.box.Store(uint64(width)<<32 | uint64(uint32(height)))
}

// CancelThumbnail takes back the request for p's thumbnail, if it is not
// decoded yet: the card that asked shows another piece now (its row left
// the screen).
func (s *Session) CancelThumbnail(id piece.ID) { s.thumbs.cancel(id) }

// CancelThumbnails takes back every thumbnail requested and not decoded
// yet (another patient is shown).
func (s *Session) CancelThumbnails() { s.thumbs.cancelAll() }

// GridScrolled says the grid of thumbnails is scrolling: until it rests
// (restAfter), thumbnails are decoded by one worker, and only those asked
// for at least settleFor ago and not taken back (CancelThumbnail).
func (s *Session) GridScrolled() { s.thumbs.scrolled.Store(time.Now().UnixNano()) }

// Thumbnails is how many decoded thumbnails the session holds.
func (s *Session) Thumbnails() int { return s.thumbs.len() }

// thumbWorker decodes requested thumbnails until ctx ends.
func (s *Session) thumbWorker(ctx context.Context, o *Opened, gen uint64, worker int) {
	var timer *time.Timer
	for ctx.Err() == nil {
		p, ok, wait := s.thumbs.next(worker, time.Now())
		if !ok {
			var later <-chan time.Time
			if wait > 0 {
				if timer == nil {
					timer = time.NewTimer(wait)
				} else {
					timer.Reset(wait)
				}
				later = timer.C
			}
			select {
			case <-ctx.Done():
				return
			case <-s.thumbs.wake[worker]:
			case <-later:
			}
			continue
		}
		img, err := decodeThumbnail(o, p)
		if err != nil {
			s.log.Warn("gallery: piece's picture not shown", "piece", p.ID, "err", err)
		}
		if img != nil {
			box := s.thumbs.box.Load()
			img = fitThumbnail(img, int(box>>32), int(uint32(box)))
		}
		s.mu.Lock()
		current := s.gen == gen && s.state == Unlocked
		if current {
			s.thumbs.put(p.ID, img)
		}
		s.mu.Unlock()
		if current && s.opts.OnThumbnail != nil {
			id := p.ID
			s.emit(func() { s.opts.OnThumbnail(id) })
		}
	}
}

// decodeThumbnail reads p's thumbnail (or waveform picture) from the
// encrypted cache, verified against its manifest, and decodes it within
// media.ThumbnailPixels. nil, nil: the piece stores none.
func decodeThumbnail(o *Opened, p index.Piece) (image.Image, error) {
	if o.Library == nil {
		return nil, nil
	}
	lp, err := o.Library.CachedPiece(p.Kiosk, p.ID)
	if err != nil {
		return nil, err
	}
	if data, ok, err := rebuiltFile(lp, piece.RoleThumbnail, piece.RoleWaveform); ok {
		if err != nil || data == nil {
			return nil, err
		}
		img, _, err := media.DecodeImage(data, media.ThumbnailPixels)
		return img, err
	}
	for _, b := range lp.Manifest.Blobs {
		if b.Role != piece.RoleThumbnail && b.Role != piece.RoleWaveform {
			continue
		}
		data, err := lp.ReadBlob(b.Name)
		if err != nil {
			return nil, err
		}
		img, _, err := media.DecodeImage(data, media.ThumbnailPixels)
		if err != nil {
			return nil, fmt.Errorf("gallery: decode thumbnail: %w", err)
		}
		return img, nil
	}
	return nil, nil
}

// fitThumbnail scales img down to fit width×height pixels (keeping its
// proportions; never up). A JPEG's YCbCr thumbnail stays YCbCr at 4:2:0,
// 1.5 bytes a pixel (a thousand card-sized thumbnails cache in 40 MB, not
// 105 MB as RGBA); other images become RGBA. A zero box keeps img as it
// is. It runs on the calling goroutine only (a thumbnail worker): a
// parallel resizer would take the cores the UI needs.
func fitThumbnail(img image.Image, width, height int) image.Image {
	if width <= 0 || height <= 0 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > width || h > height {
		if w*height > h*width { // wider than the box: width bound
			w, h = width, max(1, int(math.Round(float64(h)*float64(width)/float64(w))))
		} else {
			w, h = max(1, int(math.Round(float64(w)*float64(height)/float64(h)))), height
		}
	}
	if src, ok := img.(*image.YCbCr); ok {
		if w == b.Dx() && h == b.Dy() {
			return src
		}
		dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		sc, dc := chromaRect(src), chromaRect(dst)
		scalePlane(dst.Y, dst.YStride, dst.Rect.Dx(), dst.Rect.Dy(), src.Y[src.YOffset(b.Min.X, b.Min.Y):], src.YStride, b.Dx(), b.Dy())
		scalePlane(dst.Cb, dst.CStride, dc.Dx(), dc.Dy(), src.Cb[src.COffset(b.Min.X, b.Min.Y):], src.CStride, sc.Dx(), sc.Dy())
		scalePlane(dst.Cr, dst.CStride, dc.Dx(), dc.Dy(), src.Cr[src.COffset(b.Min.X, b.Min.Y):], src.CStride, sc.Dx(), sc.Dy())
		return dst
	}
	if rgba, ok := img.(*image.RGBA); ok && w == b.Dx() && h == b.Dy() {
		return rgba
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
	} else {
		xdraw.ApproxBiLinear.Scale(dst, dst.Rect, img, b, xdraw.Src, nil)
	}
	return dst
}

// scalePlane scales one 8-bit plane of sw×sh samples (src, rows stride
// apart) to dw×dh (dst), bilinearly: the same samples, weights and
// rounding as x/image/draw's ApproxBiLinear on image.Gray, whose generic
// path (a colour conversion per sample) took a fifth of the gallery's CPU
// time while scrolling.
func scalePlane(dst []uint8, dstStride, dw, dh int, src []uint8, srcStride, sw, sh int) {
	if dw <= 0 || dh <= 0 || sw <= 0 || sh <= 0 {
		return
	}
	type tap struct {
		i0, i1       int
		frac0, frac1 float64
	}
	taps := func(n, sn int) []tap {
		scale := float64(sn) / float64(n)
		t := make([]tap, n)
		for d := range t {
			s := float64((float64(d)+0.5)*scale) - 0.5
			s0 := int32(s)
			f0 := s - float64(s0)
			f1 := 1 - f0
			s1 := s0 + 1
			if s < 0 {
				s0, s1, f0, f1 = 0, 0, 0, 1
			} else if s1 > int32(sn-1) {
				s0, s1, f0, f1 = int32(sn-1), int32(sn-1), 1, 0
			}
			t[d] = tap{int(s0), int(s1), f0, f1}
		}
		return t
	}
	xs, ys := taps(dw, sw), taps(dh, sh)
	for dy, y := range ys {
		r0, r1 := src[y.i0*srcStride:], src[y.i1*srcStride:]
		out := dst[dy*dstStride : dy*dstStride+dw]
		for dx, x := range xs {
			// 16-bit samples (v*0x101), as image.Gray's RGBA64At gives them
			s00, s10 := float64(uint32(r0[x.i0])*0x101), float64(uint32(r0[x.i1])*0x101)
			s01, s11 := float64(uint32(r1[x.i0])*0x101), float64(uint32(r1[x.i1])*0x101)
			top := float64(x.frac1*s00) + float64(x.frac0*s10)
			bottom := float64(x.frac1*s01) + float64(x.frac0*s11)
			v := float64(y.frac1*top) + float64(y.frac0*bottom)
			out[dx] = uint8(uint16(v) >> 8)
		}
	}
}

// chromaRect is the size of p's Cb and Cr planes, at the origin.
func chromaRect(p *image.YCbCr) image.Rectangle {
	w, h := p.Rect.Dx(), p.Rect.Dy()
	switch p.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		w = (w + 1) / 2
	case image.YCbCrSubsampleRatio420:
		w, h = (w+1)/2, (h+1)/2
	case image.YCbCrSubsampleRatio440:
		h = (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		w = (w + 3) / 4
	case image.YCbCrSubsampleRatio410:
		w, h = (w+3)/4, (h+1)/2
	}
	return image.Rect(0, 0, w, h)
}
