package dev.geminipi.testkit;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded, reproducible fuzzing helpers: byte mutations, and edits of a JSON tree at a path
 * (replace, remove, rename) that leave the input untouched. A failing case names its seed;
 * {@code -Dfuzz.seed=N} runs the same cases again.
 */
public final class Fuzz {
  /** One place in a JSON tree: keys (String) and indexes (Integer) from the root. */
  public record Site(List<Object> steps, JsonValue value) {
    public Site {
      steps = List.copyOf(steps);
    }

    /** {@code tools[0].pin}, as config messages and decoder fields write it. */
    public String path() {
      StringBuilder b = new StringBuilder();
      for (Object s : steps) {
        if (s instanceof Integer i) {
          b.append('[').append(i).append(']');
        } else {
          if (!b.isEmpty()) {
            b.append('.');
          }
          b.append(s);
        }
      }
      return b.toString();
    }

    public boolean isKey() {
      return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof String;
    }

    public String key() {
      return (String) steps.get(steps.size() - 1);
    }
  }

  /** A JSON value of every kind, small. */
  public static final List<JsonValue> ONE_OF_EACH_KIND = List.of(JsonValue.valueOf(true),
      JsonValue.valueOf(7), JsonValue.valueOf("text"), new JsonArray(), new JsonObject(),
      new JsonArray().add("x"), new JsonObject().add("x", 1), JsonValue.NULL);

  private Fuzz() {
  }

  /** The seed of a run: {@code -Dfuzz.seed} when given, else the test's fixed one. */
  public static long seed(long fixed) {
    return Long.getLong("fuzz.seed", fixed);
  }

  /** The kind of a JSON value: object, array, string, number, boolean or null. */
  public static String kind(JsonValue v) {
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isString()) {
      return "string";
    }
    if (v.isNumber()) {
      return "number";
    }
    return v.isBoolean() ? "boolean" : "null";
  }

  /** Every value in the tree below the root, parents before children. */
  public static List<Site> sites(JsonValue root) {
    List<Site> out = new ArrayList<>();
    walk(root, new ArrayList<>(), out);
    return out;
  }

  private static void walk(JsonValue v, List<Object> steps, List<Site> out) {
    if (v.isObject()) {
      for (JsonObject.Member m : v.asObject()) {
        steps.add(m.getName());
        out.add(new Site(steps, m.getValue()));
        walk(m.getValue(), steps, out);
        steps.remove(steps.size() - 1);
      }
    } else if (v.isArray()) {
      for (int i = 0; i < v.asArray().size(); i++) {
        steps.add(i);
        out.add(new Site(steps, v.asArray().get(i)));
        walk(v.asArray().get(i), steps, out);
        steps.remove(steps.size() - 1);
      }
    }
  }

  /** A copy of {@code root} with the value at {@code site} replaced by {@code with}. */
  public static JsonValue replace(JsonValue root, Site site, JsonValue with) {
    return rebuild(root, site.steps(), 0, (obj, arr, name, old) -> {
      if (obj != null) {
        obj.add(name, with);
      } else {
        arr.add(with);
      }
    });
  }

  /** A copy of {@code root} without the member or element at {@code site}. */
  public static JsonValue remove(JsonValue root, Site site) {
    return rebuild(root, site.steps(), 0, (obj, arr, name, old) -> { });
  }

  /** A copy of {@code root} where the member at {@code site} has another name. */
  public static JsonValue rename(JsonValue root, Site site, String newName) {
    return rebuild(root, site.steps(), 0, (obj, arr, name, old) -> obj.add(newName, old));
  }

  private interface Edit {
    void apply(JsonObject obj, JsonArray arr, String name, JsonValue old);
  }

  private static JsonValue rebuild(JsonValue v, List<Object> steps, int depth, Edit edit) {
    Object step = steps.get(depth);
    boolean last = depth == steps.size() - 1;
    if (v.isObject()) {
      JsonObject out = new JsonObject();
      for (JsonObject.Member m : v.asObject()) {
        if (!m.getName().equals(step)) {
          out.add(m.getName(), m.getValue());
        } else if (last) {
          edit.apply(out, null, m.getName(), m.getValue());
        } else {
          out.add(m.getName(), rebuild(m.getValue(), steps, depth + 1, edit));
        }
      }
      return out;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < v.asArray().size(); i++) {
      JsonValue item = v.asArray().get(i);
      if (!step.equals(i)) {
        out.add(item);
      } else if (last) {
        edit.apply(null, out, null, item);
      } else {
        out.add(rebuild(item, steps, depth + 1, edit));
      }
    }
    return out;
  }

  /** A typo of a key: two neighbours swapped, else a letter doubled. */
  public static String typo(String key) {
    for (int i = key.length() / 2; i + 1 < key.length(); i++) {
      if (key.charAt(i) != key.charAt(i + 1)) {
        return key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
      }
    }
    return key + key.charAt(key.length() - 1);
  }

  private static final byte[] JSON_BYTES = "{}[]\":,\\ 0123456789-+.eEtrufalsn\u00e9".getBytes(
      java.nio.charset.StandardCharsets.UTF_8);

  /** One to eight random edits: bit flips, JSON punctuation, deletions, repeats, cuts. */
  public static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = JSON_BYTES[r.nextInt(JSON_BYTES.length)];
        case 2 -> b[at] = (byte) r.nextInt(256);
        case 3 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(16));
          byte[] out = new byte[b.length - len];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, b.length - at - len);
          b = out;
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(32));
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
        case 5 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          byte[] out = new byte[b.length + 1];
          System.arraycopy(b, 0, out, 0, at);
          out[at] = JSON_BYTES[r.nextInt(JSON_BYTES.length)];
          System.arraycopy(b, at, out, at + 1, b.length - at);
          b = out;
        }
      }
    }
    return b;
  }

  /** Heap in use after a full collection, for "memory does not grow with the cases". */
  public static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
