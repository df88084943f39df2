package admin

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// testKiosk seals and signs pieces in a real spool, as a kiosk does, and
// uploads them to a folder remote whose files' times stand for the
// bucket's upload times.
type testKiosk struct {
	id     string
	sp     *spool.Spool
	r      remote.Remote
	root   string
	signer *provenance.Signer
}

func newTestKiosk(t *testing.T, id string, s *seal.Sealer, root string) *testKiosk {
	t.Helper()
	r, err := dir.Open(root)
	must(t, err)
	sp, err := spool.Open(t.TempDir(), s)
	must(t, err)
	sg, err := provenance.NewSigner()
	must(t, err)
	sp.SetSigner(sg)
	return &testKiosk{id: id, sp: sp, r: r, root: root, signer: sg}
}

// upload saves a drawing and uploads it (without its manifest when
// complete is false), received by the bucket at at.
func (k *testKiosk) upload(t *testing.T, complete bool, at time.Time) piece.ID {
	t.Helper()
	m := piece.New(piece.Drawing, k.id, "K7Q4M2X", at.Add(-time.Minute))
	m.Finished = at.Add(-30 * time.Second)
	must(t, k.sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", []byte("not a real PNG, but bytes")),
	}))
	e, err := k.sp.Piece(m.ID)
	must(t, err)
	files := e.Blobs
	if complete {
		files = append(files, e.Manifest)
	}
	for _, f := range files {
		key := remote.ManifestKey(k.id, string(e.ID))
		if f.Name != "manifest" {
			key = remote.BlobKey(k.id, string(e.ID), f.Name)
		}
		data, err := os.ReadFile(f.Path)
		must(t, err)
		if _, err := k.r.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), f.SealedSHA256); err != nil {
			t.Fatal(err)
		}
		must(t, os.Chtimes(filepath.Join(k.root, filepath.FromSlash(key)), at, at))
	}
	return m.ID
}

// TestVerifyStatusRevoke: verify passes a bucket of complete pieces signed
// by a trusted kiosk; revoke-kiosk records the kiosk's revocation in the
// gallery's config; afterwards verify exits 3 naming the piece the bucket
// received after the revocation (its manifest dated before it) and an
// upload that never finished, while the earlier piece stays verified;
// status shows the kiosk revoked, its pieces and when it was last seen.
func TestVerifyStatusRevoke(t *testing.T) {
	data := t.TempDir()
	bucket := filepath.Join(data, "bucket")
	sealer, _, err := seal.NewDevSealer(data)
	must(t, err)
	k := newTestKiosk(t, "lounge-1", sealer, bucket)
	cfg := filepath.Join(data, "gallery.toml")
	must(t, os.WriteFile(cfg, []byte("mode = \"development\"\ndata_dir = \""+data+"\"\n[remote]\ntype = \"dir\"\ndir = \""+bucket+
		"\"\n\n[[trusted_kiosks]]\nid = \"lounge-1\"\nkey = \""+k.signer.PublicKey()+"\"\n"), 0o600))

	theft := time.Now().Add(-time.Hour).Truncate(time.Second)
	early := k.upload(t, true, theft.Add(-2*time.Hour))
	code, out, errs := run(t, "", "verify", "--config", cfg)
	if code != 0 || !strings.Contains(out, "lounge-1: 1 complete and signed") || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("verify of a good bucket: exit %d\n%s\n%s", code, out, errs)
	}

	code, out, errs = run(t, "", "revoke-kiosk", "lounge-1", "--config", cfg, "--after", theft.Format(time.RFC3339))
	if code != 0 || !strings.Contains(out, "mc admin user disable ALIAS lounge-1") {
		t.Fatalf("revoke-kiosk: exit %d\n%s\n%s", code, out, errs)
	}
	c, err := config.Load(cfg)
	if err != nil || len(c.RevokedKiosks) != 1 || c.RevokedKiosks[0].ID != "lounge-1" {
		t.Fatalf("the gallery's config after revoke-kiosk: %+v %v", c.RevokedKiosks, err)
	}
	if at, _ := c.RevokedKiosks[0].AfterTime(); !at.Equal(theft) {
		t.Fatalf("revoked after %v, want %v", at, theft)
	}

	// The thief's piece: signed with the kiosk's key, dated before the
	// theft, received by the bucket after it.
	forged := k.upload(t, true, theft.Add(time.Minute))
	k.upload(t, false, theft.Add(-3*time.Hour)) // never finished
	code, out, errs = run(t, "", "verify", "--config", cfg)
	if code != exitProblems {
		t.Fatalf("verify after the theft: exit %d, want %d\n%s\n%s", code, exitProblems, out, errs)
	}
	for _, want := range []string{
		"lounge-1: 1 complete and signed, 1 ORIGIN NOT VERIFIED, 1 DAMAGED OR INCOMPLETE",
		"PROBLEM lounge-1/" + string(forged) + ": origin not verified: the kiosk was revoked",
		"incomplete: no manifest",
		"2 problem(s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify said:\n%s\nwant %q", out, want)
		}
	}
	if strings.Contains(out, string(early)) {
		t.Errorf("verify named the piece made before the theft:\n%s", out)
	}

	code, out, errs = run(t, "", "status", "--config", cfg)
	row := regexp.MustCompile(`(?m)^lounge-1 +REVOKED ` + regexp.QuoteMeta(when(theft)) + ` +2 +` + string(forged) + ` +` +
		regexp.QuoteMeta(when(theft.Add(time.Minute))) + ` +` + regexp.QuoteMeta(when(theft.Add(time.Minute))) + ` +1$`)
	if code != 0 || !row.MatchString(out) {
		t.Fatalf("status: exit %d\n%s\n%s", code, out, errs)
	}

	// Revoking again from later changes nothing; an unknown kiosk, a bad
	// date and a missing config are refused.
	before, _ := os.ReadFile(cfg)
	if code, out, _ := run(t, "", "revoke-kiosk", "lounge-1", "--config", cfg); code != 0 || !strings.Contains(out, "already revoked") {
		t.Errorf("revoking again: exit %d %q", code, out)
	}
	if after, _ := os.ReadFile(cfg); !bytes.Equal(before, after) {
		t.Error("revoking again changed the config")
	}
	t.Setenv("AFTERIMAGE_CONFIG", "")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"revoke-kiosk", "lounge-9", "--config", cfg}, 1, "does not trust a kiosk"},
		{[]string{"revoke-kiosk", "lounge-1", "--config", cfg, "--after", "last tuesday"}, 2, "is not a date"},
		{[]string{"revoke-kiosk", "lounge-1"}, 2, "--config FILE"},
		{[]string{"revoke-kiosk", "--config", cfg}, 2, "want one NAME"},
		{[]string{"verify", "extra"}, 2, "unexpected"},
	} {
		if code, _, errs := run(t, "", c.args...); code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestHelp: every command answers --help with its usage and the exit
// statuses, and is one Run knows.
func TestHelp(t *testing.T) {
	_, top, _ := run(t, "", "--help")
	if !strings.Contains(top, "exit status:") || !strings.Contains(top, "3  verify") {
		t.Fatalf("afterimage --help:\n%s", top)
	}
	for _, c := range commands {
		code, out, errs := run(t, "", c.name, "--help")
		if code != 0 || !strings.Contains(out, c.synopsis) || !strings.Contains(out, "exit status:") || errs != "" {
			t.Errorf("%s --help: exit %d\n%s\n%s", c.name, code, out, errs)
		}
		if !strings.Contains(top, c.synopsis) {
			t.Errorf("afterimage --help does not list %s", c.name)
		}
		if _, _, errs := run(t, "", c.name, "--no-such-flag"); strings.Contains(errs, "unknown command") {
			t.Errorf("%s is listed but not a command", c.name)
		}
	}
	if code, _, _ := run(t, "", "help", "nope"); code != 2 {
		t.Errorf("help nope: exit %d", code)
	}
}
