package admin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// TestAuditVerify: `afterimage audit verify` passes a gallery's untouched
// chain of 1,000 entries and exits 3 naming the break when the last batch
// is deleted, a batch's byte is changed, or an entry is added with another
// key.
func TestAuditVerify(t *testing.T) {
	for _, tamper := range []string{"", "truncate", "edit a byte", "another key"} {
		t.Run(tamper, func(t *testing.T) {
			t.Parallel() // each writes 1,000 entries, durably: minutes in a row under -race
			data := t.TempDir()
			bucket := filepath.Join(data, "bucket")
			cfg := filepath.Join(data, "gallery.toml")
			text := "mode = \"development\"\ndata_dir = \"" + data + "\"\n[remote]\ntype = \"dir\"\ndir = \"" + bucket + "\"\n"
			if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			r, err := dir.Open(bucket)
			if err != nil {
				t.Fatal(err)
			}
			sealer, opener, err := seal.NewDevSealer(data)
			if err != nil {
				t.Fatal(err)
			}
			signer, _ := provenance.NewSigner()
			l, err := audit.Open(audit.Options{Dir: audit.DefaultDir(data), Signer: signer, Sealer: sealer, Opener: opener, Remote: r})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 1000 {
				if err := l.Append(audit.Event{Actor: "Dr. Rivera", Action: audit.PieceViewed, Patient: "K7Q4M2X"}); err != nil {
					t.Fatal(err)
				}
				if i%250 == 249 {
					if err := l.Flush(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
			}
			last := audit.ObjectKey(l.Install(), 751, 1000)
			want := "verified"
			switch tamper {
			case "truncate":
				if err := r.Delete(t.Context(), last); err != nil {
					t.Fatal(err)
				}
				want = "ends at entry 750, but this install has written 1000"
			case "edit a byte":
				rc, err := r.Get(t.Context(), last)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				b[len(b)/3] ^= 0x20
				r.Delete(t.Context(), last)
				put(t, r, last, b)
				want = "00000000000000000751-00000000000000001000.age: cannot be opened"
			case "another key":
				other, _ := provenance.NewSigner()
				ol, err := audit.Open(audit.Options{Dir: t.TempDir(), Signer: other, Sealer: sealer, Opener: opener, Remote: r})
				if err != nil {
					t.Fatal(err)
				}
				if err := ol.Append(audit.Event{Actor: "x", Action: audit.Unlock}); err != nil {
					t.Fatal(err)
				}
				// The other key's first entry, moved into this chain's folder.
				ol.Flush(t.Context())
				rc, err := r.Get(t.Context(), audit.ObjectKey(ol.Install(), 1, 1))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				put(t, r, audit.ObjectKey(l.Install(), 1001, 1001), b)
				want = "entry 1 (in " + audit.ObjectKey(l.Install(), 1001, 1001)
			}
			code, out, errs := run(t, "", "audit", "verify", "--config", cfg)
			if !strings.Contains(out, want) {
				t.Fatalf("audit verify (%s) printed %q, want %q (stderr %q)", tamper, out, want, errs)
			}
			if wantCode := map[bool]int{true: 0, false: 3}[tamper == ""]; code != wantCode {
				t.Fatalf("audit verify (%s): exit %d, want %d\n%s", tamper, code, wantCode, out)
			}
		})
	}
}

func put(t *testing.T, r remote.Remote, key string, b []byte) {
	t.Helper()
	sum := sha256.Sum256(b)
	if _, err := r.Put(t.Context(), key, bytes.NewReader(b), int64(len(b)), hex.EncodeToString(sum[:])); err != nil {
		t.Fatal(err)
	}
}
