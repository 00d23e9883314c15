#!/usr/bin/env bash
# Installs gemini-pi on a Raspberry Pi: Java, the jar, a service user, the config, the key
# and the systemd unit; then starts the service and runs `gemini-pi check`. Run it again
# at any time: it changes only what is missing or out of date.
#
#   ./install.sh                      install or update (asks for the API key once)
#   ./install.sh --uninstall          remove everything but /etc/gemini-pi
#   ./install.sh --purge              remove everything, config and key too
#   ./install.sh --prefix DIR --no-systemctl --force
#                                     install into a scratch root (tests; no apt, no users)
set -euo pipefail

prefix=""
systemctl_on=1
force=0
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-systemctl) systemctl_on=0; shift ;;
    --force) force=1; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) action=purge; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see ./install.sh --help)" >&2; exit 2 ;;
  esac
done
prefix="${prefix%/}"
scratch=0; [ -n "$prefix" ] && scratch=1
here="$(cd "$(dirname "$0")" && pwd)"

opt="$prefix/opt/gemini-pi"
bin="$prefix/usr/local/bin/gemini-pi"
etc="$prefix/etc/gemini-pi"
unit="$prefix/etc/systemd/system/gemini-pi.service"
state="$prefix/var/lib/gemini-pi"
cache="$prefix/var/cache/gemini-pi"

say() { echo "gemini-pi: $*"; }
die() { echo "gemini-pi: error: $*" >&2; exit 1; }
as_root() { if [ "$scratch" -eq 1 ] || [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
systemctl_do() { [ "$systemctl_on" -eq 1 ] && as_root systemctl "$@" || true; }

# ----------------------------------------------------------------------------- uninstall
if [ "$action" != install ]; then
  systemctl_do disable --now gemini-pi.service
  as_root rm -f "$unit" "$bin"
  as_root rm -rf "$opt" "$cache" "$state"
  systemctl_do daemon-reload
  if [ "$action" = purge ]; then
    as_root rm -rf "$etc"
    if [ "$scratch" -eq 0 ] && id gemini-pi >/dev/null 2>&1; then as_root userdel gemini-pi; fi
    say "removed, including $etc"
  else
    say "removed; $etc (config and key) is kept: ./install.sh --purge removes it too"
  fi
  exit 0
fi

# ------------------------------------------------------------------------- is it a Pi?
model=$(tr -d '\0' 2>/dev/null < /proc/device-tree/model || true)
if [[ "$model" != Raspberry\ Pi* ]] && [ "$force" -eq 0 ]; then
  die "this does not look like a Raspberry Pi (/proc/device-tree/model: '${model:-none}');
       on a desktop use ./run-desktop.sh, or pass --force to install anyway"
fi

# ------------------------------------------------------------------------ Java >= 21
java_major() { "$1" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
find_java() {
  local j
  for j in /usr/lib/jvm/java-25-openjdk-*/bin/java /usr/lib/jvm/java-21-openjdk-*/bin/java \
           /usr/lib/jvm/temurin-2[1-9]-*/bin/java /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$j" ] || continue
    local v; v=$(java_major "$j" || true)
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then readlink -f "$j"; return 0; fi
  done
  return 1
}
if ! java=$(find_java); then
  [ "$scratch" -eq 1 ] && die "no Java 21 or newer found for the scratch install"
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if apt-cache show openjdk-21-jre-headless >/dev/null 2>&1; then
    say "installing Java 21 (openjdk-21-jre-headless)"
    as_root apt-get install -y -q openjdk-21-jre-headless
  else
    die "Debian $codename has no Java 21 package (Bookworm ships only Java 17). Either upgrade
       to Raspberry Pi OS Trixie, or add Adoptium's repository and install Temurin 21:
         sudo mkdir -p /etc/apt/keyrings
         wget -O - https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo tee /etc/apt/keyrings/adoptium.asc
         echo \"deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb $codename main\" | sudo tee /etc/apt/sources.list.d/adoptium.list
         sudo apt update && sudo apt install temurin-21-jre
       then run ./install.sh again"
  fi
  java=$(find_java) || die "Java 21 was installed but not found under /usr/lib/jvm"
fi
say "Java: $java"

# ------------------------------------------------------------- audio and camera tools
if [ "$scratch" -eq 0 ]; then
  need=(alsa-utils)
  if grep -qsE 'unicam|rp1-cfe' /sys/class/video4linux/*/name; then
    need+=(rpicam-apps-core)
  fi
  missing=()
  for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get install -y -q "${missing[@]}" || say "could not install ${missing[*]}; continuing"
  fi
fi

# ---------------------------------------------------------------------------- the jar
jar=""
for candidate in "$here/gemini-pi.jar" "$here/target/gemini-pi.jar"; do
  [ -f "$candidate" ] && { jar="$candidate"; break; }
done
if [ -z "$jar" ]; then
  if command -v mvn >/dev/null 2>&1; then
    say "building the jar (mvn package)"
    (cd "$here" && JAVA_HOME="$(dirname "$(dirname "$java")")" mvn -q -B package -DskipTests)
    jar="$here/target/gemini-pi.jar"
  else
    die "no gemini-pi.jar here; build it on a PC with 'mvn package' and copy
       target/gemini-pi.jar next to install.sh, or install maven"
  fi
fi
as_root install -d -m 0755 "$opt" "$(dirname "$bin")" "$(dirname "$unit")"
if ! cmp -s "$jar" "$opt/gemini-pi.jar"; then
  as_root install -m 0644 "$jar" "$opt/gemini-pi.jar"
  as_root rm -f "$cache/gemini-pi.jsa"   # the CDS archive belongs to the old jar
  say "installed $opt/gemini-pi.jar"
fi

# The wrapper: the CLI for people; the service runs java itself (Type=notify needs the JVM pid).
wrapper=$(cat <<WRAP
#!/bin/sh
# gemini-pi command-line wrapper, written by install.sh
exec "$java" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \\
  --enable-native-access=ALL-UNNAMED -jar /opt/gemini-pi/gemini-pi.jar "\$@"
WRAP
)
if [ "$(cat "$bin" 2>/dev/null)" != "$wrapper" ]; then
  printf '%s\n' "$wrapper" | as_root tee "$bin" >/dev/null
  as_root chmod 0755 "$bin"
  say "installed $bin"
fi

# ------------------------------------------------------------------------ the user
if [ "$scratch" -eq 0 ]; then
  if ! id gemini-pi >/dev/null 2>&1; then
    as_root useradd --system --no-create-home --home-dir /var/lib/gemini-pi \
      --shell /usr/sbin/nologin gemini-pi
    say "created the system user gemini-pi"
  fi
  for g in gpio audio video; do
    getent group "$g" >/dev/null && as_root usermod -aG "$g" gemini-pi
  done
fi

# ------------------------------------------------------------------- config and key
as_root install -d -m 0755 "$etc"
if [ ! -f "$etc/config.json" ]; then
  as_root install -m 0644 "$here/config/config.starter.json" "$etc/config.json"
  say "wrote $etc/config.json (edit it, then: sudo systemctl reload gemini-pi)"
fi
as_root install -m 0644 "$here/config/config.example.json" "$etc/config.example.json"
if [ ! -s "$etc/env" ] || [ -n "${GEMINI_API_KEY:-}" ]; then
  key="${GEMINI_API_KEY:-}"
  if [ -z "$key" ] && [ -t 0 ]; then
    read -r -s -p "Gemini API key (from https://aistudio.google.com/apikey; not shown): " key
    echo
  fi
  if [ -n "$key" ]; then
    old=$(as_root cat "$etc/env" 2>/dev/null || true)
    if [ "$old" != "GEMINI_API_KEY=$key" ]; then
      ( umask 077; printf 'GEMINI_API_KEY=%s\n' "$key" | as_root tee "$etc/env.new" >/dev/null )
      as_root chmod 0600 "$etc/env.new"
      as_root mv "$etc/env.new" "$etc/env"
      say "wrote the key to $etc/env (mode 0600)"
    fi
  else
    say "no key given: put GEMINI_API_KEY=... in $etc/env (mode 0600), then restart"
    [ -f "$etc/env" ] || { as_root touch "$etc/env"; as_root chmod 0600 "$etc/env"; }
  fi
  unset key old
fi

# ------------------------------------------------------------------------ the unit
unit_text=$(sed "s|^ExecStart=/usr/bin/java |ExecStart=$java |" "$here/systemd/gemini-pi.service")
if [ "$(cat "$unit" 2>/dev/null)" != "$unit_text" ]; then
  printf '%s\n' "$unit_text" | as_root tee "$unit" >/dev/null
  as_root chmod 0644 "$unit"
  say "installed $unit"
fi
as_root install -d -m 0750 "$state" "$cache"
[ "$scratch" -eq 0 ] && as_root chown gemini-pi:gemini-pi "$state" "$cache"

# Wake-word models (CC BY-NC-SA 4.0, see docs/wakeword.md) for "wakeword" triggers.
if [ "$scratch" -eq 0 ]; then
  if command -v npm >/dev/null 2>&1 || [ -n "${OWW_TARBALL:-}" ]; then
    as_root env OWW_TARBALL="${OWW_TARBALL:-}" bash "$here/scripts/fetch-wakeword-models.sh" \
      "$state/models" || say "wake-word models not fetched; wake words stay off until they are"
    as_root chown -R gemini-pi:gemini-pi "$state/models" 2>/dev/null || true
  else
    say "wake words: no npm here, so the standard models were not fetched; see docs/wakeword.md"
  fi
fi

# as_root: the cache directory is the service user's (0750), so only root sees into it.
if ! as_root test -f "$cache/gemini-pi.jsa"; then
  # One start and stop writes the JVM's class-data archive: later starts map it instead of loading
  # and verifying every class again (docs/hardware.md §5.3; BENCHMARKS.md "Start time"). The JVM
  # options come from the installed unit's ExecStart, so the archive is made with the flags the
  # service runs with. Its own temp directory keeps what Pi4J, JNA and libpulse unpack or create
  # out of /tmp (the service has PrivateTmp) and is removed afterwards.
  flags=$("$here/scripts/unit-jvm-flags.sh" "$unit" "$cache/gemini-pi.jsa") \
    || die "cannot read the JVM options from ExecStart in $unit"
  mapfile -t jvm_flags <<< "$flags"
  warm=$(mktemp -d)
  trap 'as_root rm -rf "$warm"' EXIT
  # NOTIFY_SOCKET: a socket nobody listens on, so the warm-up loads JNA as the service does.
  warm_env=(TMPDIR="$warm" NOTIFY_SOCKET="$warm/notify.sock")
  warm_config="$etc/config.json"
  if [ "$scratch" -eq 1 ]; then
    # No devices and nothing outside the prefix: mock GPIO, no camera, a socket in $warm, and
    # a closed loopback port as the endpoint (the warm-up opens no session anyway).
    warm_config="$warm/config.json"
    printf '{"gemini": {"endpoint": "ws://127.0.0.1:9"}, "gpio": {"provider": "mock"},
 "camera": {"mode": "off"}, "control": {"socket": "%s"}}\n' "$warm/control.sock" > "$warm_config"
    warm_env+=(HOME="$warm")
  else
    as_root chown gemini-pi:gemini-pi "$warm"
    systemctl_do stop gemini-pi.service
  fi
  say "warming up: writing the class-data archive (a few seconds)"
  warm_cmd=(env "${warm_env[@]}" timeout 120 "$java" "${jvm_flags[@]}" -Djava.io.tmpdir="$warm"
    -jar "$opt/gemini-pi.jar" run --warmup --config "$warm_config")
  if [ "$scratch" -eq 1 ]; then
    "${warm_cmd[@]}" >/dev/null 2>&1 || say "warm-up failed; the service starts without the archive"
  else
    as_root runuser -u gemini-pi -- "${warm_cmd[@]}" >/dev/null 2>&1 \
      || say "warm-up failed; the service starts without the archive"
  fi
  as_root rm -rf "$warm"
  trap - EXIT
fi

if [ "$systemctl_on" -eq 1 ]; then
  as_root systemctl daemon-reload
  as_root systemctl enable gemini-pi.service >/dev/null
  as_root systemctl restart gemini-pi.service
  say "service started: journalctl -u gemini-pi -f shows what it does"
  echo
  # As the service user, with the key from the env file (never on a command line).
  as_root sh -c "set -a; . '$etc/env'; exec runuser -u gemini-pi -- '$bin' check --config '$etc/config.json'" || true
else
  say "installed into ${prefix:-/}; systemctl not run"
fi
