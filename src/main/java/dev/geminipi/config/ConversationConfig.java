package dev.geminipi.config;

/**
 * The {@code conversation} section.
 *
 * @param idleTimeoutSec a conversation ends after this long with no speech either way
 * @param keepWarm keep a session open between conversations (answers faster, costs quota)
 * @param resume continue the previous session's context in a new conversation
 */
public record ConversationConfig(int idleTimeoutSec, boolean keepWarm, boolean resume) {
  public static ConversationConfig defaults() {
    return new ConversationConfig(20, false, false);
  }
}
