package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
)

const (
	maintainer = "The Afterimage authors <packages@afterimage.health>"
	homepage   = "https://afterimage.health"
	// release is the Debian revision: these packages are built outside
	// Debian from an upstream version, so the version is 0.1.0-1.
	release = "1"
)

// iconSizes are the hicolor sizes rasterised from the SVG.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// options are the tool's inputs.
type options struct {
	src      string // the repository's root
	bin      string // the built binaries
	out      string // where the .debs go
	describe string // the binaries' version (git describe)
	commits  int
	mtime    time.Time
	arch     string
}

func main() {
	var o options
	flag.StringVar(&o.src, "src", ".", "the repository's root")
	flag.StringVar(&o.bin, "bin", "bin", "folder of the built afterimage, afterimage-kiosk and afterimage-gallery")
	flag.StringVar(&o.out, "out", "dist", "folder to write the .deb files to")
	flag.StringVar(&o.describe, "version", "", "the binaries' version as the Makefile sets it (default: git describe --tags --always --dirty)")
	flag.StringVar(&o.arch, "arch", "", "Debian architecture (default: dpkg --print-architecture)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(o, log); err != nil {
		fmt.Fprintln(os.Stderr, "afterimage-pkg:", err)
		os.Exit(1)
	}
}

func run(o options, log *slog.Logger) error {
	var err error
	if o.src, err = filepath.Abs(o.src); err != nil {
		return err
	}
	if o.bin, err = filepath.Abs(o.bin); err != nil {
		return err
	}
	if o.describe == "" {
		o.describe = gitOr(o.src, "dev", "describe", "--tags", "--always", "--dirty")
	}
	o.commits, _ = strconv.Atoi(gitOr(o.src, "0", "rev-list", "--count", "HEAD"))
	o.mtime = buildTime(o.src)
	if o.arch == "" {
		a, err := output("", "dpkg", "--print-architecture")
		if err != nil {
			return err
		}
		o.arch = a
	}
	version, err := debVersion(o.describe, o.commits)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "afterimage-pkg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	b := &builder{o: o, version: version, work: work}
	if err := b.prepare(); err != nil {
		return err
	}
	for _, p := range b.packages() {
		path, err := b.build(p)
		if err != nil {
			return fmt.Errorf("package %s: %w", p.Name, err)
		}
		log.Info("built", "package", path, "version", version+"-"+release)
	}
	return nil
}

// builder holds what the three packages share.
type builder struct {
	o       options
	version string
	work    string
}

func (b *builder) src(p ...string) string  { return filepath.Join(append([]string{b.o.src}, p...)...) }
func (b *builder) pkgd(p ...string) string { return b.src(append([]string{"packaging"}, p...)...) }
func (b *builder) tmp(p ...string) string  { return filepath.Join(append([]string{b.work}, p...)...) }

// prepare validates the static files and makes the generated ones.
func (b *builder) prepare() error {
	// The packages ship stripped copies (the symbols are of no use on a
	// kiosk; the Go build info, which says what the binary is built from,
	// stays).
	if err := os.MkdirAll(b.tmp("bin"), 0o755); err != nil {
		return err
	}
	for _, bin := range []string{"afterimage", "afterimage-kiosk", "afterimage-gallery"} {
		src := filepath.Join(b.o.bin, bin)
		if _, err := os.Stat(src); err != nil {
			return fmt.Errorf("%w (run make build first)", err)
		}
		if out, err := exec.Command("strip", "--remove-section=.comment", "--remove-section=.note", "-o", b.tmp("bin", bin), src).CombinedOutput(); err != nil {
			return fmt.Errorf("strip %s: %s %w", src, out, err)
		}
	}
	for _, app := range []string{"kiosk", "gallery"} {
		desktop := b.pkgd("health.afterimage." + app + ".desktop")
		if out, err := exec.Command("desktop-file-validate", desktop).CombinedOutput(); err != nil || len(out) > 0 {
			return fmt.Errorf("desktop-file-validate %s: %s %v", desktop, out, err)
		}
		if err := b.metainfo(app); err != nil {
			return err
		}
	}
	svg := b.src("assets", "icons", "afterimage.svg")
	for _, n := range iconSizes {
		png := b.tmp("icons", fmt.Sprintf("%d.png", n))
		if err := os.MkdirAll(filepath.Dir(png), 0o755); err != nil {
			return err
		}
		if out, err := exec.Command("rsvg-convert", "-w", strconv.Itoa(n), "-h", strconv.Itoa(n), "-o", png, svg).CombinedOutput(); err != nil {
			return fmt.Errorf("rsvg-convert %s at %d px: %s %w", svg, n, out, err)
		}
	}
	if err := b.manPages(); err != nil {
		return err
	}
	return nil
}

// metainfo writes the app's metainfo with this release in it, and
// validates it.
func (b *builder) metainfo(app string) error {
	name := "health.afterimage." + app + ".metainfo.xml"
	data, err := os.ReadFile(b.pkgd("metainfo", name))
	if err != nil {
		return err
	}
	rel := fmt.Sprintf("  <releases>\n    <release version=\"%s\" date=\"%s\"/>\n  </releases>\n</component>", b.version, b.o.mtime.UTC().Format("2006-01-02"))
	data = bytes.Replace(data, []byte("</component>"), []byte(rel), 1)
	out := b.tmp("metainfo", name)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	if msg, err := exec.Command("appstreamcli", "validate", "--no-net", out).CombinedOutput(); err != nil {
		return fmt.Errorf("appstreamcli validate %s: %s %w", name, msg, err)
	}
	return nil
}

// manPages writes the CLI's page from its own help (so it never lags the
// commands) and stamps the apps' hand-written pages with the version.
func (b *builder) manPages() error {
	help, err := exec.Command(filepath.Join(b.o.bin, "afterimage"), "help").Output()
	if err != nil {
		return fmt.Errorf("afterimage help: %w", err)
	}
	date := b.o.mtime.UTC().Format("2006-01-02")
	pages := map[string][]byte{"afterimage.1": cliManPage(string(help), b.version, date)}
	for _, app := range []string{"afterimage-kiosk.1", "afterimage-gallery.1"} {
		data, err := os.ReadFile(b.pkgd("man", app))
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(data, []byte("@VERSION@"), []byte(b.version))
		pages[app] = bytes.ReplaceAll(data, []byte("@DATE@"), []byte(date))
	}
	for name, page := range pages {
		if err := writeGzip(b.tmp("man", name+".gz"), page); err != nil {
			return err
		}
	}
	return nil
}

// pkg is one package: nfpm's description of it.
type pkg = nfpm.Info

func (b *builder) packages() []*pkg {
	glfw := []string{ // opened by GLFW with dlopen: invisible to dpkg-shlibdeps
		"libxcursor1", "libxrandr2", "libxinerama1", "libxi6", "libxxf86vm1", "libx11-xcb1", "libxrender1",
	}
	kiosk := b.info("afterimage-kiosk", "afterimage-kiosk", "Afterimage kiosk: draw, make music and reflect after a therapy session",
		`A calm, touch-first kiosk for the recovery lounge of a clinic that offers
ketamine-assisted therapy: right after a session a patient draws, records
music or their voice, writes, and says how each piece feels. Every piece
is encrypted before it touches the disk and uploaded to the clinic's
S3-compatible storage; the next patient never sees the last one's work.
.
This package also installs a locked-down kiosk session (a systemd unit
running the kiosk under the cage compositor as the system user
"afterimage"); it is not enabled until the kiosk is provisioned.`)
	kiosk.Depends = append(kiosk.Depends, glfw...)
	kiosk.Depends = append(kiosk.Depends, "cage", "xwayland", "libpam-systemd", "adduser")
	kiosk.Contents = append(kiosk.Contents, b.app("kiosk")...)
	kiosk.Contents = append(kiosk.Contents,
		file(b.pkgd("kiosk", "afterimage-kiosk.service"), "/usr/lib/systemd/system/afterimage-kiosk.service", 0o644),
		conffile(b.pkgd("kiosk", "afterimage-kiosk.pam"), "/etc/pam.d/afterimage-kiosk", 0o644),
		&files.Content{Type: files.TypeDir, Destination: "/etc/afterimage", FileInfo: &files.ContentFileInfo{Mode: 0o750}},
		// 0640: the file provisioning puts here holds the kiosk's settings
		// and may name its secrets; postinst gives it the group afterimage.
		conffile(b.pkgd("kiosk", "afterimage.toml"), "/etc/afterimage/afterimage.toml", 0o640),
	)
	kiosk.Scripts = nfpm.Scripts{
		PostInstall: b.pkgd("scripts", "kiosk-postinst"),
		PreRemove:   b.pkgd("scripts", "kiosk-prerm"),
		PostRemove:  b.pkgd("scripts", "kiosk-postrm"),
	}

	gallery := b.info("afterimage-gallery", "afterimage-gallery", "Afterimage gallery: review patients' integration pieces with them",
		`The therapist's side of Afterimage. At the follow-up visit it shows every
piece a patient made on the clinic's kiosks, across visits (drawings,
music, voice and writing) to review together, replay, listen to, annotate
and report on. Pieces are opened only with the clinic's key; the gallery
locks itself when left alone and keeps an audit log of what was opened.`)
	gallery.Depends = append(gallery.Depends, glfw...)
	gallery.Contents = append(gallery.Contents, b.app("gallery")...)

	cli := b.info("afterimage", "afterimage", "admin tool for Afterimage: keys, kiosk provisioning, verification",
		`The command line tool for a clinic's IT person: the clinic identity
(keygen), kiosk provisioning, patient codes, staff PIN hashes, and
checks of what is in the clinic's storage. See afterimage(1).`)
	return []*pkg{kiosk, gallery, cli}
}

// info is a package with the parts every one has: its binary, man page,
// copyright, changelog, and Depends from the binary's libraries.
func (b *builder) info(name, binary, summary, long string) *pkg {
	return &pkg{
		Name:    name,
		Arch:    b.o.arch,
		Version: b.version,
		Release: release,
		// VersionSchema none: debVersion already made a Debian version.
		VersionSchema: "none",
		Section:       map[bool]string{true: "admin", false: "misc"}[name == "afterimage"],
		Priority:      "optional",
		Maintainer:    maintainer,
		Homepage:      homepage,
		License:       "proprietary",
		Description:   summary + "\n" + long,
		MTime:         b.o.mtime,
		Overridables: nfpm.Overridables{
			Contents: files.Contents{
				file(b.tmp("bin", binary), "/usr/bin/"+binary, 0o755),
				file(b.tmp("man", binary+".1.gz"), "/usr/share/man/man1/"+binary+".1.gz", 0o644),
				file(b.tmp("copyright", name), "/usr/share/doc/"+name+"/copyright", 0o644),
				file(b.tmp("changelog", name, "changelog.Debian.gz"), "/usr/share/doc/"+name+"/changelog.Debian.gz", 0o644),
				file(b.pkgd("lintian", name), "/usr/share/lintian/overrides/"+name, 0o644),
			},
			Deb: nfpm.Deb{Compression: "gzip"},
		},
	}
}

// app is an app's desktop entry, metainfo and icons.
func (b *builder) app(app string) files.Contents {
	id := "health.afterimage." + app
	c := files.Contents{
		file(b.pkgd(id+".desktop"), "/usr/share/applications/"+id+".desktop", 0o644),
		file(b.tmp("metainfo", id+".metainfo.xml"), "/usr/share/metainfo/"+id+".metainfo.xml", 0o644),
		file(b.src("assets", "icons", "afterimage.svg"), "/usr/share/icons/hicolor/scalable/apps/"+id+".svg", 0o644),
	}
	for _, n := range iconSizes {
		c = append(c, file(b.tmp("icons", fmt.Sprintf("%d.png", n)),
			fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", n, n, id), 0o644))
	}
	return c
}

// build finishes p (Depends, changelog) and writes its .deb.
func (b *builder) build(p *pkg) (string, error) {
	binary := strings.TrimPrefix(p.Contents[0].Destination, "/usr/bin/")
	deps, err := shlibDepends(filepath.Join(b.o.bin, binary))
	if err != nil {
		return "", err
	}
	p.Depends = append(deps, p.Depends...)
	if err := b.changelog(p.Name); err != nil {
		return "", err
	}
	cr, err := b.copyright(binary)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(b.tmp("copyright"), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(b.tmp("copyright", p.Name), cr, 0o644); err != nil {
		return "", err
	}
	packager, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	info := nfpm.WithDefaults(p)
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return "", err
	}
	path := filepath.Join(b.o.out, packager.ConventionalFileName(info))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := packager.Package(info, f); err != nil {
		f.Close()
		os.Remove(path)
		return "", err
	}
	return path, f.Close()
}

// changelog writes the package's Debian changelog: one entry, this build.
func (b *builder) changelog(name string) error {
	subject := gitOr(b.o.src, "a build from an unknown tree", "log", "-1", "--format=%s")
	text := fmt.Sprintf("%s (%s-%s) unstable; urgency=medium\n\n  * Built from %s:\n    %s\n\n -- %s  %s\n",
		name, b.version, release, b.o.describe, wrap(subject, 70, "    "), maintainer, b.o.mtime.UTC().Format(time.RFC1123Z))
	return writeGzip(b.tmp("changelog", name, "changelog.Debian.gz"), []byte(text))
}

// wrap breaks s into lines of at most width characters, the later ones
// indented.
func wrap(s string, width int, indent string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = strings.TrimSpace(line + " " + w)
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n"+indent)
}

// shlibDepends asks dpkg-shlibdeps which packages hold the libraries the
// binary links to.
func shlibDepends(binary string) ([]string, error) {
	dir, err := os.MkdirTemp("", "afterimage-shlibdeps-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.Mkdir(filepath.Join(dir, "debian"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "debian", "control"), []byte("Source: afterimage\n\nPackage: afterimage\nArchitecture: any\n"), 0o644); err != nil {
		return nil, err
	}
	out, err := output(dir, "dpkg-shlibdeps", "-O", "--warnings=0", "-e", binary)
	if err != nil {
		return nil, err
	}
	deps, ok := strings.CutPrefix(out, "shlibs:Depends=")
	if !ok {
		return nil, fmt.Errorf("dpkg-shlibdeps %s: unexpected answer %q", binary, out)
	}
	var list []string
	for d := range strings.SplitSeq(deps, ",") {
		list = append(list, strings.TrimSpace(d))
	}
	return list, nil
}

func file(src, dst string, mode os.FileMode) *files.Content {
	return &files.Content{Source: src, Destination: dst, FileInfo: &files.ContentFileInfo{Mode: mode}}
}

func conffile(src, dst string, mode os.FileMode) *files.Content {
	c := file(src, dst, mode)
	c.Type = files.TypeConfig
	return c
}

// writeGzip writes data gzip-compressed, without a name or a time in the
// header (reproducible, and what lintian asks of /usr/share/doc and man).
func writeGzip(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// buildTime is the time stamped on every file: SOURCE_DATE_EPOCH, else the
// last commit's time, so that a rebuild of a commit gives the same bytes.
func buildTime(src string) time.Time {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		s = gitOr(src, "", "log", "-1", "--format=%ct")
	}
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(sec, 0).UTC()
	}
	return time.Now().UTC()
}

func gitOr(dir, fallback string, args ...string) string {
	out, err := output(dir, "git", args...)
	if err != nil || out == "" {
		return fallback
	}
	return out
}

// output runs a command and returns its trimmed standard output.
func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("%s %s: %s: %w", name, strings.Join(args, " "), strings.TrimSpace(stderr.String()), err)
		}
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// copyright is packaging/copyright with the fonts' licence text (a DEP-5
// stanza: each line indented, blank lines as " .") and the Go modules the
// binary is built from.
func (b *builder) copyright(binary string) ([]byte, error) {
	head, err := os.ReadFile(b.pkgd("copyright"))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(head)
	if binary != "afterimage" { // the CLI embeds no font
		ofl, err := os.ReadFile(b.src("assets", "fonts", "OFL.txt"))
		if err != nil {
			return nil, err
		}
		out.WriteString("\nLicense: OFL-1.1\n")
		out.WriteString(dep5Text(string(ofl)))
	} else {
		out = *bytes.NewBuffer(bytes.Split(head, []byte("\nFiles: assets/fonts/*"))[0])
	}
	mods, err := output("", "go", "version", "-m", filepath.Join(b.o.bin, binary))
	if err != nil {
		return nil, err
	}
	var deps []string
	for line := range strings.SplitSeq(mods, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "dep" {
			deps = append(deps, f[1]+" "+f[2])
		}
	}
	if len(deps) > 0 {
		out.WriteString("\nComment: " + binary + " is statically built from these Go modules, each\n under its own licence (see each module's LICENSE file):\n")
		out.WriteString(dep5Text(strings.Join(deps, "\n")))
	}
	return out.Bytes(), nil
}

// dep5Text indents text as a DEP-5 field's continuation lines.
func dep5Text(text string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			line = "."
		}
		b.WriteString(" " + line + "\n")
	}
	return b.String()
}
