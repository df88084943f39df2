package s3_test

import (
	"bytes"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// A kiosk's key may create objects under v1/pieces/<its id>/ and do nothing
// else: no get, stat, list or delete, no writing for another kiosk. Create-
// only puts still answer ErrExists (412) for its own objects.
func TestKioskPolicyIsPutOnly(t *testing.T) {
	env := s3bench.S3(t)
	kiosk := "kiosk-" + remotetest.RandomBlob(4).Sum[:8]
	secret := remotetest.KioskUser(t, env, kiosk)
	k, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: kiosk, SecretKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	own := remote.BlobKey(kiosk, "0190c0de-0000-7000-8000-000000000001", "b1")
	b := remotetest.RandomBlob(64 << 10)

	info, err := k.Put(ctx, own, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum)
	if err != nil {
		t.Fatalf("kiosk put under its own prefix: %v", err)
	}
	if info.SHA256 != b.Sum || info.Size != int64(len(b.Data)) {
		t.Errorf("put receipt %+v does not confirm the checksum", info)
	}
	if _, err := k.Put(ctx, own, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsExists(err) {
		t.Errorf("kiosk re-put of its own object: %v, want ErrExists", err)
	}
	other := remote.BlobKey("kiosk-other", "0190c0de-0000-7000-8000-000000000001", "b1")
	if _, err := k.Put(ctx, other, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsPermission(err) {
		t.Errorf("kiosk put under another kiosk's prefix: %v, want ErrPermission", err)
	}
	if _, err := k.Put(ctx, "v1/notes/c/n.age", bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsPermission(err) {
		t.Errorf("kiosk put outside v1/pieces: %v, want ErrPermission", err)
	}
	if _, err := k.Get(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk get: %v, want ErrPermission", err)
	}
	if _, err := k.Stat(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk stat: %v, want ErrPermission", err)
	}
	if err := k.List(ctx, remote.KioskPrefix(kiosk), "", func(remote.Info) error { return nil }); !remote.IsPermission(err) {
		t.Errorf("kiosk list: %v, want ErrPermission", err)
	}
	if err := k.Delete(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk delete: %v, want ErrPermission", err)
	}
	if got := remotetest.Read(t, admin, own); !bytes.Equal(got, b.Data) {
		t.Errorf("object changed")
	}
	if keys := remotetest.Keys(t, admin, ""); len(keys) != 1 || keys[0] != own {
		t.Errorf("bucket holds %v, want only %s", keys, own)
	}
}
