// Command runbench starts the test bench — a MinIO server, a private
// PulseAudio with a null sink, and Xvfb, all private to this run — runs a
// command with their coordinates in its environment, and stops everything
// it started when the command ends, fails, or is interrupted.
//
//	runbench -tools .tools/bin -- go test -race ./...
package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	tools := flag.String("tools", ".tools/bin", "folder holding the minio binary")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: runbench [-tools DIR] -- COMMAND [ARG...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	os.Exit(run(*tools, flag.Args()))
}

func run(tools string, argv []string) int {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("component", "runbench")
	// Catch interrupts before anything starts, so nothing can be left behind.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)

	b, err := newBench(tools, log)
	if err != nil {
		log.Error("bench: prepare", "err", err)
		return 1
	}
	defer b.stop()
	for _, start := range []func() error{b.startMinIO, b.startPulse, b.startXvfb} {
		if err := start(); err != nil {
			log.Error("bench: start", "err", err)
			return 1
		}
		select {
		case s := <-sigs:
			log.Warn("bench: interrupted while starting", "signal", s.String())
			return 130
		default:
		}
	}
	log.Info("bench: ready", "minio", b.minioAddr, "display", b.display, "pulse", b.pulseSocket)

	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), b.env()...)
	if err := cmd.Start(); err != nil {
		log.Error("bench: run", "cmd", argv[0], "err", err)
		return 127
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case s := <-sigs:
		// A terminal's Ctrl-C reached the command too; a signal sent to us
		// alone is passed on. Give it time to clean up, then make sure.
		log.Warn("bench: interrupted; stopping the command", "signal", s.String())
		cmd.Process.Signal(s)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		return 130
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		log.Error("bench: run", "err", err)
		return 1
	}
	return 0
}
