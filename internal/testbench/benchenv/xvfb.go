package benchenv

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StartXvfb starts an Xvfb with one screen of width×height at 24 bits (Mesa's
// llvmpipe gives GL on it), listening on no TCP port, in its own process
// group (ChildAttr), its output in logPath. It returns once Xvfb has told
// the display it picked (":N", a free one, through -displayfd), with done,
// closed when Xvfb exits. The caller stops it: syscall.Kill(-cmd.Process.Pid,
// syscall.SIGKILL), then <-done. On error nothing is left running.
func StartXvfb(logPath string, width, height int) (cmd *exec.Cmd, display string, done <-chan struct{}, err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", nil, fmt.Errorf("xvfb: %w", err)
	}
	logf, err := os.Create(logPath)
	if err != nil {
		w.Close()
		r.Close()
		return nil, "", nil, fmt.Errorf("xvfb: %w", err)
	}
	// -displayfd picks a free display and writes its number to fd 3.
	cmd = exec.Command("Xvfb", "-displayfd", "3", "-screen", "0",
		strconv.Itoa(width)+"x"+strconv.Itoa(height)+"x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = ChildAttr()
	if err := cmd.Start(); err != nil {
		w.Close()
		r.Close()
		logf.Close()
		return nil, "", nil, fmt.Errorf("xvfb: start: %w", err)
	}
	w.Close()
	exited := make(chan struct{})
	// The pipe stays open while Xvfb runs: it may write the number and the
	// newline separately, and a closed pipe is fatal to it.
	go func() { cmd.Wait(); r.Close(); logf.Close(); close(exited) }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case d := <-num:
		if d == "" {
			stop()
			return nil, "", nil, fmt.Errorf("xvfb: exited without a display: %s", tail(logPath))
		}
		return cmd, ":" + d, exited, nil
	case <-time.After(30 * time.Second):
		stop()
		return nil, "", nil, fmt.Errorf("xvfb: no display within 30s: %s", tail(logPath))
	}
}

// tail is the end of a log file, for an error message.
func tail(path string) string {
	data, _ := os.ReadFile(path)
	if len(data) > 2000 {
		data = data[len(data)-2000:]
	}
	return string(data)
}
