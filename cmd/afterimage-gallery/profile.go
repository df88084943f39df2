package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"
)

// profileEvery is how long each CPU profile file covers.
const profileEvery = 10 * time.Second

// startProfiling writes CPU profiles of the running gallery, one file per
// profileEvery (prefix-0001.pprof, …: merge them with go tool pprof), and a
// heap profile (prefix-heap.pprof) beside each, when AFTERIMAGE_CPUPROFILE
// names a path prefix. It is for measuring the real binary: the gallery
// may be killed at any time, so nothing waits for a clean exit.
func startProfiling(log *slog.Logger) {
	prefix := os.Getenv("AFTERIMAGE_CPUPROFILE")
	if prefix == "" {
		return
	}
	start := func(n int) *os.File {
		f, err := os.Create(fmt.Sprintf("%s-%04d.pprof", prefix, n))
		if err != nil {
			log.Error("gallery: profile", "err", err)
			return nil
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Error("gallery: profile", "err", err)
			f.Close()
			return nil
		}
		return f
	}
	f := start(1)
	go func() {
		for n := 2; f != nil; n++ {
			time.Sleep(profileEvery)
			pprof.StopCPUProfile()
			f.Close()
			if h, err := os.Create(prefix + "-heap.pprof"); err == nil {
				pprof.WriteHeapProfile(h)
				h.Close()
			}
			f = start(n)
		}
	}()
}
