package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"image"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// TestDeployAcceptance (issue 16): a clinic's deployment, only through the
// admin CLI and the kiosk binary, against MinIO over TLS with mc. keygen
// makes the clinic identity; provision-kiosk lounge-1 writes the kiosk's
// files, creates its S3 user and trusts it in the gallery's config; the
// real kiosk (full screen on a private Xvfb, driven by xdotool) runs with
// exactly that config, and a patient draws and saves a drawing; verify
// finds it complete and signed. Then revoke-kiosk lounge-1 records the
// revocation and disables the kiosk's S3 user with mc; a piece the thief
// forges with the stolen kiosk's signing key and recipients (dated before
// the theft, uploaded after it) is reported by verify as origin not
// verified (exit 3) while the patient's drawing stays verified.
//
// The forger is the test's own Go code (a spool sealing to the clinic's
// recipient, signing with the kiosk's key file), uploading with the
// bucket's root key: the kiosk's own S3 user is already disabled, which
// the test checks too.
func TestDeployAcceptance(t *testing.T) {
	if !testbench.Active() {
		t.Skip("needs the test bench: run `make test`")
	}
	kioskBin := testbench.BuildCommand(t, "./cmd/afterimage-kiosk")
	cliBin := testbench.BuildCommand(t, "./cmd/afterimage")
	env := s3bench.StartTLS(t, "pieces")
	mc := benchenv.Tool(t, "mc")
	work := t.TempDir()

	// mc trusts the private CA and knows the admin alias (the bench's
	// root key, in the environment: never a clinic's practice).
	mcDir := filepath.Join(work, "mc")
	noErr(t, os.MkdirAll(filepath.Join(mcDir, "certs", "CAs"), 0o700))
	ca, err := os.ReadFile(env.CAFile)
	noErr(t, err)
	noErr(t, os.WriteFile(filepath.Join(mcDir, "certs", "CAs", "clinic-ca.crt"), ca, 0o600))
	cliEnv := append(os.Environ(), "PATH="+filepath.Dir(mc)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"MC_CONFIG_DIR="+mcDir, "MC_HOST_clinic=https://"+env.AccessKey+":"+env.SecretKey+"@"+env.Endpoint, "AFTERIMAGE_CONFIG=")
	cli := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(cliBin, args...)
		cmd.Env = cliEnv
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("afterimage %v: %v", args, err)
		}
		return code, out.String(), errb.String()
	}
	enable := exec.Command(mc, "version", "enable", "clinic/pieces")
	enable.Env = cliEnv
	if out, err := enable.CombinedOutput(); err != nil {
		t.Fatalf("mc version enable: %v %s", err, out)
	}

	// keygen.
	const pass = "lighthouse by the sea"
	idFile := filepath.Join(work, "clinic.age")
	code, out, errs := cli(pass+"\n"+pass+"\n", "keygen", "--out", idFile)
	if code != 0 {
		t.Fatalf("keygen: exit %d\n%s", code, errs)
	}
	recipient := regexp.MustCompile(`(?m)^recipient: +(\S+)$`).FindStringSubmatch(out)
	if recipient == nil {
		t.Fatalf("keygen printed %q", out)
	}
	rcptFile := filepath.Join(work, "recipients")
	noErr(t, os.WriteFile(rcptFile, []byte(recipient[1]+"\n"), 0o644))

	// The gallery's config (the bench's root key stands for the gallery's
	// read-only S3 user).
	galleryData := filepath.Join(work, "gallery-data")
	secretFile := filepath.Join(work, "gallery-s3-secret")
	noErr(t, os.WriteFile(secretFile, []byte(env.SecretKey+"\n"), 0o600))
	gallery := filepath.Join(work, "gallery.toml")
	noErr(t, os.WriteFile(gallery, fmt.Appendf(nil, "identity_file = %q\ndata_dir = %q\n\n[remote]\nurl = \"https://%s\"\nbucket = \"pieces\"\naccess_key = %q\nsecret_key_file = %q\nca_file = %q\n",
		idFile, galleryData, env.Endpoint, env.AccessKey, secretFile, env.CAFile), 0o600))

	// provision-kiosk lounge-1, its S3 user made with mc.
	kiosks := filepath.Join(work, "kiosks")
	etc := filepath.Join(kiosks, "lounge-1")
	code, out, errs = cli(staffPIN+"\n"+staffPIN+"\n", "provision-kiosk", "lounge-1", "--out", kiosks, "--recipients", rcptFile,
		"--s3-url", "https://"+env.Endpoint, "--bucket", "pieces", "--ca-file", env.CAFile, "--etc", etc,
		"--gallery-config", gallery, "--mc-alias", "clinic")
	if code != 0 || !strings.Contains(out, "keeps versions") {
		t.Fatalf("provision-kiosk: exit %d\n%s\n%s", code, out, errs)
	}

	// The kiosk, with the config provisioning wrote (its data folder moved
	// from /var/lib/afterimage by the environment), saves a drawing.
	kioskData := filepath.Join(work, "kiosk-data")
	display := testbench.PrivateDisplay(t, 1280, 800)
	app := testbench.StartAppOn(t, display, kioskBin, []string{"AFTERIMAGE_CONFIG=" + filepath.Join(etc, "afterimage.toml"),
		"AFTERIMAGE_DATA_DIR=" + kioskData, "XDG_DATA_HOME=" + kioskData})
	s := &screenRun{t: t, app: app, size: image.Pt(1280, 800), data: kioskData, shots: testbench.ScreenshotDir(t), tag: "deploy", banner: -1}
	s.win = app.WaitWindow(t, "Afterimage", 90*time.Second)
	s.toChoose()
	s.studioTile(0, "Draw")
	s.scribble(s.canvasRect())
	s.settle("drawn")
	s.tap(s.finishedButton(), "I'm finished", "tag")
	s.tagFully()
	s.expect("another", "finishing the tags")

	// status sees it arrive.
	row := regexp.MustCompile(`(?m)^lounge-1 +trusted +(\d+) +(\S+)`)
	deadline := time.Now().Add(90 * time.Second)
	var drawing string
	for {
		code, out, errs = cli("", "status", "--config", gallery)
		if code != 0 {
			t.Fatalf("status: exit %d\n%s\n%s", code, out, errs)
		}
		if m := row.FindStringSubmatch(out); m != nil && m[1] == "1" {
			drawing = m[2]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk's drawing did not reach the bucket in 90 s; status says:\n%s\nthe kiosk said:\n%s", out, app.Output())
		}
		time.Sleep(500 * time.Millisecond) // the kiosk's outbox uploads in the background
	}
	app.Kill() // nothing more from this kiosk: what follows is the thief's

	code, out, errs = cli(pass+"\n", "verify", "--config", gallery)
	if code != 0 || !strings.Contains(out, "lounge-1: 1 complete and signed") || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("verify after the kiosk's drawing: exit %d\n%s\n%s", code, out, errs)
	}
	t.Logf("verify after the kiosk's drawing (exit %d):\n%s", code, out)

	// The kiosk is stolen: revoked from the next second after its drawing
	// reached the bucket (S3 times are in whole seconds).
	root := rootClient(t, env)
	var last time.Time
	for o := range root.ListObjects(t.Context(), "pieces", minio.ListObjectsOptions{Prefix: remote.KioskPrefix("lounge-1"), Recursive: true}) {
		noErr(t, o.Err)
		if o.LastModified.After(last) {
			last = o.LastModified
		}
	}
	for !time.Now().Truncate(time.Second).After(last) {
		time.Sleep(50 * time.Millisecond) // the clock reaching the next second
	}
	code, out, errs = cli("", "revoke-kiosk", "lounge-1", "--config", gallery, "--mc-alias", "clinic")
	if code != 0 || !strings.Contains(out, "Disabled the S3 user lounge-1") {
		t.Fatalf("revoke-kiosk: exit %d\n%s\n%s", code, out, errs)
	}
	kioskSecret, err := os.ReadFile(filepath.Join(etc, "s3-secret"))
	noErr(t, err)
	stolen := client(t, env, "lounge-1", strings.TrimSpace(string(kioskSecret)))
	if _, err := stolen.PutObject(t.Context(), "pieces", remote.BlobKey("lounge-1", string(piece.NewID()), "b1"), strings.NewReader("x"), 1, minio.PutObjectOptions{}); err == nil {
		t.Fatal("the revoked kiosk's S3 user can still upload")
	}

	// The thief's piece: the kiosk's key and recipient, dated a day before.
	forged := forgePiece(t, root, filepath.Join(etc, "kiosk-signing.key"), filepath.Join(etc, "recipients"))
	code, out, errs = cli(pass+"\n", "verify", "--config", gallery)
	if code != 3 {
		t.Fatalf("verify after the forgery: exit %d, want 3\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"lounge-1: 1 complete and signed, 1 ORIGIN NOT VERIFIED",
		"PROBLEM lounge-1/" + forged + ": origin not verified: the kiosk was revoked",
		"1 problem(s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify said:\n%s\nwant %q", out, want)
		}
	}
	t.Logf("verify after the revocation and the forgery (exit %d):\n%s", code, out)
	if strings.Contains(out, drawing) {
		t.Errorf("verify named the patient's drawing (made before the theft):\n%s", out)
	}
	if code, out, _ = cli("", "status", "--config", gallery); !regexp.MustCompile(`(?m)^lounge-1 +REVOKED .* 2 +` + forged).MatchString(out) {
		t.Errorf("status after the forgery: exit %d\n%s", code, out)
	}
}

// forgePiece seals and signs a drawing as the stolen kiosk would (its
// signing key, its recipients file), its manifest dated a day ago, and
// uploads it with c; it returns the piece's id.
func forgePiece(t *testing.T, c *minio.Client, keyFile, rcptFile string) string {
	t.Helper()
	signer, err := provenance.LoadSigner(keyFile)
	noErr(t, err)
	rf, err := os.Open(rcptFile)
	noErr(t, err)
	defer rf.Close()
	rs, err := seal.ParseRecipients(rf)
	noErr(t, err)
	sealer, err := seal.NewSealer(rs...)
	noErr(t, err)
	sp, err := spool.Open(t.TempDir(), sealer)
	noErr(t, err)
	sp.SetSigner(signer)
	yesterday := time.Now().Add(-24 * time.Hour)
	m := piece.New(piece.Drawing, "lounge-1", string(newCode(t)), yesterday)
	m.Finished = yesterday.Add(time.Minute)
	m.Title = "forged"
	noErr(t, sp.Save(context.Background(), m, []spool.BlobSource{spool.Bytes("", piece.RoleOriginal, "image/png", []byte("a forged drawing"))}))
	e, err := sp.Piece(m.ID)
	noErr(t, err)
	for _, f := range append(e.Blobs, e.Manifest) {
		key := remote.ManifestKey("lounge-1", string(m.ID))
		if f.Name != "manifest" {
			key = remote.BlobKey("lounge-1", string(m.ID), f.Name)
		}
		data, err := os.ReadFile(f.Path)
		noErr(t, err)
		if _, err := c.PutObject(t.Context(), "pieces", key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
			t.Fatalf("upload the forged piece: %v", err)
		}
	}
	return string(m.ID)
}

func rootClient(t *testing.T, env s3bench.TLSEnv) *minio.Client {
	return client(t, env, env.AccessKey, env.SecretKey)
}

// client is an S3 client of env's MinIO with a user's keys.
func client(t *testing.T, env s3bench.TLSEnv, access, secret string) *minio.Client {
	t.Helper()
	ca, err := os.ReadFile(env.CAFile)
	noErr(t, err)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	c, err := minio.New(env.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, ""), Secure: true,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}})
	noErr(t, err)
	return c
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
