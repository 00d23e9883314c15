package dev.geminipi.log;

/**
 * A message with its control characters written out, so text from outside (a
 * prompt, a transcript, a server's reason) can neither start a line of its own, nor carry a
 * priority prefix into the journal, nor move a terminal's cursor. A log line is one line.
 */
public final class EscapedMessage {
  private EscapedMessage() {}

  /** {@code \n}, {@code \r}, {@code \t} by name; other C0/C1 controls, DEL and U+2028/9 in hex. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text; // the usual case: no copy
    }
    StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        b.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c < 0x100 ? String.format("\\x%02x", (int) c)
            : String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
