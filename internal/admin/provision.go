package admin

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

// provisionKiosk writes everything a new kiosk needs into <out>/<NAME>/:
// its config, its S3 secret (0600), its signing key (0600), the clinic's
// recipients and its S3 policy; it prints the gallery's trust entry (and
// adds it to the gallery's config with --gallery-config), and with
// --mc-alias creates the kiosk's S3 user and policy with mc.
func provisionKiosk(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	set := flags("provision-kiosk", stderr)
	out := set.String("out", "", "folder to write the kiosk's files into, as <out>/<NAME>/ (required)")
	recipients := set.String("recipients", "", "the clinic's recipients file (age1…, one per line, from keygen) (required)")
	s3url := set.String("s3-url", "", "the S3 service, https://host[:port] (required)")
	bucket := set.String("bucket", "afterimage", "the bucket pieces go to")
	caFile := set.String("ca-file", "", "a CA certificate (PEM) for an S3 service with a private CA; copied next to the config")
	etc := set.String("etc", "/etc/afterimage", "where the files will be on the kiosk: the paths in its config")
	gallery := set.String("gallery-config", "", "the gallery's config file: the kiosk's trust entry is added to it")
	alias := set.String("mc-alias", "", "an mc alias with admin rights on the S3 service: create the kiosk's user and policy with mc")
	name, err := nameArg(set, args, "provision-kiosk")
	if err != nil {
		return err
	}
	if *out == "" || *recipients == "" || *s3url == "" {
		return usageError("provision-kiosk: --out, --recipients and --s3-url are required")
	}
	u, err := url.Parse(*s3url)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("provision-kiosk: --s3-url %q is not an address like https://s3.clinic.example:9000", config.RedactURL(*s3url))
	}
	rcpts, err := os.ReadFile(*recipients)
	if err != nil {
		return fmt.Errorf("provision-kiosk: %w", err)
	}
	if rs, err := seal.ParseRecipients(bytes.NewReader(rcpts)); err != nil || len(rs) == 0 {
		return fmt.Errorf("provision-kiosk: %s holds no clinic recipient (age1…): %v", *recipients, err)
	}
	dir := filepath.Join(*out, name)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("provision-kiosk: %w", err)
	}
	if err := os.Mkdir(dir, 0o750); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("provision-kiosk: %s exists: a kiosk is provisioned once (revoke it and choose a new name)", dir)
		}
		return fmt.Errorf("provision-kiosk: %w", err)
	}

	in := bufio.NewReader(io.LimitReader(stdin, 4096))
	fmt.Fprintf(stderr, "staff PIN for %s (%d-%d digits), then Enter: ", name, staffpin.MinLength, staffpin.MaxLength)
	pin, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil {
		return fmt.Errorf("provision-kiosk: read the staff PIN: %w", err)
	}
	fmt.Fprint(stderr, "the same PIN again: ")
	again, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil || again != pin {
		return errors.New("provision-kiosk: the two PINs differ; run it again (nothing kept)")
	}
	pinHash, err := staffpin.Hash(pin)
	if err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("provision-kiosk: %w", err)
	}

	secret, err := newSecret()
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	policy := bytes.ReplaceAll(assets.KioskPolicy, []byte("arn:aws:s3:::afterimage/"), []byte("arn:aws:s3:::"+*bucket+"/"))
	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{"s3-secret", []byte(secret + "\n"), 0o600},
		{"recipients", rcpts, 0o644},
		{"kiosk-policy.json", policy, 0o644},
	}
	if *caFile != "" {
		ca, err := os.ReadFile(*caFile)
		if err != nil {
			os.RemoveAll(dir)
			return fmt.Errorf("provision-kiosk: --ca-file: %w", err)
		}
		files = append(files, struct {
			name string
			data []byte
			mode os.FileMode
		}{"clinic-ca.pem", ca, 0o644})
	}
	ca := ""
	if *caFile != "" {
		ca = fmt.Sprintf("ca_file         = %s\n", strconv.Quote(filepath.Join(*etc, "clinic-ca.pem")))
	}
	cfg := fmt.Sprintf(`# Afterimage kiosk %s, made by afterimage provision-kiosk. Copy this folder to
# %s on the kiosk (owner root, group the kiosk's user; see docs/ADMIN.md).
kiosk_id         = %s
recipients_file  = %s
signing_key_file = %s
data_dir         = "/var/lib/afterimage"

[remote]
url             = %s
bucket          = %s
access_key      = %s
secret_key_file = %s
%s
[kiosk]
staff_pin_hash = %s
`, name, *etc, strconv.Quote(name), strconv.Quote(filepath.Join(*etc, "recipients")),
		strconv.Quote(filepath.Join(*etc, "kiosk-signing.key")), strconv.Quote(*s3url), strconv.Quote(*bucket),
		strconv.Quote(name), strconv.Quote(filepath.Join(*etc, "s3-secret")), ca, strconv.Quote(pinHash))
	files = append(files, struct {
		name string
		data []byte
		mode os.FileMode
	}{"afterimage.toml", []byte(cfg), 0o640})
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			os.RemoveAll(dir)
			return fmt.Errorf("provision-kiosk: %w", err)
		}
	}
	if err := signer.WriteKey(filepath.Join(dir, "kiosk-signing.key")); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("provision-kiosk: %w", err)
	}

	trust := fmt.Sprintf("[[trusted_kiosks]]\nid  = %s\nkey = %s\n", strconv.Quote(name), strconv.Quote(signer.PublicKey()))
	fmt.Fprintf(stdout, "Wrote kiosk %s to %s.\n\nThe gallery trusts its pieces with this entry in its config:\n\n%s\n", name, dir, trust)
	if *gallery != "" {
		if err := addTrust(*gallery, name, trust); err != nil {
			return fmt.Errorf("provision-kiosk: %w (the kiosk's files are written; add the entry above by hand)", err)
		}
		fmt.Fprintf(stdout, "Added it to %s.\n\n", *gallery)
	}
	if *alias == "" {
		fmt.Fprintf(stdout, "Create the kiosk's S3 user (its name %s, its secret in %s) with the policy in\n%s, e.g. with mc (it asks for the secret: paste the one in s3-secret):\n\n"+
			"  mc admin user add ALIAS %s\n  mc admin policy create ALIAS afterimage-kiosk %s\n  mc admin policy attach ALIAS afterimage-kiosk --user %s\n  mc version info ALIAS/%s   # must say versioning is enabled\n",
			name, filepath.Join(dir, "s3-secret"), filepath.Join(dir, "kiosk-policy.json"), name, filepath.Join(dir, "kiosk-policy.json"), name, *bucket)
		return nil
	}
	return mcProvision(*alias, name, secret, filepath.Join(dir, "kiosk-policy.json"), *bucket, stdout)
}

// newSecret is a kiosk's S3 secret: 30 random bytes, 40 characters.
func newSecret() (string, error) {
	b := make([]byte, 30)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("provision-kiosk: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// addTrust appends the kiosk's trust entry to the gallery's config,
// refusing when the kiosk is already there.
func addTrust(path, name, entry string) error {
	cfg, err := config.Load(path)
	if cfg == nil {
		return err
	}
	for _, k := range cfg.TrustedKiosks {
		if k.ID == name {
			return fmt.Errorf("%s already trusts a kiosk %s", path, name)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("\n" + entry); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// mcProvision creates the kiosk's user (the secret given on mc's stdin,
// never on a command line) and policy with mc, and checks the bucket keeps
// versions.
func mcProvision(alias, name, secret, policy, bucket string, stdout io.Writer) error {
	mc, err := exec.LookPath("mc")
	if err != nil {
		return errors.New("provision-kiosk: --mc-alias needs mc on PATH (the kiosk's files are written; create the user as printed above)")
	}
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.Command(mc, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("mc %s: %v: %s", args[0]+" "+args[1]+" "+args[2], err, strings.TrimSpace(string(out)))
		}
		return string(out), nil
	}
	steps := [][]string{
		{"admin", "user", "add", alias, name},
		{"admin", "policy", "create", alias, "afterimage-kiosk", policy},
		{"admin", "policy", "attach", alias, "afterimage-kiosk", "--user", name},
	}
	for i, args := range steps {
		in := ""
		if i == 0 {
			in = secret + "\n"
		}
		if _, err := run(in, args...); err != nil {
			if i == 2 && strings.Contains(err.Error(), "already") {
				continue
			}
			return fmt.Errorf("provision-kiosk: %w", err)
		}
	}
	fmt.Fprintf(stdout, "Created the S3 user %s with the policy afterimage-kiosk on %s.\n", name, alias)
	info, err := run("", "version", "info", "--json", alias+"/"+bucket)
	if err != nil {
		return fmt.Errorf("provision-kiosk: %w", err)
	}
	if !strings.Contains(info, `"Enabled"`) {
		fmt.Fprintf(stdout, "WARNING: the bucket %s does not keep versions: an overwritten piece cannot be recovered.\nTurn it on: mc version enable %s/%s\n", bucket, alias, bucket)
		return errors.New("provision-kiosk: the bucket is not versioned")
	}
	fmt.Fprintf(stdout, "The bucket %s keeps versions.\n", bucket)
	return nil
}
