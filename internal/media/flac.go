package media

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"sync"

	"github.com/mewkiz/flac"
)

// FLACMediaType is the media type of EncodeFLAC's output.
const FLACMediaType = "audio/flac"

const (
	flacBlockSize = 4096
	maxRiceOrder  = 6 // partitions of at least 64 samples
	maxFixedOrder = 4
)

// EncodeFLAC writes pcm (mono, 16-bit, at rate Hz) to w as a FLAC stream:
// fixed blocks of 4096 samples, each the smallest of a constant, verbatim,
// fixed-predictor (orders 0–4) or linear-predictor (orders 1–8, chosen by
// Levinson–Durbin) subframe with partitioned Rice coding, and a
// STREAMINFO carrying the sample count and MD5 so decoders can verify it.
// Long recordings are encoded on all cores (GOMAXPROCS).
func EncodeFLAC(w io.Writer, pcm []int16, rate int) error {
	if rate <= 0 || rate >= 1<<20 {
		return fmt.Errorf("media: encode flac: sample rate %d out of range", rate)
	}
	if uint64(len(pcm)) >= 1<<36 {
		return errors.New("media: encode flac: recording too long")
	}
	// Frames are independent: runs of them are encoded side by side, one per
	// core, while the MD5 of the samples is taken.
	blocks := (len(pcm) + flacBlockSize - 1) / flacBlockSize
	workers := max(min(runtime.GOMAXPROCS(0), blocks/8), 1)
	runs := make([]frameRun, workers)
	var wg sync.WaitGroup
	for w := range runs {
		first, last := blocks*w/workers, blocks*(w+1)/workers
		wg.Go(func() {
			runs[w] = encodeFrames(rate, pcm[first*flacBlockSize:min(last*flacBlockSize, len(pcm))], uint64(first))
		})
	}
	var sum [md5.Size]byte
	wg.Go(func() { sum = md5PCM(pcm) })
	wg.Wait()
	minFrame, maxFrame := uint32(math.MaxUint32), uint32(0)
	for _, r := range runs {
		minFrame, maxFrame = min(minFrame, r.minFrame), max(maxFrame, r.maxFrame)
	}
	if len(pcm) == 0 {
		minFrame = 0
	}

	var h bitWriter
	h.buf = append(h.buf, "fLaC"...)
	h.write(1, 1)   // last metadata block
	h.write(0, 7)   // STREAMINFO
	h.write(34, 24) // length
	h.write(flacBlockSize, 16)
	h.write(flacBlockSize, 16)
	h.write(uint64(minFrame), 24)
	h.write(uint64(maxFrame), 24)
	h.write(uint64(rate), 20)
	h.write(0, 3)  // channels - 1
	h.write(15, 5) // bits per sample - 1
	n := uint64(len(pcm))
	h.write(n>>32, 4)
	h.write(n&0xFFFFFFFF, 32)
	h.buf = append(h.buf, sum[:]...)
	if _, err := w.Write(h.buf); err != nil {
		return fmt.Errorf("media: encode flac: %w", err)
	}
	for _, r := range runs {
		if _, err := w.Write(r.buf); err != nil {
			return fmt.Errorf("media: encode flac: %w", err)
		}
	}
	return nil
}

// frameRun is the encoding of consecutive frames.
type frameRun struct {
	buf                []byte
	minFrame, maxFrame uint32
}

// encodeFrames encodes pcm (a whole number of blocks, except at the end of
// the stream) as frames numbered from first.
func encodeFrames(rate int, pcm []int16, first uint64) frameRun {
	e := newFLACEncoder(rate)
	w := bitWriter{buf: make([]byte, 0, len(pcm))}
	r := frameRun{minFrame: math.MaxUint32}
	for off, num := 0, first; off < len(pcm); off, num = off+flacBlockSize, num+1 {
		start := len(w.buf)
		e.frame(&w, pcm[off:min(off+flacBlockSize, len(pcm))], num)
		size := uint32(len(w.buf) - start)
		r.minFrame, r.maxFrame = min(r.minFrame, size), max(r.maxFrame, size)
	}
	r.buf = w.buf
	return r
}

// md5PCM is the MD5 of pcm as little-endian bytes, as STREAMINFO wants.
func md5PCM(pcm []int16) [md5.Size]byte {
	sum := md5.New()
	raw := make([]byte, 2*flacBlockSize)
	for off := 0; off < len(pcm); off += flacBlockSize {
		blk := pcm[off:min(off+flacBlockSize, len(pcm))]
		for i, s := range blk {
			binary.LittleEndian.PutUint16(raw[2*i:], uint16(s))
		}
		sum.Write(raw[:2*len(blk)])
	}
	var out [md5.Size]byte
	sum.Sum(out[:0])
	return out
}

type flacEncoder struct {
	rateCode byte
	res      []int32  // the chosen fixed order's residual
	sums     []uint64 // per-partition sums of folded residuals
	lpcs     *lpcState
}

func newFLACEncoder(rate int) *flacEncoder {
	codes := map[int]byte{88200: 1, 176400: 2, 192000: 3, 8000: 4, 16000: 5, 22050: 6,
		24000: 7, 32000: 8, 44100: 9, 48000: 10, 96000: 11}
	e := &flacEncoder{rateCode: codes[rate], sums: make([]uint64, 1<<maxRiceOrder), lpcs: newLPCState()}
	e.res = make([]int32, flacBlockSize)
	return e
}

// frame appends one frame holding blk (1..4096 samples).
func (e *flacEncoder) frame(w *bitWriter, blk []int16, num uint64) {
	start := len(w.buf)
	w.buf = append(w.buf, 0xFF, 0xF8)
	bsCode := byte(12) // 4096
	if len(blk) != flacBlockSize {
		bsCode = 7 // 16-bit (size-1) follows
	}
	w.buf = append(w.buf, bsCode<<4|e.rateCode, 0<<4|4<<1) // mono, 16 bits
	w.buf = appendUTF8Num(w.buf, num)
	if bsCode == 7 {
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(len(blk)-1))
	}
	w.buf = append(w.buf, crc8(w.buf[start:]))
	e.subframe(w, blk)
	w.align()
	w.buf = binary.BigEndian.AppendUint16(w.buf, crc16(w.buf[start:]))
}

// subframe appends the cheapest encoding of blk.
func (e *flacEncoder) subframe(w *bitWriter, blk []int16) {
	n := len(blk)
	constant := true
	for _, s := range blk[1:] {
		if s != blk[0] {
			constant = false
			break
		}
	}
	if constant {
		w.write(0, 8) // pad, CONSTANT, no wasted bits
		w.write(uint64(uint16(blk[0])), 16)
		return
	}
	verbatimBits := uint64(16 * n)

	// The fixed order whose residual is smallest in absolute sum (one pass
	// over all five) is the one worth costing exactly.
	var sums [maxFixedOrder + 1]uint64
	var p0, p1, p2, p3 int32 // differences of orders 0..3 at i-1
	for i, s := range blk {
		d0 := int32(s)
		d1 := d0 - p0
		d2 := d1 - p1
		d3 := d2 - p2
		d4 := d3 - p3
		if i >= maxFixedOrder {
			sums[0] += uint64(abs32(d0))
			sums[1] += uint64(abs32(d1))
			sums[2] += uint64(abs32(d2))
			sums[3] += uint64(abs32(d3))
			sums[4] += uint64(abs32(d4))
		}
		p0, p1, p2, p3 = d0, d1, d2, d3
	}
	order := 0
	for o := 1; o <= maxFixedOrder && o < n; o++ {
		if sums[o] < sums[order] {
			order = o
		}
	}
	res := fixedResidual(e.res[:n], blk, order)
	bestOrder, bestBits, bestPart := -1, verbatimBits, 0
	if b, part := e.riceCost(res[order:], n, order); b+uint64(16*order) < bestBits {
		bestOrder, bestBits, bestPart = order, b+uint64(16*order), part
	}
	if sf, ok := e.lpc(blk); ok && sf.bits < bestBits {
		e.writeLPC(w, blk, sf)
		return
	}
	if bestOrder < 0 {
		w.write(0x01<<1, 8) // pad, VERBATIM, no wasted bits
		for _, s := range blk {
			w.write(uint64(uint16(s)), 16)
		}
		return
	}
	w.write(uint64(0x08|bestOrder)<<1, 8) // pad, FIXED order, no wasted bits
	for _, s := range blk[:bestOrder] {
		w.write(uint64(uint16(s)), 16)
	}
	e.writeResidual(w, e.res[bestOrder:n], n, bestOrder, bestPart)
}

// fixedResidual fills res[order:] with blk's residual under the fixed
// predictor of that order and returns res.
func fixedResidual(res []int32, blk []int16, order int) []int32 {
	for i := order; i < len(blk); i++ {
		s := func(k int) int32 { return int32(blk[i-k]) }
		switch order {
		case 0:
			res[i] = s(0)
		case 1:
			res[i] = s(0) - s(1)
		case 2:
			res[i] = s(0) - 2*s(1) + s(2)
		case 3:
			res[i] = s(0) - 3*s(1) + 3*s(2) - s(3)
		default:
			res[i] = s(0) - 4*s(1) + 6*s(2) - 4*s(3) + s(4)
		}
	}
	return res
}

func abs32(v int32) uint32 {
	if v < 0 {
		return uint32(-v)
	}
	return uint32(v)
}

// fold maps a signed residual to an unsigned one (zigzag).
func fold(r int32) uint32 { return uint32(r<<1) ^ uint32(r>>31) }

// riceParam picks the Rice parameter for a partition of n residuals whose
// folded values sum to sum, and returns it with the estimated bit count.
func riceParam(sum uint64, n int) (uint, uint64) {
	if n == 0 {
		return 0, 0
	}
	k := uint(0)
	if mean := sum / uint64(n); mean > 0 {
		k = uint(bits.Len64(mean)) - 1
	}
	k = min(k, 14)
	best, bestBits := k, uint64(math.MaxUint64)
	for c := k - min(k, 1); c <= min(k+1, 14); c++ {
		b := uint64(n)*uint64(c+1) + sum>>c
		if b < bestBits {
			best, bestBits = c, b
		}
	}
	return best, bestBits + 4
}

// riceCost estimates the residual's size for the best partition order.
// res holds blockSize-order residuals.
func (e *flacEncoder) riceCost(res []int32, blockSize, order int) (uint64, int) {
	maxOrder := 0
	for po := 1; po <= maxRiceOrder; po++ {
		if blockSize%(1<<po) != 0 || blockSize>>po <= order {
			break
		}
		maxOrder = po
	}
	// Sums at the finest order, then merge pairwise.
	parts := 1 << maxOrder
	psize := blockSize >> maxOrder
	sums := e.sums[:parts]
	idx := 0
	for p := range parts {
		cnt := psize
		if p == 0 {
			cnt -= order
		}
		var s uint64
		for _, r := range res[idx : idx+cnt] {
			s += uint64(fold(r))
		}
		sums[p] = s
		idx += cnt
	}
	bestBits, bestOrder := uint64(math.MaxUint64), 0
	for po := maxOrder; po >= 0; po-- {
		np := 1 << po
		size := blockSize >> po
		var total uint64 = 2 + 4
		for p := range np {
			cnt := size
			if p == 0 {
				cnt -= order
			}
			_, b := riceParam(sums[p], cnt)
			total += b
		}
		if total < bestBits {
			bestBits, bestOrder = total, po
		}
		if po > 0 {
			for p := range np / 2 {
				sums[p] = sums[2*p] + sums[2*p+1]
			}
		}
	}
	return bestBits, bestOrder
}

// writeResidual writes res with partition order po (recomputing the sums).
func (e *flacEncoder) writeResidual(w *bitWriter, res []int32, blockSize, order, po int) {
	w.write(0, 2) // Rice, 4-bit parameters
	w.write(uint64(po), 4)
	size := blockSize >> po
	idx := 0
	for p := range 1 << po {
		cnt := size
		if p == 0 {
			cnt -= order
		}
		part := res[idx : idx+cnt]
		idx += cnt
		var sum uint64
		for _, r := range part {
			sum += uint64(fold(r))
		}
		k, _ := riceParam(sum, cnt)
		w.write(uint64(k), 4)
		for _, r := range part {
			u := fold(r)
			q := uint(u >> k)
			if q+1+k <= 32 {
				w.write(uint64(1)<<k|uint64(u)&(1<<k-1), q+1+k)
				continue
			}
			w.zeros(q)
			w.write(uint64(1)<<k|uint64(u)&(1<<k-1), 1+k)
		}
	}
}

// appendUTF8Num appends n in FLAC's extended UTF-8 coding (up to 36 bits).
func appendUTF8Num(b []byte, n uint64) []byte {
	if n < 0x80 {
		return append(b, byte(n))
	}
	nb := 2
	for n >= 1<<(5*nb+1) { // payload bits for nb bytes: 7-nb + 6*(nb-1) = 5nb+1
		nb++
	}
	first := byte(0xFF << (8 - nb))
	b = append(b, first|byte(n>>(6*(nb-1))))
	for i := nb - 2; i >= 0; i-- {
		b = append(b, 0x80|byte(n>>(6*i))&0x3F)
	}
	return b
}

var crc8Table, crc16Table = func() ([256]byte, [256]uint16) {
	var t8 [256]byte
	var t16 [256]uint16
	for i := range 256 {
		c8 := byte(i)
		c16 := uint16(i) << 8
		for range 8 {
			if c8&0x80 != 0 {
				c8 = c8<<1 ^ 0x07
			} else {
				c8 <<= 1
			}
			if c16&0x8000 != 0 {
				c16 = c16<<1 ^ 0x8005
			} else {
				c16 <<= 1
			}
		}
		t8[i], t16[i] = c8, c16
	}
	return t8, t16
}()

func crc8(b []byte) byte {
	var c byte
	for _, x := range b {
		c = crc8Table[c^x]
	}
	return c
}

func crc16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c = c<<8 ^ crc16Table[byte(c>>8)^x]
	}
	return c
}

// DecodeFLAC reads a mono or multi-channel 16-bit FLAC stream and returns
// its first channel and sample rate. It verifies the stream's MD5 when one
// is recorded.
func DecodeFLAC(r io.Reader) ([]int16, int, error) {
	s, err := flac.New(r)
	if err != nil {
		return nil, 0, fmt.Errorf("media: decode flac: %w", err)
	}
	defer s.Close()
	if s.Info.BitsPerSample != 16 {
		return nil, 0, fmt.Errorf("media: decode flac: %d bits per sample, want 16", s.Info.BitsPerSample)
	}
	out := make([]int16, 0, min(s.Info.NSamples, 1<<28))
	sum := md5.New()
	var raw []byte
	for {
		f, err := s.ParseNext()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("media: decode flac: %w", err)
		}
		raw = raw[:0]
		for i := range f.Subframes[0].NSamples {
			for _, sf := range f.Subframes {
				raw = binary.LittleEndian.AppendUint16(raw, uint16(int16(sf.Samples[i])))
			}
			out = append(out, int16(f.Subframes[0].Samples[i]))
		}
		sum.Write(raw)
	}
	var zero [16]byte
	if s.Info.MD5sum != zero && !bytes.Equal(sum.Sum(nil), s.Info.MD5sum[:]) {
		return nil, 0, errors.New("media: decode flac: MD5 mismatch")
	}
	return out, int(s.Info.SampleRate), nil
}
