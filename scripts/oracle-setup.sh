#!/bin/sh
# What `hotplug-fuzz oracle` needs, from Debian's packages (as root): QEMU (TCG is enough), a Debian
# kernel with its modules, and a static busybox for the guest's initramfs. Nothing is downloaded at run time.
set -e
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q qemu-system-x86 qemu-utils linux-image-amd64 busybox-static
