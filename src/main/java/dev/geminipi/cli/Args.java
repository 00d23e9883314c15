package dev.geminipi.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line words: positional arguments and {@code --name value} / {@code --flag} options. */
final class Args {
  /** Thrown for words the command does not take; the message is shown with the usage. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  /** {@code valued} options take the next word; {@code flags} take none. */
  static Args parse(List<String> words, Set<String> valued, Set<String> flags)
      throws UsageException {
    Args a = new Args();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith("--") && w.length() > 2) {
        String name = w.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= words.size()) {
              throw new UsageException("--" + name + " needs a value");
            }
            value = words.get(++i);
          }
          a.options.put(name, value);
        } else if (flags.contains(name) && value == null) {
          a.options.put(name, "true");
        } else {
          throw new UsageException("unknown option --" + name);
        }
      } else {
        a.positional.add(w);
      }
    }
    return a;
  }

  List<String> positional() {
    return positional;
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }
}
