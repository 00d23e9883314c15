#!/usr/bin/env bash
# A Raspberry Pi in a box (docs/pi-box.md): boots QEMU's raspi3b machine on Debian trixie's
# arm64 kernel, installs target/gemini-pi_<version>_all.deb under real systemd with the real
# pinctrl-bcm2835 GPIO chip, runs the scenarios of bench/pi-box/scenario.sh and exits with
# their status (0: every check passed).
#
# Usage: bench/pi-box.sh [--deb PATH] [--break LIST] [--timeout SEC] [--keep]
#        bench/pi-box.sh --build [--rebuild]     only build (or rebuild) the cached image
#        bench/pi-box.sh --if-cached ...         skip, with the reason, when there is no image
#   --deb PATH     the package to install (default: the newest target/gemini-pi_*_all.deb)
#   --break LIST   break features on purpose to watch their checks fail, comma-separated:
#                  notify, gpio, udev, hardening, reload, rest, check (docs/pi-box.md)
#   --timeout SEC  hard limit for one boot, power-off included (default 1800)
#   --keep         keep the run's SD image in $PI_BOX_RUN (default bench/target/pi-box-run)
#
# The image is built once (15-45 minutes on 2 cores, needs Debian's mirror) from the trixie
# arm64 root that bench/arm64-smoke.sh caches, and kept in $PI_BOX_CACHE (default
# bench/target/pi-box): kernel, initrd, device tree and a sparse 2 GiB SD image. Each run
# copies the image, writes the package, the scenario and the fake Live server into it with
# debugfs (no loop device, no mount) and boots it; one boot takes 8-12 minutes here.
# Needs root (chroot, binfmt_misc) for the build, and qemu-system-arm, qemu-user-static,
# binfmt-support, e2fsprogs (installed with apt-get when missing) and a JDK >= 21.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
WORK=$REPO/bench/target
CACHE=${PI_BOX_CACHE:-$WORK/pi-box}
TARBALL=${PI_BOX_ROOT_TARBALL:-$WORK/trixie-arm64-root.tar.gz}
RUN=${PI_BOX_RUN:-$WORK/pi-box-run}   # one directory per concurrent run
BOX=$REPO/bench/pi-box
MIRROR=${MIRROR:-http://deb.debian.org/debian}
# The kernel with the Pi 3 device tree, systemd as PID 1, the gpiod tools, and what the
# package depends on (the root already has openjdk-21-jre-headless): the guest has no network,
# so apt-get must find every dependency installed.
PACKAGES=(linux-image-arm64 initramfs-tools kmod udev systemd-sysv gpiod alsa-utils procps)
IMAGE_SIZE=2G       # an SD card's size must be a power of two for QEMU

DEB=""
BREAK=""
TIMEOUT=1800
KEEP=0
ACTION=run
REBUILD=0
IF_CACHED=0
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) DEB=$(realpath "$2"); shift 2 ;;
    --break) BREAK=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --build) ACTION=build; shift ;;
    --rebuild) REBUILD=1; shift ;;
    --if-cached) IF_CACHED=1; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pi-box: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

START=$SECONDS
say() { printf 'pi-box [%4ds] %s\n' "$((SECONDS - START))" "$*"; }
die() { echo "pi-box: error: $*" >&2; exit 1; }

image_cached() {
  local f
  for f in vmlinuz initrd.img bcm2837-rpi-3-b.dtb root.img; do
    [ -s "$CACHE/$f" ] || return 1
  done
}

if [ "$IF_CACHED" -eq 1 ] && ! image_cached; then
  echo "pi-box: skipped: no cached image in $CACHE (build it once with" \
    "'sudo bench/pi-box.sh --build', 15-45 minutes)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "needs root (chroot and binfmt_misc for the build, and the" \
  "image files it owns); run it with sudo"

# ---------------------------------------------------------------------------- host tools
need=()
command -v qemu-system-aarch64 >/dev/null || need+=(qemu-system-arm)
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v update-binfmts >/dev/null || need+=(binfmt-support)
command -v debugfs >/dev/null && command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get to install them"
  say "installing ${need[*]} with apt-get"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${need[@]}" >/dev/null
fi
qemu-system-aarch64 -machine help | grep -q '^raspi3b' \
  || die "this qemu-system-aarch64 has no raspi3b machine (QEMU 6.0 or newer has it)"

# ---------------------------------------------------------------- cleanup, on every exit
BUILD=$CACHE/build
QEMU_PID=""
TAIL_PID=""
BINFMT_ENABLED_BY_US=0
BINFMT_MOUNTED_BY_US=0
BINFMT_DIR=/proc/sys/fs/binfmt_misc
unmount_build() {
  local m
  for m in $(awk -v r="$BUILD" 'index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
cleanup() {
  local rc=$?
  for p in $QEMU_PID $TAIL_PID; do
    kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  unmount_build
  rm -rf --one-file-system "$BUILD"
  [ "$KEEP" -eq 1 ] || rm -f "$RUN/sd.img"
  if [ "$BINFMT_ENABLED_BY_US" -eq 1 ] && [ -e "$BINFMT_DIR/pi-box-aarch64" ]; then
    echo -1 > "$BINFMT_DIR/pi-box-aarch64" 2>/dev/null || true
  fi
  # Unmounted only when we mounted it and nobody registered anything since.
  if [ "$BINFMT_MOUNTED_BY_US" -eq 1 ] \
      && [ "$(ls "$BINFMT_DIR" | grep -cvE '^(register|status)$')" -eq 0 ]; then
    umount "$BINFMT_DIR" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs COMMAND... in the background with its output in LOG, and says every minute that it is
# still going (the image build is long and quiet).
with_heartbeat() {
  local what=$1 log=$2; shift 2
  "$@" > "$log" 2>&1 &
  local pid=$! started=$SECONDS rc=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if [ $(( (SECONDS - started) % 60 )) -lt 5 ] && [ $((SECONDS - started)) -ge 60 ]; then
      say "  $what: $(( (SECONDS - started) / 60 )) min, $(tail -n 1 "$log" | cut -c1-90)"
    fi
  done
  wait "$pid" || rc=$?
  return "$rc"
}

# ---------------------------------------------------------------------------- the image
# Our own binfmt_misc entry, not the shared qemu-aarch64 one: another script (or person) may
# disable that one while the build runs, and ours goes away with us.
BINFMT_NAME=pi-box-aarch64
AARCH64_MAGIC='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
AARCH64_MASK='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
enable_binfmt() {
  if [ ! -e "$BINFMT_DIR/status" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" 2>/dev/null && BINFMT_MOUNTED_BY_US=1
  fi
  [ -e "$BINFMT_DIR/register" ] || die "binfmt_misc is not available (cannot mount" \
    "$BINFMT_DIR); the image build runs arm64 programs in a chroot through it"
  [ -e "$BINFMT_DIR/$BINFMT_NAME" ] && echo -1 > "$BINFMT_DIR/$BINFMT_NAME"
  # F: the kernel opens the interpreter now, so it need not exist inside the chroot.
  echo ":$BINFMT_NAME:M::$AARCH64_MAGIC:$AARCH64_MASK:$(command -v qemu-aarch64-static):F" \
    > "$BINFMT_DIR/register" 2>/dev/null \
    || die "cannot register qemu-aarch64-static with binfmt_misc ($BINFMT_DIR/register)"
  BINFMT_ENABLED_BY_US=1
}

# The package's own Depends, first choice of each, so apt-get finds them in the box.
deb_depends() {
  [ -n "$1" ] || return 0
  dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^$'
}

build_image() {
  local deb=$1
  if [ ! -f "$TARBALL" ]; then
    say "no arm64 root at $TARBALL: bench/arm64-smoke.sh builds and caches it (debootstrap)"
    "$REPO/bench/arm64-smoke.sh"
  fi
  enable_binfmt
  mkdir -p "$CACHE"
  unmount_build
  rm -rf --one-file-system "$BUILD"
  local root=$BUILD/rootfs
  mkdir -p "$root"
  say "building the image in $CACHE (once; 15-45 minutes on 2 cores)"
  say "  unpacking $(basename "$TARBALL")"
  tar -xzf "$TARBALL" -C "$root" --numeric-owner
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  # No service may start in the chroot.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  local packages=("${PACKAGES[@]}")
  mapfile -t -O ${#packages[@]} packages < <(deb_depends "$deb")
  say "  apt-get install ${packages[*]} (kernel and initramfs under qemu-user: the long part)"
  with_heartbeat "apt-get" "$CACHE/build.log" chroot "$root" /usr/bin/env -i \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    sh -c "echo 'deb $MIRROR trixie main' > /etc/apt/sources.list && apt-get update -q \
      && apt-get install -y -q --no-install-recommends ${packages[*]}" \
    || { tail -n 20 "$CACHE/build.log"; die "apt-get in the arm64 root failed (log:" \
      "$CACHE/build.log); is $MIRROR reachable?"; }
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  # Offline from here on: nothing in the box may try the network.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  echo '/dev/mmcblk0 / ext4 rw,noatime 0 1' > "$root/etc/fstab"
  echo pi-box > "$root/etc/hostname"
  local kernel; kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
  local version=${kernel##*/vmlinuz-}
  cp "$kernel" "$CACHE/vmlinuz"
  cp "$root/boot/initrd.img-$version" "$CACHE/initrd.img"
  cp "$root/usr/lib/linux-image-$version/broadcom/bcm2837-rpi-3-b.dtb" "$CACHE/"
  unmount_build
  say "  writing the SD image (mkfs.ext4 -d, $IMAGE_SIZE sparse)"
  rm -f "$CACHE/root.img"
  truncate -s "$IMAGE_SIZE" "$CACHE/root.img.part"
  mkfs.ext4 -q -F -L rootfs -d "$root" "$CACHE/root.img.part"
  mv "$CACHE/root.img.part" "$CACHE/root.img"
  {
    echo "built $(date -u +%FT%TZ) from $(basename "$TARBALL")"
    echo "kernel $version"
    echo "packages ${packages[*]}"
  } > "$CACHE/image.txt"
  rm -rf --one-file-system "$BUILD"
  say "image ready: kernel $version, $(du -h --apparent-size "$CACHE/root.img" | cut -f1)" \
    "($(du -h "$CACHE/root.img" | cut -f1) on disk)"
}

find_deb() {
  if [ -n "$DEB" ]; then
    [ -f "$DEB" ] || die "--deb $DEB: no such file"
    echo "$DEB"
    return
  fi
  local newest
  newest=$(ls -t "$REPO"/target/gemini-pi_*_all.deb 2>/dev/null | head -n 1 || true)
  [ -n "$newest" ] || die "no target/gemini-pi_*_all.deb: build it with 'mvn -B package'" \
    "(or pass --deb PATH)"
  echo "$newest"
}

if [ "$ACTION" = build ]; then
  if image_cached && [ "$REBUILD" -eq 0 ]; then
    say "the image is already cached in $CACHE ($(head -n 1 "$CACHE/image.txt" 2>/dev/null));" \
      "--rebuild builds it again"
    exit 0
  fi
  deb=""
  if [ -n "$DEB" ] || ls "$REPO"/target/gemini-pi_*_all.deb >/dev/null 2>&1; then
    deb=$(find_deb)
  fi
  build_image "$deb"
  exit 0
fi

DEB=$(find_deb)
image_cached || build_image "$DEB"

# ---------------------------------------------------------------------------- one run
find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    if "$c/bin/javac" --release 21 -version >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}
HOST_JDK=$(find_jdk) || die "no JDK 21 or newer (looked at \$JAVA_HOME and /usr/lib/jvm/*);" \
  "one compiles the fake Live server (bench/pi-box/FakeLive.java)"

say "package $(basename "$DEB"); image $(head -n 1 "$CACHE/image.txt" 2>/dev/null || echo '?')"
rm -rf "$RUN"
mkdir -p "$RUN/inject" "$RUN/deb"
# The fake Live server runs on the Java-WebSocket server inside the package's own jar.
dpkg-deb -x "$DEB" "$RUN/deb"
JAR=$(find "$RUN/deb" -name gemini-pi.jar | head -n 1)
[ -n "$JAR" ] || die "$(basename "$DEB") has no gemini-pi.jar"
"$HOST_JDK/bin/javac" --release 21 -nowarn -cp "$JAR" -d "$RUN/inject" "$BOX/FakeLive.java"
rm -rf "$RUN/deb"

say "copying the SD image"
cp --sparse=always "$CACHE/root.img" "$RUN/sd.img"
# In the box it has Debian's file name, whatever it is called here (the scenario installs
# ./gemini-pi_*.deb).
DEB_NAME=$(dpkg-deb -f "$DEB" Package Version Architecture | awk '{ printf "%s%s", sep, $2; sep = "_" } END { print ".deb" }')
{
  echo "mkdir /usr/local/lib/pi-box"
  echo "cd /usr/local/lib/pi-box"
  for f in scenario.sh clock.sh; do
    echo "write $BOX/$f $f"
    echo "sif $f mode 0100755"
  done
  echo "write $RUN/inject/FakeLive.class FakeLive.class"
  echo "cd /etc/systemd/system"
  echo "write $BOX/pi-box.service pi-box.service"
  echo "write $BOX/pi-box-clock.service pi-box-clock.service"
  echo "mkdir /etc/systemd/system/sysinit.target.wants"
  echo "symlink /etc/systemd/system/multi-user.target.wants/pi-box.service /etc/systemd/system/pi-box.service"
  echo "symlink /etc/systemd/system/sysinit.target.wants/pi-box-clock.service /etc/systemd/system/pi-box-clock.service"
  echo "cd /root"
  echo "write $DEB $DEB_NAME"
  # Stamps newer than /usr: systemd then skips ldconfig.service and the other
  # ConditionNeedsUpdate= units, which otherwise cost a fresh image 4 minutes of each boot.
  for d in etc var; do
    echo "cd /$d"
    echo "write /dev/null .updated"
  done
} > "$RUN/inject.debugfs"
debugfs -w -f "$RUN/inject.debugfs" "$RUN/sd.img" > "$RUN/inject.log" 2>&1
# debugfs exits 0 whatever a command did: read its answers. An existing directory is fine.
if grep -vE '^debugfs[: ]|^Allocated inode|already exists' "$RUN/inject.log" | grep -q .; then
  cat "$RUN/inject.log"
  die "debugfs could not write everything into the image (above)"
fi
for f in /usr/local/lib/pi-box/scenario.sh /usr/local/lib/pi-box/FakeLive.class \
         "/root/$DEB_NAME" /etc/systemd/system/multi-user.target.wants/pi-box.service; do
  debugfs -R "stat $f" "$RUN/sd.img" 2>&1 | grep -q '^Inode:' \
    || die "$f is not in the image after debugfs"
done
say "injected the package, the scenario and the fake Live server (debugfs)"

# ---------------------------------------------------------------------------- the boot
# Two UARTs: the PL011 (ttyAMA0) gets the early kernel log, the mini UART (ttyS1, the last
# console=, so /dev/console) gets systemd's and the scenario's lines.
APPEND="console=ttyAMA0 console=ttyS1,115200 earlycon=pl011,mmio32,0x3f201000"
APPEND+=" root=/dev/mmcblk0 rw rootwait pibox.epoch=$(date +%s)"
[ -n "$BREAK" ] && APPEND+=" pibox.break=$BREAK"
say "booting qemu-system-aarch64 -M raspi3b (4 emulated cores, 1 GiB; limit ${TIMEOUT} s)"
BOOT_START=$SECONDS
: > "$RUN/uart0.log"
: > "$RUN/uart1.log"
qemu-system-aarch64 -M raspi3b -m 1G \
  -kernel "$CACHE/vmlinuz" -initrd "$CACHE/initrd.img" -dtb "$CACHE/bcm2837-rpi-3-b.dtb" \
  -drive "file=$RUN/sd.img,if=sd,format=raw" -append "$APPEND" \
  -display none -monitor none -no-reboot \
  -serial "file:$RUN/uart0.log" -serial "file:$RUN/uart1.log" &
QEMU_PID=$!
# The scenario's lines, as they come; tail ends with QEMU.
tail -n +1 -F --pid="$QEMU_PID" "$RUN/uart1.log" 2>/dev/null | sed -un 's/\r$//; s/^pibox| /pi-box [guest] /p' &
TAIL_PID=$!
qemu_rc=0
seen_login=0
while kill -0 "$QEMU_PID" 2>/dev/null; do
  sleep 2
  elapsed=$((SECONDS - BOOT_START))
  # The scenario is a unit of multi-user.target, so its first line is the sign that the box is
  # up (systemd prints no "Reached target" for multi-user.target while the scenario runs).
  if [ "$seen_login" -eq 0 ] && grep -qa '^pibox| ' "$RUN/uart1.log"; then
    seen_login=1
    say "the box is up (the scenario started) ${elapsed} s after QEMU started"
  fi
  if [ "$elapsed" -ge "$TIMEOUT" ]; then
    say "timeout: the box ran ${TIMEOUT} s; stopping QEMU"
    kill "$QEMU_PID" 2>/dev/null || true
    sleep 5
    kill -9 "$QEMU_PID" 2>/dev/null || true
    qemu_rc=124
    break
  elif [ $((elapsed % 120)) -lt 2 ] && [ "$elapsed" -ge 120 ] && [ "$seen_login" -eq 0 ]; then
    say "still booting (${elapsed} s; console: $(tr -d '\r' < "$RUN/uart1.log" | grep -a . \
      | tail -n 1 | cut -c1-70))"
  fi
done
if [ "$qemu_rc" -eq 0 ]; then
  wait "$QEMU_PID" || qemu_rc=$?
fi
QEMU_PID=""
wait "$TAIL_PID" 2>/dev/null || true
TAIL_PID=""
BOOT_SECONDS=$((SECONDS - BOOT_START))

# ---------------------------------------------------------------------------- the results
debugfs -R "dump /var/lib/pi-box/transcript.log $RUN/transcript.log" "$RUN/sd.img" \
  >/dev/null 2>&1 || true
result=$(tr -d '\r' < "$RUN/uart1.log" | sed -n 's/^pibox| RESULT failures=\([0-9]*\).*/\1/p' \
  | tail -n 1)
say "QEMU exited $qemu_rc after ${BOOT_SECONDS} s; logs in ${RUN#"$REPO"/}/" \
  "(uart1.log: systemd and the scenario, uart0.log: kernel, transcript.log)"
if [ -z "$result" ]; then
  echo "pi-box: FAILED: the scenario did not finish (no RESULT line on the console);" \
    "the console's last lines:" >&2
  tr -d '\r' < "$RUN/uart1.log" | grep -a . | tail -n 15 >&2
  exit 1
fi
if [ "$result" -eq 0 ]; then
  say "PASSED: every check in the box passed"
  exit 0
fi
say "FAILED: $result check(s) failed in the box:"
tr -d '\r' < "$RUN/uart1.log" | sed -n 's/^pibox|   FAIL /  FAIL /p'
exit 1
