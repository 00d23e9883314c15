package dev.geminipi.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.JsonSerializable;
import com.google.genai.types.LiveClientMessage;
import com.google.genai.types.LiveServerMessage;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does the official SDK keep a message? Its {@code fromJson} alone is lenient: it drops
 * unknown and snake_case names in silence (notes §3.2). So a message is kept only if it
 * parses with a strict copy of the SDK's own mapper and comes back from fromJson → toJson as
 * the same JSON tree; a client message must also have exactly one top-level key (notes §3.4).
 */
public final class SdkMessageCheck {
  /** The oneof of docs/protocol.md §2; contextUpdate is SDK-only and we never send it. */
  static final List<String> MESSAGE_KEYS =
      List.of("setup", "clientContent", "realtimeInput", "toolResponse");

  private static final ObjectMapper TREE =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  // A copy: the SDK parses server messages with the shared mapper, which must stay lenient.
  private static final ObjectMapper STRICT = JsonSerializable.objectMapper().copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
  // Same value, other spelling: the SDK turns 1 into 1.0 for float fields (temperature,
  // schema minimum) and writes the Duration "1.500s" as "1.5s" (notes §3.2).
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.equals(b)
      || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0
      || sameDuration(a, b) ? 0 : 1;

  private SdkMessageCheck() {
  }

  /** The parsed message, or an AssertionError that says what the SDK did not keep. */
  public static LiveClientMessage assertKept(String frame) {
    Optional<String> problem = problem(frame);
    if (problem.isPresent()) {
      throw new AssertionError(problem.get());
    }
    return LiveClientMessage.fromJson(frame);
  }

  /** Why the SDK does not keep this client message, or empty if it keeps every field. */
  public static Optional<String> problem(String frame) {
    JsonNode in;
    try {
      in = TREE.readTree(frame);
    } catch (Exception e) {
      return Optional.of("not JSON, or a duplicate key: " + firstLine(e));
    }
    if (!in.isObject() || in.size() != 1 || !MESSAGE_KEYS.contains(in.fieldNames().next())) {
      return Optional.of("expected exactly one of " + MESSAGE_KEYS + ", got "
          + (in.isObject() ? names(in) : in.getNodeType()));
    }
    return roundTrip(in, frame, LiveClientMessage.class,
        f -> LiveClientMessage.fromJson(f).toJson());
  }

  /**
   * Why the SDK does not keep this server message (as FakeLiveServer writes it), or empty.
   * No envelope check: usageMetadata rides beside the oneof (docs/protocol.md §2).
   */
  public static Optional<String> serverProblem(String frame) {
    JsonNode in;
    try {
      in = TREE.readTree(frame);
    } catch (Exception e) {
      return Optional.of("not JSON, or a duplicate key: " + firstLine(e));
    }
    return roundTrip(in, frame, LiveServerMessage.class,
        f -> LiveServerMessage.fromJson(f).toJson());
  }

  private static Optional<String> roundTrip(JsonNode in, String frame, Class<?> type,
      UnaryOperator<String> sdkRoundTrip) {
    try {
      STRICT.readValue(frame, type);
    } catch (JsonMappingException e) {
      return Optional.of("the SDK's strict parse failed at " + path(e) + ": " + reason(e));
    } catch (Exception e) {
      return Optional.of("the SDK's strict parse failed: " + firstLine(e));
    }
    JsonNode out;
    try {
      out = TREE.readTree(sdkRoundTrip.apply(frame));
    } catch (Exception e) {
      return Optional.of("fromJson/toJson failed: " + firstLine(e));
    }
    if (!in.equals(SAME_VALUE, out)) {
      return Optional.of("fromJson/toJson lost or changed fields\n in: " + in + "\nout: " + out);
    }
    return Optional.empty();
  }

  private static boolean sameDuration(JsonNode a, JsonNode b) {
    if (!a.isTextual() || !b.isTextual()) {
      return false;
    }
    Matcher x = DURATION.matcher(a.textValue());
    Matcher y = DURATION.matcher(b.textValue());
    return x.matches() && y.matches()
        && new BigDecimal(x.group(1)).compareTo(new BigDecimal(y.group(1))) == 0;
  }

  /** "setup.sessionResumption.handle", from Jackson's reference chain. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      b.append(r.getFieldName() != null ? (b.isEmpty() ? "" : ".") + r.getFieldName()
          : "[" + r.getIndex() + "]");
    }
    return b.toString();
  }

  /** The AutoValue builders refuse a null with a bare NullPointerException ("N/A"). */
  private static String reason(JsonMappingException e) {
    String m = e.getOriginalMessage();
    if ((m == null || m.equals("N/A")) && e.getCause() != null) {
      return e.getCause() instanceof NullPointerException ? "null is not allowed here"
          : e.getCause().toString();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static List<String> names(JsonNode o) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
