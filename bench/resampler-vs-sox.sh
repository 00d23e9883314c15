#!/usr/bin/env bash
# gemini-pi's Resampler next to sox's rate effect: passband, aliases/images and speed on the same
# 16-bit input (ResamplerVsSox.java). Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v sox >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -q --no-install-recommends sox
fi
(cd "$here/.." && mvn -q -B install -DskipTests)
(cd "$here" && mvn -q -B package)
java -cp "$here/target/benchmarks.jar" dev.geminipi.audio.ResamplerVsSox
