package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The wake-word lines of {@code gemini-pi check}: one per wake word, ✗ when a model file it
 * needs is missing (the daemon would run with that word off, after one warning nobody reads).
 */
public final class WakeWordCheck {
  /** One check line without its mark; the text is public surface. */
  public record Result(boolean ok, String line) {
  }

  private WakeWordCheck() {
  }

  public static List<Result> run(List<Trigger> triggers) {
    List<Result> lines = new ArrayList<>();
    for (Trigger t : triggers) {
      if (t instanceof Trigger.Wakeword w) {
        Path classifier = Path.of(w.model()).toAbsolutePath().normalize();
        String word = "wake word \"" + ModelFiles.word(classifier) + "\": ";
        lines.add(ModelFiles.missing(w)
            .map(problem -> new Result(false, word + problem + "; " + ModelFiles.FIX))
            .orElseGet(() -> new Result(true, word + "models found in "
                + classifier.getParent())));
      }
    }
    return lines;
  }
}
