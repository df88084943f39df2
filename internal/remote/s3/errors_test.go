package s3_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
)

// s3Error answers every request with an S3 error document.
func s3Error(status int, code string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>test</Message><RequestId>1</RequestId></Error>`, code)
		}
	}))
}

func remoteFor(t *testing.T, srv *httptest.Server) *s3.S3 {
	t.Cleanup(srv.Close)
	r, err := s3.New(s3.Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "bucket", AccessKey: "unknown", SecretKey: "x", Region: "us-east-1", MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestErrorsMappedByS3Code: a service that answers 404 for an unknown access
// key is refusing the credentials, not saying the object is gone; a delete
// then fails instead of reporting success, and a get is not "not found".
func TestErrorsMappedByS3Code(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusForbidden} {
		r := remoteFor(t, s3Error(status, "InvalidAccessKeyId"))
		key := "v1/pieces/k/0190c0de-7c1a-7000-8000-000000000001/b1.age"
		if _, err := r.Get(t.Context(), key); remote.IsNotExist(err) || !remote.IsPermission(err) {
			t.Errorf("%d InvalidAccessKeyId: get gave %v, want a permission error", status, err)
		}
		if err := r.Delete(t.Context(), key); err == nil || !remote.IsPermission(err) {
			t.Errorf("%d InvalidAccessKeyId: delete gave %v, want a permission error", status, err)
		}
		err := r.List(t.Context(), "v1/pieces/", "", func(remote.Info) error { return nil })
		if remote.IsNotExist(err) || !remote.IsPermission(err) {
			t.Errorf("%d InvalidAccessKeyId: list gave %v, want a permission error", status, err)
		}
	}
	// A 404 whose code is unknown is a transient error, not "not found".
	r := remoteFor(t, s3Error(http.StatusNotFound, "SomethingElse"))
	if _, err := r.Get(t.Context(), "v1/a.age"); remote.IsNotExist(err) || err == nil {
		t.Errorf("404 SomethingElse: get gave %v, want an error that is not ErrNotExist", err)
	}
	// NoSuchKey is not found, whatever the status.
	r = remoteFor(t, s3Error(http.StatusNotFound, "NoSuchKey"))
	if _, err := r.Get(t.Context(), "v1/a.age"); !remote.IsNotExist(err) {
		t.Errorf("NoSuchKey: get gave %v, want ErrNotExist", err)
	}
	if err := r.Delete(t.Context(), "v1/a.age"); err != nil {
		t.Errorf("NoSuchKey: delete gave %v, want nil", err)
	}
}
