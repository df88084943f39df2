package faultproxy_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/remote/faultproxy"
)

func TestFaults(t *testing.T) {
	var handled atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		handled.Add(1)
		w.Write(bytes.Repeat([]byte("x"), 100<<10+len(b)))
	}))
	defer srv.Close()
	target := strings.TrimPrefix(srv.URL, "http://")
	body := bytes.Repeat([]byte("y"), 200<<10)

	cases := []struct {
		fault      faultproxy.Fault
		wantErr    bool
		wantServed bool
	}{
		{faultproxy.Fault{}, false, true},
		{faultproxy.Fault{Kind: faultproxy.ResetRequest, At: 50 << 10}, true, false},
		{faultproxy.Fault{Kind: faultproxy.StallRequest, At: 50 << 10}, true, false},
		{faultproxy.Fault{Kind: faultproxy.StallResponse, At: 1000}, true, true},
		{faultproxy.Fault{Kind: faultproxy.TruncResponse, At: 1000}, true, true},
		{faultproxy.Fault{Kind: faultproxy.DropResponse}, true, true},
	}
	for _, c := range cases {
		t.Run(c.fault.Kind.String(), func(t *testing.T) {
			p, err := faultproxy.Start(target, func(int) faultproxy.Fault { return c.fault })
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			before := handled.Load()
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPut, "http://"+p.Addr()+"/o", bytes.NewReader(body))
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			resp, err := client.Do(req)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error: %v", err, c.wantErr)
			}
			// The server's handler finishes before it writes its answer,
			// so "served" is known once the client has its outcome.
			if served := handled.Load() > before; served != c.wantServed {
				t.Errorf("served = %v, want %v", served, c.wantServed)
			}
			if p.Faults(c.fault.Kind) != 1 {
				t.Errorf("fault count %d, want 1", p.Faults(c.fault.Kind))
			}
		})
	}
}

func TestAfterForwarded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	defer srv.Close()
	p, err := faultproxy.Start(strings.TrimPrefix(srv.URL, "http://"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	reached := p.AfterForwarded(64 << 10)
	select {
	case <-reached:
		t.Fatal("reached before any traffic")
	default:
	}
	resp, err := http.Post("http://"+p.Addr()+"/", "application/octet-stream", bytes.NewReader(make([]byte, 100<<10)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	<-reached
	// The server can answer before the proxy has counted the last bytes it
	// wrote: the count catches up, it is not known at the answer.
	select {
	case <-p.AfterForwarded(100 << 10):
	case <-time.After(10 * time.Second):
		t.Errorf("forwarded %d bytes after 10 s, want at least the body", p.Forwarded())
	}
}
