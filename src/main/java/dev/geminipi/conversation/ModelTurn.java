package dev.geminipi.conversation;

/** The model's side of the conversation, beside {@link Conversation.State}. */
enum ModelTurn {
  /**
   * A text went in with the start, before the session was ready: once it is, the model answers
   * it without waiting for speech.
   */
  PROMPTED,
  /** The model may speak: nothing yet, or its audio since the last turnComplete. */
  OPEN,
  /** turnComplete came after the model's last audio: once that has played, it is our turn. */
  COMPLETE,
  /**
   * The user cut in while the model spoke, with server voice activity detection: the service
   * goes on generating, so the rest of that turn is dropped here until its turnComplete.
   */
  CUT_OFF
}
