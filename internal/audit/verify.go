package audit

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Limits bound what Verify reads from a bucket that may be hostile.
const (
	maxObject  = 16 << 20 // one sealed batch
	maxEntries = 1 << 20  // entries in one batch
)

// Break is one place where a chain is not what its install wrote.
type Break struct {
	Seq     uint64 // the entry where it breaks (0: the object as a whole)
	Object  string // the object's key
	Problem string
}

func (b Break) String() string {
	if b.Seq == 0 {
		return fmt.Sprintf("%s: %s", b.Object, b.Problem)
	}
	return fmt.Sprintf("entry %d (in %s): %s", b.Seq, b.Object, b.Problem)
}

// Chain is what Verify found of one install's chain.
type Chain struct {
	Install string
	Key     string // the key its first entry names
	Entries int
	Last    Head
	Breaks  []Break
}

// OK reports whether the chain verified whole.
func (c Chain) OK() bool { return len(c.Breaks) == 0 }

// Verify reads every chain under v1/audit/ and checks each entry's place,
// link and signature. known are heads installs recorded themselves
// (ReadHead), by install id: a chain that does not reach its known head
// was truncated. On a versioned bucket it reads each object's first
// version and reports any object overwritten or deleted since.
func Verify(ctx context.Context, r remote.Remote, o *seal.Opener, known map[string]Head) ([]Chain, error) {
	objects, err := listObjects(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	byInstall := map[string][]object{}
	var installs []string
	for _, ob := range objects {
		if _, seen := byInstall[ob.install]; !seen {
			installs = append(installs, ob.install)
		}
		byInstall[ob.install] = append(byInstall[ob.install], ob)
	}
	for id := range known {
		if _, seen := byInstall[id]; !seen {
			installs = append(installs, id)
		}
	}
	slices.Sort(installs)
	var chains []Chain
	for _, id := range installs {
		c, err := verifyChain(ctx, r, o, id, byInstall[id], known)
		if err != nil {
			return nil, fmt.Errorf("audit: verify %s: %w", id, err)
		}
		chains = append(chains, c)
	}
	return chains, nil
}

// object is one stored batch.
type object struct {
	key         string
	install     string
	first, last uint64
	version     string // the first version's id on a versioned bucket
	problem     string // overwritten or deleted since it was written
}

func listObjects(ctx context.Context, r remote.Remote) ([]object, error) {
	var out []object
	add := func(key string) *object {
		install, first, last, ok := parseObjectKey(key)
		if !ok {
			out = append(out, object{key: key, install: "?", problem: "not an audit object's name"})
			return nil
		}
		out = append(out, object{key: key, install: install, first: first, last: last})
		return &out[len(out)-1]
	}
	current := map[string]bool{}
	if err := r.List(ctx, Root, "", func(info remote.Info) error {
		current[info.Key] = true
		return nil
	}); err != nil {
		return nil, err
	}
	if v, ok := r.(remote.Versioned); ok {
		if on, err := v.VersioningEnabled(ctx); err == nil && on {
			err := v.ListVersions(ctx, Root, "", func(key string, versions []remote.Info) error {
				ob := add(key)
				if ob == nil {
					return nil
				}
				ob.version = versions[0].VersionID
				switch {
				case len(versions) > 1:
					ob.problem = fmt.Sprintf("written %d times (an audit object is written once); its first version is the one checked", len(versions))
				case !current[key]:
					ob.problem = "deleted after it was written; its first version is the one checked"
				}
				return nil
			})
			return out, err
		}
	}
	keys := make([]string, 0, len(current))
	for k := range current {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add(k)
	}
	return out, nil
}

func verifyChain(ctx context.Context, r remote.Remote, o *seal.Opener, install string, objects []object, known map[string]Head) (Chain, error) {
	c := Chain{Install: install}
	slices.SortFunc(objects, func(a, b object) int { return cmpObject(a, b) })
	var prev *Entry
	want := uint64(1)
	// Objects are read in order into a window of about sigWindow entries,
	// whose signatures are checked on every core before the checks in
	// order: a gallery that flushes after each pull writes objects of a
	// few entries, too few to share out one by one.
	var window []readObj
	held := 0
	check := func() {
		var all []Entry
		for _, w := range window {
			all = append(all, w.entries...)
		}
		signed := verifySignatures(all, c.Key)
		at := 0
		for _, w := range window {
			ob, entries := w.ob, w.entries
			if ob.problem != "" {
				c.Breaks = append(c.Breaks, Break{Object: ob.key, Problem: ob.problem})
			}
			if w.problem != "" {
				c.Breaks = append(c.Breaks, Break{Object: ob.key, Problem: w.problem})
				continue
			}
			if len(entries) > 0 && (entries[0].Seq != ob.first || entries[len(entries)-1].Seq != ob.last) {
				c.Breaks = append(c.Breaks, Break{Object: ob.key, Problem: fmt.Sprintf("holds entries %d to %d, its name says %d to %d", entries[0].Seq, entries[len(entries)-1].Seq, ob.first, ob.last)})
			}
			for i, e := range entries {
				c.Entries++
				brk := func(format string, args ...any) {
					c.Breaks = append(c.Breaks, Break{Seq: e.Seq, Object: ob.key, Problem: fmt.Sprintf(format, args...)})
				}
				switch {
				case e.Install != install:
					brk("belongs to install %q, not to this chain", e.Install)
				case e.Seq < want:
					brk("comes again after entry %d: replayed or moved", want-1)
				case e.Seq > want:
					brk("entries %d to %d are missing", want, e.Seq-1)
				}
				if e.Seq == 1 {
					if c.Key == "" {
						c.Key = e.Key
					}
					if e.Key == "" {
						brk("the first entry names no key")
					}
				} else if e.Key != "" {
					brk("names a key; only the first entry does")
				}
				if prev != nil && e.Seq == want && e.Prev != prev.Hash() {
					brk("does not follow entry %d: an entry was edited, dropped or reordered", prev.Seq)
				}
				if prev == nil && e.Seq == 1 && e.Prev != "" {
					brk("the first entry names an entry before it")
				}
				if c.Key == "" || !signed[at+i] {
					brk("is not signed by this install's key")
				}
				if e.Seq >= want {
					want = e.Seq + 1
					p := e
					prev = &p
				}
			}
			at += len(entries)
		}
		window, held = window[:0], 0
	}
	for _, ob := range objects {
		entries, problem, err := readObject(ctx, r, o, ob)
		if err != nil {
			return c, err
		}
		window = append(window, readObj{ob: ob, entries: entries, problem: problem})
		held += len(entries)
		if held >= sigWindow {
			check()
		}
	}
	check()
	if prev != nil {
		c.Last = Head{Seq: prev.Seq, Hash: prev.Hash()}
	}
	if h, ok := known[install]; ok && h.Seq > 0 {
		switch {
		case c.Last.Seq < h.Seq:
			c.Breaks = append(c.Breaks, Break{Object: Root + install + "/", Problem: fmt.Sprintf("ends at entry %d, but this install has written %d: truncated (or not yet uploaded)", c.Last.Seq, h.Seq)})
		case c.Last.Seq == h.Seq && c.Last.Hash != h.Hash:
			c.Breaks = append(c.Breaks, Break{Seq: h.Seq, Object: Root + install + "/", Problem: "is not the entry this install wrote"})
		}
	}
	return c, nil
}

func cmpObject(a, b object) int {
	if a.first != b.first {
		if a.first < b.first {
			return -1
		}
		return 1
	}
	if a.last < b.last {
		return -1
	}
	if a.last > b.last {
		return 1
	}
	return 0
}

// readObject opens one batch; a batch that cannot be opened or parsed is
// a problem of the chain, not an error of Verify.
func readObject(ctx context.Context, r remote.Remote, o *seal.Opener, ob object) ([]Entry, string, error) {
	var rc io.ReadCloser
	var err error
	if v, ok := r.(remote.Versioned); ok && ob.version != "" {
		rc, err = v.GetVersion(ctx, ob.key, ob.version)
	} else {
		rc, err = r.Get(ctx, ob.key)
	}
	if err != nil {
		if remote.IsPermanent(err) {
			return nil, "cannot be read: " + err.Error(), nil
		}
		return nil, "", err
	}
	defer rc.Close()
	sealed, err := io.ReadAll(io.LimitReader(rc, maxObject+1))
	if err != nil {
		return nil, "", err
	}
	if len(sealed) > maxObject {
		return nil, fmt.Sprintf("is larger than %d bytes", maxObject), nil
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		return nil, "cannot be opened with the clinic's key: edited, cut short or not sealed to the clinic", nil
	}
	var entries []Entry
	sc := bufio.NewScanner(bytes.NewReader(plain))
	sc.Buffer(make([]byte, 0, maxLine), maxLine+1)
	for sc.Scan() {
		if len(entries) == maxEntries {
			return nil, fmt.Sprintf("holds more than %d entries", maxEntries), nil
		}
		e, err := parseEntry(sc.Bytes())
		if err != nil {
			return nil, fmt.Sprintf("line %d: %v", len(entries)+1, err), nil
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Sprintf("line %d: %v", len(entries)+1, err), nil
	}
	return entries, "", nil
}

// Entries reads every entry of every chain in the bucket, chain by chain
// in order, for showing who looked at what (a patient's "who looked,
// when"). It does not verify: Verify does. Objects that cannot be read are
// left out.
func Entries(ctx context.Context, r remote.Remote, o *seal.Opener) ([]Entry, error) {
	objects, err := listObjects(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("audit: read: %w", err)
	}
	slices.SortFunc(objects, func(a, b object) int {
		if a.install != b.install {
			return strings.Compare(a.install, b.install)
		}
		return cmpObject(a, b)
	})
	var out []Entry
	for _, ob := range objects {
		if ob.install == "?" {
			continue
		}
		entries, problem, err := readObject(ctx, r, o, ob)
		if err != nil {
			return nil, fmt.Errorf("audit: read: %w", err)
		}
		if problem == "" {
			out = append(out, entries...)
		}
	}
	return out, nil
}

// sigWindow is about how many entries verifyChain holds to check their
// signatures together.
const sigWindow = 4096

// readObj is one object as read: its entries, or what is wrong with it.
type readObj struct {
	ob      object
	entries []Entry
	problem string
}

// verifySignatures checks each entry's signature against the key in force
// for it (key, or, while there is none yet, the key the chain's first
// entry names from that entry on, as verifyChain takes it), on every core:
// the signatures are most of Verify's time.
func verifySignatures(entries []Entry, key string) []bool {
	keys := make([]string, len(entries))
	for i, e := range entries {
		if key == "" && e.Seq == 1 {
			key = e.Key
		}
		keys[i] = key
	}
	ok := make([]bool, len(entries))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(entries)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(entries); i += workers {
				ok[i] = keys[i] != "" && entries[i].verify(keys[i])
			}
		}()
	}
	wg.Wait()
	return ok
}
