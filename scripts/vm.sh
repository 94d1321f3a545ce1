#!/usr/bin/env bash
# Boot the pinned (or $KDIR) kernel under QEMU/TCG with virtme-ng, the host's root filesystem
# shared read-only (tmpfs overlays on top), and run a command with oxtables.ko loaded.
#
#   scripts/vm.sh [--no-load] [--shell] [--] CMD...
#
# The command's output and exit status pass through. --no-load boots without loading the module;
# --shell gives an interactive shell instead of running CMD.
set -euo pipefail
. "$(dirname "$0")/common.sh"

load=1 shell=0
while [ $# -gt 0 ]; do
	case "$1" in
	--no-load) load=0; shift ;;
	--shell) shell=1; shift ;;
	--) shift; break ;;
	*) break ;;
	esac
done

KDIR=${KDIR:-$(kernel_build_dir)}
IMAGE=$KDIR/arch/x86/boot/bzImage
[ -f "$IMAGE" ] || die "no kernel image at $IMAGE: run 'make kernel' (or pass KDIR=)"
[ "$load" = 0 ] || [ -f "$TOP/oxtables.ko" ] || die "oxtables.ko is not built: run 'make module'"

export PATH="$VNG_VENV/bin:$PATH"
command -v vng >/dev/null || die "virtme-ng missing: run 'make setup'"

VNG=(vng --run "$IMAGE" --disable-kvm --force-9p --cpus "${OXT_VM_CPUS:-2}" --memory "${OXT_VM_MEM:-1G}"
	--append root=/dev/root --cwd "$TOP"
	# The shared root read through the guest's page cache (cache=loose): the host files do not
	# change while a VM runs, and every exec and python start in the guest is 1.5-2x faster.
	# The last rootflags= on the command line wins over virtme-ng's own.
	--append "rootflags=version=9p2000.L,trans=virtio,access=any,msize=524288,cache=loose")

init="OXT_LOAD=$load $TOP/selftests/vm-init.sh"
if [ "$shell" = 1 ]; then
	# virtme-ng's interactive shell: our init wrapper loads the module, then execs bash.
	exec "${VNG[@]}" --shell "$TOP/selftests/vm-shell.sh"
fi
[ $# -gt 0 ] || die "usage: scripts/vm.sh [--no-load] [--shell] [--] CMD..."
# vng runs --exec through a shell: quote each argument once.
cmd=$(printf '%q ' "$@")
exec "${VNG[@]}" --exec "$init $cmd"
