package gallery

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ReportFileName is the name a report is saved under in the folder the
// therapist picks: the patient's code and the period, nothing more. The
// code is the clinic's pseudonym; the display name (which may be a real
// name) and the clinic's name stay inside the file, so a folder listing
// (a shared drive, a USB stick) shows no one's name.
func ReportFileName(req ReportRequest) string {
	return fmt.Sprintf("afterimage-followup-%s-%s-to-%s.pdf", req.Patient, req.From.Format("2006-01-02"), req.To.Format("2006-01-02"))
}

// WriteReportFile writes the report (WriteReport) into folder dir and
// returns the file's path. It writes to a temporary file in dir and
// renames it when whole, so a cancelled or failed report leaves nothing;
// an existing report of the same name is not overwritten (" (2)", …).
func (s *Session) WriteReportFile(ctx context.Context, dir string, req ReportRequest) (string, error) {
	if req.Patient == "" {
		return "", errors.New("gallery: report: no patient")
	}
	tmp, err := os.CreateTemp(dir, ".afterimage-report-*.part")
	if err != nil {
		return "", reportErr(err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 256<<10)
	if err := s.WriteReport(ctx, w, req); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", reportErr(err)
	}
	if err := tmp.Sync(); err != nil {
		return "", reportErr(err)
	}
	if err := tmp.Close(); err != nil {
		return "", reportErr(err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	path, err := freeName(dir, ReportFileName(req))
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", reportErr(err)
	}
	done = true
	return path, nil
}

// freeName is dir/name, or dir/"stem (n).pdf" for the first n free.
func freeName(dir, name string) (string, error) {
	ext := filepath.Ext(name)
	stem := name[:len(name)-len(ext)]
	for n := 1; n < 1000; n++ {
		try := name
		if n > 1 {
			try = fmt.Sprintf("%s (%d)%s", stem, n, ext)
		}
		path := filepath.Join(dir, try)
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			return path, nil
		} else if err != nil {
			return "", reportErr(err)
		}
	}
	return "", errors.New("gallery: report: the folder holds 999 reports of this patient and period")
}

// reportErr wraps a file error without its path: the file's name holds
// the patient's code, and errors reach the log.
func reportErr(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("gallery: report: %s: %w", pe.Op, pe.Err)
	case errors.As(err, &le):
		return fmt.Errorf("gallery: report: %s: %w", le.Op, le.Err)
	}
	return fmt.Errorf("gallery: report: %w", err)
}
