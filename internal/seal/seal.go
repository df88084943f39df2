package seal

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// Errors callers can test with errors.Is.
var (
	// ErrNoRecipients: there is no one to seal to, so nothing is written.
	ErrNoRecipients = errors.New("seal: no recipients configured: refusing to write data that nobody could read (fail closed)")
	// ErrNoIdentities: an Opener needs at least one identity.
	ErrNoIdentities = errors.New("seal: no identities given")
	// ErrWrongIdentity: the data was sealed, but not for any identity in use.
	ErrWrongIdentity = errors.New("seal: this data was not sealed for the identity in use (wrong key file?)")
	// ErrNotSealed: the data does not start with a valid age header.
	ErrNotSealed = errors.New("seal: not age-sealed data, or its header is damaged")
	// ErrDamaged: the sealed payload failed authentication or was cut short.
	ErrDamaged = errors.New("seal: sealed data is damaged or truncated")
)

// Sealer encrypts to a fixed set of recipients.
type Sealer struct {
	recipients  []age.Recipient
	development bool
}

// NewSealer returns a Sealer for the given recipients. It fails with
// ErrNoRecipients when there are none (or only nil ones), and with a clear
// error when the recipients cannot be combined (post-quantum and classic).
func NewSealer(recipients ...age.Recipient) (*Sealer, error) {
	var rs []age.Recipient
	for _, r := range recipients {
		if r != nil {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, ErrNoRecipients
	}
	// Seal an empty file once: it checks that the recipients work and can be
	// combined, now rather than at the first piece.
	w, err := age.Encrypt(io.Discard, rs...)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("seal: recipients: %w", err)
	}
	return &Sealer{recipients: rs}, nil
}

// Development reports whether s seals to a development identity (see
// NewDevSealer).
func (s *Sealer) Development() bool { return s.development }

// Recipients returns the recipients s seals to.
func (s *Sealer) Recipients() []age.Recipient { return append([]age.Recipient(nil), s.recipients...) }

// Seal returns a writer that encrypts what is written to it into dst. The
// caller must Close it to write the last chunk; Close does not close dst.
func (s *Sealer) Seal(dst io.Writer) (io.WriteCloser, error) {
	if s == nil || len(s.recipients) == 0 {
		return nil, ErrNoRecipients
	}
	w, err := age.Encrypt(dst, s.recipients...)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return w, nil
}

// SealBytes returns p sealed.
func (s *Sealer) SealBytes(p []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(p) + len(p)/4096 + 2048)
	w, err := s.Seal(&buf)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(p); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return buf.Bytes(), nil
}

// Opener decrypts with a set of identities.
type Opener struct {
	identities []age.Identity
}

// NewOpener returns an Opener trying the given identities in order.
func NewOpener(identities ...age.Identity) (*Opener, error) {
	var ids []age.Identity
	for _, id := range identities {
		if id != nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, ErrNoIdentities
	}
	return &Opener{identities: ids}, nil
}

// Open reads the age header from src and returns a reader of the plaintext.
// It fails with ErrWrongIdentity when none of the identities can open src,
// and with ErrNotSealed when src is not age data. Reads fail with ErrDamaged
// (wrapping the cause) when the payload is damaged or truncated: no
// unauthenticated plaintext is ever returned.
func (o *Opener) Open(src io.Reader) (io.Reader, error) {
	r, err := age.Decrypt(src, o.identities...)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nomatch):
			return nil, ErrWrongIdentity
		case isHeaderError(err):
			return nil, fmt.Errorf("%w: %w", ErrNotSealed, err)
		default:
			return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
		}
	}
	return &damageReader{r: r}, nil
}

func isHeaderError(err error) bool {
	return bytes.Contains([]byte(err.Error()), []byte("failed to read header"))
}

// OpenBytes returns the plaintext of sealed.
func (o *Opener) OpenBytes(sealed []byte) ([]byte, error) {
	r, err := o.Open(bytes.NewReader(sealed))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

type damageReader struct{ r io.Reader }

func (d *damageReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return n, err
}
