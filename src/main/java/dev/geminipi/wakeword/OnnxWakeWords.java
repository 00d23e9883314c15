package dev.geminipi.wakeword;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the models and starts the detector. The only way in to the ORT-using classes: {@link
 * WakeWords} calls it only when a wake word's files exist, and its signature names no ORT
 * type, so loading {@link WakeWords} resolves nothing of ONNX Runtime.
 */
final class OnnxWakeWords {
  private static final Logger log = LoggerFactory.getLogger(OnnxWakeWords.class);

  private OnnxWakeWords() {
  }

  /** A running detector for the words whose models load, or {@link NoWakeWords}. */
  static WakeWordDetector open(List<ModelFiles> found, Consumer<Detection> sink,
      LongSupplier nanoTime) {
    PositionStamp stamp = new PositionStamp(sink);
    OnnxPipeline pipeline = pipeline(found, stamp);
    if (pipeline == null) {
      return NoWakeWords.INSTANCE;
    }
    return new DetectorThread(pipeline.words(), pipeline, stamp, nanoTime).start();
  }

  /** The pipeline of the loadable words, or null after saying why there is none. */
  static OnnxPipeline pipeline(List<ModelFiles> found, Consumer<Detection> sink) {
    return pipeline(found, sink, LevelGate.QUIET_DBFS);
  }

  /** The same, quiet below {@code quietDbfs}: negative infinity scores every step. */
  static OnnxPipeline pipeline(List<ModelFiles> found, Consumer<Detection> sink,
      double quietDbfs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        "gemini-pi");
    // Every word has the shared models beside it (ModelFiles); like openWakeWord's single
    // AudioFeatures, one pair serves all words: the first word's.
    ModelFiles first = found.get(0);
    MelStage mel = null;
    EmbeddingStage embedding = null;
    Path loading = first.melspectrogram();
    try {
      mel = new MelStage(env, loading);
      loading = first.embedding();
      embedding = new EmbeddingStage(env, loading);
    } catch (OrtException | RuntimeException e) {
      if (mel != null) {
        mel.close();
      }
      log.warn("wake words are off: {} does not load ({}); {}", loading, e.getMessage(),
          ModelFiles.FIX);
      return null;
    }
    Optional<SileroVad> vad = vad(env, found);
    List<WordClassifier> words = new ArrayList<>();
    for (ModelFiles f : found) {
      try {
        words.add(new WordClassifier(env, f, vad.isPresent() && f.vad().isPresent()));
      } catch (OrtException | RuntimeException e) {
        log.warn("wake word \"{}\" is off: {} does not load ({}); {}", f.word(), f.classifier(),
            e.getMessage(), ModelFiles.FIX);
      }
    }
    if (words.isEmpty()) {
      vad.ifPresent(SileroVad::close);
      embedding.close();
      mel.close();
      return null;
    }
    // Public surface (STYLE 25): the one line that says wake words are on.
    log.info("listening for wake words: {} (ONNX Runtime {})", words.stream()
        .map(w -> w.files.word() + " > " + w.files.trigger().threshold()
            + (w.gated ? " with VAD" : ""))
        .toList(), env.getVersion());
    return new OnnxPipeline(mel, embedding, words, vad, sink, quietDbfs);
  }

  private static Optional<SileroVad> vad(OrtEnvironment env, List<ModelFiles> found) {
    Optional<Path> path = found.stream().flatMap(f -> f.vad().stream()).findFirst();
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SileroVad(env, path.get()));
    } catch (OrtException | RuntimeException e) {
      log.warn("wake words run without their VAD gate: {} does not load ({}); {}", path.get(),
          e.getMessage(), ModelFiles.FIX);
      return Optional.empty();
    }
  }
}
