#!/usr/bin/env bash
# Install and fetch everything the build needs, idempotently.
#
# - Host packages come from the system's own apt sources (Debian 12).
# - Packages from other Debian suites (the kernel source, rust-src) are *downloaded* with an apt
#   configuration of the project's own under $OXT_CACHE/apt, never installed, and never by editing
#   the system's sources.
# - bindgen and virtme-ng are installed under $OXT_CACHE from crates.io and PyPI.
set -euo pipefail
. "$(dirname "$0")/common.sh"

HOST_PKGS=(
	make flex bison bc cpio kmod rsync xz-utils zstd libelf-dev libssl-dev
	"clang-$LLVM_VERSION" "lld-$LLVM_VERSION" "llvm-$LLVM_VERSION" "libclang-$LLVM_VERSION-dev"
	qemu-system-x86 udev busybox-static
	iptables iproute2 nftables conntrack socat netcat-openbsd python3-venv procps netbase
)
HOST_PKGS+=(ipset)  # the set match's sets in the VM (selftests/ext_sets/set.rules)
HOST_PKGS+=(nfct)  # CT --timeout policies in the VM (selftests/ext_sets/ct_tmpl.rules)
# What firewalld (unpacked, not installed: fetch_clients) runs on in the VM: its private system
# bus, and the Python modules its package depends on.
HOST_PKGS+=(dbus-daemon python3-dbus python3-gi gir1.2-glib-2.0 python3-nftables)

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_host_packages() {
	local missing=() p
	for p in "${HOST_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing host packages: ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_rustc() {
	local have
	have=$(rustc --version | awk '{print $2}')
	if [ "$have" != "$RUSTC_VERSION" ]; then
		die "rustc is $have but the pinned toolchain is $RUSTC_VERSION.
  The kernel compiles 'core' from rust-src, which must match rustc exactly.
  Either run 'rustup default $RUSTC_VERSION', or update RUSTC_VERSION and RUST_SRC_PKG_VERSION
  in tools/versions.env to a Debian rust-src of the same version (apt-cache policy rust-src
  against trixie-backports or sid). See Documentation/building.md."
	fi
}

# apt, configured to look only at the project's list, with its own state and cache directories.
APT_DIR=$OXT_CACHE/apt
apt_opts() {
	echo -o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
		-o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache" \
		-o Acquire::Check-Valid-Until=false -o Acquire::Languages=none -o APT::Get::List-Cleanup=false -o APT::Sandbox::User=root
}

project_apt_update() {
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	local s
	: >"$APT_DIR/sources.list.new"
	for s in $APT_SUITES; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main" \
			>>"$APT_DIR/sources.list.new"
	done
	mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
	# shellcheck disable=SC2046
	apt-get $(apt_opts) update -qq
}

# fetch_deb PKG VERSION: leave PKG_VERSION_*.deb in $OXT_CACHE/debs (kept: old versions vanish).
fetch_deb() {
	local pkg=$1 ver=$2 dir=$OXT_CACHE/debs
	mkdir -p "$dir"
	if ls "$dir/${pkg}_${ver//:/%3a}"_*.deb >/dev/null 2>&1; then return 0; fi
	[ -f "$APT_DIR/.updated" ] || { project_apt_update && touch "$APT_DIR/.updated"; }
	log "downloading $pkg=$ver"
	# shellcheck disable=SC2046
	(cd "$dir" && apt-get $(apt_opts) download -qq "$pkg=$ver") || {
		# The lists may be stale: refresh once and retry.
		project_apt_update
		(cd "$dir" && apt-get $(apt_opts) download -qq "$pkg=$ver")
	} || die "cannot download $pkg=$ver from Debian ($APT_SUITES).
  If it was superseded, pick the current version with
  'apt-cache $(apt_opts) policy $pkg' and update tools/versions.env."
}

unpack_kernel() {
	[ -f "$KSRC/Makefile" ] && return 0
	fetch_deb "$KERNEL_PKG" "$KERNEL_PKG_VERSION"
	local tmp
	tmp=$(mktemp -d "$OXT_CACHE/tmp.XXXXXX")
	log "unpacking kernel source $KVER"
	dpkg-deb -x "$OXT_CACHE/debs/${KERNEL_PKG}_${KERNEL_PKG_VERSION}_all.deb" "$tmp/deb"
	mkdir -p "$tmp/src"
	tar -C "$tmp/src" -xf "$tmp/deb/usr/src/$KERNEL_TARBALL"
	mkdir -p "$(dirname "$KSRC")"
	rm -rf "$KSRC"
	mv "$tmp/src/"linux-source-* "$KSRC"
	rm -rf "$tmp"
}

unpack_rust_src() {
	[ -f "$RUST_LIB_SRC/core/src/lib.rs" ] && return 0
	fetch_deb "$RUST_SRC_PKG" "$RUST_SRC_PKG_VERSION"
	log "unpacking rust-src $RUST_SRC_PKG_VERSION"
	local dest=$OXT_CACHE/rust-src/$RUST_SRC_PKG_VERSION
	rm -rf "$dest"
	mkdir -p "$dest"
	dpkg-deb -x "$OXT_CACHE/debs/${RUST_SRC_PKG}_${RUST_SRC_PKG_VERSION}_all.deb" "$dest"
	[ -f "$RUST_LIB_SRC/core/src/lib.rs" ] || die "rust-src deb has no library/ at $RUST_LIB_SRC"
}

install_bindgen() {
	if [ -x "$BINDGEN" ] && "$BINDGEN" --version | grep -q "$BINDGEN_VERSION"; then return 0; fi
	log "installing bindgen-cli $BINDGEN_VERSION (cargo, ~90 s)"
	cargo install -q --locked --root "$BINDGEN_ROOT" bindgen-cli --version "$BINDGEN_VERSION"
}

install_vng() {
	[ -x "$VNG_VENV/bin/vng" ] && return 0
	log "installing virtme-ng $VIRTME_NG_VERSION (PyPI)"
	rm -rf "$VNG_VENV"
	python3 -m venv "$VNG_VENV"
	"$VNG_VENV/bin/pip" install -q --disable-pip-version-check "virtme-ng==$VIRTME_NG_VERSION"
}

# The real programs selftests/clients.sh drives (Debian 12's ufw, fail2ban and firewalld, pinned in
# selftests/clients/versions.env): downloaded with an apt configuration of the project's own that
# lists only $CLIENTS_SUITE (its own state under $OXT_CACHE/apt-$CLIENTS_SUITE), unpacked under
# $OXT_CACHE/clients/PKG-VERSION, never installed. Their runtime dependencies are python3 and
# iptables, both host packages (and for firewalld, the host packages above; its python3-firewall
# is unpacked into the same tree). For ufw, the file copies of its postinst (the rules templates and
# ufw.conf into etc/ufw) are made in the unpacked tree, as dpkg's configure step would.
. "$TOP/selftests/clients/versions.env"
fetch_clients() {
	local APT_DIR=$OXT_CACHE/apt-$CLIENTS_SUITE APT_SUITES=$CLIENTS_SUITE
	local pkg ver dest tmp f
	for pkg in ufw fail2ban firewalld; do
		case $pkg in
		ufw) ver=$UFW_VERSION ;;
		fail2ban) ver=$FAIL2BAN_VERSION ;;
		firewalld) ver=$FIREWALLD_VERSION ;;
		esac
		dest=$OXT_CACHE/clients/$pkg-$ver
		[ -f "$dest/.oxtables-unpacked" ] && continue
		fetch_deb "$pkg" "$ver"
		log "unpacking $pkg $ver into $dest"
		mkdir -p "$OXT_CACHE/clients"
		tmp=$(mktemp -d "$OXT_CACHE/tmp.XXXXXX")
		dpkg-deb -x "$OXT_CACHE/debs/${pkg}_${ver//:/%3a}_all.deb" "$tmp"
		if [ "$pkg" = firewalld ]; then
			fetch_deb python3-firewall "$ver"
			dpkg-deb -x "$OXT_CACHE/debs/python3-firewall_${ver//:/%3a}_all.deb" "$tmp"
		fi
		if [ "$pkg" = ufw ]; then
			for f in before.rules before6.rules after.rules after6.rules user.rules user6.rules; do
				install -m 640 "$tmp/usr/share/ufw/iptables/$f" "$tmp/etc/ufw/$f"
			done
			for f in before.init after.init; do install -m 640 "$tmp/usr/share/ufw/$f" "$tmp/etc/ufw/$f"; done
			install -m 644 "$tmp/usr/share/ufw/ufw.conf" "$tmp/etc/ufw/ufw.conf"
		fi
		touch "$tmp/.oxtables-unpacked"
		rm -rf "$dest"
		mv "$tmp" "$dest"
	done
}

# Docker Engine for the VM (issue 12; versions in selftests/clients/versions.env): docker.io,
# containerd, runc and tini from $CLIENTS_SUITE, downloaded like the clients above and unpacked
# together into one tree, $OXT_CACHE/clients/docker-$DOCKER_VERSION (dockerd finds containerd,
# runc and docker-init on the PATH the test gives it), never installed.
fetch_docker() {
	local APT_DIR=$OXT_CACHE/apt-$CLIENTS_SUITE APT_SUITES=$CLIENTS_SUITE
	local dest=$OXT_CACHE/clients/docker-$DOCKER_VERSION tmp pv pkg ver
	[ -f "$dest/.oxtables-unpacked" ] && return 0
	tmp=$(mktemp -d "$OXT_CACHE/tmp.XXXXXX")
	for pv in docker.io="$DOCKER_VERSION" containerd="$CONTAINERD_VERSION" runc="$RUNC_VERSION" \
		tini="$TINI_VERSION"; do
		pkg=${pv%%=*} ver=${pv#*=}
		fetch_deb "$pkg" "$ver"
		log "unpacking $pkg $ver into $dest"
		dpkg-deb -x "$(ls "$OXT_CACHE/debs/${pkg}_${ver//:/%3a}"_*.deb | head -n1)" "$tmp"
	done
	touch "$tmp/.oxtables-unpacked"
	mkdir -p "$OXT_CACHE/clients"
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

check_rustc
install_host_packages
unpack_kernel
unpack_rust_src
install_bindgen
install_vng
fetch_clients
# Docker Engine only on request: selftests/docker.sh is not in make check until it passes.
[ "${OXT_DOCKER:-0}" != 1 ] || fetch_docker
log "toolchain ready in $OXT_CACHE"
