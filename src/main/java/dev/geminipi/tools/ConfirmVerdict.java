package dev.geminipi.tools;

import com.eclipsesource.json.JsonObject;

/** The gate's answer to a {@link ConfirmRequest}: go ahead, or why nothing happened. */
public sealed interface ConfirmVerdict {
  /** Go ahead; {@code how} is what the daemon observed. */
  record Confirmed(String how) implements ConfirmVerdict {
  }

  /**
   * Nothing moved; {@code status} (not_confirmed, needs_confirmation, declined, refused) and
   * {@code message} go to the asker as they are. Public surface: the model reads them.
   */
  record NotDone(String status, String message) implements ConfirmVerdict {
    /**
     * The answer as every tool answer is shaped (live.Outcome): calling again helps once the
     * user has confirmed, never after a no or a refusal.
     */
    public JsonObject answer() {
      boolean retryable = status.equals("needs_confirmation") || status.equals("not_confirmed");
      return new JsonObject().set("status", status).set("retryable", retryable)
          .set("message", message);
    }
  }
}
