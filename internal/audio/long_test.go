package audio

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestLongCapture records for AFTERIMAGE_AUDIO_LONG (e.g. "10m") while a
// tone plays, and reports dropped buffers and what the meter cost. Run once
// by hand under the bench (it is not part of make test):
//
//	AFTERIMAGE_AUDIO_LONG=10m go test -run TestLongCapture -timeout 20m ./internal/audio
func TestLongCapture(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("AFTERIMAGE_AUDIO_LONG"))
	if err != nil {
		t.Skip("set AFTERIMAGE_AUDIO_LONG=10m to run the long capture")
	}
	startTone(t, int((d+time.Minute)/time.Second))
	p := Music
	p.MaxLength = d + time.Minute
	rec := NewRecorder(RecorderOptions{Preset: p, Sink: DirSink{Dir: t.TempDir()}})
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-time.After(d)
	clip, err := rec.Stop()
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) * time.Nanosecond
	st := rec.Stats()
	t.Logf("recorded %v in %v wall: buffers %d, dropped %d, segments %d, sink errors %d",
		clip.Duration(), wall.Round(time.Millisecond), st.Buffers, st.Dropped, st.Segments, st.SinkErrors)
	t.Logf("meter %v = %.4f%% of one core; whole process CPU %v = %.2f%% of one core",
		st.MeterTime, 100*st.MeterTime.Seconds()/wall.Seconds(), cpu.Round(time.Millisecond), 100*cpu.Seconds()/wall.Seconds())
	if st.Dropped != 0 {
		t.Errorf("%d buffers dropped", st.Dropped)
	}
	if st.MeterTime.Seconds()/wall.Seconds() > 0.01 {
		t.Errorf("meter used %.2f%% of a core", 100*st.MeterTime.Seconds()/wall.Seconds())
	}
}

// BenchmarkMeter is the meter's cost per device buffer (1/30 s at 48 kHz).
func BenchmarkMeter(b *testing.B) {
	buf := sine(440, 0.5, SampleRate/MeterRate)
	var m meterAcc
	for b.Loop() {
		m.add(buf)
		_ = m.level()
		m.reset()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*MeterRate/1e9*100, "%core")
}
