package remote_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/remote"
)

func TestValidKey(t *testing.T) {
	for _, k := range []string{"a", "v1/pieces/kiosk-1/0190c0de-7c1a-7000-8000-000000000001/b1.age", "a_b.c-d/E9"} {
		if err := remote.ValidKey(k); err != nil {
			t.Errorf("ValidKey(%q) = %v, want nil", k, err)
		}
	}
	for _, k := range []string{"", "/a", "a/", "a//b", "..", "a/../b", ".a", "a/.b", "a b", "a\\b", "a?b", "ü", strings.Repeat("a", remote.MaxKeyLen+1)} {
		if err := remote.ValidKey(k); !errors.Is(err, remote.ErrInvalid) {
			t.Errorf("ValidKey(%q) = %v, want ErrInvalid", k, err)
		}
	}
}

func TestPieceKeysRoundTrip(t *testing.T) {
	blob := remote.BlobKey("kiosk-7", "0190c0de", "b2")
	if blob != "v1/pieces/kiosk-7/0190c0de/b2.age" {
		t.Fatalf("BlobKey = %q", blob)
	}
	k, ok := remote.ParsePieceKey(blob)
	if !ok || k != (remote.PieceKey{Kiosk: "kiosk-7", Piece: "0190c0de", Blob: "b2"}) {
		t.Errorf("ParsePieceKey(%q) = %+v, %v", blob, k, ok)
	}
	m := remote.ManifestKey("kiosk-7", "0190c0de")
	k, ok = remote.ParsePieceKey(m)
	if !ok || !k.Manifest || k.Blob != "" || k.Piece != "0190c0de" {
		t.Errorf("ParsePieceKey(%q) = %+v, %v", m, k, ok)
	}
	for _, bad := range []string{"v1/pieces/k/p", "v1/pieces/k/p/b1", "v1/pieces/k/p/x/b1.age", "v1/notes/c/n.age",
		"v1/pieces/k/p/.age", "v1/pieces/k/p/manifest.age.age", "v1/pieces//p/b.age", "v2/pieces/k/p/b.age"} {
		if k, ok := remote.ParsePieceKey(bad); ok && !(bad == "v1/pieces/k/p/manifest.age.age" && k.Blob == "manifest.age") {
			t.Errorf("ParsePieceKey(%q) = %+v, want not ok", bad, k)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	cause := fmt.Errorf("http 412")
	err := fmt.Errorf("outbox: upload: %w", &remote.Error{Backend: "s3", Op: "put", Key: "k", Kind: remote.ErrExists, Err: cause})
	if !remote.IsExists(err) || !remote.IsPermanent(err) || !errors.Is(err, cause) || remote.IsNotExist(err) {
		t.Errorf("kinds of %v wrong", err)
	}
	if got := err.Error(); got != "outbox: upload: s3: put k: object exists: http 412" {
		t.Errorf("message %q", got)
	}
	transient := &remote.Error{Backend: "s3", Op: "get", Key: "k", Err: errors.New("connection reset")}
	if remote.IsPermanent(transient) {
		t.Errorf("network error classified permanent")
	}
	if remote.IsPermanent(&remote.Error{Kind: remote.ErrChecksum}) {
		t.Errorf("checksum mismatch classified permanent")
	}
}

func FuzzParsePieceKey(f *testing.F) {
	f.Add("v1/pieces/k/p/b1.age")
	f.Add("v1/pieces/k/p/manifest.age")
	f.Add("v1/pieces/k//b.age")
	f.Add("v1/pieces/../p/b.age")
	f.Fuzz(func(t *testing.T, key string) {
		k, ok := remote.ParsePieceKey(key)
		if !ok {
			return
		}
		if err := remote.ValidKey(key); err != nil {
			t.Fatalf("parsed an invalid key %q: %v", key, err)
		}
		var back string
		if k.Manifest {
			back = remote.ManifestKey(k.Kiosk, k.Piece)
		} else {
			back = remote.BlobKey(k.Kiosk, k.Piece, k.Blob)
		}
		if back != key {
			t.Fatalf("ParsePieceKey(%q) = %+v, which builds %q", key, k, back)
		}
	})
}

func FuzzValidKey(f *testing.F) {
	f.Add("a/b")
	f.Add("a/../b")
	f.Add("")
	f.Fuzz(func(t *testing.T, key string) {
		if remote.ValidKey(key) != nil {
			return
		}
		for seg := range strings.SplitSeq(key, "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
				t.Fatalf("accepted %q with segment %q", key, seg)
			}
		}
		if strings.ContainsAny(key, "\\ \x00") {
			t.Fatalf("accepted %q", key)
		}
	})
}
