package dev.geminipi.conversation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each side said since the last flush. Transcripts are private speech: they reach the
 * journal only with {@code log.transcripts}, and then once per turn, not per fragment.
 */
final class Transcripts {
  // The lines "you: …" and "gemini: …" under the Conversation logger are public surface.
  private static final Logger log = LoggerFactory.getLogger(Conversation.class);

  private final boolean logged;
  private final StringBuilder user = new StringBuilder();
  private final StringBuilder model = new StringBuilder();

  Transcripts(boolean logged) {
    this.logged = logged;
  }

  void user(String text) {
    user.append(text);
  }

  void model(String text) {
    model.append(text);
  }

  void flush() {
    flush(user, "you");
    flush(model, "gemini");
  }

  private void flush(StringBuilder said, String who) {
    if (said.isEmpty()) {
      return;
    }
    if (logged) {
      log.info("{}: {}", who, said.toString().strip());
    }
    said.setLength(0);
  }
}
