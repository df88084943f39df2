package takehome

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// browser is a headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe: it reads commands on fd 3 and writes on
// fd 4, each message JSON ended by a NUL byte).
type browser struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     *os.File // our end of its fd 3
	out    *bufio.Reader
	stderr *bytes.Buffer
	nextID int
	events []cdpMessage // events read while waiting for a result
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startChromium starts Debian's chromium, headless, with a private
// profile and nothing that reaches the network. Missing, it fails the test
// under the bench (make test installs it) and skips it elsewhere.
func startChromium(t *testing.T) *browser {
	t.Helper()
	bin := benchenv.Program(t, "chromium")
	cmdIn, ourIn, err := os.Pipe() // we write commands; it reads fd 3
	if err != nil {
		t.Fatal(err)
	}
	ourOut, cmdOut, err := os.Pipe() // it writes fd 4; we read
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, in: ourIn, out: bufio.NewReader(ourOut), stderr: &bytes.Buffer{}}
	b.cmd = exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--mute-audio", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{cmdIn, cmdOut}
	b.cmd.Stderr = b.stderr
	b.cmd.SysProcAttr = benchenv.ChildAttr()
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	cmdIn.Close()
	cmdOut.Close()
	t.Cleanup(func() {
		b.send("", "Browser.close", nil)
		done := make(chan struct{})
		go func() { b.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL) // its process group: renderers too
			<-done
		}
		ourIn.Close()
		ourOut.Close()
	})
	return b
}

// send writes one command and returns its id.
func (b *browser) send(session, method string, params any) int {
	b.nextID++
	msg := map[string]any{"id": b.nextID, "method": method}
	if session != "" {
		msg["sessionId"] = session
	}
	if params != nil {
		msg["params"] = params
	}
	data, err := json.Marshal(msg)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.in.Write(append(data, 0)); err != nil && method != "Browser.close" {
		b.t.Fatalf("chromium: send %s: %v\n%s", method, err, b.stderr)
	}
	return b.nextID
}

// read reads the next message, failing the test after timeout.
func (b *browser) read(timeout time.Duration) cdpMessage {
	type result struct {
		line []byte
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := b.out.ReadBytes(0)
		got <- result{line, err}
	}()
	select {
	case r := <-got:
		if r.err != nil {
			b.t.Fatalf("chromium: read: %v\n%s", r.err, b.stderr)
		}
		var m cdpMessage
		if err := json.Unmarshal(bytes.TrimSuffix(r.line, []byte{0}), &m); err != nil {
			b.t.Fatalf("chromium: %v in %q", err, r.line)
		}
		return m
	case <-time.After(timeout):
		b.t.Fatalf("chromium: no message within %v\n%s", timeout, b.stderr)
	}
	return cdpMessage{}
}

// call sends a command and waits for its result, keeping the events that
// arrive meanwhile.
func (b *browser) call(session, method string, params any, result any) {
	b.t.Helper()
	id := b.send(session, method, params)
	for {
		m := b.read(60 * time.Second)
		if m.ID != id {
			if m.Method != "" {
				b.events = append(b.events, m)
			}
			continue
		}
		if m.Error != nil {
			b.t.Fatalf("chromium: %s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				b.t.Fatalf("chromium: %s result %s: %v", method, m.Result, err)
			}
		}
		return
	}
}

// waitEvent waits for the event method of session (or finds it among the
// events already read).
func (b *browser) waitEvent(session, method string) cdpMessage {
	b.t.Helper()
	for i, m := range b.events {
		if m.Method == method && m.SessionID == session {
			b.events = append(b.events[:i], b.events[i+1:]...)
			return m
		}
	}
	for {
		m := b.read(60 * time.Second)
		if m.Method == method && m.SessionID == session {
			return m
		}
		if m.Method != "" {
			b.events = append(b.events, m)
		}
	}
}

// pageReport is what the check script finds on the loaded page.
type pageReport struct {
	Title   string
	Scripts int
	Images  []struct {
		Src      string
		Complete bool
		Width    int
		Height   int
	}
	Audios []struct {
		Src      string
		Ready    int
		Error    int
		Duration float64
	}
	Headings []string
}

// checkScript waits for every <audio> to have its metadata (or fail), then
// reports every image's and audio's state. It runs in the page as loaded,
// which holds no script of its own.
const checkScript = `(async () => {
  const audios = [...document.querySelectorAll('audio')];
  await Promise.all(audios.map(a => (a.readyState >= 1 || a.error) ? null :
    new Promise(done => { a.addEventListener('loadedmetadata', done); a.addEventListener('error', done); })));
  return JSON.stringify({
    title: document.title,
    scripts: document.scripts.length,
    images: [...document.images].map(i => ({src: i.getAttribute('src'), complete: i.complete, width: i.naturalWidth, height: i.naturalHeight})),
    audios: audios.map(a => ({src: a.getAttribute('src'), ready: a.readyState, error: a.error ? a.error.code : 0, duration: a.duration})),
    headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
  });
})()`

// load opens path (file://) in a new tab and reports on it once loaded.
func (b *browser) load(path string) (pageReport, []string) {
	b.t.Helper()
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	s := att.SessionID
	b.call(s, "Page.enable", nil, nil)
	b.call(s, "Network.enable", nil, nil)
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	var nav struct{ ErrorText string }
	b.call(s, "Page.navigate", map[string]any{"url": u.String()}, &nav)
	if nav.ErrorText != "" {
		b.t.Fatalf("chromium: navigate to %s: %s", u.String(), nav.ErrorText)
	}
	b.waitEvent(s, "Page.loadEventFired")
	var ev struct {
		Result struct {
			Value string
		}
		ExceptionDetails json.RawMessage
	}
	b.call(s, "Runtime.evaluate", map[string]any{"expression": checkScript, "awaitPromise": true, "returnByValue": true}, &ev)
	if len(ev.ExceptionDetails) > 0 {
		b.t.Fatalf("chromium: the check script failed: %s", ev.ExceptionDetails)
	}
	var rep pageReport
	if err := json.Unmarshal([]byte(ev.Result.Value), &rep); err != nil {
		b.t.Fatalf("chromium: report %q: %v", ev.Result.Value, err)
	}
	// Every resource that failed to load, as the network saw it.
	var failed []string
	for _, m := range b.events {
		if m.SessionID == s && m.Method == "Network.loadingFailed" {
			failed = append(failed, string(m.Params))
		}
	}
	return rep, failed
}

// TestExportOpensInChromium exports a drawing with a voice note, a music
// piece and a voice piece, as a folder and as a zip (unpacked), opens each
// index.html in a real headless Chromium and checks that every image
// decoded at its size and every audio element read its FLAC's metadata
// with the right length: no broken resource.
func TestExportOpensInChromium(t *testing.T) {
	b := startChromium(t)
	f := threePieces(t)
	dir := t.TempDir()
	folder := filepath.Join(dir, "Take home")
	if _, err := Export(context.Background(), f.request(folder, Folder)); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "Zipped.zip")
	if _, err := Export(context.Background(), f.request(zipPath, Zip)); err != nil {
		t.Fatal(err)
	}
	unzipped := filepath.Join(dir, "unzipped")
	for name, data := range readZip(t, zipPath) {
		path := filepath.Join(unzipped, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, index := range []string{filepath.Join(folder, "index.html"), filepath.Join(unzipped, "Zipped", "index.html")} {
		rep, failed := b.load(index)
		t.Logf("%s: %d images, %d audio players, headings %q", index, len(rep.Images), len(rep.Audios), rep.Headings)
		if len(failed) > 0 {
			t.Errorf("resources failed to load: %s", strings.Join(failed, "; "))
		}
		if rep.Title != testText.Title || rep.Scripts != 0 {
			t.Errorf("title %q, %d scripts; want %q and none", rep.Title, rep.Scripts, testText.Title)
		}
		want := []string{f.pieces[0].Title, f.pieces[1].Title, testText.Untitled}
		if fmt.Sprint(rep.Headings) != fmt.Sprint(want) {
			t.Errorf("headings %q, want %q (the hostile title as text)", rep.Headings, want)
		}
		if len(rep.Images) != 1 {
			t.Fatalf("%d images, want 1", len(rep.Images))
		}
		for _, img := range rep.Images {
			if !img.Complete || img.Width != 320 || img.Height != 200 {
				t.Errorf("image %s: complete %v, %d×%d; want a decoded 320×200", img.Src, img.Complete, img.Width, img.Height)
			}
		}
		wantSecs := []float64{1, 2, 0.5}
		if len(rep.Audios) != len(wantSecs) {
			t.Fatalf("%d audio players, want %d", len(rep.Audios), len(wantSecs))
		}
		for i, a := range rep.Audios {
			if a.Error != 0 || a.Ready < 1 || a.Duration < wantSecs[i]-0.01 || a.Duration > wantSecs[i]+0.01 {
				t.Errorf("audio %s: error %d, readyState %d, %.3f s; want its metadata read, %.1f s", a.Src, a.Error, a.Ready, a.Duration, wantSecs[i])
			}
		}
	}
}
