#!/usr/bin/env bash
# Daemon start -> ready, with and without the class-data (CDS) archive (issue 7 point 4, issue 6
# point 5). Each run starts `gemini-pi run` with the JVM options and environment of
# systemd/gemini-pi.service's ExecStart (read from the unit, so they cannot drift; only the jar,
# archive and config paths are swapped) under a fake NOTIFY_SOCKET, and bench/notify-ready.py
# times process start -> READY=1, which is what systemd waits for; then SIGTERM, and it waits for
# the exit. Configurations, run in turn so a busy moment on the machine hits all of them alike:
#   no-cds     -Xshare:off: no class-data archive at all
#   jdk-cds    no app archive: only the JDK's own default archive (a fresh install before warm-up)
#   app-cds    the app archive, made first the way install.sh makes it (run --warmup, same flags)
# Audio: a private PulseAudio with a null sink and source (clocked, like a sound card) through
# ALSA's pulse plugin; GPIO: Pi4J's mock platform; a dummy API key; no session is opened.
#
# Usage: bench/start-time.sh [RUNS]    (default 10 runs per configuration; prints Markdown)
set -euo pipefail
runs="${1:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
unit="$repo/systemd/gemini-pi.service"
cd "$repo"

jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$c" ] && [ -x "$c/bin/java" ] && [ "$(jdk_major "$c")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME="$c"; break
  fi
done
[ -n "${JAVA_HOME:-}" ] && [ "$(jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null \
  || { echo "start-time.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
java="$JAVA_HOME/bin/java"
for cmd in pulseaudio python3; do
  command -v "$cmd" >/dev/null || { echo "start-time.sh: $cmd not found (apt-get install" \
    "pulseaudio libasound2-plugins python3)" >&2; exit 1; }
done
[ -e /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so ] || { echo "start-time.sh: ALSA's pulse" \
  "plugin is missing: apt-get install libasound2-plugins" >&2; exit 1; }
if [ ! -f target/gemini-pi.jar ] \
  || [ -n "$(find src pom.xml -newer target/gemini-pi.jar -print -quit)" ]; then
  mvn -q -B package -DskipTests
fi

work="$(mktemp -d /tmp/gemini-pi-start.XXXXXX)"
pulse=""
cleanup() {
  if [ -n "$pulse" ]; then kill "$pulse" 2>/dev/null || true; wait "$pulse" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/runtime" "$work/pulse-home" "$work/home" "$work/opt"
chmod 700 "$work/runtime"
# The installed jar stands in for /opt/gemini-pi/gemini-pi.jar: the archive records its path,
# size and time, and a rebuild of target/ during the runs must not invalidate it.
cp target/gemini-pi.jar "$work/opt/gemini-pi.jar"
jar="$work/opt/gemini-pi.jar"

cat > "$work/default.pa" <<PA
load-module module-null-sink sink_name=bench_speaker rate=48000 channels=2
load-module module-null-source source_name=bench_mic rate=16000 channels=1
load-module module-native-protocol-unix auth-anonymous=1 socket=$work/native
set-default-sink bench_speaker
set-default-source bench_mic
PA
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u PULSE_SERVER HOME="$work/pulse-home" \
  XDG_RUNTIME_DIR="$work/runtime" pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --use-pid-file=no -F "$work/default.pa" --log-target=stderr --log-level=error &
pulse=$!
for _ in $(seq 100); do [ -S "$work/native" ] && break; sleep 0.1; done
[ -S "$work/native" ] || { echo "start-time.sh: pulseaudio did not start" >&2; exit 1; }
cat > "$work/home/.asoundrc" <<ALSA
pcm.!default { type pulse; server "unix:$work/native" }
ctl.!default { type pulse; server "unix:$work/native" }
ALSA
cat > "$work/config.json" <<JSON
{"gemini": {"endpoint": "ws://127.0.0.1:9"},
 "gpio": {"provider": "mock"},
 "camera": {"mode": "off"},
 "triggers": [{"type": "button", "pin": 17}],
 "led": {"pin": 25},
 "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22, "action": "switch"}],
 "control": {"socket": "$work/control.sock"}}
JSON

# The unit's Environment= lines, then what the service gets from its EnvironmentFile and systemd.
mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$unit")
# TMPDIR and java.io.tmpdir: the service has PrivateTmp, so what Pi4J, JNA and libpulse unpack or
# create goes to a directory of our own, not /tmp.
mkdir -p "$work/tmp"
base_env=(env -i PATH=/usr/bin:/bin HOME="$work/home" TMPDIR="$work/tmp"
  GEMINI_API_KEY=dummy-not-a-key "${unit_env[@]}")
flags() { "$repo/scripts/unit-jvm-flags.sh" "$unit" "$1"; }
mapfile -t no_cds < <(flags none); no_cds+=(-Xshare:off)
mapfile -t jdk_cds < <(flags none)
mapfile -t app_cds < <(flags "$work/app.jsa")
[ ${#app_cds[@]} -gt 0 ] || { echo "start-time.sh: no JVM options read from $unit" >&2; exit 1; }
tail=(-Djava.io.tmpdir="$work/tmp" -jar "$jar")

# The archive, as install.sh makes it: one warm-up run with the unit's flags.
warm_start=$(date +%s%N)
# NOTIFY_SOCKET: one nobody listens on, as install.sh sets, so JNA's classes are archived too.
"${base_env[@]}" NOTIFY_SOCKET="$work/tmp/nobody-listens.sock" "$java" "${app_cds[@]}" "${tail[@]}" \
  run --warmup --config "$work/config.json" > "$work/warmup.log" 2>&1 \
  || { echo "start-time.sh: the warm-up failed:" >&2; cat "$work/warmup.log" >&2; exit 1; }
warm_ms=$(( ($(date +%s%N) - warm_start) / 1000000 ))
[ -s "$work/app.jsa" ] || { echo "start-time.sh: the warm-up wrote no archive" >&2; exit 1; }
archive_bytes=$(stat -c %s "$work/app.jsa")
archive_sum=$(sha256sum < "$work/app.jsa")

# One run per configuration: prints "<ms to READY=1> <ms the daemon logged as 'ready in'>".
one() {
  local name=$1; shift
  local out ms code logged
  out=$("${base_env[@]}" python3 "$here/notify-ready.py" "$work/$name.log" -- \
    "$java" "$@" "${tail[@]}" run --config "$work/config.json") \
    || { echo "start-time.sh: $name: $out" >&2; cat "$work/$name.log" >&2; exit 1; }
  read -r ms code <<< "$out"
  # 143: SIGTERM after the shutdown hook ran, which the unit's SuccessExitStatus accepts.
  [ "$code" = 143 ] || { echo "start-time.sh: $name: exit code $code after SIGTERM, not 143" >&2
    cat "$work/$name.log" >&2; exit 1; }
  logged=$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$work/$name.log" | head -1)
  echo "$ms ${logged:-NA}"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
one jdk-cds "${jdk_cds[@]}" > /dev/null   # untimed: warms the page cache for the jar and JDK
: > "$work/no-cds.times"; : > "$work/jdk-cds.times"; : > "$work/app-cds.times"
for i in $(seq "$runs"); do
  one no-cds "${no_cds[@]}" >> "$work/no-cds.times"
  one jdk-cds "${jdk_cds[@]}" >> "$work/jdk-cds.times"
  one app-cds "${app_cds[@]}" >> "$work/app-cds.times"
  echo "run $i of $runs done" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$(sha256sum < "$work/app.jsa")" = "$archive_sum" ] \
  || archive_note=" (it was REWRITTEN during the runs: the unit's flags did not accept it)"

# median (the mean of the middle two for an even count), min and max of column $2 of a file
stats() { awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 }
  END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f | %.0f | %.0f", m, v[1], v[NR] }'; }

echo "JDK: $("$java" -version 2>&1 | sed -n 2p)"
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
echo "CPU: $(nproc) x $cpu; load average $load_before before, $load_after after"
echo "JVM options (from $(basename "$unit")): ${app_cds[*]/$work/\$WORK}"
mib=$(awk -v b="$archive_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "archive: $archive_bytes bytes ($mib MiB), written by a warm-up run of $warm_ms ms${archive_note:-}"
echo
echo "| configuration | start -> READY=1 median ms | min | max |" \
  "'ready in' logged, median ms | min | max | runs |"
echo "|---|---|---|---|---|---|---|---|"
for name in no-cds jdk-cds app-cds; do
  echo "| $name | $(stats "$work/$name.times" 1) | $(stats "$work/$name.times" 2) | $runs |"
done
