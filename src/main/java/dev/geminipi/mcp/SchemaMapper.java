package dev.geminipi.mcp;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An MCP tool's {@code inputSchema} (JSON Schema) as Live function parameters: the OpenAPI
 * subset with UPPERCASE types. Keywords the subset has are translated; annotations and
 * constraints it lacks are dropped (the server still checks the arguments itself); a shape it
 * cannot express refuses the whole tool, since the model would call it wrongly. docs/mcp.md
 * lists all three.
 */
final class SchemaMapper {
  /** Deeper than this is no tool a voice assistant needs, and bounds the recursion. */
  private static final int MAX_DEPTH = 12;
  private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean",
      "array", "object");
  /** Copied as they are, where the type has them. */
  private static final Set<String> STRING_KEYS = Set.of("minLength", "maxLength", "pattern");
  private static final Set<String> NUMBER_KEYS = Set.of("minimum", "maximum");
  private static final Set<String> ARRAY_KEYS = Set.of("minItems", "maxItems");
  /** Read by the translation itself; anything else is dropped. */
  private static final Set<String> HANDLED = Set.of("type", "description", "enum", "const",
      "properties", "required", "items", "anyOf", "oneOf", "format", "minLength", "maxLength",
      "pattern", "minimum", "maximum", "minItems", "maxItems");
  /** About the schema document, not the arguments: left out without a word. */
  private static final Set<String> METADATA = Set.of("$schema", "$id", "$comment");
  /** Shapes the subset cannot hold. */
  private static final Set<String> REFUSED = Set.of("$ref", "allOf", "not", "if", "then",
      "else", "prefixItems", "dependentSchemas", "patternProperties");

  /** The parameters (empty for a tool without arguments) and what was left out. */
  sealed interface Result {
    record Mapped(Optional<JsonObject> parameters, List<String> dropped) implements Result {
    }

    record Refused(String why) implements Result {
    }
  }

  private final List<String> dropped = new ArrayList<>();

  private SchemaMapper() {
  }

  static Result map(JsonObject inputSchema) {
    SchemaMapper m = new SchemaMapper();
    try {
      JsonValue type = inputSchema.get("type");
      if (type != null && !(type.isString() && type.asString().equals("object"))) {
        return new Result.Refused("inputSchema.type is " + type + "; MCP tools take an object");
      }
      JsonValue props = inputSchema.get("properties");
      if (props == null || (props.isObject() && props.asObject().isEmpty())) {
        m.unexpected(inputSchema, "inputSchema", Set.of("type", "properties", "required"));
        return new Result.Mapped(Optional.empty(), List.copyOf(m.dropped));
      }
      JsonObject object = new JsonObject().set("type", "object");
      for (JsonObject.Member member : inputSchema) {
        object.set(member.getName(), member.getValue());
      }
      return new Result.Mapped(Optional.of(m.schema(object, "inputSchema", 0)),
          List.copyOf(m.dropped));
    } catch (Unexpressible e) {
      return new Result.Refused(e.getMessage());
    }
  }

  private static final class Unexpressible extends Exception {
    Unexpressible(String path, String why) {
      super(path + ": " + why);
    }
  }

  private JsonObject schema(JsonObject in, String path, int depth) throws Unexpressible {
    if (depth > MAX_DEPTH) {
      throw new Unexpressible(path, "nested deeper than " + MAX_DEPTH + " levels");
    }
    for (String k : in.names()) {
      if (REFUSED.contains(k)) {
        throw new Unexpressible(path, "\"" + k + "\" has no equivalent in Live function "
            + "declarations");
      }
    }
    JsonObject out = new JsonObject();
    JsonValue alternatives = in.get("anyOf") != null ? in.get("anyOf") : in.get("oneOf");
    if (alternatives != null) {
      return anyOf(in, alternatives, path, depth);
    }
    boolean nullable = false;
    String type = null;
    JsonValue t = in.get("type");
    if (t != null && t.isArray()) {
      List<String> types = new ArrayList<>();
      for (JsonValue v : t.asArray()) {
        if (v.isString() && v.asString().equals("null")) {
          nullable = true;
        } else {
          types.add(v.toString());
        }
      }
      if (types.size() != 1) {
        throw new Unexpressible(path + ".type", t + " allows more than one type");
      }
      t = com.eclipsesource.json.Json.parse(types.get(0));
    }
    if (t != null) {
      if (!t.isString() || !TYPES.contains(t.asString())) {
        throw new Unexpressible(path + ".type", t + " is not one of " + TYPES.stream().sorted()
            .toList());
      }
      type = t.asString();
    } else if (in.get("properties") != null) {
      type = "object";
    } else if (in.get("enum") != null || in.get("const") != null) {
      type = "string";
    } else if (in.get("items") != null) {
      type = "array";
    } else {
      throw new Unexpressible(path, "no type (any value), which Live function declarations "
          + "cannot say");
    }
    out.set("type", type.toUpperCase(Locale.ROOT));
    String description = in.getString("description", "");
    JsonValue values = in.get("enum") != null ? in.get("enum")
        : in.get("const") != null ? new JsonArray().add(in.get("const")) : null;
    if (values != null) {
      description = enumeration(values, type, description, out, path);
    }
    if (!description.isEmpty()) {
      out.set("description", description);
    }
    if (nullable) {
      out.set("nullable", true);
    }
    switch (type) {
      case "string" -> {
        copy(in, out, STRING_KEYS);
        format(in, out, path, Set.of("date-time"));
      }
      case "number" -> {
        copy(in, out, NUMBER_KEYS);
        format(in, out, path, Set.of("float", "double"));
      }
      case "integer" -> {
        copy(in, out, NUMBER_KEYS);
        format(in, out, path, Set.of("int32", "int64"));
      }
      case "array" -> {
        copy(in, out, ARRAY_KEYS);
        JsonValue items = in.get("items");
        if (items == null || !items.isObject()) {
          throw new Unexpressible(path + ".items", items == null ? "missing: an array of any "
              + "values cannot be said" : "is not one schema");
        }
        out.set("items", schema(items.asObject(), path + ".items", depth + 1));
      }
      case "object" -> object(in, out, path, depth);
      default -> { }
    }
    unexpected(in, path, HANDLED);
    return out;
  }

  private void object(JsonObject in, JsonObject out, String path, int depth)
      throws Unexpressible {
    JsonValue props = in.get("properties");
    if (props == null || !props.isObject() || props.asObject().isEmpty()) {
      throw new Unexpressible(path, "an object with free-form keys, which Live function "
          + "declarations cannot say (an OBJECT needs its properties listed)");
    }
    JsonObject p = new JsonObject();
    for (JsonObject.Member m : props.asObject()) {
      if (!m.getValue().isObject()) {
        throw new Unexpressible(path + ".properties." + m.getName(), "is not a schema object");
      }
      p.set(m.getName(), schema(m.getValue().asObject(), path + ".properties." + m.getName(),
          depth + 1));
    }
    out.set("properties", p);
    JsonValue required = in.get("required");
    if (required != null && required.isArray()) {
      JsonArray r = new JsonArray();
      for (JsonValue v : required.asArray()) {
        if (v.isString() && p.get(v.asString()) != null) {
          r.add(v);
        } else {
          dropped.add(path + ".required: " + v + " (no such property)");
        }
      }
      if (!r.isEmpty()) {
        out.set("required", r);
      }
    }
  }

  /** anyOf/oneOf: a null branch makes the rest nullable; one branch left is used as is. */
  private JsonObject anyOf(JsonObject in, JsonValue alternatives, String path, int depth)
      throws Unexpressible {
    if (!alternatives.isArray() || alternatives.asArray().isEmpty()) {
      throw new Unexpressible(path + ".anyOf", "is not a list of schemas");
    }
    boolean nullable = false;
    List<JsonObject> branches = new ArrayList<>();
    int i = 0;
    for (JsonValue v : alternatives.asArray()) {
      if (!v.isObject()) {
        throw new Unexpressible(path + ".anyOf[" + i + "]", "is not a schema object");
      }
      JsonValue t = v.asObject().get("type");
      if (t != null && t.isString() && t.asString().equals("null")) {
        nullable = true;
      } else {
        branches.add(schema(v.asObject(), path + ".anyOf[" + i + "]", depth + 1));
      }
      i++;
    }
    JsonObject out;
    if (branches.size() == 1) {
      out = branches.get(0);
    } else {
      JsonArray any = new JsonArray();
      branches.forEach(any::add);
      out = new JsonObject().set("anyOf", any);
    }
    String description = in.getString("description", "");
    if (!description.isEmpty() && out.get("description") == null) {
      out.set("description", description);
    }
    if (nullable) {
      out.set("nullable", true);
    }
    unexpected(in, path, Set.of("anyOf", "oneOf", "description"));
    return out;
  }

  /** Strings become an enum; other values cannot, so the description names them. */
  private String enumeration(JsonValue values, String type, String description, JsonObject out,
      String path) throws Unexpressible {
    if (!values.isArray() || values.asArray().isEmpty()) {
      throw new Unexpressible(path + ".enum", "is not a list of values");
    }
    boolean strings = true;
    List<String> words = new ArrayList<>();
    for (JsonValue v : values.asArray()) {
      strings &= v.isString();
      words.add(v.isString() ? v.asString() : v.toString());
    }
    if (strings && type.equals("string")) {
      JsonArray e = new JsonArray();
      words.forEach(e::add);
      out.set("enum", e);
      return description;
    }
    String list = "One of: " + String.join(", ", words) + ".";
    String d = description.strip();
    return d.isEmpty() ? list : d + (d.endsWith(".") ? " " : ". ") + list;
  }

  private void format(JsonObject in, JsonObject out, String path, Set<String> known) {
    JsonValue f = in.get("format");
    if (f == null) {
      return;
    }
    if (f.isString() && known.contains(f.asString())) {
      out.set("format", f);
    } else {
      dropped.add(path + ".format " + f);
    }
  }

  private static void copy(JsonObject in, JsonObject out, Set<String> keys) {
    for (JsonObject.Member m : in) {
      JsonValue v = m.getValue();
      if (keys.contains(m.getName()) && (v.isNumber() || v.isString())) {
        out.set(m.getName(), v);
      }
    }
  }

  /** Records every keyword this level does not translate, but the schema's own metadata. */
  private void unexpected(JsonObject in, String path, Set<String> handled) {
    for (String k : in.names()) {
      if (!handled.contains(k) && !METADATA.contains(k)) {
        dropped.add(path + "." + k);
      }
    }
  }
}
