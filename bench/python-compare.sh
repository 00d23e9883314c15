#!/usr/bin/env bash
# gemini-pi next to the Python reference client, and the daemon's footprint (issue 7 points 4, 5).
# One FakeLiveServer on loopback; the daemon jar runs with the JVM flags and MALLOC_ARENA_MAX of
# systemd/gemini-pi.service (parsed from the unit), mock GPIO, its mic a private PulseAudio pipe
# source fed at real-time pace and its speaker a clock-paced pipe sink; bench/python/live_client.py
# runs beside it. Both stream SESSION s of 16 kHz audio and receive MODEL s of 24 kHz audio.
# Harness: src/test/java/dev/geminipi/bench/PythonComparison.java. Results: BENCHMARKS.md.
#
# Usage: bench/python-compare.sh [--session-sec 300] [--model-sec 120] [--nmt] [--no-cds]
#                                [--wakeword PATH/TO/hey_jarvis_v0.1.onnx] [--vad true|false]
#                                [--override FLAG] [--cpu-quota PCT [--cpu-period-ms 100]]
#                                [--cpus LIST] [--room] [--interrupts] [--python-devices]
#   --nmt       adds -XX:NativeMemoryTracking=summary and prints jcmd's summary at the end
#   --no-cds    leaves out the unit's CDS archive (by default a first start and stop makes it)
#   --wakeword  configures a wake word, which loads ONNX Runtime (models:
#               scripts/fetch-wakeword-models.sh DIR)
#   --vad       sets the wake word's "vad" (the Silero VAD gate) instead of leaving its default
#   --override FLAG  a JVM flag after the unit's, which wins over them (repeatable): to try one
#   --cpu-quota PCT  the measured daemon alone in a new cgroup limited to PCT % of one core per
#               period (what systemd's CPUQuota= sets; needs root): the starved CPU of issue 16
#   --cpus LIST pins the measured daemon to these cores (taskset -c LIST)
#   --room      the microphone hears a quiet room (noise at -70 dBFS) where the tone plays 2 s
#               of every 10, instead of the tone throughout (both clients hear the same)
#   --interrupts each model turn is cut half-way through its chunks by `interrupted` (then
#               turnComplete), and the daemon's interrupted -> silence at the sink is timed
#   --python-devices the Python client records from the same PulseAudio source and plays what it
#               receives (to a null sink of its own) with PyAudio, as the guide's client does,
#               instead of reading a file and discarding the audio (needs python3-pyaudio)
# Needs: pulseaudio, libasound2-plugins, Debian's python3 with python3-websockets, a JDK >= 21
# (with jcmd for --nmt), Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
args=()
while [ $# -gt 0 ]; do   # a relative --wakeword path is the caller's, not the repository root's
  if [ "$1" = --wakeword ] && [ $# -gt 1 ]; then args+=("$1" "$(realpath "$2")"); shift 2; else args+=("$1"); shift; fi
done
cd "$root"
for cmd in pulseaudio java mvn getconf; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found (apt-get install pulseaudio libasound2-plugins; a JDK >= 21; Maven)" >&2; exit 1; }
done
[ -e /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so ] || { echo "error: ALSA's pulse plugin is missing: apt-get install libasound2-plugins" >&2; exit 1; }
if [[ " $* " == *" --python-devices "* ]]; then
  /usr/bin/python3 -c 'import pyaudio' 2>/dev/null || { echo "error: Debian's python3 lacks PyAudio: apt-get install python3-pyaudio" >&2; exit 1; }
fi
/usr/bin/python3 -c 'import websockets' 2>/dev/null || { echo "error: Debian's python3 lacks websockets: apt-get install python3-websockets" >&2; exit 1; }

mvn -B -q package -DskipTests   # target/gemini-pi.jar and the test classes
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

# A short path: PulseAudio's socket lives in it (sun_path holds 108 bytes).
work="$(mktemp -d /tmp/gp-compare.XXXXXX)"
# RSS series (and the NMT summary) are kept in target/python-compare/.
trap 'mkdir -p target/python-compare; cp "$work"/*.csv "$work"/nmt.txt target/python-compare/ 2>/dev/null || true; rm -rf "$work"' EXIT
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), python $(/usr/bin/python3 -c 'import sys, websockets; print(sys.version.split()[0], "websockets", websockets.__version__)'), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.geminipi.bench.PythonComparison "$work" "${args[@]}"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
