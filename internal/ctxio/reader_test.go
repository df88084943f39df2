package ctxio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReaderCopiesWhileTheContextLives(t *testing.T) {
	var out bytes.Buffer
	n, err := io.Copy(&out, NewReader(context.Background(), strings.NewReader("a piece")))
	if err != nil || n != 7 || out.String() != "a piece" {
		t.Fatalf("copied %d %q, %v; want 7 \"a piece\", nil", n, out.String(), err)
	}
}

// cancelAfter cancels its context once the first chunk has been read.
type cancelAfter struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p[:min(len(p), 4)])
	c.cancel()
	return n, err
}

func TestReaderStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	_, err := io.Copy(&out, NewReader(ctx, cancelAfter{strings.NewReader("more than one chunk"), cancel}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("copy after cancel: %v; want context.Canceled", err)
	}
	if out.String() != "more" {
		t.Fatalf("copied %q; want only the chunk read before the cancel, \"more\"", out.String())
	}
}
