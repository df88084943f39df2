package media

// bitWriter appends big-endian bit fields to a byte slice.
type bitWriter struct {
	buf  []byte
	acc  uint64 // pending bits, right-aligned
	nacc uint   // number of pending bits (< 8 after flushes; at most 64)
}

// write appends the low n bits of v (n <= 32).
func (w *bitWriter) write(v uint64, n uint) {
	if n == 0 {
		return
	}
	w.acc = w.acc<<n | v&(1<<n-1)
	w.nacc += n
	for w.nacc >= 8 {
		w.nacc -= 8
		w.buf = append(w.buf, byte(w.acc>>w.nacc))
	}
}

// zeros appends n zero bits.
func (w *bitWriter) zeros(n uint) {
	for n > 32 {
		w.write(0, 32)
		n -= 32
	}
	w.write(0, n)
}

// align pads with zero bits to a byte boundary.
func (w *bitWriter) align() {
	if w.nacc > 0 {
		w.write(0, 8-w.nacc)
	}
}
