#!/usr/bin/env bash
# Audio path latency with a real clock (issue 3 point 9): a private PulseAudio whose pipe source and
# pipe sink are paced by the system clock, reached through ALSA's pulse plugin, drives the daemon's
# Microphone and Speaker; bench/src/main/java/dev/geminipi/audio/AudioLatency.java measures.
# Usage: bench/audio-latency.sh   (builds what it needs; prints a Markdown table)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for cmd in pulseaudio java mvn; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found (apt-get install pulseaudio libasound2-plugins; a JDK >= 21; Maven)" >&2; exit 1; }
done
[ -e /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so ] || { echo "error: ALSA's pulse plugin is missing: apt-get install libasound2-plugins" >&2; exit 1; }

(cd "$here/.." && mvn -q -B install -DskipTests)
(cd "$here" && mvn -q -B package)

work="$(mktemp -d /tmp/gemini-pi-latency.XXXXXX)"
mkdir -p "$work/runtime" "$work/home" "$work/alsa-home"
chmod 700 "$work/runtime"
cat > "$work/default.pa" <<PA
load-module module-pipe-sink sink_name=bench_speaker file=$work/speaker.fifo format=s16le rate=48000 channels=2 use_system_clock_for_timing=yes
load-module module-pipe-source source_name=bench_mic file=$work/mic.fifo format=s16le rate=16000 channels=1
load-module module-native-protocol-unix auth-anonymous=1 socket=$work/native
set-default-sink bench_speaker
set-default-source bench_mic
PA
cat > "$work/alsa-home/.asoundrc" <<ALSA
pcm.!default { type pulse; server "unix:$work/native"; handle_underrun false }
ctl.!default { type pulse; server "unix:$work/native" }
ALSA

env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u PULSE_SERVER HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" \
  pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no -F "$work/default.pa" \
  --log-target=stderr --log-level=error &
pulse=$!
trap 'kill "$pulse" 2>/dev/null; wait "$pulse" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -S "$work/native" ] && break; sleep 0.1; done
[ -S "$work/native" ] || { echo "error: pulseaudio did not start" >&2; exit 1; }

HOME="$work/alsa-home" java -cp "$here/target/benchmarks.jar" dev.geminipi.audio.AudioLatency "$work"
