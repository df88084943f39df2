package seal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// KeyType is a kind of age key.
type KeyType string

// Key types.
const (
	// Hybrid is the post-quantum hybrid ML-KEM-768 + X25519 type
	// (recipients "age1pq1...", identities "AGE-SECRET-KEY-PQ-1..."). The
	// recommended type for new clinic keys.
	Hybrid KeyType = "pq"
	// X25519 is the classic type (recipients "age1...").
	X25519 KeyType = "x25519"
)

// maxKeyFile bounds recipient and identity files.
const maxKeyFile = 1 << 20

// GenerateIdentity returns a new identity of type t and its recipient.
func GenerateIdentity(t KeyType) (age.Identity, age.Recipient, error) {
	switch t {
	case Hybrid:
		id, err := age.GenerateHybridIdentity()
		if err != nil {
			return nil, nil, fmt.Errorf("seal: generate identity: %w", err)
		}
		return id, id.Recipient(), nil
	case X25519:
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, nil, fmt.Errorf("seal: generate identity: %w", err)
		}
		return id, id.Recipient(), nil
	default:
		return nil, nil, fmt.Errorf("seal: generate identity: unknown key type %q (want %q or %q)", string(t), Hybrid, X25519)
	}
}

// RecipientOf returns the recipient (public key) of an identity made by this
// package or parsed from an identity file.
func RecipientOf(id age.Identity) (age.Recipient, error) {
	switch id := id.(type) {
	case *age.HybridIdentity:
		return id.Recipient(), nil
	case *age.X25519Identity:
		return id.Recipient(), nil
	default:
		return nil, fmt.Errorf("seal: recipient of identity: unsupported identity type %T", id)
	}
}

// ParseRecipient parses one recipient: "age1pq1..." (hybrid) or "age1..."
// (X25519). The error does not quote s.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, errors.New("not a valid post-quantum recipient (age1pq1...): damaged or cut short?")
		}
		return r, nil
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, errors.New("not a valid recipient (age1...): damaged or cut short?")
		}
		return r, nil
	case strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-"):
		return nil, errors.New("this is a private key (AGE-SECRET-KEY-...), not a recipient: a kiosk must only hold the public recipient (age1...); get it with age-keygen -y")
	case strings.HasPrefix(s, "ssh-"):
		return nil, errors.New("SSH keys are not supported as recipients; use an age recipient (age1...)")
	default:
		return nil, errors.New("not an age recipient (expected a line starting with age1)")
	}
}

// ParseRecipients parses a recipients file: one recipient per line, blank
// lines and lines starting with "#" ignored, CRLF line ends accepted. It
// fails when the file has no recipient, names a private key, or mixes
// post-quantum and classic recipients. Errors name the line number but never
// quote the line.
func ParseRecipients(r io.Reader) ([]age.Recipient, error) {
	var rs []age.Recipient
	var pq, classic bool
	err := eachLine(r, func(n int, line string) error {
		rec, err := ParseRecipient(line)
		if err != nil {
			return fmt.Errorf("line %d: %v", n, err)
		}
		if _, ok := rec.(*age.HybridRecipient); ok {
			pq = true
		} else {
			classic = true
		}
		if pq && classic {
			return fmt.Errorf("line %d: post-quantum (age1pq1...) and classic (age1...) recipients cannot be mixed; use one kind", n)
		}
		rs = append(rs, rec)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seal: recipients: %w", err)
	}
	if len(rs) == 0 {
		return nil, ErrNoRecipients
	}
	return rs, nil
}

// ParseIdentities parses an unprotected identity file: one identity per
// line ("AGE-SECRET-KEY-PQ-1..." or "AGE-SECRET-KEY-1..."), blank lines and
// "#" comments ignored. Errors never quote a line.
func ParseIdentities(r io.Reader) ([]age.Identity, error) {
	var ids []age.Identity
	err := eachLine(r, func(n int, line string) error {
		var id age.Identity
		var err error
		switch {
		case strings.HasPrefix(line, "AGE-SECRET-KEY-PQ-1"):
			id, err = age.ParseHybridIdentity(line)
		case strings.HasPrefix(line, "AGE-SECRET-KEY-1"):
			id, err = age.ParseX25519Identity(line)
		case strings.HasPrefix(line, "age1"):
			return fmt.Errorf("line %d: this is a recipient (public key), not an identity", n)
		default:
			return fmt.Errorf("line %d: not an age identity (expected AGE-SECRET-KEY-...)", n)
		}
		if err != nil {
			return fmt.Errorf("line %d: damaged age identity", n)
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seal: identities: %w", err)
	}
	if len(ids) == 0 {
		return nil, errors.New("seal: identities: the file contains no identity")
	}
	return ids, nil
}

func eachLine(r io.Reader, fn func(n int, line string) error) error {
	data, err := io.ReadAll(io.LimitReader(r, maxKeyFile+1))
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if len(data) > maxKeyFile {
		return fmt.Errorf("file is larger than %d bytes", maxKeyFile)
	}
	if !utf8.Valid(data) {
		return errors.New("file is not UTF-8 text")
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxKeyFile)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// FormatIdentities returns an unprotected identity file holding ids, with a
// comment giving each one's recipient.
func FormatIdentities(ids ...age.Identity) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# created: %s\n", time.Now().UTC().Format(time.RFC3339))
	for _, id := range ids {
		s, ok := id.(fmt.Stringer)
		if !ok {
			return nil, fmt.Errorf("seal: format identities: unsupported identity type %T", id)
		}
		r, err := RecipientOf(id)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "# public key: %s\n%s\n", r.(fmt.Stringer).String(), s.String())
	}
	return b.Bytes(), nil
}

// IdentityFileOptions tune WriteIdentityFile.
type IdentityFileOptions struct {
	// WorkFactor is scrypt's log2(N); 0 means age's default (18, about a
	// second). Tests may use small values.
	WorkFactor int
}

// WriteIdentityFile writes ids to w as a passphrase-protected identity file:
// an ASCII-armored age file encrypted with scrypt, readable by
// ReadIdentityFile and by "age -d -i". An empty passphrase is refused.
func WriteIdentityFile(w io.Writer, ids []age.Identity, passphrase string, opts *IdentityFileOptions) error {
	if len(ids) == 0 {
		return errors.New("seal: write identity file: no identities")
	}
	if passphrase == "" {
		return errors.New("seal: write identity file: an empty passphrase would not protect the key")
	}
	plain, err := FormatIdentities(ids...)
	if err != nil {
		return err
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return fmt.Errorf("seal: write identity file: %w", err)
	}
	if opts != nil && opts.WorkFactor > 0 {
		r.SetWorkFactor(opts.WorkFactor)
	}
	a := armor.NewWriter(w)
	e, err := age.Encrypt(a, r)
	if err != nil {
		return fmt.Errorf("seal: write identity file: %w", err)
	}
	if _, err := e.Write(plain); err != nil {
		return fmt.Errorf("seal: write identity file: %w", err)
	}
	if err := e.Close(); err != nil {
		return fmt.Errorf("seal: write identity file: %w", err)
	}
	if err := a.Close(); err != nil {
		return fmt.Errorf("seal: write identity file: %w", err)
	}
	return nil
}

// ErrWrongPassphrase: the identity file's passphrase is wrong.
var ErrWrongPassphrase = errors.New("seal: identity file: wrong passphrase")

// ReadIdentityFile reads an identity file. When it is passphrase-protected
// (armored or binary age), passphrase is called once to get the passphrase;
// a nil passphrase func then gives an error saying one is needed. Plain
// identity files are read without asking.
func ReadIdentityFile(r io.Reader, passphrase func() (string, error)) ([]age.Identity, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("seal: identity file: read: %w", err)
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("seal: identity file: larger than %d bytes", maxKeyFile)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	var src io.Reader
	switch {
	case bytes.HasPrefix(trimmed, []byte(armor.Header)):
		src = armor.NewReader(bytes.NewReader(trimmed))
	case bytes.HasPrefix(data, []byte("age-encryption.org/")):
		src = bytes.NewReader(data)
	default:
		return ParseIdentities(bytes.NewReader(data))
	}
	if passphrase == nil {
		return nil, errors.New("seal: identity file: it is passphrase-protected and no passphrase was given")
	}
	pass, err := passphrase()
	if err != nil {
		return nil, fmt.Errorf("seal: identity file: passphrase: %w", err)
	}
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("seal: identity file: %w", err)
	}
	plain, err := age.Decrypt(src, id)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			for _, t := range nomatch.StanzaTypes {
				if t != "scrypt" {
					return nil, errors.New("seal: identity file: it is encrypted to a key, not protected by a passphrase")
				}
			}
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("seal: identity file: damaged: %w", err)
	}
	inner, err := io.ReadAll(io.LimitReader(plain, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("seal: identity file: damaged: %w", err)
	}
	return ParseIdentities(bytes.NewReader(inner))
}
