#!/usr/bin/env bash
# The measurement behind the MQTT client choice (README, Libraries): Eclipse Paho 1.2.5 against
# the HiveMQ client 1.3.10. Each probe (bench/mqtt-clients/*.java) connects to a local Mosquitto
# with a last will, subscribes, publishes a retained message and waits for it, in a JVM with the
# unit's flags; it prints the time from its start to the round trip and its RSS after a GC.
# NoneProbe is the bare JVM. Needs mosquitto, python3, and Maven to fetch the two clients.
#
# Usage: bench/mqtt-clients.sh [RUNS]   (default 5)
set -euo pipefail
runs="${1:-5}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin"
work="$(mktemp -d /tmp/gemini-pi-mqtt-clients.XXXXXX)"
broker=""
cleanup() { [ -n "$broker" ] && kill "$broker" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>mqtt-clients</artifactId><version>1</version>
<dependencies>
<dependency><groupId>com.hivemq</groupId><artifactId>hivemq-mqtt-client</artifactId><version>1.3.10</version></dependency>
<dependency><groupId>org.eclipse.paho</groupId><artifactId>org.eclipse.paho.client.mqttv3</artifactId><version>1.2.5</version></dependency>
</dependencies></project>
POM
(cd "$work" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp.txt >/dev/null)
cp="$(cat "$work/cp.txt")"
"$java/javac" -d "$work/out" -cp "$cp" "$here"/mqtt-clients/*.java
echo "jar sizes (bytes):"; tr ':' '\n' < "$work/cp.txt" | xargs ls -l | awk '{ print "  " $5, $9 }'
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser %s\n' "$port" "$(id -un)" > "$work/m.conf"
mosquitto -c "$work/m.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
sleep 0.5
mapfile -t flags < <("$repo/scripts/unit-jvm-flags.sh" "$repo/systemd/gemini-pi.service" none)
for i in $(seq "$runs"); do
  "$java/java" "${flags[@]}" -cp "$work/out" NoneProbe
  "$java/java" "${flags[@]}" -cp "$work/out:$cp" PahoProbe "tcp://127.0.0.1:$port"
  "$java/java" "${flags[@]}" -cp "$work/out:$cp" HiveProbe "mqtt://127.0.0.1:$port" 2>/dev/null
done
