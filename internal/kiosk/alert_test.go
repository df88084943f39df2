package kiosk

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func noBackoff(int) time.Duration { return 0 }

func TestWebhookPostsOnlyKioskEventAndTime(t *testing.T) {
	var calls atomic.Int32
	bodies := make(chan map[string]any, 5)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
			r.Header.Get("Authorization") != "Bearer s3cret" || r.URL.Path != "/hooks/T0K3N" {
			t.Errorf("request %s %s, headers %v", r.Method, r.URL.Path, r.Header)
		}
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(data, &body); err != nil {
			t.Errorf("body %q: %v", data, err)
		}
		bodies <- body
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable) // two failures, then success
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	w, err := NewWebhook(srv.URL+"/hooks/T0K3N", "lounge-1")
	if err != nil {
		t.Fatal(err)
	}
	w.Token, w.Backoff = "s3cret", noBackoff
	at := time.Date(2026, 3, 1, 11, 30, 0, 0, time.FixedZone("CET", 3600))
	if err := w.Alert(context.Background(), Alert{Event: EventHelp, Time: at}); err != nil {
		t.Fatalf("Alert: %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("%d requests, want 3 (two retries)", calls.Load())
	}
	body := <-bodies
	want := map[string]any{"kiosk": "lounge-1", "event": "help", "time": "2026-03-01T10:30:00Z"}
	if len(body) != len(want) {
		t.Fatalf("body has fields %v, want exactly %v", body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, body[k], v)
		}
	}
}

func TestWebhookGivesUpWithoutLeakingTheURL(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	w, _ := NewWebhook(srv.URL+"/hooks/T0K3N", "lounge-1")
	w.Backoff = noBackoff
	err := w.Alert(context.Background(), Alert{Event: EventHelp, Time: time.Now()})
	if err == nil || calls.Load() != 3 {
		t.Fatalf("err %v after %d requests; want an error after 3", err, calls.Load())
	}
	if strings.Contains(err.Error(), "T0K3N") || !strings.Contains(err.Error(), "500") {
		t.Fatalf("error %q: want the status and not the URL", err)
	}
}

func TestWebhookDoesNotRetryAClientError(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	w, _ := NewWebhook(srv.URL, "lounge-1")
	w.Backoff = noBackoff
	if err := w.Alert(context.Background(), Alert{Event: EventHelp}); err == nil || calls.Load() != 1 {
		t.Fatalf("err %v after %d requests; want an error after 1", err, calls.Load())
	}
}

func TestWebhookTimesOutAStalledServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	w, _ := NewWebhook(srv.URL+"/hooks/T0K3N", "lounge-1")
	w.Backoff = noBackoff
	w.Attempts = 2
	w.Client = &http.Client{Timeout: 50 * time.Millisecond}
	err := w.Alert(context.Background(), Alert{Event: EventHelp})
	if err == nil || strings.Contains(err.Error(), "T0K3N") {
		t.Fatalf("err = %v; want a timeout without the URL", err)
	}
}

func TestWebhookUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	w, _ := NewWebhook(url+"/hooks/T0K3N", "lounge-1")
	w.Backoff = noBackoff
	if err := w.Alert(context.Background(), Alert{Event: EventHelp}); err == nil || strings.Contains(err.Error(), "T0K3N") {
		t.Fatalf("err = %v; want a connection error without the URL", err)
	}
}

func TestNewWebhookRejects(t *testing.T) {
	for _, u := range []string{"", "ftp://x/y", "http://", "not a url"} {
		if _, err := NewWebhook(u, "k"); err == nil {
			t.Errorf("NewWebhook(%q) accepted", u)
		}
	}
	if _, err := NewWebhook("https://example.org/h", ""); err == nil {
		t.Error("NewWebhook without a kiosk ID accepted")
	}
}

func TestAlertersJoinsFailures(t *testing.T) {
	var chimed atomic.Bool
	chime := AlerterFunc(func(context.Context, Alert) error { chimed.Store(true); return nil })
	broken := AlerterFunc(func(context.Context, Alert) error { return errors.New("webhook down") })
	err := Alerters(broken, chime, nil).Alert(context.Background(), Alert{Event: EventHelp})
	if !chimed.Load() || err == nil || !strings.Contains(err.Error(), "webhook down") {
		t.Fatalf("chimed %v, err %v", chimed.Load(), err)
	}
}

// TestHelpThroughTheWebhook wires the machine's help button to a real
// webhook server.
func TestHelpThroughTheWebhook(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		got <- string(data)
	}))
	defer srv.Close()
	wh, _ := NewWebhook(srv.URL, "lounge-1")
	r := newRig(t, func(c *Config) { c.Alerter = wh })
	code := newCode(t)
	toStudio(t, r.m, code, "drawing")
	must(t, r.m.RequestHelp())
	body := <-got
	if !strings.Contains(body, `"event":"help"`) || strings.Contains(body, string(code)) || strings.Contains(body, r.m.Visit().ID) {
		t.Fatalf("webhook body %s", body)
	}
}
