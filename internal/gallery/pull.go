package gallery

import (
	"context"
	"slices"
	"time"
)

// pullLoop pulls now and then every PullEvery until ctx ends; then it
// closes the index and done.
func (s *Session) pullLoop(ctx context.Context, o *Opened, gen uint64, done chan struct{}) {
	defer close(done)
	defer closeOpened(o, s.log)
	s.recount(o, gen, func(*Status) {})
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.pullOnce(ctx, o, gen)
		t.Reset(s.opts.PullEvery)
	}
}

// pullOnce runs one pull and says what it found.
func (s *Session) pullOnce(ctx context.Context, o *Opened, gen uint64) {
	if o.Library == nil {
		return
	}
	s.update(gen, func(st *Status) { st.Pulling, st.Done, st.Total = true, 0, 0 })
	p, err := o.Library.Pull(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		s.log.Warn("gallery: pull failed; will try again", "err", err)
	}
	flushAudit(o, 30*time.Second, s.log)
	s.recount(o, gen, func(st *Status) {
		st.Pulling, st.LastPull, st.Offline = false, time.Now(), err != nil
		if o.Index == nil { // counted from the library, less precisely
			st.Damaged = len(o.Library.Problems())
		}
	})
	seen := map[string]bool{}
	for _, pc := range p.Pieces {
		seen[pc.Manifest.PatientCode] = true
	}
	for _, c := range s.pullRecords(ctx, o) {
		seen[c] = true
	}
	if o.Index != nil && len(p.Visits) > 0 {
		changed, err := indexVisits(o.Index, p.Visits)
		if err != nil {
			s.log.Warn("gallery: visit records not indexed; moods may be missing", "err", err)
		}
		for _, c := range changed {
			seen[c] = true
		}
	}
	if len(p.Unverified) > 0 {
		seen[""] = true
	}
	if len(seen) == 0 {
		return
	}
	patients := make([]string, 0, len(seen))
	for c := range seen {
		patients = append(patients, c)
	}
	slices.Sort(patients)
	s.log.Info("gallery: new pieces indexed", "pieces", len(p.Pieces), "unverified", len(p.Unverified))
	s.mu.Lock()
	current := s.gen == gen
	s.mu.Unlock()
	if current && s.opts.OnPieces != nil {
		s.emit(func() { s.opts.OnPieces(patients) })
	}
}

// recount reads the counts from the index into the status, with change.
func (s *Session) recount(o *Opened, gen uint64, change func(*Status)) {
	var counted bool
	var pieces, damaged, unverified int
	if o.Index != nil {
		c, err := o.Index.Counts()
		if err != nil {
			s.log.Warn("gallery: count the index", "err", err)
		} else {
			counted = true
			pieces, damaged, unverified = c.Pieces, c.Damaged, c.Unverified
		}
	}
	s.update(gen, func(st *Status) {
		if counted {
			st.Pieces, st.Damaged, st.Unverified = pieces, damaged, unverified
		}
		change(st)
	})
}

// progress is the library's progress callback: the status line shows how
// far the running pull is, every 25 pieces and at the end.
func (s *Session) progress(done, total int) {
	if done != total && done%25 != 0 {
		return
	}
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	s.update(gen, func(st *Status) { st.Done, st.Total = done, total })
}

// update changes the status of generation gen and says so.
func (s *Session) update(gen uint64, change func(*Status)) {
	s.mu.Lock()
	if s.gen != gen || s.state != Unlocked {
		s.mu.Unlock()
		return
	}
	change(&s.status)
	st := s.status
	s.mu.Unlock()
	if s.opts.OnStatus != nil {
		s.emit(func() { s.opts.OnStatus(st) })
	}
}
