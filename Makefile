# Afterimage — build, run and test. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Fyne needs a real locale; C/POSIX (common on servers and CI) gets English.
ifneq ($(filter-out C POSIX C.UTF-8,$(or $(LC_ALL),$(LANG),C)),)
else
export LANG := en_US.UTF-8
export LC_ALL :=
endif
GO      ?= go
TOOLS   := $(CURDIR)/.tools/bin
BIN     := $(CURDIR)/bin
# Expanded once: the binaries and the packages must carry the same version.
ifeq ($(origin VERSION),undefined)
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
endif
LDFLAGS := -X github.com/afterimage-clinic/afterimage/internal/version.Version=$(VERSION)
# Release builds are hardened as Debian's are (lintian checks the packages): position-independent,
# linked by the system linker with read-only relocations bound at start.
BUILDFLAGS := -buildmode=pie -ldflags '$(LDFLAGS) -linkmode=external -extldflags=-Wl,-z,relro,-z,now'
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian/Ubuntu packages: what a real build of the apps needs, and what the test bench adds.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
              libxinerama-dev libxi-dev libxxf86vm-dev portaudio19-dev
# What `make package` and its acceptance test add: dpkg-shlibdeps and strip, the icon rasteriser,
# the desktop-entry, AppStream and man-page checks, lintian, debootstrap for the clean chroot,
# grim for the kiosk session's screenshot.
PACKAGE_PKGS := dpkg-dev binutils librsvg2-bin desktop-file-utils appstream man-db lintian \
              debootstrap grim
TEST_PKGS  := $(BUILD_PKGS) xvfb xauth x11-apps imagemagick xdotool pulseaudio \
              pulseaudio-utils libasound2-plugins alsa-utils sox flac poppler-utils chromium

# apt_install installs the missing ones of $(1), or names them where apt-get is absent.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages: $$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Afterimage needs these packages (Debian names; install your system's equivalents): $$missing" >&2; exit 1; \
	  fi; \
	fi
endef

.PHONY: help deps deps-test build run gallery test check fmt vet lint nocgo prebuild unit bench bench-quiet screenshots clean tools \
        package package-test

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## install the system packages a build needs (apt-get, only what is missing)
	$(call apt_install,$(BUILD_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

build: deps ## build the kiosk, the gallery and the admin CLI into bin/
	$(GO) build $(BUILDFLAGS) -o $(BIN)/ ./cmd/...

run: build ## build and start the kiosk (development mode unless configured)
	$(BIN)/afterimage-kiosk

gallery: build ## build and start the clinician gallery
	$(BIN)/afterimage-gallery

# Test tools, built once into the git-ignored .tools/ (MinIO is AGPL: a separate binary, never
# linked). MinIO and mc are pinned to exact versions by their own small modules under
# internal/testbench/tools/ (their go.sum keeps the hashes, and their code out of ours); a new
# pin there rebuilds the tool.
TOOLMODS := internal/testbench/tools
$(TOOLS)/minio: $(TOOLMODS)/minio/go.mod $(TOOLMODS)/minio/go.sum
	@echo "Building the MinIO test server into .tools/ (once, ~5 min)"
	cd $(TOOLMODS)/minio && GOBIN=$(TOOLS) $(GO) install github.com/minio/minio
$(TOOLS)/mc: $(TOOLMODS)/mc/go.mod $(TOOLMODS)/mc/go.sum
	cd $(TOOLMODS)/mc && GOBIN=$(TOOLS) $(GO) install github.com/minio/mc
$(TOOLS)/staticcheck:
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
$(TOOLS)/runbench: $(wildcard internal/testbench/runbench/*.go internal/testbench/benchenv/*.go)
	$(GO) build -o $@ ./internal/testbench/runbench

tools: $(TOOLS)/minio $(TOOLS)/mc $(TOOLS)/staticcheck $(TOOLS)/runbench

check: fmt vet lint nocgo ## gofmt, go vet, staticcheck, the S3-only packages without cgo

fmt:
	@bad=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	  if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi

vet:
	$(GO) vet ./...

lint: $(TOOLS)/staticcheck
	$(TOOLS)/staticcheck ./...

# Packages whose tests need at most the bench's S3 (internal/testbench/s3bench) build, tests
# included, without cgo or PortAudio: a test helper that pulls in audiobench (or the audio
# package) fails this vet.
NOCGO_PKGS := ./internal/testbench/benchenv ./internal/testbench/s3bench ./internal/testbench/runbench \
              ./internal/library/... ./internal/outbox/... ./internal/remote/... ./internal/station/... \
              ./internal/spool/... ./internal/index/... ./internal/provenance/... ./internal/seal/... \
              ./internal/audit/... ./internal/recovered/... ./internal/config/... ./internal/notes/... ./internal/report/... \
              ./internal/sealedobj/... ./internal/patientname/... ./internal/takehome/...
nocgo:
	CGO_ENABLED=0 $(GO) vet $(NOCGO_PKGS)

# -race turns on checkptr, which rejects the PortAudio binding's use of an integer stream id as
# the C callback's user-data pointer (never dereferenced by Go): exempt that one package.
RACEFLAGS := -race -gcflags=github.com/gordonklaus/portaudio=-d=checkptr=0

# Compiles the race-instrumented test binaries (into the build cache) while the tools build.
prebuild:
	$(GO) test $(RACEFLAGS) -c -o $(CURDIR)/.tools/testbin/ ./... >/dev/null

# Tool builds, checks and the test compile are independent: run them side by side (a cold
# Fyne build leaves a core idle much of the time).
# Tests that shrink under the race detector (pixel loops run ~10x slower, and its shadow memory
# makes RSS meaningless) run again at full size without it.
FULLSIZE_TESTS := TestThousandStrokesWithFullHistory|TestReplayReproducesLiveImage
FULLSIZE_PKGS  := ./internal/paint

test: deps-test ## everything: checks, then go test -race ./... on the real test bench
	@$(MAKE) --no-print-directory -j 4 tools check prebuild debootstrap-tarball
	$(TOOLS)/runbench -tools $(TOOLS) -- $(GO) test $(RACEFLAGS) -count=1 -timeout 30m $(TESTFLAGS) ./...
	$(GO) test -count=1 -run '^($(FULLSIZE_TESTS))$$' $(TESTFLAGS) $(FULLSIZE_PKGS)
	@$(MAKE) --no-print-directory package-test

# Packages. The packaging tool uses nfpm as a library from its own module (packaging/tool/go.mod
# pins nfpm and its go.sum keeps the hashes), so nfpm's dependencies stay out of ours; it is
# built once into the git-ignored .tools/bin.
PKGTOOL := $(TOOLS)/afterimage-pkg
DIST    := $(CURDIR)/dist
$(PKGTOOL): packaging/tool/go.mod packaging/tool/go.sum $(wildcard packaging/tool/*.go)
	cd packaging/tool && $(GO) build -o $@ .

package: build $(PKGTOOL) ## build the kiosk, gallery and CLI .debs into dist/ (docs/PACKAGING.md)
	$(call apt_install,$(PACKAGE_PKGS))
	rm -f $(DIST)/*.deb
	$(PKGTOOL) -src $(CURDIR) -bin $(BIN) -out $(DIST) -version $(VERSION)

# The clean chroot's Debian, fetched once into .tools: the download runs beside the builds of
# `make test` rather than after the tests (the packages' test unpacks it).
DEBOOTSTRAP_CACHE := $(CURDIR)/.tools/debootstrap
DEBOOTSTRAP_TGZ   := $(DEBOOTSTRAP_CACHE)/bookworm-minbase-$(shell dpkg --print-architecture 2>/dev/null || echo amd64).tgz
.PHONY: debootstrap-tarball
debootstrap-tarball: $(DEBOOTSTRAP_TGZ)
$(DEBOOTSTRAP_TGZ):
	$(call apt_install,debootstrap)
	rm -rf $@.part $(DEBOOTSTRAP_CACHE)/target && mkdir -p $(DEBOOTSTRAP_CACHE)/target
	$(SUDO) debootstrap --variant=minbase --make-tarball=$@.part bookworm $(DEBOOTSTRAP_CACHE)/target \
	  $${AFTERIMAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian} >/dev/null
	mv $@.part $@ && rm -rf $(DEBOOTSTRAP_CACHE)/target

# The packages' acceptance test, as root: lintian, then a clean Debian bookworm chroot
# (debootstrap; its tarball cached in .tools/debootstrap) where apt-get installs the .debs,
# the kiosk session runs under cage, and remove and purge keep the data folder.
package-test: package
	cd packaging/tool && $(GO) vet ./... && $(GO) test -count=1 ./...
	cd packaging/tool && $(GO) test -c -o $(CURDIR)/.tools/testbin/packaging.test .
	cd packaging/tool && $(SUDO) env AFTERIMAGE_DEBS=$(DIST) AFTERIMAGE_DEBOOTSTRAP_CACHE=$(DEBOOTSTRAP_CACHE) \
	  $(if $(AFTERIMAGE_SCREENSHOTS),AFTERIMAGE_SCREENSHOTS=$(AFTERIMAGE_SCREENSHOTS)) \
	  $(CURDIR)/.tools/testbin/packaging.test -test.count=1 -test.timeout=30m -test.v -test.run TestPackages

unit: ## quick go test without the bench (bench tests skip)
	$(GO) test ./...

bench: deps-test tools ## benchmarks on the real test bench (figures go in docs/BENCHMARKS.md)
	$(TOOLS)/runbench -tools $(TOOLS) -- $(GO) test -run '^$$' -bench . -benchmem -count 5 $(BENCHFLAGS) ./...

bench-quiet: deps-test tools ## the quiet space's CPU and frame intervals on the real kiosk binary alone
	$(TOOLS)/runbench -tools $(TOOLS) -- $(GO) test -run '^$$' -bench 'RealScreenQuiet' -count 2 $(BENCHFLAGS) ./cmd/afterimage-kiosk

screenshots: deps-test tools ## refresh docs/screenshots from the smoke tests
	$(TOOLS)/runbench -tools $(TOOLS) -- env AFTERIMAGE_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  $(GO) test -count 1 -run 'Smoke' ./cmd/...

clean: ## remove build outputs (keeps the .tools cache)
	rm -rf $(BIN)
