package dev.geminipi.wakeword;

import dev.geminipi.config.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM by {@link OnnxRuntimeOptionalTest}: starts the detector for the triggers
 * named by the arguments, feeds it a second of audio and closes it.
 */
final class ClassLoadProbe {
  private ClassLoadProbe() {
  }

  /** The resident set, for BENCHMARKS.md ("Wake word"). */
  private static String rss() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))
          .stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS unknown")
          .replaceAll("\\s+", " ");
    } catch (java.io.IOException e) {
      return "VmRSS unknown";
    }
  }

  public static void main(String[] args) {
    List<Trigger> triggers = new ArrayList<>();
    triggers.add(Trigger.Button.defaults(17));
    for (String model : args) {
      triggers.add(new Trigger.Wakeword(model, 0.5, Optional.empty(), 2000, true));
    }
    try (WakeWordDetector d = WakeWords.start(triggers, x -> { })) {
      short[] chunk = new short[320];
      for (int i = 0; i < 50; i++) {
        d.accept(chunk, chunk.length);
      }
      System.out.println("probe: words " + d.words() + " " + rss());
    }
  }
}
