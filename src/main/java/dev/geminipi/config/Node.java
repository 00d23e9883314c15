package dev.geminipi.config;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object of the config file, read key by key with its path known, so every
 * problem is reported as {@code path: what is wrong; what to do}. Reading never throws:
 * a bad value is reported and the default is used, so all errors surface in one run.
 */
final class Node {
  private final String path;
  private final JsonObject object;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();

  Node(String path, JsonObject object, Problems problems) {
    this.path = path;
    this.object = object;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    known.add(key);
    JsonValue v = object.get(key);
    return v != null && !v.isNull();
  }

  Problems problems() {
    return problems;
  }

  String string(String key, String fallback) {
    JsonValue v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isString()) {
      typeError(key, v, "a string in double quotes");
      return fallback;
    }
    return v.asString();
  }

  boolean bool(String key, boolean fallback) {
    JsonValue v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      typeError(key, v, "true or false");
      return fallback;
    }
    return v.asBoolean();
  }

  /** A whole number in [min, max]; {@code unit} names what it counts, for the message. */
  int integer(String key, int fallback, int min, int max, String unit) {
    return whole(key, fallback, min, max, unit, false);
  }

  /** Like {@link #integer} but an out-of-range value is only a warning and the default is used. */
  int softInteger(String key, int fallback, int min, int max, String unit) {
    return whole(key, fallback, min, max, unit, true);
  }

  private int whole(String key, int fallback, int min, int max, String unit, boolean soft) {
    JsonValue v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber() || !isWhole(v)) {
      typeError(key, v, "a whole number of " + unit + " (" + min + "-" + max + ")");
      return fallback;
    }
    double d = v.asDouble();
    if (d < min || d > max) {
      if (soft) {
        problems.warn(pathOf(key), v + " is outside " + min + "-" + max + " " + unit
            + "; using " + fallback);
      } else {
        problems.error(pathOf(key), v + " is out of range; use " + min + "-" + max + " " + unit);
      }
      return fallback;
    }
    return (int) d;
  }

  double number(String key, double fallback, double min, double max, String what) {
    JsonValue v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber()) {
      typeError(key, v, "a number (" + what + ", " + fmt(min) + "-" + fmt(max) + ")");
      return fallback;
    }
    double d = v.asDouble();
    if (!(d >= min && d <= max)) {
      problems.error(pathOf(key), v + " is out of range; use " + fmt(min) + "-" + fmt(max)
          + " (" + what + ")");
      return fallback;
    }
    return d;
  }

  /** One of an enum's values, written in lower case with '-' for '_' ("push-to-talk"). */
  <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
    JsonValue v = value(key);
    if (v == null) {
      return fallback;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(spell(e));
    }
    if (v.isString()) {
      for (E e : type.getEnumConstants()) {
        if (spell(e).equals(v.asString())) {
          return e;
        }
      }
    }
    String hint = v.isString() ? Suggest.closest(v.asString(), names)
        .map(s -> "; did you mean \"" + s + "\"?").orElse("") : "";
    problems.error(pathOf(key), v + " is not one of " + quoteAll(names) + hint);
    return fallback;
  }

  Optional<Node> object(String key) {
    JsonValue v = value(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      typeError(key, v, "an object in braces { }");
      return Optional.empty();
    }
    return Optional.of(new Node(pathOf(key), v.asObject(), problems));
  }

  /** The object under key, or an empty one so its defaults apply. */
  Node section(String key) {
    return object(key).orElseGet(() -> new Node(pathOf(key), new JsonObject(), problems));
  }

  List<Node> objects(String key) {
    List<Node> out = new ArrayList<>();
    JsonArray array = array(key);
    if (array == null) {
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonValue item = array.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (item.isObject()) {
        out.add(new Node(itemPath, item.asObject(), problems));
      } else {
        problems.error(itemPath, describe(item) + "; expected an object in braces { }");
      }
    }
    return out;
  }

  List<String> strings(String key, List<String> fallback) {
    JsonArray array = array(key);
    if (array == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonValue item = array.get(i);
      if (item.isString()) {
        out.add(item.asString());
      } else {
        problems.error(pathOf(key) + "[" + i + "]", describe(item) + "; expected a string");
      }
    }
    return out;
  }

  /** A raw value for keys that accept more than one type; marks the key known. */
  JsonValue raw(String key) {
    return value(key);
  }

  /** Reports every key that no reader asked for, with the closest known key. */
  void rejectUnknownKeys() {
    for (String name : object.names()) {
      if (known.contains(name)) {
        continue;
      }
      String hint = Suggest.closest(name, known)
          .map(s -> "did you mean \"" + s + "\"?")
          .orElse(known.isEmpty() ? "this object takes no keys"
              : "known keys here: " + String.join(", ", known));
      problems.error(pathOf(name), "unknown key; " + hint);
    }
  }

  private JsonArray array(String key) {
    JsonValue v = value(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      typeError(key, v, "a list in brackets [ ]");
      return null;
    }
    return v.asArray();
  }

  private JsonValue value(String key) {
    known.add(key);
    JsonValue v = object.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private void typeError(String key, JsonValue v, String expected) {
    problems.error(pathOf(key), describe(v) + "; expected " + expected);
  }

  static String describe(JsonValue v) {
    if (v.isString()) {
      return v + " is a string";
    }
    if (v.isNumber()) {
      return v + " is a number";
    }
    if (v.isBoolean()) {
      return v + " is a boolean";
    }
    if (v.isArray()) {
      return "a list was given";
    }
    if (v.isObject()) {
      return "an object was given";
    }
    return "null was given";
  }

  static String spell(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static boolean isWhole(JsonValue v) {
    double d = v.asDouble();
    return d == Math.rint(d) && !Double.isInfinite(d);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String quoteAll(List<String> names) {
    return "\"" + String.join("\", \"", names) + "\"";
  }
}
