package notes_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// gallery is one clinician's gallery: its own index, the shared bucket
// and the clinic's key.
type gallery struct {
	ix     *index.Index
	remote remote.Remote
	sealer *seal.Sealer
	opener *seal.Opener
}

func (g gallery) pull(t *testing.T) []notes.Problem {
	t.Helper()
	known := func(id piece.ID) bool {
		has, err := g.ix.HasNote(id)
		if err != nil {
			t.Fatal(err)
		}
		return has
	}
	problems, err := notes.Pull(t.Context(), g.remote, g.opener, known, g.ix.AddNote)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

// TestNotesReachEveryGallery: two galleries on one bucket (real MinIO): a
// note written in one is in the other after a pull; an edit supersedes it
// without deleting the first version; full-text search finds the note as
// it stands; a junk object under v1/notes/ is a problem, not a note.
func TestNotesReachEveryGallery(t *testing.T) {
	env := s3bench.S3(t)
	id, rcpt, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := seal.NewSealer(rcpt)
	opener, _ := seal.NewOpener(id)
	open := func() gallery {
		r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		ix, _, err := index.Open(filepath.Join(t.TempDir(), "index.db"), bytes.Repeat([]byte{7}, 32), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return gallery{ix: ix, remote: r, sealer: sealer, opener: opener}
	}
	a, b := open(), open()
	target := piece.NewID()
	now := time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC)
	first := notes.New("K7Q4M2X", notes.OnPiece, target, "Dr. Inés Rivera", "Drew the sea again; much calmer lines than in October.", now)
	if err := notes.Write(t.Context(), a.remote, a.sealer, first); err != nil {
		t.Fatal(err)
	}
	a.pull(t)
	b.pull(t)
	got, err := b.ix.Notes(notes.OnPiece, target)
	if err != nil || len(got) != 1 || got[0].Text != first.Text || got[0].Author != first.Author {
		t.Fatalf("the other gallery's notes on the piece: %+v, %v", got, err)
	}

	edit := first.Edit("Dr. Sam Okafor", "Drew the sea again; calmer lines, and a boat for the first time.", now.Add(time.Hour))
	if err := notes.Write(t.Context(), b.remote, b.sealer, edit); err != nil {
		t.Fatal(err)
	}
	a.pull(t)
	got, _ = a.ix.Notes(notes.OnPiece, target)
	if len(got) != 1 || got[0].ID != edit.ID || !strings.Contains(got[0].Text, "boat") {
		t.Fatalf("after the edit, the first gallery shows %+v", got)
	}
	history, _ := a.ix.NoteHistory(first.Thread)
	if len(history) != 2 || history[0].ID != first.ID || history[1].Supersedes != first.ID {
		t.Fatalf("history %+v: want both versions, the edit superseding the first", history)
	}
	for _, id := range []piece.ID{first.ID, edit.ID} {
		if _, err := a.remote.Stat(t.Context(), notes.Key(id)); err != nil {
			t.Fatalf("version %s is gone from the bucket: %v", id, err)
		}
	}
	hits, err := a.ix.SearchNotes("boat", 10)
	if err != nil || len(hits) != 1 || hits[0].Note.ID != edit.ID {
		t.Fatalf("search for the edit's word: %+v, %v", hits, err)
	}
	if hits, _ := a.ix.SearchNotes("october", 10); len(hits) != 0 {
		t.Fatalf("search finds the superseded version's words: %+v", hits)
	}

	// Junk in the notes folder: not a note, and the pull goes on.
	junk := []byte("not a note")
	if _, err := env.Client.PutObject(t.Context(), env.Bucket, notes.Key(piece.NewID()), bytes.NewReader(junk), int64(len(junk)), s3PutOpts()); err != nil {
		t.Fatal(err)
	}
	if problems := b.pull(t); len(problems) != 1 || !strings.Contains(problems[0].Reason, "cannot be opened") {
		t.Fatalf("problems %+v, want the junk object", problems)
	}
}
