#!/bin/sh
# Runs one real tool command (driverctl, dpdk-devbind.py) under strace against a fake sysfs, in a private mount
# namespace, so nothing of the host's /sys, /lib/modules, /etc/driverctl.d or its binaries is touched.
#   scripts/tools-conformance.sh STAGE OUT -- COMMAND [ARG...]
# STAGE (made by test/conformance/stage.ts) holds:
#   sys/      the fake sysfs tree, copied onto a tmpfs mounted on /sys
#   full      paths (one a line) over which /dev/full is bind-mounted: every write(2) to them fails (ENOSPC)
#   readonly  paths (one a line) bind-mounted read-only over themselves: open() for writing fails (EROFS)
#   bin/      stubs bind-mounted over lspci, modprobe, udevadm and ip (the model's answers, not the host's)
#   modules/  the tree seen at /lib/modules (modules.builtin, if any)
#   etc-driverctl/  the saved overrides seen at /etc/driverctl.d (load-override reads them; set-override saves there)
# OUT gets OUT.strace (strace -f -y of the command), OUT.exit (its exit status) and OUT.tree (the fake /sys after
# the run, to find files the tool created: sysfs would have refused them).
# Needs root (unshare -m) and strace; exits 3 with the reason otherwise.
set -eu
[ $# -ge 4 ] && [ "$3" = "--" ] || { echo "usage: $0 STAGE OUT -- COMMAND [ARG...]" >&2; exit 2; }
STAGE=$(realpath "$1")
OUT=$2
shift 3
[ "$(id -u)" = 0 ] || { echo "tools-conformance: needs root (a private mount namespace)" >&2; exit 3; }
command -v strace > /dev/null || { echo "tools-conformance: strace is not installed" >&2; exit 3; }
command -v unshare > /dev/null || { echo "tools-conformance: unshare is not installed" >&2; exit 3; }
export STAGE OUT
# Inside the namespace (mount propagation private: unshare's default), mount, run, record.
exec unshare -m --propagation private sh -eu -c '
  mount -t tmpfs conformance-sys /sys
  cp -a "$STAGE/sys/." /sys/
  mount -t tmpfs conformance-modules /lib/modules
  [ -d "$STAGE/modules" ] && cp -a "$STAGE/modules/." /lib/modules/
  mkdir -p /etc/driverctl.d && mount -t tmpfs conformance-etc /etc/driverctl.d
  [ -d "$STAGE/etc-driverctl" ] && cp -a "$STAGE/etc-driverctl/." /etc/driverctl.d/
  if [ -s "$STAGE/full" ]; then while IFS= read -r f; do mount --bind /dev/full "$f"; done < "$STAGE/full"; fi
  if [ -s "$STAGE/readonly" ]; then
    while IFS= read -r f; do mount --bind "$f" "$f" && mount -o remount,bind,ro "$f"; done < "$STAGE/readonly"
  fi
  for t in lspci modprobe udevadm ip; do
    p=$(command -v "$t" 2> /dev/null || true)
    [ -z "$p" ] && [ "$t" = modprobe ] && p=/sbin/modprobe
    [ -n "$p" ] && [ -e "$p" ] && mount --bind "$STAGE/bin/$t" "$(realpath "$p")"
  done
  status=0
  strace -f -y -qq -s 4096 -o "$OUT.strace" \
    -e trace=execve,openat,open,read,write,close,stat,lstat,newfstatat,statx,access,faccessat,faccessat2,readlink,readlinkat,getdents64 \
    -- "$@" > "$OUT.stdout" 2> "$OUT.stderr" || status=$?
  echo "$status" > "$OUT.exit"
  find /sys | sort > "$OUT.tree"
' conformance "$@"
