package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// EventHelp is the event of a help request.
const EventHelp = "help"

// Alert tells staff that something happened at the kiosk. It carries no
// patient data by construction: only the event and its time.
type Alert struct {
	Event string
	Time  time.Time
}

// Alerter tells staff. Alert returns nil only when the alert was delivered
// (a webhook answered 2xx, the chime played through a speaker): the patient
// is told that staff know on nothing less. The kiosk gives each way of
// telling staff (the chime, a Webhook) to the HelpDesk as a HelpChannel.
type Alerter interface {
	Alert(ctx context.Context, a Alert) error
}

// AlerterFunc adapts a function to Alerter.
type AlerterFunc func(ctx context.Context, a Alert) error

// Alert calls f.
func (f AlerterFunc) Alert(ctx context.Context, a Alert) error { return f(ctx, a) }

// Alerters returns an Alerter that alerts through each of as in turn; it
// goes on past failures and returns them joined.
func Alerters(as ...Alerter) Alerter {
	return AlerterFunc(func(ctx context.Context, a Alert) error {
		var errs []error
		for _, x := range as {
			if x != nil {
				errs = append(errs, x.Alert(ctx, a))
			}
		}
		return errors.Join(errs...)
	})
}

// Webhook posts alerts as JSON to a URL:
//
//	{"kiosk": "lounge-1", "event": "help", "time": "2026-03-01T10:00:00Z"}
//
// It retries network errors, 429 and 5xx answers. Its errors never contain
// the URL, which may hold a secret token.
type Webhook struct {
	url     string
	kioskID string

	// Token, if set, is sent as "Authorization: Bearer <Token>".
	Token string
	// Client sends the requests; its Timeout bounds each attempt. Default:
	// a client with a 10 s timeout.
	Client *http.Client
	// Attempts is how many times to try; default 3.
	Attempts int
	// Backoff is the wait after failed attempt n (1-based); default n seconds.
	Backoff func(n int) time.Duration
}

var _ Alerter = (*Webhook)(nil)

// NewWebhook returns a Webhook posting to rawURL (http or https) on behalf of
// the kiosk kioskID.
func NewWebhook(rawURL, kioskID string) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("kiosk: help webhook: the URL must be http:// or https:// with a host")
	}
	if kioskID == "" {
		return nil, errors.New("kiosk: help webhook: kiosk ID missing")
	}
	return &Webhook{url: rawURL, kioskID: kioskID}, nil
}

type webhookBody struct {
	Kiosk string `json:"kiosk"`
	Event string `json:"event"`
	Time  string `json:"time"`
}

// Alert posts a, retrying as described on Webhook, until an attempt succeeds,
// the attempts are used up, a 4xx answer (other than 429) says retrying is
// pointless, or ctx is done.
func (w *Webhook) Alert(ctx context.Context, a Alert) error {
	body, err := json.Marshal(webhookBody{Kiosk: w.kioskID, Event: a.Event, Time: a.Time.UTC().Format(time.RFC3339)})
	if err != nil {
		return fmt.Errorf("kiosk: help webhook: %w", err)
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	attempts := max(w.Attempts, 1)
	if w.Attempts == 0 {
		attempts = 3
	}
	backoff := w.Backoff
	if backoff == nil {
		backoff = func(n int) time.Duration { return time.Duration(n) * time.Second }
	}
	var last error
	for n := 1; n <= attempts; n++ {
		retry, err := w.post(ctx, client, body)
		if err == nil {
			return nil
		}
		last = fmt.Errorf("kiosk: help webhook: attempt %d of %d: %w", n, attempts, err)
		if !retry || n == attempts {
			break
		}
		t := time.NewTimer(backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (then: %w)", last, ctx.Err())
		case <-t.C:
		}
	}
	return last
}

// post makes one attempt and says whether a failure is worth retrying.
func (w *Webhook) post(ctx context.Context, client *http.Client, body []byte) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return false, errors.New("bad request URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "afterimage-kiosk")
	if w.Token != "" {
		req.Header.Set("Authorization", "Bearer "+w.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return ctx.Err() == nil, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, fmt.Errorf("server answered %s", resp.Status)
	}
	return false, fmt.Errorf("server answered %s", resp.Status)
}
