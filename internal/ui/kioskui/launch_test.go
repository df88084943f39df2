package kioskui

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestBadConfigShowsStaffScreen: each way a clinic's configuration can be
// wrong gives the staff-facing screen naming what to fix, never a running
// kiosk and never a crash.
func TestBadConfigShowsStaffScreen(t *testing.T) {
	_, r, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	recipient := fmt.Sprint(r)
	notS3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "<html>intranet</html>")
	}))
	defer notS3.Close()
	s3 := testbench.S3(t)
	fileNotDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(fileNotDir, nil, 0o600)

	base := func(dataDir, recipients, url, access, secret string) string {
		return fmt.Sprintf("kiosk_id = \"lounge-1\"\ndata_dir = %q\n%s\n[remote]\nurl = %q\nbucket = %q\naccess_key = %q\nsecret_key = %q\n",
			dataDir, recipients, url, s3.Bucket, access, secret)
	}
	good := "recipients = [\"" + recipient + "\"]"
	s3url := "http://" + s3.Endpoint
	cases := []struct{ name, config, says string }{
		{"missing recipients", base(t.TempDir(), "", s3url, s3.AccessKey, s3.SecretKey), "recipients"},
		{"unreadable data dir", base(filepath.Join(fileNotDir, "data"), good, s3url, s3.AccessKey, s3.SecretKey), "data_dir"},
		{"malformed S3 URL", base(t.TempDir(), good, "s3.clinic.example:9000", s3.AccessKey, s3.SecretKey), "remote.url"},
		{"URL that is not S3", base(t.TempDir(), good, notS3.URL, s3.AccessKey, s3.SecretKey), "remote.url"},
		{"bad credentials", base(t.TempDir(), good, s3url, s3.AccessKey, "not-the-secret"), "remote.access_key"},
		{"not TOML", "kiosk_id = [", "afterimage.toml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Development-mode http is refused in production; the bench's MinIO
			// is plain http, so these configs say development where needed.
			text := tc.config
			if strings.Contains(text, "http://") && tc.name != "missing recipients" {
				text = "mode = \"development\"\n" + text
			}
			path := filepath.Join(t.TempDir(), "afterimage.toml")
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			a := test.NewTempApp(t)
			w := Launch(context.Background(), a, path, slog.New(slog.NewTextHandler(io.Discard, nil)))
			defer w.Close()
			w.Resize(fyne.NewSize(1280, 800))
			var texts []string
			walk(w.Content(), func(o fyne.CanvasObject) bool {
				if l, ok := o.(*widget.Label); ok {
					texts = append(texts, l.Text)
				}
				if b, ok := o.(*widget.Button); ok && b.Text == "Begin" {
					t.Fatal("a misconfigured kiosk shows Welcome")
				}
				return false
			})
			all := strings.Join(texts, "\n")
			if !strings.Contains(w.Title(), "needs attention") || !strings.Contains(all, tc.says) {
				t.Fatalf("window %q says:\n%s\nwant the staff screen naming %q", w.Title(), all, tc.says)
			}
		})
	}
}
