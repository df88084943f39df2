package main

// The packages' acceptance test: in a clean Debian bookworm chroot made by
// debootstrap, apt-get installs the three .debs (resolving their Depends
// from the Debian mirror), every file lands with its mode, postinst makes
// the kiosk's user, the binaries run, systemd-analyze accepts the session
// unit, the kiosk session runs under cage (wlroots headless) and shows the
// welcome screen, lintian finds nothing it was not told about, and remove
// and purge leave the data folder. `make package-test` runs it as root.

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Environment: AFTERIMAGE_DEBS (the folder of the .debs; without it the
// test skips, as a plain `go test` here has no packages), and optionally
// AFTERIMAGE_DEBOOTSTRAP_CACHE (where the debootstrap tarball is kept),
// AFTERIMAGE_DEBIAN_MIRROR and AFTERIMAGE_SCREENSHOTS (a folder for the
// session's screenshot).
func TestPackagesInstallInCleanBookworm(t *testing.T) {
	debs := os.Getenv("AFTERIMAGE_DEBS")
	if debs == "" {
		t.Skip("AFTERIMAGE_DEBS is not set: run `make package-test`")
	}
	if os.Geteuid() != 0 {
		t.Fatal("this test makes a chroot and needs root: run `make package-test` (it uses sudo)")
	}
	mirror := cmpOr(os.Getenv("AFTERIMAGE_DEBIAN_MIRROR"), "http://deb.debian.org/debian")
	cache := cmpOr(os.Getenv("AFTERIMAGE_DEBOOTSTRAP_CACHE"), filepath.Join(os.TempDir(), "afterimage-debootstrap"))
	pkgs := map[string]string{}
	for _, name := range []string{"afterimage-kiosk", "afterimage-gallery", "afterimage"} {
		m, _ := filepath.Glob(filepath.Join(debs, name+"_*.deb"))
		if len(m) != 1 {
			t.Fatalf("want one %s_*.deb in %s, found %v", name, debs, m)
		}
		pkgs[name] = m[0]
	}

	t.Run("lintian", func(t *testing.T) {
		// Errors and warnings fail; the packages' overrides (shipped in
		// /usr/share/lintian/overrides) say why each accepted one is right.
		args := append([]string{"--fail-on", "error,warning", "--allow-root"}, pkgs["afterimage-kiosk"], pkgs["afterimage-gallery"], pkgs["afterimage"])
		if out, err := exec.Command("lintian", args...).CombinedOutput(); err != nil {
			t.Errorf("lintian: %v\n%s", err, out)
		}
	})

	start := time.Now()
	root := bootstrap(t, cache, mirror)
	t.Logf("clean bookworm chroot ready in %v", time.Since(start).Round(time.Second))

	// The .debs, as apt-get install ./x.deb takes them.
	if err := os.MkdirAll(filepath.Join(root, "debs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		sh(t, "cp", p, filepath.Join(root, "debs"))
	}
	start = time.Now()
	chroot(t, root, "apt-get", "update", "-qq")
	// man-db too, not a dependency: systemd-analyze verify checks the
	// unit's Documentation= man page with it.
	chroot(t, root, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "man-db",
		"./debs/"+filepath.Base(pkgs["afterimage-kiosk"]),
		"./debs/"+filepath.Base(pkgs["afterimage-gallery"]),
		"./debs/"+filepath.Base(pkgs["afterimage"]))
	t.Logf("apt-get install of the three packages and their dependencies: %v", time.Since(start).Round(time.Second))

	for name, deb := range pkgs {
		checkFilesPlaced(t, root, deb)
		// Each package's binary has its name. Standard output only: Fyne
		// complains on stderr about the chroot's C locale.
		out, err := exec.Command("chroot", root, "/usr/bin/"+name, "-version").Output()
		if err != nil {
			t.Errorf("%s -version: %v", name, err)
		}
		if !strings.HasPrefix(string(out), name+" ") || strings.Contains(string(out), " dev") {
			t.Errorf("%s -version says %q: want %q and the build's version", name, out, name+" …")
		}
	}

	// The kiosk's user, its data folder, its config's group.
	pw := chroot(t, root, "getent", "passwd", "afterimage")
	if f := strings.Split(pw, ":"); len(f) != 7 || f[5] != "/var/lib/afterimage" || f[6] != "/usr/sbin/nologin" {
		t.Errorf("user afterimage: %q, want a system user with home /var/lib/afterimage and no login shell", pw)
	}
	checkOwner(t, root, "/var/lib/afterimage", "afterimage", "afterimage", 0o700)
	checkOwner(t, root, "/etc/afterimage", "root", "afterimage", 0o750)
	checkOwner(t, root, "/etc/afterimage/afterimage.toml", "root", "afterimage", 0o640)

	t.Run("unit", func(t *testing.T) {
		out, err := chrootErr(root, nil, "systemd-analyze", "verify", "/usr/lib/systemd/system/afterimage-kiosk.service")
		if err != nil || strings.TrimSpace(out) != "" {
			t.Errorf("systemd-analyze verify: %v\n%s", err, out)
		}
	})

	t.Run("session", func(t *testing.T) { kioskSession(t, root) })

	// A piece waiting to be uploaded, and a key an admin put in /etc.
	piece := filepath.Join(root, "var/lib/afterimage/piece-not-yet-uploaded")
	if err := os.WriteFile(piece, []byte("sealed"), 0o600); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "etc/afterimage/s3-secret")
	if err := os.WriteFile(secret, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	chroot(t, root, "apt-get", "remove", "-y", "-qq", "afterimage-kiosk")
	mustExist(t, root, "/var/lib/afterimage/piece-not-yet-uploaded", "/etc/afterimage/afterimage.toml")
	mustNotExist(t, root, "/usr/bin/afterimage-kiosk", "/usr/lib/systemd/system/afterimage-kiosk.service")
	chroot(t, root, "getent", "passwd", "afterimage")
	chroot(t, root, "apt-get", "purge", "-y", "-qq", "afterimage-kiosk", "afterimage-gallery", "afterimage")
	mustExist(t, root, "/var/lib/afterimage/piece-not-yet-uploaded", "/etc/afterimage/s3-secret")
	mustNotExist(t, root, "/etc/afterimage/afterimage.toml", "/etc/pam.d/afterimage-kiosk", "/usr/bin/afterimage")
	chroot(t, root, "getent", "passwd", "afterimage")
}

// bootstrap makes a clean bookworm (minbase) in a temporary folder, from a
// cached debootstrap tarball (made on the first run: the download is most
// of the time).
func bootstrap(t *testing.T, cache, mirror string) string {
	t.Helper()
	tarball := filepath.Join(cache, "bookworm-minbase-"+arch(t)+".tgz")
	if _, err := os.Stat(tarball); err != nil {
		if err := os.MkdirAll(cache, 0o755); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		tmp := tarball + ".part"
		os.Remove(tmp)
		sh(t, "debootstrap", "--variant=minbase", "--make-tarball="+tmp, "bookworm", t.TempDir(), mirror)
		if err := os.Rename(tmp, tarball); err != nil {
			t.Fatal(err)
		}
		t.Logf("debootstrap tarball made in %v (cached in %s)", time.Since(start).Round(time.Second), tarball)
	}
	// debootstrap --unpack-tarball still installs every package (minutes);
	// its result is cached too, as a plain tar of the fresh root, remade
	// whenever the debootstrap tarball is newer.
	root := filepath.Join(t.TempDir(), "bookworm")
	rootTar := strings.TrimSuffix(tarball, ".tgz") + "-root.tar"
	if fresh(rootTar, tarball) {
		if err := os.Mkdir(root, 0o755); err != nil {
			t.Fatal(err)
		}
		sh(t, "tar", "-C", root, "--numeric-owner", "-xpf", rootTar)
	} else {
		sh(t, "debootstrap", "--variant=minbase", "--unpack-tarball="+tarball, "bookworm", root, mirror)
		sh(t, "tar", "-C", root, "--numeric-owner", "-cpf", rootTar+".part", ".")
		if err := os.Rename(rootTar+".part", rootTar); err != nil {
			t.Fatal(err)
		}
	}
	// /proc, and /dev/shm for the compositor's shared-memory buffers.
	// Unmounted by cleanups registered after TempDir's: they run before
	// the folder is removed.
	for _, m := range []struct{ fs, dir, opts string }{
		{"proc", "proc", "nosuid,nodev,noexec"},
		{"tmpfs", "dev/shm", "nosuid,nodev,mode=1777"},
	} {
		dir := filepath.Join(root, m.dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		sh(t, "mount", "-t", m.fs, "-o", m.opts, m.fs, dir)
		t.Cleanup(func() {
			if err := exec.Command("umount", dir).Run(); err != nil {
				t.Errorf("umount %s: %v", dir, err)
			}
		})
	}
	sh(t, "cp", "/etc/resolv.conf", filepath.Join(root, "etc/resolv.conf"))
	// A chroot starts no services (the standard policy-rc.d).
	if err := os.WriteFile(filepath.Join(root, "usr/sbin/policy-rc.d"), []byte("#!/bin/sh\nexit 101\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// fresh reports whether path exists and is newer than its source.
func fresh(path, source string) bool {
	a, err := os.Stat(path)
	b, err2 := os.Stat(source)
	return err == nil && err2 == nil && a.ModTime().After(b.ModTime())
}

// checkFilesPlaced checks that every file and link in the .deb is on disk
// with the package's mode (directories may be shared with others).
func checkFilesPlaced(t *testing.T, root, deb string) {
	t.Helper()
	out := sh(t, "dpkg-deb", "--contents", deb)
	n := 0
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[0][0] == 'd' {
			continue
		}
		path := strings.TrimPrefix(f[5], ".")
		info, err := os.Lstat(filepath.Join(root, path))
		if err != nil {
			t.Errorf("%s: %s not installed: %v", filepath.Base(deb), path, err)
			continue
		}
		if got := info.Mode().String(); got != f[0] && !(f[0][0] == 'l' && got[0] == 'L') {
			t.Errorf("%s: %s has mode %s, the package says %s", filepath.Base(deb), path, got, f[0])
		}
		n++
	}
	if n < 3 {
		t.Errorf("%s: only %d files: %s", deb, n, out)
	}
}

func checkOwner(t *testing.T, root, path, user, group string, mode os.FileMode) {
	t.Helper()
	out := chroot(t, root, "stat", "-c", "%U %G %a", path)
	if want := fmt.Sprintf("%s %s %o", user, group, mode); out != want {
		t.Errorf("%s: %s, want %s", path, out, want)
	}
}

// kioskSession runs the kiosk's session as the unit does (cage, the
// afterimage user, the unit's environment), on wlroots' headless backend
// with the pixman renderer, and takes a screenshot with grim.
func kioskSession(t *testing.T, root string) {
	rt := "/run/afterimage-kiosk"
	chroot(t, root, "install", "-d", "-o", "afterimage", "-g", "afterimage", "-m", "0700", rt)
	logPath := filepath.Join(t.TempDir(), "session.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	ctx, cancel := context.WithCancel(context.Background())
	// Development mode (no config): the provisioned config is the admin
	// CLI's test; this one is about the session.
	cmd := exec.CommandContext(ctx, "chroot", root, "setpriv", "--reuid=afterimage", "--regid=afterimage", "--init-groups",
		"env", "-i", "HOME=/var/lib/afterimage", "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
		"XDG_RUNTIME_DIR="+rt, "WLR_BACKENDS=headless", "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1",
		"/usr/bin/cage", "-d", "--", "/usr/bin/afterimage-kiosk")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("session log:\n%s", log)
		}
	}()
	start := time.Now()
	if !waitFor(logPath, regexp.MustCompile(`screen shown.*screen=welcome`), 3*time.Minute) {
		t.Fatalf("the kiosk did not show its welcome screen under cage within 3 minutes")
	}
	t.Logf("welcome screen shown under cage %v after start", time.Since(start).Round(100*time.Millisecond))
	shot := filepath.Join(cmpOr(os.Getenv("AFTERIMAGE_SCREENSHOTS"), t.TempDir()), "kiosk-cage-welcome.png")
	// The log line comes when Fyne has the screen, a little before
	// Xwayland's window reaches cage's output: take pictures until one
	// shows the welcome screen.
	deadline := time.Now().Add(time.Minute)
	for {
		grim := exec.Command("grim", shot)
		grim.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+filepath.Join(root, rt), "WAYLAND_DISPLAY=wayland-0")
		out, err := grim.CombinedOutput()
		if err != nil {
			// grim runs on the host against the chroot's Wayland socket
			t.Fatalf("grim: %v\n%s", err, out)
		}
		problem := checkWelcome(shot)
		if problem == "" {
			t.Logf("screenshot of the welcome screen under cage: %s (%v after start)", shot, time.Since(start).Round(100*time.Millisecond))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a minute after the welcome screen was shown, cage's output is still not it: %s", problem)
		}
		time.Sleep(500 * time.Millisecond) // grim cannot wait for a frame
	}
}

// checkWelcome says what is wrong if the screenshot does not show the
// welcome screen: a full output of the kiosk's warm paper background with
// its green "Begin" button in the middle (not cage's black screen, not an
// X window's frame).
func checkWelcome(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return err.Error()
	}
	b := img.Bounds()
	paper, green := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl := rgb(img, x, y)
			switch {
			case r > 225 && g > 220 && bl > 205 && r >= bl: // background
				paper++
			case g > r+15 && g > bl && r < 110 && g < 140: // the Begin button
				green++
			}
		}
	}
	total := (b.Dx() / 4) * (b.Dy() / 4)
	if paper < total/2 || green < total/200 {
		return fmt.Sprintf("%s (%dx%d): %d%% background, %d%% button green", path, b.Dx(), b.Dy(), 100*paper/total, 100*green/total)
	}
	if r, g, bl := rgb(img, b.Dx()/2, b.Dy()*62/100); !(g > r && r < 110) {
		return fmt.Sprintf("%s: no Begin button at the centre below the text (pixel %d,%d,%d)", path, r, g, bl)
	}
	return ""
}

func rgb(img image.Image, x, y int) (int, int, int) {
	r, g, b, _ := img.At(x, y).RGBA()
	return int(r >> 8), int(g >> 8), int(b >> 8)
}

// waitFor waits until the file holds a line matching re.
func waitFor(path string, re *regexp.Regexp, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if f, err := os.Open(path); err == nil {
			s := bufio.NewScanner(f)
			for s.Scan() {
				if re.Match(s.Bytes()) {
					f.Close()
					return true
				}
			}
			f.Close()
		}
		time.Sleep(200 * time.Millisecond) // polling a log file: no event to wait on
	}
	return false
}

func mustExist(t *testing.T, root string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(root, p)); err != nil {
			t.Errorf("%s is gone: %v", p, err)
		}
	}
}

func mustNotExist(t *testing.T, root string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(root, p)); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
}

func arch(t *testing.T) string {
	out, err := output("", "dpkg", "--print-architecture")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// chroot runs a command in the chroot and returns its trimmed output.
func chroot(t *testing.T, root string, args ...string) string {
	t.Helper()
	out, err := chrootErr(root, nil, args...)
	if err != nil {
		t.Fatalf("in the chroot, %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(out)
}

func chrootErr(root string, env []string, args ...string) (string, error) {
	cmd := exec.Command("chroot", append([]string{root}, args...)...)
	cmd.Env = append([]string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND=noninteractive", "LANG=C.UTF-8"}, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func sh(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
