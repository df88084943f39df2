package kiosk

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// HelpChannel is one way of telling staff that help was asked for: the chime
// on the kiosk's speaker, a webhook. Its Alerter returns nil only when the
// alert was delivered (the webhook answered 2xx, the chime was played
// through an output device to its end); any doubt is an error.
type HelpChannel struct {
	Name    string // for staff and the log: "chime", "webhook"
	Alerter Alerter
}

// HelpRequest is one "I'd like someone to come", as staff see it on the
// staff panel. It holds no patient data: times, counts and channel names.
type HelpRequest struct {
	ID        int
	Asked     time.Time
	Attempts  int       // delivery attempts finished
	Sending   bool      // an attempt is under way
	Delivered time.Time // when staff were first told; zero: not yet
	By        []string  // the channels that delivered
	NextTry   time.Time // when the next attempt is due (undelivered, none under way)
}

// IsDelivered reports whether staff were told of the request.
func (r HelpRequest) IsDelivered() bool { return !r.Delivered.IsZero() }

// HelpDeskConfig sets up a HelpDesk.
type HelpDeskConfig struct {
	Channels []HelpChannel
	Clock    Clock         // nil: SystemClock
	Timeout  time.Duration // for each channel's attempt; default 20 s
	// Backoff is the wait after failed attempt n (1-based); default 5 s
	// doubling up to 2 min.
	Backoff func(n int) time.Duration
	Logger  *slog.Logger // nil: slog.Default()
}

// DefaultHelpBackoff waits 5 s after the first failed attempt, doubling up to
// 2 min.
func DefaultHelpBackoff(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 2*time.Minute; i++ {
		d *= 2
	}
	return min(d, 2*time.Minute)
}

// ErrNoSuchHelpRequest: the request was cleared already, or never was.
var ErrNoSuchHelpRequest = errors.New("kiosk: no such open help request")

// HelpDesk owns the kiosk's open help requests: it delivers each through
// every channel at once, and retries with backoff until one channel
// delivers or staff clear the request. Retries are due on Tick, so that time
// passes only when told (like the Machine). Requests stay open until
// cleared by staff: an idle reset does not touch them.
//
// Listeners (OnChange) are called after every change, outside the desk's
// lock, possibly from an attempt's goroutine and concurrently: they read the
// state afresh (Open, Get) rather than trusting an order.
type HelpDesk struct {
	cfg HelpDeskConfig
	log *slog.Logger

	mu        sync.Mutex
	requests  []*helpRequest // open, oldest first
	nextID    int
	listeners []func()
	inflight  sync.WaitGroup
}

type helpRequest struct {
	HelpRequest
	cancel context.CancelFunc // of the attempt under way
}

// NewHelpDesk returns a desk with no open requests.
func NewHelpDesk(cfg HelpDeskConfig) *HelpDesk {
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.Backoff == nil {
		cfg.Backoff = DefaultHelpBackoff
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &HelpDesk{cfg: cfg, log: cfg.Logger}
}

// OnChange adds a listener called after every change of the requests.
func (d *HelpDesk) OnChange(f func()) {
	d.mu.Lock()
	d.listeners = append(d.listeners, f)
	d.mu.Unlock()
}

func (d *HelpDesk) changed() {
	d.mu.Lock()
	ls := slices.Clone(d.listeners)
	d.mu.Unlock()
	for _, f := range ls {
		f()
	}
}

// Ask opens a help request at now and starts delivering it. If a request
// that was not delivered yet is open, that one is tried again at once
// instead (its beacon is already lit); its copy is returned.
func (d *HelpDesk) Ask(now time.Time) HelpRequest {
	d.mu.Lock()
	var r *helpRequest
	for _, x := range d.requests {
		if !x.IsDelivered() {
			r = x
		}
	}
	if r == nil {
		d.nextID++
		r = &helpRequest{HelpRequest: HelpRequest{ID: d.nextID, Asked: now}}
		d.requests = append(d.requests, r)
		d.log.Warn("help requested: the kiosk shows the help beacon until staff clear it", "request", r.ID)
	} else {
		d.log.Warn("help asked for again; trying again now", "request", r.ID)
	}
	if !r.Sending {
		d.start(r)
	}
	c := r.copy()
	d.mu.Unlock()
	d.changed()
	return c
}

// Tick starts the retries that are due at now.
func (d *HelpDesk) Tick(now time.Time) {
	d.mu.Lock()
	started := false
	for _, r := range d.requests {
		if !r.IsDelivered() && !r.Sending && !now.Before(r.NextTry) {
			d.start(r)
			started = true
		}
	}
	d.mu.Unlock()
	if started {
		d.changed()
	}
}

// start begins an attempt through every channel; the caller holds the lock.
func (d *HelpDesk) start(r *helpRequest) {
	ctx, cancel := context.WithCancel(context.Background())
	r.Sending, r.cancel = true, cancel
	alert := Alert{Event: EventHelp, Time: r.Asked}
	id, attempt := r.ID, r.Attempts+1
	channels := slices.Clone(d.cfg.Channels)
	d.inflight.Add(1)
	go func() {
		defer d.inflight.Done()
		defer cancel()
		errs := make(chan error, len(channels))
		for _, ch := range channels {
			go func() {
				cctx, ccancel := context.WithTimeout(ctx, d.cfg.Timeout)
				defer ccancel()
				err := ch.Alerter.Alert(cctx, alert)
				if err == nil {
					d.delivered(id, ch.Name)
				} else {
					d.log.Warn("help alert not delivered", "request", id, "channel", ch.Name, "attempt", attempt, "err", err)
				}
				errs <- err
			}()
		}
		for range channels {
			<-errs
		}
		d.finish(id)
	}()
}

// delivered records that channel told staff of request id.
func (d *HelpDesk) delivered(id int, channel string) {
	d.mu.Lock()
	r := d.find(id)
	if r == nil {
		d.mu.Unlock()
		return
	}
	first := !r.IsDelivered()
	if first {
		r.Delivered = d.cfg.Clock.Now()
	}
	r.By = append(r.By, channel)
	d.mu.Unlock()
	if first {
		d.log.Info("help alert delivered: staff were told", "request", id, "channel", channel)
	} else {
		d.log.Info("help alert delivered again", "request", id, "channel", channel)
	}
	d.changed()
}

// finish ends an attempt of request id and, if no channel delivered,
// schedules the next one.
func (d *HelpDesk) finish(id int) {
	d.mu.Lock()
	r := d.find(id)
	if r == nil {
		d.mu.Unlock()
		return
	}
	r.Sending, r.cancel = false, nil
	r.Attempts++
	if !r.IsDelivered() {
		wait := d.cfg.Backoff(r.Attempts)
		r.NextTry = d.cfg.Clock.Now().Add(wait)
		if len(d.cfg.Channels) == 0 {
			d.log.Error("help alert not delivered: no way to tell staff is configured (no speaker, no webhook); the beacon is on", "request", id, "attempt", r.Attempts)
		} else {
			d.log.Error("help alert not delivered by any channel; the beacon is on and delivery is retried", "request", id, "attempt", r.Attempts, "retry_in", wait)
		}
	}
	d.mu.Unlock()
	d.changed()
}

func (d *HelpDesk) find(id int) *helpRequest {
	for _, r := range d.requests {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func (r *helpRequest) copy() HelpRequest {
	c := r.HelpRequest
	c.By = slices.Clone(r.By)
	return c
}

// Get returns the open request id.
func (d *HelpDesk) Get(id int) (HelpRequest, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if r := d.find(id); r != nil {
		return r.copy(), true
	}
	return HelpRequest{}, false
}

// Open lists the open requests, oldest first.
func (d *HelpDesk) Open() []HelpRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]HelpRequest, len(d.requests))
	for i, r := range d.requests {
		out[i] = r.copy()
	}
	return out
}

// Clear closes request id (staff came): its retries stop, an attempt under
// way is cancelled.
func (d *HelpDesk) Clear(id int) error {
	d.mu.Lock()
	i := slices.IndexFunc(d.requests, func(r *helpRequest) bool { return r.ID == id })
	if i < 0 {
		d.mu.Unlock()
		return ErrNoSuchHelpRequest
	}
	r := d.requests[i]
	d.requests = slices.Delete(d.requests, i, i+1)
	if r.cancel != nil {
		r.cancel()
	}
	d.mu.Unlock()
	d.log.Info("help request cleared by staff", "request", id, "delivered", r.IsDelivered(), "attempts", r.Attempts)
	d.changed()
	return nil
}

// Wait waits for the attempts under way to end (tests; shutting down).
func (d *HelpDesk) Wait() { d.inflight.Wait() }
