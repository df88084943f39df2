package testbench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"math"
	"testing"
	"time"

	"github.com/gordonklaus/portaudio"
	"github.com/minio/minio-go/v7"
)

// TestMinIOChecksummedPutGet proves the bench's MinIO takes a put with a
// SHA-256 checksum, returns the same bytes, and rejects a wrong checksum.
func TestMinIOChecksummedPutGet(t *testing.T) {
	s3 := S3(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	data := bytes.Repeat([]byte("afterimage "), 100_000)
	sum := sha256.Sum256(data)
	info, err := s3.Client.PutObject(ctx, s3.Bucket, "bench/object", bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	if want := base64.StdEncoding.EncodeToString(sum[:]); info.ChecksumSHA256 != want {
		t.Fatalf("put checksum = %q, want %q", info.ChecksumSHA256, want)
	}
	obj, err := s3.Client.GetObject(ctx, s3.Bucket, "bench/object", minio.GetObjectOptions{})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	got, err := io.ReadAll(obj)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes back, want the %d put", len(got), len(data))
	}
	// A checksum that does not match the body must be refused by the server.
	bad := sha256.Sum256([]byte("something else"))
	_, err = s3.Client.PutObject(ctx, s3.Bucket, "bench/bad", bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{UserMetadata: map[string]string{"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(bad[:])}})
	if err == nil {
		t.Fatal("put with a wrong SHA-256 checksum succeeded")
	}
}

// TestPortAudioCapturesSine records one second through PortAudio while a
// 440 Hz sine plays into the bench's null sink, and checks what arrived.
func TestPortAudioCapturesSine(t *testing.T) {
	audio := Audio(t)
	const rate, amp = 48000, 0.5
	if err := portaudio.Initialize(); err != nil {
		t.Fatalf("portaudio: %v", err)
	}
	defer portaudio.Terminate()
	buf := make([]float32, 1024)
	stream, err := portaudio.OpenDefaultStream(1, 0, rate, len(buf), buf)
	if err != nil {
		t.Fatalf("open capture: %v", err)
	}
	defer stream.Close()
	audio.Play(t, Sine(440, amp, rate, 10*rate), rate)
	if err := stream.Start(); err != nil {
		t.Fatalf("start capture: %v", err)
	}
	// Skip the first half second (player start-up, silence), keep one second.
	var got []float32
	for read := 0; len(got) < rate; read += len(buf) {
		if err := stream.Read(); err != nil {
			t.Fatalf("read: %v", err)
		}
		if read >= rate/2 {
			got = append(got, buf...)
		}
	}
	stream.Stop()
	got = got[:rate]
	f := DominantFrequency(got, rate, 100, 2000, 5)
	if math.Abs(f-440) > 5 {
		t.Errorf("dominant frequency %.1f Hz, want 440 ± 5", f)
	}
	wantRMS := amp / math.Sqrt2
	if d := DB(RMS(got) / wantRMS); math.Abs(d) > 1 {
		t.Errorf("RMS %.4f is %.2f dB from the %.4f played, want within 1 dB", RMS(got), d, wantRMS)
	}
	t.Logf("captured %.1f Hz at RMS %.4f (%.2f dB from played)", f, RMS(got), DB(RMS(got)/wantRMS))
}
