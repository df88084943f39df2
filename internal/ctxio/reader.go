package ctxio

import (
	"context"
	"io"
)

// NewReader returns a reader that reads from r until ctx ends: every Read
// first checks ctx and, once it is done, returns ctx.Err() without reading.
// A Read already blocked in r is not interrupted.
func NewReader(ctx context.Context, r io.Reader) io.Reader { return reader{ctx, r} }

type reader struct {
	ctx context.Context
	r   io.Reader
}

func (c reader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
