#!/bin/sh
# Debian 13's QEMU (8.0+: its `igb` is an 82576 PF with real SR-IOV VFs) for `hotplug-fuzz oracle --sriov`,
# in a Debian 13 root of the oracle's own made with debootstrap and used with chroot. The host's packages are
# not touched: debootstrap itself is unpacked from its .deb into the cache, and the mirror is the one this
# machine's apt already uses (read by the project's apt-sources code; no host name is written anywhere).
# Idempotent: a finished root is left alone; an interrupted debootstrap is started again. Needs root and a build.
set -e
cd "$(dirname "$0")/.."
CACHE="${HOTPLUG_FUZZ_CACHE:-$HOME/.cache/hotplug-fuzz}/sriov"
ROOT="$CACHE/trixie-root"
ready() { [ -x "$ROOT/usr/bin/qemu-system-x86_64" ] && [ -x "$ROOT/usr/bin/qemu-img" ]; }
if ready; then echo "$ROOT: ready"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "oracle-sriov-setup.sh: needs root (debootstrap and chroot)" >&2; exit 2; }
[ -f dist/src/cli/oracle/apt-mirror-main.js ] || npm run build > /dev/null
MIRROR=$(node dist/src/cli/oracle/apt-mirror-main.js)
mkdir -p "$CACHE"
DB="$CACHE/debootstrap"
if [ ! -x "$DB/usr/sbin/debootstrap" ]; then
  rm -rf "$DB" "$CACHE"/debootstrap_*.deb
  (cd "$CACHE" && apt-get download -q debootstrap && dpkg -x debootstrap_*.deb "$DB" && rm -f debootstrap_*.deb)
fi
# debootstrap keeps $ROOT/debootstrap until it has finished: its presence means an interrupted run.
if [ ! -f "$ROOT/etc/debian_version" ] || [ -d "$ROOT/debootstrap" ]; then
  rm -rf "$ROOT"
  DEBOOTSTRAP_DIR="$DB/usr/share/debootstrap" "$DB/usr/sbin/debootstrap" --variant=minbase \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg trixie "$ROOT" "$MIRROR"
fi
DEBIAN_FRONTEND=noninteractive chroot "$ROOT" apt-get install -y -q --no-install-recommends qemu-system-x86 qemu-utils
ready
chroot "$ROOT" qemu-system-x86_64 -device help | grep -q '"igb"' || { echo "$ROOT: this QEMU has no igb device" >&2; exit 1; }
echo "$ROOT: ready"
