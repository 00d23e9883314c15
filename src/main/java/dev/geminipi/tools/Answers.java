package dev.geminipi.tools;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an answer the user spoke is a yes or a no. Deliberately small and strict: a "no"
 * word anywhere wins over a "yes" ("yes, no wait" is a no), and anything else is unclear,
 * so the daemon only ever acts on a plain yes. English plus the yes and no of a few
 * languages the model commonly speaks; the words are public surface (README).
 */
final class Answers {
  enum Answer { YES, NO, UNCLEAR }

  static final Set<String> YES = Set.of("yes", "yeah", "yep", "yup", "sure", "ok", "okay",
      "confirm", "confirmed", "correct", "affirmative", "ja", "oui", "sí", "sì", "si");
  static final Set<String> NO = Set.of("no", "nope", "nah", "not", "dont", "don't", "stop",
      "cancel", "wait", "never", "nein", "non", "nee");

  private static final Pattern PHRASES = Pattern.compile("\\b(do it|go ahead)\\b");

  private Answers() {
  }

  static Answer of(String utterance) {
    boolean yes = false;
    String words = utterance.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    for (String w : words.split("[^\\p{L}']+")) {
      String word = w.replaceAll("^'+|'+$", "");
      if (NO.contains(word) || word.endsWith("n't")) {
        return Answer.NO;
      }
      yes |= YES.contains(word);
    }
    return yes || PHRASES.matcher(words).find() ? Answer.YES : Answer.UNCLEAR;
  }
}
