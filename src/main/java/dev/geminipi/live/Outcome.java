package dev.geminipi.live;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.util.Locale;

/**
 * The shape of every function response: a {@code status}, whether calling again can help
 * ({@code retryable}) and a {@code message} the model can say in one sentence, plus the new
 * state on success and the valid options after bad arguments. A bare {@code {}} or a lone
 * error text makes 3.8 call again and again to find out more (docs/live-models.md). The keys
 * and status names are public surface: the model reads them and tests pin them.
 */
public final class Outcome {
  /** What happened; lower case on the wire. */
  public enum Status {
    OK, INVALID_ARGUMENT, NOT_ALLOWED, NOT_CONFIRMED, BUSY, HARDWARE_FAULT, UNAVAILABLE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Outcome() {
  }

  /** It worked; add the new state to the returned object. */
  public static JsonObject ok(String message) {
    return new JsonObject().set("status", Status.OK.wire()).set("retryable", false)
        .set("message", message);
  }

  /** It did not happen, and nothing moved. */
  public static JsonObject error(Status status, boolean retryable, String message) {
    return new JsonObject().set("status", status.wire()).set("retryable", retryable)
        .set("message", message);
  }

  /** The arguments were wrong; {@code validOptions} says what would be right. */
  public static JsonObject invalidArgument(String message, JsonArray validOptions) {
    return error(Status.INVALID_ARGUMENT, false, message).set("valid_options", validOptions);
  }

  /** True for anything but {@code ok}. */
  public static boolean isError(JsonObject response) {
    return !Status.OK.wire().equals(response.getString("status", ""));
  }
}
