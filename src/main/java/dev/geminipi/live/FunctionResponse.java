package dev.geminipi.live;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import java.util.Optional;

/**
 * The answer to one function call.
 *
 * @param id copied from the call; the model waits until every blocking id is answered
 * @param response what happened, with a {@code status} (docs/gpio.md "Answers")
 * @param scheduling when the model should speak about it; only for non-blocking calls, and
 *     left out for models that run every call blocking
 */
public record FunctionResponse(String id, String name, JsonObject response,
    Optional<ToolConfig.Scheduling> scheduling) {

  /** The answer to a blocking call. */
  public static FunctionResponse blocking(String id, String name, JsonObject response) {
    return new FunctionResponse(id, name, response, Optional.empty());
  }
}
