package recovered

import (
	"context"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// BenchmarkRebuildDrawing1080p times a recovered 1920×1080 drawing of 1,000
// strokes (40 points each, every brush, an undo and a fill) rebuilt from
// its stroke log: the bounded replay, the PNG and the thumbnail.
func BenchmarkRebuildDrawing1080p(b *testing.B) {
	log := strokes(1920, 1080, 1000)
	m, bs := drawingPiece(log)
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Rebuild(context.Background(), m, bs.read, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if r.Output(piece.RoleOriginal) == nil {
			b.Fatal("no PNG")
		}
	}
}
