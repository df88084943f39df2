package audit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
)

// AppendAll records evs, in order, as Append does each, but durably in one
// step: every entry's sealed file is written and synced, then the pending
// folder and the head once (Append syncs both folders and the head per
// entry; an export of 100 pieces records 200 entries). On an error no
// entry of evs is recorded.
func (l *Log) AppendAll(evs []Event) (err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	head := l.head
	entries := make([]Entry, 0, len(evs))
	var written []string
	defer func() {
		if err != nil {
			for _, p := range written {
				os.Remove(p)
			}
		}
	}()
	for _, ev := range evs {
		e := Entry{
			Seq: head.Seq + 1, Time: l.now().UTC().Truncate(time.Millisecond), Install: l.install,
			Actor: ev.Actor, Action: ev.Action, Patient: ev.Patient, Piece: ev.Piece, Prev: head.Hash,
		}
		if !actions[e.Action] {
			return fmt.Errorf("audit: append: unknown action %q", e.Action)
		}
		if e.Seq == 1 {
			e.Key = l.signer.PublicKey()
		}
		e.sign(l.signer)
		sealed, err := l.sealer.SealBytes(e.line())
		if err != nil {
			return fmt.Errorf("audit: append: %w", err)
		}
		path := l.pendingPath(e.Seq)
		if err := writeSynced(path, sealed); err != nil {
			return fmt.Errorf("audit: append: %w", err)
		}
		written = append(written, path)
		entries = append(entries, e)
		head = Head{Seq: e.Seq, Hash: e.Hash()}
	}
	if len(entries) == 0 {
		return nil
	}
	if err := atomicfile.SyncDir(filepath.Join(l.dir, "pending")); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	b, _ := json.Marshal(head)
	if err := atomicfile.Write(filepath.Join(l.dir, "head"), b, 0o600); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	l.head = head
	l.pending = append(l.pending, entries...)
	return nil
}

// writeSynced writes data to a new file at path through a temporary name,
// synced before the rename; the folder is not synced.
func writeSynced(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
