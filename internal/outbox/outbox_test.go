package outbox_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/faultproxy"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

func TestUploadsEachPieceOnceInOrder(t *testing.T) {
	remotes := map[string]func(t *testing.T) remote.Remote{
		"dir": func(t *testing.T) remote.Remote { return newDir(t) },
		"s3": func(t *testing.T) remote.Remote {
			env := s3bench.S3(t)
			return newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
		},
	}
	for name, mk := range remotes {
		t.Run(name, func(t *testing.T) {
			r := &recorder{Remote: mk(t)}
			sp := newSpool(t)
			var ids []piece.ID
			for i := range 6 {
				ids = append(ids, savePiece(t, sp, 100_000+i*50_000))
			}
			want := expected(t, sp)
			o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp), Concurrency: 3})
			flush(t, o, time.Minute)
			checkBucket(t, r.Remote, want)
			if got := r.order(); !slices.Equal(got, ids) {
				t.Errorf("manifests committed in order %v, want creation order %v", got, ids)
			}
			if n := pending(t, sp); n != 0 {
				t.Errorf("%d pieces left in the spool", n)
			}
			st := o.Status()
			if st.Uploaded != 6 || st.Pending != 0 || st.LastSuccess.IsZero() || st.LastError != "" {
				t.Errorf("status %+v", st)
			}
			if r.putCount() != len(want) {
				t.Errorf("%d puts for %d objects", r.putCount(), len(want))
			}
		})
	}
}

// A save followed by Kick uploads without waiting for a timer.
func TestKickUploadsAfterSave(t *testing.T) {
	d := newDir(t)
	sp := newSpool(t)
	clock := newFakeClock() // timers never fire unless told
	o := start(t, outbox.Options{Remote: d, Source: outbox.FromSpool(sp), Clock: clock})
	flush(t, o, time.Minute) // empty spool
	updates, stop := o.Watch()
	defer stop()
	id := savePiece(t, sp, 10_000)
	o.Kick()
	for st := range updates {
		if st.Uploaded == 1 {
			break
		}
	}
	if _, err := d.Stat(t.Context(), piece.ObjectKey(kioskID, id, "manifest")); err != nil {
		t.Fatalf("manifest not in the bucket after kick: %v", err)
	}
}

func TestRetentionKeepsUploadedPieces(t *testing.T) {
	d := &recorder{Remote: newDir(t)}
	sp := newSpool(t)
	clock := newFakeClock()
	id := savePiece(t, sp, 10_000)
	o := start(t, outbox.Options{Remote: d, Source: outbox.FromSpool(sp), Clock: clock, Retention: 24 * time.Hour})
	flush(t, o, time.Minute)
	if n := pending(t, sp); n != 1 {
		t.Fatalf("uploaded piece not retained: %d in spool", n)
	}
	puts := d.putCount()
	flush(t, o, time.Minute)
	if d.putCount() != puts {
		t.Fatalf("a retained piece was uploaded again")
	}
	clock.advance(23 * time.Hour)
	flush(t, o, time.Minute)
	if n := pending(t, sp); n != 1 {
		t.Fatalf("piece removed before its retention ended")
	}
	clock.advance(2 * time.Hour)
	flush(t, o, time.Minute)
	if n := pending(t, sp); n != 0 {
		t.Fatalf("piece still in the spool after its retention")
	}
	if _, err := d.Stat(t.Context(), piece.ObjectKey(kioskID, id, "manifest")); err != nil {
		t.Fatal(err)
	}
}

// A different object already under a piece's key: the piece is held (kept
// locally, reported), the next piece still uploads.
func TestConflictHoldsPieceAndOthersGo(t *testing.T) {
	env := s3bench.S3(t)
	r := newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
	sp := newSpool(t)
	first := savePiece(t, sp, 20_000)
	second := savePiece(t, sp, 20_000)
	want := expected(t, sp)
	squatter := remotetest.RandomBlob(100)
	remotetest.Put(t, r, piece.ObjectKey(kioskID, first, "b1"), squatter)

	o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp)})
	flush(t, o, time.Minute)
	st := o.Status()
	if len(st.Held) != 1 || st.Held[0].ID != first {
		t.Fatalf("held = %+v, want the first piece", st.Held)
	}
	if st.Uploaded != 1 {
		t.Errorf("uploaded %d, want the second piece", st.Uploaded)
	}
	if _, err := r.Stat(t.Context(), piece.ObjectKey(kioskID, second, "manifest")); err != nil {
		t.Errorf("second piece not uploaded: %v", err)
	}
	if _, err := r.Stat(t.Context(), piece.ObjectKey(kioskID, first, "manifest")); !remote.IsNotExist(err) {
		t.Errorf("held piece's manifest: %v, want absent", err)
	}
	if _, err := sp.Piece(first); err != nil {
		t.Errorf("held piece not kept in the spool: %v", err)
	}
	if strings.Contains(st.Held[0].Reason, marker) {
		t.Errorf("hold reason shows patient data")
	}

	// Retried while the squatter is still there: held again, nothing lost.
	if n := o.RetryHeld(); n != 1 {
		t.Fatalf("RetryHeld released %d pieces, want 1", n)
	}
	flush(t, o, time.Minute)
	if st := o.Status(); len(st.Held) != 1 || st.Held[0].ID != first {
		t.Fatalf("after a retry with the conflict in place: held %+v", st.Held)
	}
	// Staff have the squatter removed, then retry: the piece goes up intact.
	if err := r.Delete(t.Context(), piece.ObjectKey(kioskID, first, "b1")); err != nil {
		t.Fatal(err)
	}
	o.RetryHeld()
	flush(t, o, time.Minute)
	if st := o.Status(); len(st.Held) != 0 || st.Uploaded != 2 {
		t.Fatalf("after removing the conflict: held %+v, uploaded %d", st.Held, st.Uploaded)
	}
	checkBucket(t, r, want)
	if o.RetryHeld() != 0 {
		t.Error("RetryHeld released pieces when none were held")
	}
}

func TestDamagedSpoolFileIsHeld(t *testing.T) {
	d := newDir(t)
	sp := newSpool(t)
	bad := savePiece(t, sp, 50_000)
	good := savePiece(t, sp, 50_000)
	e, err := sp.Piece(bad)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(e.Blobs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40
	if err := os.WriteFile(e.Blobs[0].Path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	o := start(t, outbox.Options{Remote: d, Source: outbox.FromSpool(sp)})
	flush(t, o, time.Minute)
	st := o.Status()
	if len(st.Held) != 1 || st.Held[0].ID != bad || !strings.Contains(st.Held[0].Reason, "damaged") {
		t.Fatalf("held = %+v, want the damaged piece", st.Held)
	}
	if _, err := d.Stat(t.Context(), piece.ObjectKey(kioskID, good, "manifest")); err != nil {
		t.Errorf("good piece not uploaded: %v", err)
	}
	if _, err := d.Stat(t.Context(), piece.ObjectKey(kioskID, bad, "b1")); !remote.IsNotExist(err) {
		t.Errorf("damaged blob reached the bucket: %v", err)
	}
}

// With the endpoint unreachable the outbox backs off and retries for as
// long as it takes; it uploads as soon as the endpoint answers.
func TestNeverGivesUp(t *testing.T) {
	env := s3bench.S3(t)
	proxy, err := faultproxy.Start(benchenv.FreeAddr(t), nil) // nothing listens there
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	r := newS3(t, proxy.Addr(), env.AccessKey, env.SecretKey, env.Bucket)
	sp := newSpool(t)
	savePiece(t, sp, 10_000)
	want := expected(t, sp)
	clock := newFakeClock()
	o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp), Clock: clock, Backoff: outbox.DefaultBackoff})
	var retries []time.Duration
	for range 30 {
		<-clock.armed // the outbox failed and waits for its backoff timer
		st := o.Status()
		if st.Uploaded != 0 || st.Pending != 1 || st.LastError == "" {
			t.Fatalf("status while unreachable: %+v", st)
		}
		retries = append(retries, st.NextRetry.Sub(st.LastErrorAt))
		clock.advance(st.NextRetry.Sub(st.LastErrorAt))
		clock.fire()
	}
	for i, d := range retries {
		if d <= 0 || d > 5*time.Minute {
			t.Fatalf("retry %d waits %v, outside (0, 5 min]", i, d)
		}
	}
	if retries[len(retries)-1] < 2*time.Minute {
		t.Errorf("backoff did not grow: last delays %v", retries[len(retries)-5:])
	}
	proxy.SetTarget(env.Endpoint)
	updates, stop := o.Watch()
	defer stop()
	for done := false; !done; {
		select {
		case st := <-updates:
			done = st.Uploaded == 1
		case <-clock.armed:
			clock.fire()
		}
	}
	checkBucket(t, newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket), want)
}

func TestExpBackoff(t *testing.T) {
	b := outbox.DefaultBackoff
	prevMax := time.Duration(0)
	for attempt := 1; attempt <= 100; attempt++ {
		d := b.Delay(attempt)
		ceiling := min(b.Base<<min(attempt-1, 30), b.Max)
		if d < ceiling/2 || d > ceiling {
			t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
		}
		prevMax = max(prevMax, d)
	}
	if prevMax > 5*time.Minute {
		t.Fatalf("delay above the cap: %v", prevMax)
	}
	seen := map[time.Duration]bool{}
	for range 20 {
		seen[b.Delay(10)] = true
	}
	if len(seen) < 2 {
		t.Errorf("no jitter: %v", seen)
	}
}

// The staff panel's view: Watch delivers the latest status.
func TestWatchReportsProgress(t *testing.T) {
	d := newDir(t)
	sp := newSpool(t)
	for range 3 {
		savePiece(t, sp, 1000)
	}
	o := start(t, outbox.Options{Remote: d, Source: outbox.FromSpool(sp), Concurrency: 1})
	updates, stop := o.Watch()
	defer stop()
	sawPending := false
	for st := range updates {
		if st.Pending > 0 {
			sawPending = true
		}
		if st.Uploaded == 3 && st.Pending == 0 {
			break
		}
	}
	if !sawPending {
		t.Errorf("never reported pending pieces")
	}
	var buf bytes.Buffer
	buf.WriteString(o.Status().LastError)
	if buf.Len() != 0 {
		t.Errorf("last error %q after clean uploads", buf.String())
	}
}
