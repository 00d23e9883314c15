package dev.geminipi.wakeword;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openWakeWord's three stages on one 80 ms step at a time: melspectrogram, then one shared
 * embedding, then every word's classifier. With the VAD gate closed for every gated word, and
 * no ungated word, the embedding and classifier models are skipped; when the gate opens again,
 * the embeddings skipped within the longest classifier window are computed from the kept
 * melspectrogram frames, so a classifier always sees exactly what the ungated reference would.
 * The same holds for the {@link LevelGate}: while no step a score depends on was louder than
 * -60 dBFS, a quiet room costs only the melspectrogram (Silero is skipped too, and its state
 * carries over the quiet steps).
 */
final class OnnxPipeline implements FramePipeline {
  private static final Logger log = LoggerFactory.getLogger(OnnxPipeline.class);

  private final MelStage mel;
  private final EmbeddingStage embedding;
  private final List<WordClassifier> words;
  private final Optional<SileroVad> vad;
  private final Consumer<Detection> sink;
  private final VadGate gate = new VadGate();
  private final LevelGate level;
  private final boolean anyUngated;
  private final int maxWindowSteps;
  private final FloatRing melFrames;
  private final FloatRing embeddings;
  /** melFrames.end() after each step, for the last maxWindowSteps steps. */
  private final long[] stepEnds;
  private final float[] scratch = new float[EmbeddingStage.DIM];
  private final float[] lastScores;
  private long steps;
  private long embeddedThrough = -1;
  private long embeddingsRun;

  OnnxPipeline(MelStage mel, EmbeddingStage embedding, List<WordClassifier> words,
      Optional<SileroVad> vad, Consumer<Detection> sink, double quietDbfs) {
    this.mel = mel;
    this.embedding = embedding;
    this.words = List.copyOf(words);
    this.vad = vad;
    this.sink = sink;
    this.anyUngated = vad.isEmpty() || words.stream().anyMatch(w -> !w.gated);
    this.maxWindowSteps = words.stream().mapToInt(w -> w.windowSteps).max().orElse(1);
    this.melFrames = new FloatRing(EmbeddingStage.WINDOW_FRAMES
        + EmbeddingStage.FRAMES_PER_STEP * maxWindowSteps, MelStage.BINS);
    this.embeddings = new FloatRing(maxWindowSteps, EmbeddingStage.DIM);
    this.stepEnds = new long[maxWindowSteps];
    // The window's embeddings, the 10 steps of frames behind the oldest, and its overlap.
    this.level = new LevelGate(FrameQueue.FRAME_SAMPLES, maxWindowSteps
        + (EmbeddingStage.WINDOW_FRAMES + EmbeddingStage.FRAMES_PER_STEP - 1)
        / EmbeddingStage.FRAMES_PER_STEP + 1, quietDbfs);
    this.lastScores = new float[words.size()];
    // The reference starts from 76 frames of ones (utils.py: melspectrogram_buffer =
    // np.ones((76, 32))), so the first embeddings see them before real audio.
    float[] ones = new float[MelStage.BINS];
    Arrays.fill(ones, 1f);
    for (int i = 0; i < EmbeddingStage.WINDOW_FRAMES; i++) {
      melFrames.append(ones);
    }
  }

  List<String> words() {
    return words.stream().map(w -> w.files.word()).toList();
  }

  @Override
  public void process(short[] frame) throws OrtException {
    long step = steps++;
    boolean audible = level.hear(frame, step);
    if (vad.isPresent()) {
      gate.add(audible ? vad.get().score(frame) : 0f);
    }
    mel.append(frame, melFrames);
    stepEnds[(int) (step % maxWindowSteps)] = melFrames.end();
    boolean gateOpen = vad.isEmpty() || gate.open();
    if (audible && (anyUngated || gateOpen)) {
      catchUp(step);
    }
    for (int i = 0; i < words.size(); i++) {
      WordClassifier w = words.get(i);
      // Until a window holds only this stream's embeddings, the word is not scored: the
      // reference fills that first window with embeddings of random noise and zeroes the
      // first 5 scores (utils.py feature_buffer, model.py prediction_buffer); we wait 1.28 s.
      float score = 0;
      if (audible && (gateOpen || !w.gated) && step + 1 >= w.windowSteps) {
        score = w.score(embeddings, step);
      }
      lastScores[i] = score;
      if (log.isTraceEnabled()) {
        log.trace("step {} {} score {}", step, w.files.word(), score);
      }
      if (w.rule.offer(score, step)) {
        log.debug("wake word \"{}\" scored {} at {} ms of audio", w.files.word(), score,
            (step + 1) * DetectionRule.STEP_MS);
        sink.accept(new Detection(w.files.word(), w.files.trigger().prompt(), score));
      }
    }
  }

  /** How many embeddings the model computed so far; for tests of the gates. */
  long embeddingsRun() {
    return embeddingsRun;
  }

  /** The words' scores for the last step, in {@link #words()} order; for tests and benchmarks. */
  float[] lastScores() {
    return lastScores.clone();
  }

  private void catchUp(long step) throws OrtException {
    for (long k = Math.max(embeddedThrough + 1, step - maxWindowSteps + 1); k <= step; k++) {
      embedding.embed(melFrames, stepEnds[(int) (k % maxWindowSteps)], scratch);
      embeddings.put(k, scratch);
      embeddingsRun++;
    }
    embeddedThrough = step;
  }

  @Override
  public void close() {
    words.forEach(WordClassifier::close);
    vad.ifPresent(SileroVad::close);
    embedding.close();
    mel.close();
  }
}
