// Per-frame wake-word scores from openwakeword-js (an independent port of openWakeWord on
// onnxruntime-web's WebAssembly build) for 16 kHz s16le raw files: one line per 80 ms frame,
// "file-name frame score". Run by bench/wakeword-vs-js.sh; usage there.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Model } from './node_modules/.oww-node.mjs';

const [modelsDir, word, ...files] = process.argv.slice(2);
const model = new Model({
  wakewordModels: [`${modelsDir}/${word}.onnx`],
  melspectrogramModelPath: `${modelsDir}/melspectrogram.onnx`,
  embeddingModelPath: `${modelsDir}/embedding_model.onnx`,
  inferenceFramework: 'onnx',
});
const log = console.log;
console.log = () => {}; // the port's own chatter
await model.init();
for (const file of files) {
  model.reset();
  const raw = readFileSync(file);
  const pcm = new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 2));
  for (let f = 0; (f + 1) * 1280 <= pcm.length; f++) {
    const scores = await model.predict(pcm.subarray(f * 1280, (f + 1) * 1280));
    log(`${basename(file)} ${f} ${scores[word].toFixed(6)}`);
  }
}
