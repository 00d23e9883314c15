#!/usr/bin/env bash
# What MCP costs (issue 18): time from the model's call to the function response for a local
# MCP server (server-everything's echo over streamable HTTP on loopback), and the daemon's RSS
# after a conversation with and without an mcp section (and whether any MCP class is loaded).
# The daemon runs from target/gemini-pi.jar with the test flags (-Xmx64m, SerialGC); audio on a
# private PulseAudio null sink; GPIO on Pi4J's mock platform; the Live service is the fake.
#
# Usage: bench/mcp-cost.sh [CALLS]    (default 30)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for cmd in pulseaudio java mvn node npm; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found (apt-get install pulseaudio" \
    "libasound2-plugins nodejs npm; a JDK >= 21; Maven)" >&2; exit 1; }
done
if [ ! -d target/mcp-node/node_modules ]; then
  mkdir -p target/mcp-node
  cp src/test/mcp/package.json src/test/mcp/package-lock.json target/mcp-node/
  (cd target/mcp-node && npm ci --ignore-scripts --no-audit --no-fund)
fi
mvn -B -q -o package -DskipTests   # target/gemini-pi.jar and the test classes
mvn -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
work="$(mktemp -d /tmp/gp-mcp-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.geminipi.bench.McpCost "$work" "${1:-30}"
