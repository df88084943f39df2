package faultproxy

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Kind is a fault applied to one connection.
type Kind int

const (
	None          Kind = iota
	ResetRequest       // reset both sides after At request bytes (mid-upload)
	StallRequest       // stop forwarding the request after At bytes; hold the connection until the client gives up
	StallResponse      // forward the whole request; stop forwarding the response after At bytes
	TruncResponse      // forward the whole request and At bytes of the response, then close both sides
	DropResponse       // forward the whole request; when the server answers, reset the client: the server did the work, the client never hears
)

func (k Kind) String() string {
	return [...]string{"none", "reset-request", "stall-request", "stall-response", "truncate-response", "drop-response"}[k]
}

// Fault is what happens to one connection.
type Fault struct {
	Kind Kind
	At   int64 // byte offset in the request or response stream
}

// Proxy forwards connections from its listener to a target address.
type Proxy struct {
	ln     net.Listener
	target atomic.Pointer[string]
	plan   func(conn int) Fault

	forwarded atomic.Int64 // request bytes delivered to the server
	conns     atomic.Int64
	faults    [DropResponse + 1]atomic.Int64

	mu      sync.Mutex
	closed  bool
	open    map[net.Conn]struct{}
	waiters []waiter
	wg      sync.WaitGroup
}

type waiter struct {
	n  int64
	ch chan struct{}
}

// Start listens on a free loopback port and forwards to target. plan decides
// the fault for the n-th connection (from 0); nil means no faults.
func Start(target string, plan func(conn int) Fault) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if plan == nil {
		plan = func(int) Fault { return Fault{} }
	}
	p := &Proxy{ln: ln, plan: plan, open: map[net.Conn]struct{}{}}
	p.target.Store(&target)
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr is the proxy's host:port, to give to the client.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetTarget changes the server new connections go to.
func (p *Proxy) SetTarget(target string) { p.target.Store(&target) }

// Forwarded is the number of request bytes delivered to the server so far.
func (p *Proxy) Forwarded() int64 { return p.forwarded.Load() }

// Connections is the number of connections accepted so far.
func (p *Proxy) Connections() int64 { return p.conns.Load() }

// Faults is how many connections got fault k so far.
func (p *Proxy) Faults(k Kind) int64 { return p.faults[k].Load() }

// AfterForwarded returns a channel closed once Forwarded reaches n.
func (p *Proxy) AfterForwarded(n int64) <-chan struct{} {
	ch := make(chan struct{})
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.forwarded.Load() >= n {
		close(ch)
		return ch
	}
	p.waiters = append(p.waiters, waiter{n, ch})
	return ch
}

func (p *Proxy) addForwarded(n int64) {
	total := p.forwarded.Add(n)
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.waiters[:0]
	for _, w := range p.waiters {
		if total >= w.n {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	p.waiters = kept
}

// CloseConnections resets every open connection (a network blip).
func (p *Proxy) CloseConnections() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.open {
		reset(c)
	}
}

// Close stops the proxy and resets all its connections.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.ln.Close()
	p.CloseConnections()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.open[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.open, c)
	p.mu.Unlock()
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for n := 0; ; n++ {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		f := p.plan(n)
		p.faults[f.Kind].Add(1)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c, f)
		}()
	}
}

// reset closes c with an RST rather than a FIN.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

func (p *Proxy) handle(client net.Conn, f Fault) {
	if !p.track(client) {
		reset(client)
		return
	}
	defer p.untrack(client)
	server, err := net.Dial("tcp", *p.target.Load())
	if err != nil {
		reset(client)
		return
	}
	if !p.track(server) {
		reset(client)
		reset(server)
		return
	}
	defer p.untrack(server)

	// Either direction ending ends the connection, so that a client never
	// waits on a half-dead proxy (except for a stall, which is the point).
	var once sync.Once
	done := make(chan struct{})
	finish := func(rst bool) {
		once.Do(func() {
			if rst {
				reset(client)
				reset(server)
			} else {
				client.Close()
				server.Close()
			}
			close(done)
		})
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // request: client → server
		defer wg.Done()
		limit := int64(-1)
		if f.Kind == ResetRequest || f.Kind == StallRequest {
			limit = f.At
		}
		n, err := p.copy(server, client, limit, true)
		switch {
		case limit >= 0 && n >= limit && f.Kind == ResetRequest:
			finish(true)
		case limit >= 0 && n >= limit && f.Kind == StallRequest:
			// The server waits for the rest of the body that never
			// comes; the client must time out. Its closing ends this.
			io.Copy(io.Discard, client)
			finish(true)
		default:
			finish(err != nil)
		}
	}()
	go func() { // response: server → client
		defer wg.Done()
		switch f.Kind {
		case DropResponse:
			var one [1]byte
			if _, err := io.ReadFull(server, one[:]); err == nil {
				finish(true) // the server answered: the work is done
				return
			}
			finish(true)
		case StallResponse:
			p.copy(client, server, f.At, false)
			<-done
		case TruncResponse:
			p.copy(client, server, f.At, false)
			finish(false)
		default:
			p.copy(client, server, -1, false)
			finish(false)
		}
	}()
	wg.Wait()
}

// copy copies src to dst, at most limit bytes if limit >= 0, counting
// request bytes when counted is set.
func (p *Proxy) copy(dst, src net.Conn, limit int64, counted bool) (int64, error) {
	buf := make([]byte, 32<<10)
	var total int64
	for limit < 0 || total < limit {
		b := buf
		if limit >= 0 && int64(len(b)) > limit-total {
			b = b[:limit-total]
		}
		n, err := src.Read(b)
		if n > 0 {
			if _, werr := dst.Write(b[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
			if counted {
				p.addForwarded(int64(n))
			}
		}
		if errors.Is(err, io.EOF) {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
