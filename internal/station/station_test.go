package station

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func recipient(t *testing.T) string {
	t.Helper()
	_, r, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	return r.(interface{ String() string }).String()
}

func s3Config(t *testing.T, url, bucket, access, secret string) *config.Config {
	t.Helper()
	full := false
	return &config.Config{
		Mode: config.Production, KioskID: "lounge-1", DataDir: t.TempDir(),
		Recipients: []string{recipient(t)},
		Remote:     config.Remote{Type: config.RemoteS3, URL: url, Bucket: bucket, AccessKey: access, SecretKey: secret},
		Kiosk:      config.Kiosk{FullScreen: &full},
	}
}

func wantProblem(t *testing.T, err error, field, says string) {
	t.Helper()
	if !config.IsProblems(err) {
		t.Fatalf("Open = %v, want a problem with %s", err, field)
	}
	for _, p := range err.(config.Problems) {
		if p.Field == field && strings.Contains(p.Message, says) {
			return
		}
	}
	t.Fatalf("Open = %v, want %s mentioning %q", err, field, says)
}

// devStation opens the development-mode station of a fresh data folder.
func devStation(t *testing.T) (*config.Config, *Station) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatalf("development station: %v", err)
	}
	return cfg, st
}

func TestDevelopmentStation(t *testing.T) {
	cfg, st := devStation(t)
	if !st.Development() || st.Outbox == nil {
		t.Fatalf("development station: dev=%v outbox=%v", st.Development(), st.Outbox)
	}
	info, err := os.Stat(filepath.Join(cfg.DataDir, seal.DevIdentityFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("dev identity: %v, mode %v; want a 0600 file", err, info)
	}
}

func TestUnusableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-folder")
	os.WriteFile(file, nil, 0o600)
	cfg := s3Config(t, "https://s3.invalid", "b", "a", "s")
	cfg.DataDir = filepath.Join(file, "data")
	_, err := Open(context.Background(), cfg, quiet)
	wantProblem(t, err, "data_dir", "cannot use")
}

func TestBadRecipient(t *testing.T) {
	cfg := s3Config(t, "https://s3.invalid", "b", "a", "s")
	cfg.Recipients = []string{"AGE-SECRET-KEY-1NOTAPUBLICKEY"}
	_, err := Open(context.Background(), cfg, quiet)
	wantProblem(t, err, "recipients", "entry 1")
}

func TestURLThatIsNotS3(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<html><body>Clinic intranet</body></html>")
	}))
	defer web.Close()
	_, err := Open(context.Background(), s3Config(t, web.URL, "afterimage", "a", "s"), quiet)
	wantProblem(t, err, "remote.url", "not as an S3 service")
}

func TestUnreachableRemoteIsNotAProblem(t *testing.T) {
	addr := benchenv.FreeAddr(t) // nothing listens there
	st, err := Open(context.Background(), s3Config(t, "http://"+addr, "afterimage", "a", "s"), quiet)
	if err != nil {
		t.Fatalf("an offline remote must not stop the kiosk: %v", err)
	}
	if st.Offline == nil {
		t.Fatal("Offline not reported for an unreachable remote")
	}
}

func TestS3CredentialsAndBucket(t *testing.T) {
	env := s3bench.S3(t)
	url := "http://" + env.Endpoint
	if _, err := Open(context.Background(), s3Config(t, url, env.Bucket, env.AccessKey, env.SecretKey), quiet); err != nil {
		t.Fatalf("good credentials: %v", err)
	}
	_, err := Open(context.Background(), s3Config(t, url, env.Bucket, env.AccessKey, "wrong-secret"), quiet)
	wantProblem(t, err, "remote.access_key", "refused")
	_, err = Open(context.Background(), s3Config(t, url, env.Bucket, "no-such-user", env.SecretKey), quiet)
	wantProblem(t, err, "remote.access_key", "refused")
	_, err = Open(context.Background(), s3Config(t, url, env.Bucket+"-missing", env.AccessKey, env.SecretKey), quiet)
	wantProblem(t, err, "remote.bucket", "no bucket")
}

// TestRecoversDraftsOfACrashedRun: a draft left by a crash becomes a piece
// marked unfinished at the next start.
func TestRecoversDraftsOfACrashedRun(t *testing.T) {
	cfg, st := devStation(t)
	ctx := context.Background()
	full := piece.New(piece.Drawing, cfg.KioskID, "K7Q4M2X", time.Now())
	if err := st.Spool.SaveDraft(ctx, full, []spool.BlobSource{spool.Bytes("", piece.RoleStrokes, "application/octet-stream", []byte("strokes"))}); err != nil {
		t.Fatal(err)
	}
	// The next start (a new process would do exactly this).
	st2, err := Open(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if drafts, _ := st2.Spool.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after recovery", len(drafts))
	}
	pieces, err := st2.Spool.Pieces()
	if err != nil || len(pieces) != 1 || pieces[0].ID != full.ID {
		t.Fatalf("after recovery the spool holds %v (%v), want the drawing", pieces, err)
	}
	if rep, err := st2.Spool.Verify(full.ID); err != nil || !rep.OK() {
		t.Fatalf("recovered piece does not verify: %v %+v", err, rep)
	}
}
