#!/usr/bin/env bash
# arm64 smoke run (issue 7): the same target/gemini-pi.jar, in a Debian trixie arm64 root with
# Debian's openjdk-21 JRE, run under qemu-user on this (x86-64) machine:
#   --version, check --config <gpio provider auto>, devices, and a probe that loads Pi4J's
#   bundled gpiod native library (bench/arm64/GpiodProbe.java).
#
# Usage: bench/arm64-smoke.sh [--jar PATH] [--keep] [--fresh] [--no-binfmt]
#   --jar PATH    use this jar instead of target/gemini-pi.jar (built if missing)
#   --keep        leave the arm64 root in bench/target/arm64-root afterwards
#   --fresh       debootstrap again instead of unpacking the cached root tarball
#   --no-binfmt   do not use binfmt_misc + chroot; run qemu-aarch64-static -L <root> instead
#
# Needs root (debootstrap, chroot, mount) and, the first time, Debian's mirror: the finished
# root is cached as bench/target/trixie-arm64-root.tar.gz (~150 MB), so later runs need no
# network and take about a minute. Host packages: debootstrap, qemu-user-static, binfmt-support
# (installed with apt-get when missing). Safe to re-run: stale mounts are cleared first, and
# everything it mounted, enabled or unpacked is undone on exit, even on failure.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
WORK=$REPO/bench/target
ROOT=$WORK/arm64-root
TARBALL=$WORK/trixie-arm64-root.tar.gz
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
# libasound2t64 is trixie's name for libasound2 (the 64-bit time_t transition).
INCLUDE=openjdk-21-jre-headless,libasound2t64
JAVA=/usr/lib/jvm/java-21-openjdk-arm64/bin/java
# C1 only: qemu emulates every instruction, and C2 compiling the whole start-up costs minutes.
JAVA_OPTS=(-XX:TieredStopAtLevel=1 -Xshare:auto)

JAR=$REPO/target/gemini-pi.jar
KEEP=0
FRESH=0
USE_BINFMT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$(realpath "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    --fresh) FRESH=1; shift ;;
    --no-binfmt) USE_BINFMT=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "arm64-smoke: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
die() { echo "arm64-smoke: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root for debootstrap, chroot and mount; run it with sudo"

# ---------------------------------------------------------------- host tools
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v update-binfmts >/dev/null || need+=(binfmt-support)
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get to install them"
  say "installing ${need[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- cleanup, run on every exit
BINFMT_ENABLED_BY_US=0
BINFMT_MOUNTED_BY_US=0
unmount_root() {
  # Deepest first; -l so a process still holding a mount cannot keep the root alive.
  local m
  for m in $(awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts \
             | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
cleanup() {
  local rc=$?
  unmount_root
  if [ "$KEEP" -eq 0 ] && [ -d "$ROOT" ]; then
    rm -rf --one-file-system "$ROOT"
  fi
  if [ "$BINFMT_ENABLED_BY_US" -eq 1 ]; then
    update-binfmts --disable qemu-aarch64 >/dev/null 2>&1 || true
  fi
  if [ "$BINFMT_MOUNTED_BY_US" -eq 1 ]; then
    umount /proc/sys/fs/binfmt_misc 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK"
unmount_root             # a run that was killed may have left mounts behind
rm -rf --one-file-system "$ROOT"

# ---------------------------------------------------------------- the jar and the probe
# A host JDK >= 21 compiles the probe (and builds the jar when there is none).
find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /x/x)")")")" \
           /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    if "$c/bin/javac" --release 21 -version >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}
HOST_JDK=$(find_jdk) || die "no JDK 21 or newer on this machine (looked at \$JAVA_HOME, javac" \
  "on PATH and /usr/lib/jvm/*); one is needed to compile bench/arm64/GpiodProbe.java"
if [ ! -f "$JAR" ]; then
  say "building $JAR"
  command -v mvn >/dev/null || die "no $JAR and no mvn to build it; pass --jar PATH"
  (cd "$REPO" && JAVA_HOME=$HOST_JDK mvn -q -B -DskipTests package)
fi
rm -rf "$WORK/arm64-probe"
mkdir -p "$WORK/arm64-probe"
"$HOST_JDK/bin/javac" --release 21 -cp "$JAR" -d "$WORK/arm64-probe" \
  "$REPO/bench/arm64/GpiodProbe.java"

# ---------------------------------------------------------------- binfmt_misc, if the kernel lets us
MODE=qemu-L
if [ "$USE_BINFMT" -eq 1 ]; then
  if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    if mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null; then
      BINFMT_MOUNTED_BY_US=1
    fi
  fi
  if [ -e /proc/sys/fs/binfmt_misc/status ]; then
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] \
        || ! grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64; then
      if update-binfmts --enable qemu-aarch64 2>/dev/null; then
        BINFMT_ENABLED_BY_US=1
      fi
    fi
    # The F flag makes the kernel keep the interpreter open, so it need not exist in the root.
    if grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null \
        && grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64; then
      MODE=chroot
    fi
  fi
  [ "$MODE" = chroot ] || echo "arm64-smoke: binfmt_misc is not usable here (no permission to" \
    "mount it or to register qemu-aarch64); falling back to qemu-aarch64-static -L" >&2
fi

# ---------------------------------------------------------------- the arm64 root
if [ -f "$TARBALL" ] && [ "$FRESH" -eq 0 ]; then
  say "unpacking the cached root $(basename "$TARBALL")"
  mkdir -p "$ROOT"
  tar -xzf "$TARBALL" -C "$ROOT"
else
  say "debootstrap $SUITE arm64 ($INCLUDE) from $MIRROR"
  started=$SECONDS
  if [ "$MODE" = chroot ]; then
    debootstrap --arch=arm64 --variant=minbase --include="$INCLUDE" \
      "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.out" 2>&1 \
      || { tail -20 "$WORK/debootstrap.out"; die "debootstrap failed (log: $WORK/debootstrap.out)"; }
  else
    # Without binfmt the second stage (maintainer scripts run as arm64 binaries) is impossible;
    # unpacking every downloaded package gives a tree qemu -L can run java from.
    debootstrap --arch=arm64 --variant=minbase --include="$INCLUDE" --foreign \
      "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.out" 2>&1 \
      || { tail -20 "$WORK/debootstrap.out"; die "debootstrap failed (log: $WORK/debootstrap.out)"; }
    for deb in "$ROOT"/var/cache/apt/archives/*.deb; do
      dpkg-deb -x "$deb" "$ROOT"
    done
  fi
  rm -f "$ROOT"/var/cache/apt/archives/*.deb
  echo "debootstrap took $((SECONDS - started)) s; caching the root as $(basename "$TARBALL")"
  tar -czf "$TARBALL.part" -C "$ROOT" --one-file-system .
  mv "$TARBALL.part" "$TARBALL"
fi

mkdir -p "$ROOT/opt/gemini-pi"
cp "$JAR" "$ROOT/opt/gemini-pi/gemini-pi.jar"
cp -r "$WORK/arm64-probe" "$ROOT/opt/gemini-pi/probe"
# gpio "auto" as on a Pi; the endpoint is a closed loopback port, so check never leaves this
# machine, and the key is a placeholder that only has to be present.
cat > "$ROOT/opt/gemini-pi/smoke.json" <<'EOF'
{
  "gemini": { "endpoint": "ws://127.0.0.1:9" },
  "gpio": { "provider": "auto" },
  "triggers": [ { "type": "button", "pin": 17 } ],
  "tools": [ { "name": "set_lamp", "pin": 22, "action": "switch" } ]
}
EOF

# The same small environment for every run; the key variable only has to be set for check.
ENV=(PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 GEMINI_API_KEY=smoke-placeholder-not-a-key)
if [ "$MODE" = chroot ]; then
  mount -t proc proc "$ROOT/proc"
  mount -t tmpfs tmpfs "$ROOT/tmp"
  APP=/opt/gemini-pi
  CHROOT=$(command -v chroot)
  in_root() { env -i "${ENV[@]}" "$CHROOT" "$ROOT" "$@"; }
else
  # -L makes the paths a program opens resolve inside the root first, but the kernel follows
  # an absolute symlink from the host's /, and Debian's JDK reaches its java.security that way
  # (conf/security -> /etc/java-21-openjdk/security). Relative links work from both sides.
  find "$ROOT" -xdev -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$ROOT$(readlink "$link")")" \
      "$link"
  done
  # qemu-user cannot exec a second arm64 program without binfmt, so each run is one binary,
  # given by its path in the root. qemu 7.2 does not remap every file access into the root
  # (java's open of /opt/... was not), so the program's own files are named from the host.
  APP=$ROOT/opt/gemini-pi
  QEMU=$(command -v qemu-aarch64-static)
  in_root() {
    local bin=$1; shift
    env -i "${ENV[@]}" "$QEMU" -L "$ROOT" "$ROOT$bin" "$@"
  }
fi

# ---------------------------------------------------------------- the runs
run() {
  say "$*"
  local started=$SECONDS rc=0
  in_root "$@" 2>&1 || rc=$?
  echo "-- exit $rc, $((SECONDS - started)) s"
}

say "mode: $MODE; host $(uname -m), root $(grep PRETTY_NAME "$ROOT/etc/os-release" | cut -d'"' -f2)"
run /usr/bin/uname -m
run "$JAVA" "${JAVA_OPTS[@]}" -version
run "$JAVA" "${JAVA_OPTS[@]}" -jar "$APP/gemini-pi.jar" --version
run "$JAVA" "${JAVA_OPTS[@]}" -jar "$APP/gemini-pi.jar" check --config "$APP/smoke.json"
run "$JAVA" "${JAVA_OPTS[@]}" -jar "$APP/gemini-pi.jar" devices
run "$JAVA" "${JAVA_OPTS[@]}" -cp "$APP/gemini-pi.jar:$APP/probe" GpiodProbe
