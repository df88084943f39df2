package outbox_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/faultproxy"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// MinIO is SIGKILLed in the middle of uploads and restarted, 50 times, with
// pieces of 1–20 MB: every piece ends in the bucket exactly once, whole, and
// after every restart no partial object is visible.
func TestMinIOKilledMidUpload(t *testing.T) {
	const kills = 50
	m := s3bench.StartMinIO(t)
	admin, err := s3bench.NewClient(m.Endpoint, m.AccessKey, m.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.MakeBucket(t.Context(), "kiosk-uploads", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	enableVersioning(t, admin, "kiosk-uploads")
	direct := newS3(t, m.Endpoint, m.AccessKey, m.SecretKey, "kiosk-uploads")
	proxy, err := faultproxy.Start(m.Endpoint, nil) // only to see bytes flow
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()

	sp := newSpool(t)
	want := map[string]object{}
	var total int64
	save := func() { // a piece of 1 MB to 20 MB
		size := 1<<20 + rand.IntN(19<<20)
		id := savePiece(t, sp, size)
		e, err := sp.Piece(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range e.Files() {
			want[piece.ObjectKey(kioskID, id, f.Name)] = object{f.SealedSize, f.SealedSHA256}
		}
		total += int64(size)
	}
	for range 6 {
		save()
	}
	r, err := s3.New(s3.Config{Endpoint: proxy.Addr(), Bucket: "kiosk-uploads", AccessKey: m.AccessKey, SecretKey: m.SecretKey, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp), Concurrency: 2,
		AttemptTimeout: func(int64) time.Duration { return 30 * time.Second }})

	// Each kill comes when the proxy has passed a random number of request
	// bytes (128 KB to 24 MB) since uploads resumed: in the middle of a put.
	// While MinIO restarts and the bucket is checked, the proxy points
	// nowhere, so the kiosk cannot upload behind the test's back; the spool
	// is topped up so that there is always more to upload than a kill lets
	// through.
	dead := benchenv.FreeAddr(t)
	for k := range kills {
		for missingBytes(t, direct, want) < 32<<20 {
			save()
			o.Kick()
		}
		reached := proxy.AfterForwarded(proxy.Forwarded() + 128<<10 + rand.Int64N(24<<20-128<<10))
		proxy.SetTarget(m.Endpoint)
		select {
		case <-reached:
		case <-time.After(time.Minute):
			t.Fatalf("kill %d: uploads stopped flowing (status %+v)", k, o.Status())
		}
		proxy.SetTarget(dead)
		m.Kill()
		m.Start()
		assertNoPartial(t, direct, want)
	}
	proxy.SetTarget(m.Endpoint)
	flush(t, o, 3*time.Minute)
	checkBucket(t, direct, want)
	checkOneVersionEach(t, admin, "kiosk-uploads")
	if n := pending(t, sp); n != 0 {
		t.Errorf("%d pieces left in the spool", n)
	}
	t.Logf("%d kills, %d pieces (%d MB), %d MB sent, %d puts found already stored",
		kills, o.Status().Uploaded, total>>20, proxy.Forwarded()>>20, o.Status().AlreadyStored)
}

// missingBytes is the size of the objects in want not yet in the bucket.
func missingBytes(t *testing.T, r remote.Remote, want map[string]object) int64 {
	t.Helper()
	var n int64
	for _, w := range want {
		n += w.size
	}
	err := r.List(t.Context(), "", "", func(i remote.Info) error {
		n -= want[i.Key].size
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// assertNoPartial checks every visible object is one the kiosk meant, whole.
func assertNoPartial(t *testing.T, r remote.Remote, want map[string]object) {
	t.Helper()
	err := r.List(t.Context(), "", "", func(i remote.Info) error {
		w, ok := want[i.Key]
		if !ok {
			t.Fatalf("unexpected object %s", i.Key)
		}
		st, err := r.Stat(t.Context(), i.Key)
		if err != nil {
			return err
		}
		if st.Size != w.size || st.SHA256 != w.sum {
			t.Fatalf("partial or wrong object visible: %s is %d bytes sha256 %s, want %d bytes %s",
				i.Key, st.Size, st.SHA256, w.size, w.sum)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list after restart: %v", err)
	}
}

// Between kiosk and MinIO, a proxy resets, stalls, truncates and drops
// traffic (including answers to puts the server already stored): every
// piece arrives exactly once.
func TestFaultyNetwork(t *testing.T) {
	env := s3bench.S3(t)
	enableVersioning(t, env.Client, env.Bucket)
	kinds := []faultproxy.Kind{faultproxy.None, faultproxy.ResetRequest, faultproxy.StallRequest,
		faultproxy.StallResponse, faultproxy.TruncResponse, faultproxy.DropResponse}
	proxy, err := faultproxy.Start(env.Endpoint, func(n int) faultproxy.Fault {
		k := kinds[n%len(kinds)]
		switch k {
		case faultproxy.ResetRequest, faultproxy.StallRequest:
			return faultproxy.Fault{Kind: k, At: rand.Int64N(1 << 20)}
		case faultproxy.StallResponse, faultproxy.TruncResponse:
			return faultproxy.Fault{Kind: k, At: rand.Int64N(400)}
		}
		return faultproxy.Fault{Kind: k}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	r := newS3(t, proxy.Addr(), env.AccessKey, env.SecretKey, env.Bucket)
	sp := newSpool(t)
	for i := range 24 {
		savePiece(t, sp, 200<<10+i*(80<<10))
	}
	want := expected(t, sp)
	o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp), Concurrency: 3,
		AttemptTimeout: func(int64) time.Duration { return 1500 * time.Millisecond }})
	flush(t, o, 3*time.Minute)
	direct := newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
	checkBucket(t, direct, want)
	checkOneVersionEach(t, env.Client, env.Bucket)
	if n := pending(t, sp); n != 0 {
		t.Errorf("%d pieces left in the spool", n)
	}
	for _, k := range kinds[1:] {
		if proxy.Faults(k) == 0 {
			t.Errorf("fault %v never happened", k)
		}
	}
	st := o.Status()
	if st.AlreadyStored == 0 {
		t.Errorf("no put was answered 412 after a dropped answer: the drop fault missed every put")
	}
	t.Logf("%d connections, status %+v", proxy.Connections(), st)
}

// Offline: 50 pieces made while the endpoint is down all upload, in
// creation order, when it comes back, without restarting the outbox.
func TestOfflineThenBack(t *testing.T) {
	m := s3bench.StartMinIO(t)
	admin, err := s3bench.NewClient(m.Endpoint, m.AccessKey, m.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.MakeBucket(t.Context(), "offline", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	enableVersioning(t, admin, "offline")
	rec := &recorder{Remote: newS3(t, m.Endpoint, m.AccessKey, m.SecretKey, "offline")}
	sp := newSpool(t)
	o := start(t, outbox.Options{Remote: rec, Source: outbox.FromSpool(sp), Concurrency: 4})
	m.Kill()
	var ids []piece.ID
	for range 50 {
		ids = append(ids, savePiece(t, sp, 20_000+rand.IntN(200_000)))
		o.Kick()
	}
	updates, stop := o.Watch()
	for st := range updates { // the outbox has tried and failed with all 50 pending
		if st.Pending == 50 && !st.LastErrorAt.IsZero() {
			break
		}
	}
	stop()
	if got := o.Status().Uploaded; got != 0 {
		t.Fatalf("%d pieces uploaded while offline", got)
	}
	want := expected(t, sp)
	m.Start()
	flush(t, o, 2*time.Minute)
	if got := rec.order(); !slices.Equal(got, ids) {
		t.Errorf("manifests committed in order %v,\nwant creation order %v", got, ids)
	}
	checkBucket(t, rec.Remote, want)
	checkOneVersionEach(t, admin, "offline")
	if n := pending(t, sp); n != 0 {
		t.Errorf("%d pieces left in the spool", n)
	}
}

// The kiosk process is SIGKILLed while uploads are pending: after restart
// they complete, nothing is written twice.
func TestKioskProcessKilled(t *testing.T) {
	env := s3bench.S3(t)
	enableVersioning(t, env.Client, env.Bucket)
	sp := newSpool(t)
	for range 30 {
		savePiece(t, sp, 3<<20)
	}
	want := expected(t, sp)
	state := t.TempDir()
	manifests := func() int {
		n := 0
		for oi := range env.Client.ListObjects(t.Context(), env.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if strings.HasSuffix(oi.Key, "/manifest.age") {
				n++
			}
		}
		return n
	}
	child := func() (*exec.Cmd, chan struct{}) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", "CHILD_SPOOL="+sp.Dir(), "CHILD_STATE="+state,
			"CHILD_ENDPOINT="+env.Endpoint, "CHILD_ACCESS="+env.AccessKey, "CHILD_SECRET="+env.SecretKey, "CHILD_BUCKET="+env.Bucket)
		cmd.Stderr = io.Discard
		cmd.SysProcAttr = benchenv.ChildAttr()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		return cmd, done
	}
	killedWithPending := 0
	for round := range 3 {
		before := manifests()
		cmd, done := child()
		deadline := time.Now().Add(time.Minute)
		for manifests() == before { // poll the external process's effect
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("round %d: child uploaded nothing", round)
			}
			time.Sleep(5 * time.Millisecond)
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		if manifests() < len(want)/3 { // 3 files per piece
			killedWithPending++
		}
	}
	if killedWithPending == 0 {
		t.Fatalf("every kill came after all uploads: the test proved nothing")
	}
	cmd, done := child()
	deadline := time.Now().Add(2 * time.Minute)
	for pending(t, sp) > 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("restarted kiosk did not finish: %d pieces pending", pending(t, sp))
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-done
	checkBucket(t, newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket), want)
	checkOneVersionEach(t, env.Client, env.Bucket)
}

const childEnv = "AFTERIMAGE_OUTBOX_TEST_CHILD"

// TestMain runs the kiosk child of TestKioskProcessKilled when asked to.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

// childMain is a kiosk process reduced to its outbox.
func childMain() int {
	sp, err := spool.Open(os.Getenv("CHILD_SPOOL"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	r, err := s3.New(s3.Config{Endpoint: os.Getenv("CHILD_ENDPOINT"), Bucket: os.Getenv("CHILD_BUCKET"),
		AccessKey: os.Getenv("CHILD_ACCESS"), SecretKey: os.Getenv("CHILD_SECRET")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	o, err := outbox.New(outbox.Options{KioskID: kioskID, Remote: r, Source: outbox.FromSpool(sp),
		StateDir: os.Getenv("CHILD_STATE"), Concurrency: 1, Backoff: fastBackoff})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	o.Run(context.Background())
	return 0
}

// A dump of the whole bucket — keys, metadata, tags — holds nothing of the
// pieces' patient data; the objects' bytes are sealed.
func TestBucketDumpHasNoPatientData(t *testing.T) {
	env := s3bench.S3(t)
	r := newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
	sp := newSpool(t)
	var ids []piece.ID
	for range 3 {
		ids = append(ids, savePiece(t, sp, 50_000))
	}
	o := start(t, outbox.Options{Remote: r, Source: outbox.FromSpool(sp)})
	flush(t, o, time.Minute)

	var dump strings.Builder
	ctx := t.Context()
	for oi := range env.Client.ListObjects(ctx, env.Bucket, minio.ListObjectsOptions{Recursive: true, WithMetadata: true}) {
		if oi.Err != nil {
			t.Fatal(oi.Err)
		}
		fmt.Fprintf(&dump, "%s %v %v %v\n", oi.Key, oi.UserMetadata, oi.UserTags, oi.Metadata)
		st, err := env.Client.StatObject(ctx, env.Bucket, oi.Key, minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&dump, "  %v %v %v %s\n", st.Metadata, st.UserMetadata, st.UserTags, st.ContentType)
		tags, err := env.Client.GetObjectTagging(ctx, env.Bucket, oi.Key, minio.GetObjectTaggingOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&dump, "  tags %v\n", tags.ToMap())
		body := remotetest.Read(t, r, oi.Key)
		if strings.Contains(string(body), marker) {
			t.Errorf("%s holds the marker in clear", oi.Key)
		}
	}
	text := dump.String()
	for _, id := range ids { // the dump is real
		if !strings.Contains(text, string(id)) {
			t.Fatalf("dump lacks piece %s:\n%s", id, text)
		}
	}
	for _, secret := range []string{marker, patientCode, "title", "reflection", "calm", "pleasant", "drawing"} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
			t.Errorf("bucket dump contains %q:\n%s", secret, text)
		}
	}
}

// With the documented put-only kiosk key the outbox uploads and verifies
// from the put receipts; a put answered 412 (an earlier attempt's object)
// counts as stored.
func TestPutOnlyKioskKey(t *testing.T) {
	env := s3bench.S3(t)
	secret := remotetest.KioskUser(t, env, kioskID)
	kiosk := newS3(t, env.Endpoint, kioskID, secret, env.Bucket)
	sp := newSpool(t)
	savePiece(t, sp, 100_000)
	lost := savePiece(t, sp, 100_000)
	want := expected(t, sp)
	// An earlier attempt stored this blob but the kiosk never heard back.
	e, err := sp.Piece(lost)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(e.Blobs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kiosk.Put(t.Context(), piece.ObjectKey(kioskID, lost, e.Blobs[0].Name), f, e.Blobs[0].SealedSize, e.Blobs[0].SealedSHA256); err != nil {
		t.Fatal(err)
	}
	f.Close()

	o := start(t, outbox.Options{Remote: kiosk, Source: outbox.FromSpool(sp)})
	flush(t, o, time.Minute)
	st := o.Status()
	if st.Uploaded != 2 || len(st.Held) != 0 || st.AlreadyStored != 1 {
		t.Fatalf("status %+v, want 2 uploaded, 1 already stored", st)
	}
	checkBucket(t, newS3(t, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket), want)
}
