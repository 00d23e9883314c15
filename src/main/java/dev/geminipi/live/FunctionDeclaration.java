package dev.geminipi.live;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import java.util.Optional;

/**
 * One function the model may call, as the setup declares it.
 *
 * @param parameters the OpenAPI-subset schema with UPPERCASE types; empty for a function
 *     without parameters
 * @param behavior whether the model waits for the answer; written only for models that take
 *     the field ({@link dev.geminipi.config.LiveModel.SetupField#FUNCTION_BEHAVIOR})
 */
public record FunctionDeclaration(String name, String description,
    Optional<JsonObject> parameters, ToolConfig.Behavior behavior) {
}
