#!/usr/bin/env bash
# Builds gemini-pi and runs the daemon on any Linux box: GPIO on Pi4J's mock platform,
# audio on the default ALSA/PulseAudio device, the control socket at /tmp/gemini-pi.sock.
#   export GEMINI_API_KEY=...          (https://aistudio.google.com/apikey)
#   ./run-desktop.sh                   then, in another shell:
#   java -jar target/gemini-pi.jar talk --config config/desktop.json
#   (or export GEMINI_PI_SOCKET=/tmp/gemini-pi.sock once, then just: ... talk / status)
set -euo pipefail
cd "$(dirname "$0")"
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$c" ] && [ -x "$c/bin/javac" ] && [ "$(jdk_major "$c")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME="$c"; break
  fi
done
[ -n "${JAVA_HOME:-}" ] && [ "$(jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null \
  || { echo "run-desktop.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
if [ ! -f target/gemini-pi.jar ] || [ -n "$(find src pom.xml -newer target/gemini-pi.jar -print -quit)" ]; then
  mvn -q -B package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -Xmx64m -XX:+UseSerialGC -Djava.awt.headless=true \
  -jar target/gemini-pi.jar run --config "${1:-config/desktop.json}"
