#!/usr/bin/env bash
# Time from the model's call to the function response for an MQTT action (issue 18, point 2):
# fire and forget (answered once the broker acknowledged the publish) and with await (an
# automation client replies at once). The daemon runs from target/gemini-pi.jar with the test
# flags; a real Mosquitto on loopback; audio on a private PulseAudio null sink; GPIO on Pi4J's
# mock platform; the Live service is the fake.
#
# Usage: bench/mqtt-action.sh [CALLS]    (default 30)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for cmd in pulseaudio java mvn mosquitto; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found (apt-get install pulseaudio" \
    "libasound2-plugins mosquitto; a JDK >= 21; Maven)" >&2; exit 1; }
done
mvn -B -q -o package -DskipTests   # target/gemini-pi.jar and the test classes
mvn -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
work="$(mktemp -d /tmp/gp-mqtt-action.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.geminipi.bench.MqttActionTiming "$work" "${1:-30}"
