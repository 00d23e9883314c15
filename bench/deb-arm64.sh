#!/usr/bin/env bash
# The Debian package's life in a Debian trixie arm64 root under qemu-user (issue 12): install
# target/gemini-pi_VERSION_all.deb with apt-get, run `gemini-pi --version` and `gemini-pi check`,
# edit the config and write a key, upgrade to a second version, then `dpkg -r` and `dpkg -P`,
# checking after each step what a user would look at (files, conffile, key, user, unit link).
#
# Usage: bench/deb-arm64.sh [--deb PATH] [--offline] [--keep]
#   --deb PATH   the package to test (default: the newest target/gemini-pi_*_all.deb)
#   --offline    never use the network: alsa-utils and the apt lists must come from the cache
#                bench/target/trixie-arm64-apt.tar, which a first run with the mirror writes
#   --keep       leave the root in bench/target/deb-arm64-root afterwards
#
# Needs root (chroot, mount), binfmt_misc with qemu-aarch64 registered with the F flag, and the
# cached root bench/target/trixie-arm64-root.tar.gz that bench/arm64-smoke.sh builds (it has
# openjdk-21-jre-headless). Exit codes: 0 every step as expected, 1 a step failed, 3 this machine
# cannot run it (the reason is printed); DebPackageIT skips on 3.
# The second version is the first one repacked by dpkg-deb with Version VERSION+upgrade1: the same
# files, so the upgrade tests what dpkg and the maintainer scripts do, not a code change.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
WORK=$REPO/bench/target
ROOT=$WORK/deb-arm64-root
TARBALL=$WORK/trixie-arm64-root.tar.gz
APT_CACHE=$WORK/trixie-arm64-apt.tar
MIRROR=${MIRROR:-http://deb.debian.org/debian}

DEB=""
OFFLINE=0
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) DEB=$(realpath "$2"); shift 2 ;;
    --offline) OFFLINE=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "deb-arm64: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
die() { echo "deb-arm64: FAILED: $*" >&2; exit 1; }
BINFMT_ENABLED_BY_US=0
cannot() {
  echo "deb-arm64: cannot run here: $*" >&2
  if [ "$BINFMT_ENABLED_BY_US" -eq 1 ]; then
    update-binfmts --disable qemu-aarch64 >/dev/null 2>&1 || true
    BINFMT_ENABLED_BY_US=0
  fi
  exit 3
}

[ "$(id -u)" -eq 0 ] || cannot "needs root for chroot and mount"
# Any enabled binfmt_misc entry for arm64 ELF with the F flag (qemu-aarch64 from binfmt-support,
# or one another tool registered): the kernel then runs the root's arm64 programs by itself.
aarch64_binfmt() {
  local f
  for f in /proc/sys/fs/binfmt_misc/*; do
    grep -qs '^enabled' "$f" && grep -qs '^flags:.*F' "$f" \
      && grep -qs '^magic 7f454c460201010000000000000000000200b700' "$f" && return 0
  done
  return 1
}
# As bench/arm64-smoke.sh does: enable binfmt-support's qemu-aarch64 when none is there, and
# disable it again on exit (only what this script enabled).
if ! aarch64_binfmt && command -v update-binfmts >/dev/null \
    && update-binfmts --enable qemu-aarch64 >/dev/null 2>&1; then
  BINFMT_ENABLED_BY_US=1
fi
aarch64_binfmt || cannot "binfmt_misc has no enabled arm64 entry with the F flag (apt-get install" \
  "qemu-user-static binfmt-support); apt runs arm64 maintainer scripts, so qemu -L is not enough"
[ -f "$TARBALL" ] || cannot "no cached arm64 root $TARBALL; bench/arm64-smoke.sh builds it"
if [ -z "$DEB" ]; then
  DEB=$(ls -t "$REPO"/target/gemini-pi_*_all.deb 2>/dev/null | head -n 1 || true)
fi
[ -n "$DEB" ] && [ -f "$DEB" ] || cannot "no target/gemini-pi_*_all.deb; run mvn -B package first"
[ "$OFFLINE" -eq 0 ] || [ -f "$APT_CACHE" ] \
  || cannot "--offline and no $APT_CACHE yet; run bench/deb-arm64.sh once without --offline"
command -v dpkg-deb >/dev/null || cannot "no dpkg-deb on this machine to repack the upgrade"

# ---------------------------------------------------------------- cleanup, run on every exit
unmount_root() {
  local m
  for m in $(awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts \
             | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
cleanup() {
  local rc=$?
  unmount_root
  if [ "$KEEP" -eq 0 ] && [ -d "$ROOT" ]; then rm -rf --one-file-system "$ROOT"; fi
  rm -rf "$WORK/deb-arm64-repack"
  if [ "$BINFMT_ENABLED_BY_US" -eq 1 ]; then
    update-binfmts --disable qemu-aarch64 >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unmount_root
rm -rf --one-file-system "$ROOT"

# ---------------------------------------------------------------- the two versions
VERSION=$(dpkg-deb -f "$DEB" Version)
UPGRADE_VERSION=$VERSION+upgrade1
rm -rf "$WORK/deb-arm64-repack"
mkdir -p "$WORK/deb-arm64-repack"
dpkg-deb -R "$DEB" "$WORK/deb-arm64-repack/tree"
sed -i "s/^Version: .*/Version: $UPGRADE_VERSION/" "$WORK/deb-arm64-repack/tree/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$WORK/deb-arm64-repack/tree" \
  "$WORK/deb-arm64-repack/gemini-pi_${UPGRADE_VERSION}_all.deb" >/dev/null
DEB2=$WORK/deb-arm64-repack/gemini-pi_${UPGRADE_VERSION}_all.deb

# ---------------------------------------------------------------- the root
say "unpacking $(basename "$TARBALL"); packages $(basename "$DEB") and $(basename "$DEB2")"
mkdir -p "$ROOT"
tar -xzf "$TARBALL" -C "$ROOT"
mount -t proc proc "$ROOT/proc"
mount -t tmpfs tmpfs "$ROOT/tmp"
mkdir -p "$ROOT/root/debs"
cp "$DEB" "$DEB2" "$ROOT/root/debs/"
# A closed loopback port as the endpoint: check never leaves this machine.
cat > "$ROOT/root/smoke.json" <<'EOF'
{
  "gemini": { "endpoint": "ws://127.0.0.1:9" },
  "triggers": [ { "type": "button", "pin": 17 } ]
}
EOF
ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
  DEBIAN_FRONTEND=noninteractive)
in_root() { env -i "${ENV[@]}" chroot "$ROOT" "$@"; }
run() { # prints the command, its output and its exit status; returns the status
  say "$*"
  local started=$SECONDS rc=0
  in_root "$@" 2>&1 || rc=$?
  echo "-- exit $rc, $((SECONDS - started)) s"
  return "$rc"
}
expect() { # DESCRIPTION TEST...: one line per check, and a failure stops the run
  local what=$1; shift
  if in_root "$@" >/dev/null 2>&1; then echo "ok: $what"; else die "$what"; fi
}

if [ -f "$APT_CACHE" ]; then
  tar -xf "$APT_CACHE" -C "$ROOT"
else
  say "apt-get update from $MIRROR (the lists and alsa-utils are cached for --offline runs)"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root apt-get update -q >/dev/null || cannot "apt-get update from the mirror failed"
  in_root apt-get install -y -q --download-only alsa-utils >/dev/null \
    || cannot "downloading alsa-utils from the mirror failed"
  tar -cf "$APT_CACHE.part" -C "$ROOT" var/lib/apt/lists var/cache/apt/archives
  mv "$APT_CACHE.part" "$APT_CACHE"
fi
APT_OFFLINE=(-o Acquire::http::Proxy=http://127.0.0.1:9 -o Acquire::Retries=0)
# ldconfig cannot write /etc/ld.so.cache under qemu-user here ("Can't create temporary cache
# file"), which fails libc-bin's trigger after any install; the usual cure for emulated roots is
# to divert it to true. Nothing gemini-pi installs is a shared library.
in_root dpkg-divert --quiet --local --no-rename --add /usr/sbin/ldconfig
ln -sf /bin/true "$ROOT/usr/sbin/ldconfig"

say "mode: chroot; host $(uname -m), root $(grep PRETTY_NAME "$ROOT/etc/os-release" | cut -d'"' -f2)"
run apt-get install -y -q --no-install-recommends "${APT_OFFLINE[@]}" "/root/debs/$(basename "$DEB")" \
  || die "apt-get install of $(basename "$DEB")"
expect "the package is installed at $VERSION" \
  sh -c "[ \"\$(dpkg-query -W -f='\${Version}' gemini-pi)\" = '$VERSION' ]"
expect "user gemini-pi exists, in groups gpio audio video" \
  sh -c 'id -nG gemini-pi | tr " " "\n" | sort | tr "\n" " " | grep -qx "audio gemini-pi gpio video "'
expect "/etc/gemini-pi/env is root:root 0600 and empty" \
  sh -c '[ "$(stat -c %U:%G:%a /etc/gemini-pi/env)" = root:root:600 ] && [ ! -s /etc/gemini-pi/env ]'
expect "the unit is enabled (multi-user.target.wants link)" \
  test -L /etc/systemd/system/multi-user.target.wants/gemini-pi.service
expect "the warm-up wrote the class-data archive" test -s /var/cache/gemini-pi/gemini-pi.jsa
expect "/etc/gemini-pi/config.json is a conffile" \
  sh -c 'dpkg-query -W -f="\${Conffiles}" gemini-pi | grep -q " /etc/gemini-pi/config.json "'

run gemini-pi --version || die "gemini-pi --version"
check_rc=0
run env GEMINI_API_KEY=smoke-placeholder-not-a-key gemini-pi check --config /root/smoke.json \
  || check_rc=$?
[ "$check_rc" -eq 1 ] || die "gemini-pi check exited $check_rc, expected 1 (no sound card, no GPIO)"

say "a user edits the config and writes the key"
in_root sh -c 'sed -i "s/\"Kore\"/\"Puck\"/" /etc/gemini-pi/config.json'
in_root sh -c 'umask 077; echo GEMINI_API_KEY=upgrade-placeholder-not-a-key > /etc/gemini-pi/env'
in_root sh -c 'md5sum /etc/gemini-pi/config.json /etc/gemini-pi/env' > "$WORK/deb-arm64-repack/before"
cat "$WORK/deb-arm64-repack/before"

run apt-get install -y -q --no-install-recommends "${APT_OFFLINE[@]}" \
  "/root/debs/$(basename "$DEB2")" || die "apt-get install of $(basename "$DEB2") (upgrade)"
expect "the package is upgraded to $UPGRADE_VERSION" \
  sh -c "[ \"\$(dpkg-query -W -f='\${Version}' gemini-pi)\" = '$UPGRADE_VERSION' ]"
in_root sh -c 'md5sum /etc/gemini-pi/config.json /etc/gemini-pi/env' > "$WORK/deb-arm64-repack/after"
cmp -s "$WORK/deb-arm64-repack/before" "$WORK/deb-arm64-repack/after" \
  || die "the upgrade changed the edited config or the key"
echo "ok: the edited config and the key are unchanged by the upgrade"
expect "the key file is still root:root 0600" \
  sh -c '[ "$(stat -c %U:%G:%a /etc/gemini-pi/env)" = root:root:600 ]'

run dpkg -r gemini-pi || die "dpkg -r"
expect "remove took the program away" sh -c '[ ! -e /usr/share/gemini-pi ] && [ ! -e /usr/bin/gemini-pi ]'
expect "remove kept /etc/gemini-pi (config and key)" \
  sh -c 'grep -q Puck /etc/gemini-pi/config.json && grep -q upgrade-placeholder /etc/gemini-pi/env'
expect "remove kept the user" getent passwd gemini-pi

run dpkg -P gemini-pi || die "dpkg -P"
expect "purge removed /etc/gemini-pi, /var/lib/gemini-pi and /var/cache/gemini-pi" \
  sh -c '[ ! -e /etc/gemini-pi ] && [ ! -e /var/lib/gemini-pi ] && [ ! -e /var/cache/gemini-pi ]'
expect "purge removed the user gemini-pi" sh -c '! getent passwd gemini-pi'
expect "purge removed the unit's enablement" \
  sh -c '[ ! -e /etc/systemd/system/multi-user.target.wants/gemini-pi.service ]'
expect "dpkg no longer knows the package" sh -c '! dpkg-query -W gemini-pi'
say "deb-arm64: every step as expected"
