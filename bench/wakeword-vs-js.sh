#!/usr/bin/env bash
# Our wake-word scores next to an independent implementation's, frame by frame, on the same
# model files and clips (issue 15, point 2). The other side is openwakeword-js 0.1.27 ("port of
# openWakeWord to JavaScript/TypeScript using ONNX Runtime"), its TypeScript source bundled with
# esbuild onto onnxruntime-node 1.24.2 (native ONNX Runtime, the version our jar carries) instead
# of onnxruntime-web, whose bundle does not load in Node. Both run without the VAD gate and our level gate.
# Clips: those of WakeWordPipelineTest, each after 2 s of silence (ScoreDump). The first 2 s of
# every clip are left out of the comparison: there each side fills its windows its own way (we
# score nothing until a window holds only the stream's audio; the port seeds its embeddings
# with random noise and zero-pads the first melspectrogram step).
#
# Usage: bench/wakeword-vs-js.sh MODELS_DIR [TOLERANCE]   (models: scripts/fetch-wakeword-models.sh)
# Needs: node >= 20 and npm (packages go into bench/wakeword-js/node_modules, ignored by git),
# espeak-ng, sox, a JDK >= 21, Maven. Results: BENCHMARKS.md "Wake word".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$(realpath "${1:?usage: bench/wakeword-vs-js.sh MODELS_DIR [TOLERANCE]}")"
tolerance="${2:-0.001}"
cd "$root"
for cmd in node npm java mvn espeak-ng sox; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd not found" >&2; exit 1; }
done
js=bench/wakeword-js
# --ignore-scripts: onnxruntime-node's install script only fetches CUDA builds; its CPU binaries
# for linux-x64 are in the package
(cd "$js" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
"$js"/node_modules/.bin/esbuild "$js"/node_modules/openwakeword-js/src/index.ts --bundle \
  --format=esm --platform=node --alias:onnxruntime-web=onnxruntime-node \
  --external:onnxruntime-node --log-level=warning --outfile="$js"/node_modules/.oww-node.mjs

mvn -B -q test-compile
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
work=target/wakeword-vs-js
rm -rf "$work"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.geminipi.wakeword.ScoreDump "$models" "$work" >/dev/null 2>&1
node "$js"/scores.mjs "$models" hey_jarvis_v0.1 "$work"/clip-*.raw > "$work/js.txt"

echo "| clip | max score, gemini-pi | max score, openwakeword-js | fired (>= 0.5) | largest difference |"
echo "| --- | --- | --- | --- | --- |"
awk -v tol="$tolerance" -v skip=25 -v dir="$work" '
  FNR == NR { ours[$1 " " $2] = $3; next }
  {
    key = $1 " " $2; if (!(key in ours)) { missing++; next }
    if ($2 < skip) next
    d = ours[key] - $3; if (d < 0) d = -d
    n++; sum += d; if (d > worst) worst = d; if (d > tol) over++
    if (!($1 in clipmax) || d > clipmax[$1]) clipmax[$1] = d
    if (ours[key] > oursmax[$1]) oursmax[$1] = ours[key]
    if ($3 > jsmax[$1]) jsmax[$1] = $3
    if (!($1 in order)) { order[$1] = ++clips; name[clips] = $1 }
  }
  END {
    for (i = 1; i <= clips; i++) {
      f = name[i]; getline label < (dir "/" f ".txt")
      printf "| %s | %.3f | %.3f | %s / %s | %.2g |\n", label, oursmax[f], jsmax[f],
        (oursmax[f] >= 0.5 ? "yes" : "no"), (jsmax[f] >= 0.5 ? "yes" : "no"), clipmax[f]
    }
    printf "\n%d frames of %d clips compared: largest difference %.2g, mean %.2g, %d above %s",
      n, clips, worst, sum / n, over, tol
    if (missing) printf "; %d frames missing on one side", missing
    printf "\n"
    exit (over > 0 || missing > 0)
  }' "$work/java.txt" "$work/js.txt"
