#!/usr/bin/env bash
# What ONNX Runtime adds to RSS, stage by stage, with the unit's heap and GC flags and the
# daemon's session options (issue 15, point 2). Harness: src/test/java/dev/geminipi/bench/OrtMemory.java.
# Usage: bench/ort-memory.sh MODELS_DIR [arena=0] [mempattern=0] [session.config.key=value ...]
#   (models: scripts/fetch-wakeword-models.sh DIR). Results: BENCHMARKS.md "The wake word's price".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$(realpath "${1:?usage: bench/ort-memory.sh MODELS_DIR [option=value ...]}")"
shift
cd "$root"
mvn -B -q test-compile
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
MALLOC_ARENA_MAX=2 java -Xms8m -Xmn2m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.geminipi.bench.OrtMemory "$models" "$@"
