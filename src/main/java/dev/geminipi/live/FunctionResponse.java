package dev.geminipi.live;

/**
 * The answer to one function call.
 *
 * @param id copied from the call; the model waits until every id is answered
 * @param responseJson a JSON object: the result, or {@code {"error": "..."}}
 */
public record FunctionResponse(String id, String name, String responseJson) {
}
