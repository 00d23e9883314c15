package dev.geminipi.live;

import java.util.Optional;

/**
 * One function the model may call, as the setup declares it.
 *
 * @param parametersJson the OpenAPI-subset schema with UPPERCASE types, as JSON text;
 *     empty for a function without parameters
 */
public record FunctionDeclaration(String name, String description, Optional<String> parametersJson) {
}
