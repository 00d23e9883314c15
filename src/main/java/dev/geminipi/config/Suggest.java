package dev.geminipi.config;

import java.util.Locale;
import java.util.Optional;

/** "Did you mean" by edit distance, for unknown keys and enum values. */
final class Suggest {
  private Suggest() {
  }

  static Optional<String> closest(String wrong, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = wrong.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    // A third of the word may be wrong: "chunkMS", "pre_roll_ms" match; "volume" vs "model" not.
    int allowed = Math.max(2, wrong.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /**
   * Edit distance where swapping two neighbours counts as one edit (optimal string alignment),
   * ignoring '_' and '-' so snake_case finds camelCase. Plain Levenshtein counts a swap as two,
   * and then "pmw" was as far from "pin" as from "pwm".
   */
  static int distance(String a, String b) {
    a = a.replace("_", "").replace("-", "");
    b = b.replace("_", "").replace("-", "");
    int[] before = new int[b.length() + 1];
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
      }
      int[] t = before;
      before = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
