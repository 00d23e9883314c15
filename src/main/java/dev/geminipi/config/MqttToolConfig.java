package dev.geminipi.config;

import dev.geminipi.config.ToolConfig.Behavior;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Scheduling;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One {@code tools} entry with {@code "action": "mqtt"}: a function the model may call that
 * publishes to a topic fixed here, through the {@code mqtt} section's broker (README, "Acting
 * on the home"). The model chooses only the values of {@code parameters}, each checked before
 * anything is published; it never chooses the topic.
 *
 * @param topic where the payload is published; no wildcards
 * @param payload what is published, with the arguments filled in
 * @param retain whether the broker keeps the message for later subscribers
 * @param await a reply topic to wait on, whose message becomes the answer
 * @param confirm as a pin tool's; every call needs it, since nothing here knows which payload
 *     means "off"
 * @param behavior non-blocking by default, blocking with {@code await}: the reply is the point
 * @param scheduling when the model speaks about a successful non-blocking answer
 */
public record MqttToolConfig(
    String name,
    String description,
    String topic,
    Payload payload,
    boolean retain,
    List<Parameter> parameters,
    Optional<Await> await,
    Confirmation confirm,
    Behavior behavior,
    Scheduling scheduling) {

  /** A placeholder in a payload template: {@code {{name}}} of a parameter. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z_][A-Za-z0-9_]*)\\}\\}");
  public static final int DEFAULT_TIMEOUT_MS = 5000;
  /** A free string argument is at most this long unless the parameter says otherwise. */
  public static final int DEFAULT_MAX_LENGTH = 100;

  public MqttToolConfig {
    parameters = List.copyOf(parameters);
  }

  /** The wire's behavior when the config does not say: see {@code behavior} above. */
  public static Behavior defaultBehavior(boolean awaits) {
    return awaits ? Behavior.BLOCKING : Behavior.NON_BLOCKING;
  }

  /**
   * What is published. {@link Kind#ARGUMENTS}: the arguments as one JSON object (no
   * {@code payload} key). {@link Kind#TEXT}: a string whose placeholders become the arguments'
   * plain text. {@link Kind#JSON}: an object or array written as JSON; a string value that is
   * exactly one placeholder becomes the argument with its type, one inside a longer string
   * becomes its text, escaped as JSON.
   *
   * @param template the string (TEXT) or the JSON text (JSON); empty for ARGUMENTS
   */
  public record Payload(Kind kind, String template) {
    public enum Kind { ARGUMENTS, TEXT, JSON }

    public static final Payload ARGUMENTS = new Payload(Kind.ARGUMENTS, "");
  }

  /** The types an argument may have, as the model sees them. */
  public enum Type { STRING, INTEGER, NUMBER, BOOLEAN }

  /**
   * One argument the model fills in. Every parameter is required: a template never meets a
   * missing value.
   *
   * @param enumValues the only strings allowed (the config key is {@code enum}); empty for any
   * @param maxLength the longest free string allowed
   */
  public record Parameter(String name, Type type, String description, List<String> enumValues,
      OptionalDouble minimum, OptionalDouble maximum, int maxLength) {
    public Parameter {
      enumValues = List.copyOf(enumValues);
    }
  }

  /**
   * Wait for one message on {@code topic} after publishing, at most {@code timeoutMs}.
   * Replies are not matched to calls: one call of the tool waits at a time.
   */
  public record Await(String topic, int timeoutMs) {
  }
}
