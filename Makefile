# SPDX-License-Identifier: GPL-2.0
#
# oxtables: top-level entry points. The module itself is built by Kbuild (see ./Kbuild).
#
#   make run              demo: a VM with oxtables.ko, traffic, the counters moving
#   make check            build everything and run every test (host + KUnit + VM selftests)
#   make shell            interactive VM shell with the module loaded
#   make vm CMD='...'     one command in a fresh VM with the module loaded
#   make module           build oxtables.ko (KDIR=/path/to/your/rust/kernel/tree to override)
#   make bench            speed ratios vs ip_tables.ko + iptables-legacy, measured in one VM
#   make fuzz             coverage-guided fuzzing of the engine and the tool (FUZZ_SECONDS each)
#   make stress           the long load and fault tests (make check runs their short version)
#   make fmt / make lint  rustfmt / clippy (kernel lints via CLIPPY=1, and cargo clippy)
#
# Expensive artefacts (toolchain pieces, the kernel build) live in $(OXT_CACHE), outside the clone.

SHELL := /bin/bash
.DEFAULT_GOAL := help
TOP := $(CURDIR)

include tools/versions.env
export OXT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/oxtables
BINDGEN_BIN := $(OXT_CACHE)/bindgen-$(BINDGEN_VERSION)/bin/bindgen
RUST_LIB_SRC_DIR := $(OXT_CACHE)/rust-src/$(RUST_SRC_PKG_VERSION)/usr/src/rustc-$(RUSTC_VERSION)/library

# KDIR: a Rust-enabled kernel build tree. Empty means the project's pinned kernel, built (or found)
# in the cache by scripts/kernel.sh. With your own KDIR, pass your own toolchain variables too
# (e.g. LLVM=1); KBUILD_ARGS is what we pass to the pinned tree.
KDIR ?=
ifeq ($(KDIR),)
KBUILD_ARGS ?= LLVM=-$(LLVM_VERSION) BINDGEN=$(BINDGEN_BIN) RUST_LIB_SRC=$(RUST_LIB_SRC_DIR)
KDIR_CMD = $$(bash scripts/kernel.sh)
else
KBUILD_ARGS ?=
KDIR_CMD = $(KDIR)
endif

# Keep CMD verbatim: make must not expand the `$` of the shell command it carries.
override CMD := $(value CMD)
export CMD

.PHONY: help setup kernel module tool run check bench fuzz stress shell vm fmt fmt-check lint clean test-host

help:
	@sed -n '3,16p' Makefile | sed 's/^# \{0,1\}//'

setup:
	bash scripts/setup.sh

kernel: setup
	@bash scripts/kernel.sh >/dev/null

module: $(if $(KDIR),,kernel)
	+kdir=$(KDIR_CMD) && $(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) modules

# The oxtables tool, and the selftests' SO_ORIGINAL_DST server (selftests/origdst).
tool:
	cargo build --release -p oxtables -p origdst

bench: module tool
	+KDIR=$(KDIR_CMD) bash scripts/vm.sh --no-load -- selftests/bench.sh

run: module tool
	+KDIR=$(KDIR_CMD) bash scripts/vm.sh -- selftests/demo.sh

FUZZ_SECONDS ?= 300
fuzz: setup
	bash scripts/fuzz.sh time $(FUZZ_SECONDS)

# OXT_STRESS reaches the VM through the command line (the VM does not inherit our environment).
stress: module tool
	+KDIR=$(KDIR_CMD) bash scripts/vm.sh -- env OXT_STRESS=full selftests/run.sh stress.sh xt_fuzz.sh

check: module tool
	+KDIR=$(KDIR_CMD) bash scripts/check.sh

shell: module
	+KDIR=$(KDIR_CMD) bash scripts/vm.sh --shell

# CMD reaches the shell through the environment, unexpanded by make (so `$$?` means the shell's).
vm: module
	@[ -n "$$CMD" ] || { echo "usage: make vm CMD='nft list hooks ip'" >&2; exit 2; }
	+@KDIR=$(KDIR_CMD) bash scripts/vm.sh -- "$$CMD"

test-host:
	cargo test --workspace

# rustfmt with the kernel's settings for the module sources; cargo fmt for the host crates.
RUST_SOURCES = $(shell git ls-files '*.rs' 2>/dev/null || find src rust engine userspace -name '*.rs')
fmt:
	cargo fmt --all
	rustfmt --edition 2021 --config-path .rustfmt.toml $(filter src/% rust/%,$(RUST_SOURCES))

fmt-check:
	cargo fmt --all -- --check
	rustfmt --check --edition 2021 --config-path .rustfmt.toml $(filter src/% rust/%,$(RUST_SOURCES))

# The kernel's lints (CLIPPY=1 runs clippy-driver with the kernel's flags over the module), then the
# host crates with warnings as errors.
lint: $(if $(KDIR),,kernel)
	+kdir=$(KDIR_CMD) && touch src/oxtables.rs && \
		$(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) CLIPPY=1 modules 2>&1 | tee .lint.log && \
		! grep -E '^(warning|error)' .lint.log
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	-+kdir=$(KDIR_CMD) && [ -d "$$kdir" ] && $(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) clean
	rm -f rust/bindings_generated.rs .lint.log
	cargo clean
