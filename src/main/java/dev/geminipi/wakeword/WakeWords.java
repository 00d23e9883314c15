package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the wake-word detector for the config's {@code wakeword} triggers: openWakeWord's
 * models on ONNX Runtime. ONNX Runtime is optional at run time: this class names none of its
 * types, and without a wake word (or without the model files of any) no class of it is loaded,
 * so the daemon's start time and memory do not change.
 */
public final class WakeWords {
  private static final Logger log = LoggerFactory.getLogger(WakeWords.class);

  private WakeWords() {
  }

  /**
   * Loads the models of every {@code wakeword} trigger and starts listening. A word whose
   * models are missing or broken is left out after one WARN line that says how to fix it; with
   * none left, the detector does nothing.
   *
   * @param sink gets each detection on the detector's thread; it must not block (post an event)
   */
  public static WakeWordDetector start(List<? extends Trigger> triggers,
      Consumer<Detection> sink) {
    List<ModelFiles> found = triggers.stream()
        .flatMap(t -> t instanceof Trigger.Wakeword w ? Stream.of(w) : Stream.empty())
        .flatMap(w -> ModelFiles.find(w).stream())
        .toList();
    if (found.isEmpty()) {
      return NoWakeWords.INSTANCE;
    }
    try {
      return OnnxWakeWords.open(found, sink, System::nanoTime);
    } catch (LinkageError e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      // Public surface (STYLE 25). ONNX Runtime's jar carries natives for 64-bit Linux only
      // and unpacks them into java.io.tmpdir, which must allow exec.
      log.warn("wake words are off: ONNX Runtime cannot load on {} {} ({}); it needs a 64-bit "
          + "OS (Raspberry Pi OS 64-bit) and a java.io.tmpdir that allows exec",
          System.getProperty("os.name"), System.getProperty("os.arch"), root.toString());
      return NoWakeWords.INSTANCE;
    } catch (RuntimeException e) {
      // A bug: the daemon goes on without wake words (STYLE 23).
      log.error("wake words are off: starting the detector failed", e);
      return NoWakeWords.INSTANCE;
    }
  }
}
