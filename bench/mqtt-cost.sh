#!/usr/bin/env bash
# What Home Assistant over MQTT costs the daemon (issue 17, point 5): RSS and CPU time of an idle
# daemon without an mqtt section and with one (connected to a local Mosquitto, discovery and
# state published), each started with the JVM options of systemd/gemini-pi.service's ExecStart
# (no class-data archive) and sampled after SETTLE_S seconds, then again WINDOW_S seconds later.
# Audio: a private PulseAudio with a null sink and source (clocked, like a sound card); GPIO:
# Pi4J's mock platform; a dummy API key; no session is opened.
#
# Usage: bench/mqtt-cost.sh [RUNS]   (default 3 runs per configuration; prints Markdown)
set -euo pipefail
runs="${1:-3}"
SETTLE_S=20
WINDOW_S=60
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
unit="$repo/systemd/gemini-pi.service"
cd "$repo"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java"
for cmd in pulseaudio mosquitto; do
  command -v "$cmd" >/dev/null || { echo "mqtt-cost.sh: $cmd not found (apt-get install" \
    "pulseaudio libasound2-plugins mosquitto)" >&2; exit 1; }
done
[ -f target/gemini-pi.jar ] || mvn -q -B package -DskipTests

work="$(mktemp -d /tmp/gemini-pi-mqtt-cost.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/runtime" "$work/pulse-home" "$work/home" "$work/tmp"
chmod 700 "$work/runtime"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nuser %s\n' "$port" \
  "$(id -un)" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
pids+=($!)
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
pids+=($!)
for _ in $(seq 100); do [ -S "$work/native" ] && break; sleep 0.1; done
[ -S "$work/native" ] || { echo "mqtt-cost.sh: pulseaudio did not start" >&2; exit 1; }
cat > "$work/home/.asoundrc" <<ALSA
pcm.!default { type pulse; server "unix:$work/native" }
ctl.!default { type pulse; server "unix:$work/native" }
ALSA
config() { # $1 = name, $2 = extra top-level JSON ("" or ', "mqtt": {...}')
  cat > "$work/$1.json" <<JSON
{"gemini": {"endpoint": "ws://127.0.0.1:9"},
 "gpio": {"provider": "mock"},
 "camera": {"mode": "off"},
 "triggers": [{"type": "button", "pin": 17}],
 "led": {"pin": 25},
 "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22, "action": "switch"}],
 "control": {"socket": "$work/$1.sock"}$2}
JSON
}
config off ""
config on ", \"mqtt\": {\"broker\": \"mqtt://127.0.0.1:$port\", \"nodeId\": \"bench\"}"
mapfile -t flags < <("$repo/scripts/unit-jvm-flags.sh" "$unit" none)
ticks=$(getconf CLK_TCK)

# Prints "<RSS KiB> <CPU ms in the window>" for one run.
one() {
  env -i PATH=/usr/bin:/bin HOME="$work/home" TMPDIR="$work/tmp" GEMINI_API_KEY=dummy-not-a-key \
    "$java" "${flags[@]}" -Djava.io.tmpdir="$work/tmp" -jar target/gemini-pi.jar run \
    --config "$work/$1.json" > "$work/$1.log" 2>&1 &
  local pid=$!
  sleep "$SETTLE_S"
  local t0 t1
  t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  sleep "$WINDOW_S"
  t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  local rss
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ "$1" = on ] && ! grep -q "mqtt: connected to" "$work/on.log"; then
    echo "mqtt-cost.sh: the daemon did not connect to the broker:" >&2; cat "$work/on.log" >&2
    exit 1
  fi
  echo "$rss $(( (t1 - t0) * 1000 / ticks ))"
}

: > "$work/off.txt"; : > "$work/on.txt"
for i in $(seq "$runs"); do
  one off >> "$work/off.txt"
  one on >> "$work/on.txt"
  echo "run $i of $runs done" >&2
done
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "| mqtt | RSS after ${SETTLE_S} s (MiB, median of $runs) | CPU in the next ${WINDOW_S} s (ms, median) |"
echo "|---|---:|---:|"
for c in off on; do
  rss=$(awk '{ print $1 }' "$work/$c.txt" | median)
  cpu=$(awk '{ print $2 }' "$work/$c.txt" | median)
  printf '| %s | %.1f | %s |\n' "$c" "$(echo "$rss / 1024" | bc -l)" "$cpu"
done
echo
echo "raw (RSS KiB, CPU ms): off: $(tr '\n' ';' < "$work/off.txt") on: $(tr '\n' ';' < "$work/on.txt")"
