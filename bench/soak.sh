#!/usr/bin/env bash
# Soak (issue 7, point 3): 1,000 conversations and 100 reconnects in one JVM, time-compressed,
# against the strict fake Live server, a private PulseAudio behind ALSA, Pi4J's mock GPIO and the
# fake camera; heap after GC, threads and open fds sampled every 100 conversations.
# src/test/java/dev/geminipi/daemon/Soak.java runs it; exit status 0 = flat, 1 = failed or grew.
# Usage: bench/soak.sh [--conversations N] [--every N] [--warmup N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for cmd in pulseaudio java mvn; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found (apt-get install pulseaudio libasound2-plugins; a JDK >= 21; Maven)" >&2; exit 1; }
done
[ -e /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so ] || { echo "error: ALSA's pulse plugin is missing: apt-get install libasound2-plugins" >&2; exit 1; }

cd "$root"
work="$root/target/soak"
rm -rf "$work"
mkdir -p "$work/home"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null

# The daemon's own JVM flags (systemd/gemini-pi.service), though the fake server and this
# harness share its heap here. The daemon's log goes to daemon.log (its standard error) at the
# level it runs at (INFO), not to the terminal; the soak's own lines go to standard output.
echo "soak on $(nproc) CPUs, $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
HOME="$work/home" MALLOC_ARENA_MAX=2 java -Xms8m -Xmn2m -Xmx64m -Xss512k -XX:+UseSerialGC \
  -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxMetaspaceSize=48m \
  -XX:ReservedCodeCacheSize=16m -XX:SweeperThreshold=50 -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED \
  -Dgemini-pi.log.level=info -Dgemini-pi.log.target=System.err \
  -cp "$root/target/test-classes:$root/target/classes:$(cat "$work/classpath.txt")" \
  dev.geminipi.daemon.Soak --dir "$work" "$@" 2>"$work/daemon.log"
status=$?
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "daemon log: $work/daemon.log"
exit "$status"
