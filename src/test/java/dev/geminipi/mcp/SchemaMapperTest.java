package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaMapperTest {
  private static SchemaMapper.Result map(String schema) {
    return SchemaMapper.map(Json.parse(schema).asObject());
  }

  private static SchemaMapper.Result.Mapped mapped(String schema) {
    return (SchemaMapper.Result.Mapped) map(schema);
  }

  @Test
  void homeAssistantTurnOn_typesUppercase_enumsKept_nothingDropped() {
    JsonObject turnOn = HomeAssistantFixture.tool("HassTurnOn").inputSchema();
    SchemaMapper.Result.Mapped m = (SchemaMapper.Result.Mapped) SchemaMapper.map(turnOn);
    assertEquals(Json.parse("""
        {"type": "OBJECT", "properties": {
          "name": {"type": "STRING"}, "area": {"type": "STRING"}, "floor": {"type": "STRING"},
          "domain": {"type": "ARRAY", "items": {"type": "STRING",
            "enum": ["light", "switch", "fan", "cover", "lock", "script", "scene"]}},
          "device_class": {"type": "ARRAY", "items": {"type": "STRING",
            "enum": ["outlet", "switch", "garage", "door", "blind", "shutter", "window"]}}}}"""),
        m.parameters().orElseThrow());
    assertEquals(List.of(), m.dropped());
  }

  @Test
  void homeAssistantSetPosition_keepsRangeAndRequired() {
    SchemaMapper.Result.Mapped m = (SchemaMapper.Result.Mapped) SchemaMapper.map(
        HomeAssistantFixture.tool("HassSetPosition").inputSchema());
    assertEquals(Json.parse("""
        {"type": "OBJECT", "properties": {"name": {"type": "STRING"},
          "area": {"type": "STRING"},
          "position": {"type": "INTEGER", "minimum": 0, "maximum": 100}},
         "required": ["position"]}"""), m.parameters().orElseThrow());
  }

  @Test
  void noProperties_noParameters() {
    assertEquals(new SchemaMapper.Result.Mapped(Optional.empty(), List.of()),
        SchemaMapper.map(HomeAssistantFixture.tool("GetLiveContext").inputSchema()));
    assertEquals(new SchemaMapper.Result.Mapped(Optional.empty(), List.of()),
        map("{\"type\": \"object\"}"));
  }

  @Test
  void nullableUnion_andAnyOfWithNull_becomeNullable() {
    assertEquals(Json.parse("""
        {"type": "OBJECT", "properties": {
          "a": {"type": "STRING", "nullable": true},
          "b": {"type": "INTEGER", "description": "count", "nullable": true}}}"""),
        mapped("""
            {"type": "object", "properties": {"a": {"type": ["string", "null"]},
              "b": {"anyOf": [{"type": "integer"}, {"type": "null"}], "description": "count"}}}""")
            .parameters().orElseThrow());
  }

  @Test
  void annotations_dropped_andListed() {
    SchemaMapper.Result.Mapped m = mapped("""
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
         "additionalProperties": false,
         "properties": {"message": {"type": "string", "title": "Message", "default": "hi",
                                    "format": "email"}},
         "required": ["message", "ghost"]}""");
    assertEquals(Json.parse("""
        {"type": "OBJECT", "properties": {"message": {"type": "STRING"}},
         "required": ["message"]}"""), m.parameters().orElseThrow());
    assertEquals(List.of("inputSchema.properties.message.format \"email\"",
        "inputSchema.properties.message.title", "inputSchema.properties.message.default",
        "inputSchema.required: \"ghost\" (no such property)",
        "inputSchema.additionalProperties"), m.dropped());
  }

  @Test
  void numberEnum_goesIntoTheDescription() {
    assertEquals(Json.parse("""
        {"type": "OBJECT", "properties": {"speed": {"type": "INTEGER",
          "description": "Fan speed. One of: 1, 2, 3."}}}"""),
        mapped("""
            {"type": "object", "properties": {"speed": {"type": "integer", "enum": [1, 2, 3],
              "description": "Fan speed"}}}""").parameters().orElseThrow());
  }

  @Test
  void unexpressibleShapes_refuseTheTool_withPathAndReason() {
    assertEquals(new SchemaMapper.Result.Refused("inputSchema.properties.target: \"$ref\" has "
        + "no equivalent in Live function declarations"),
        map("{\"type\": \"object\", \"properties\": {\"target\": {\"$ref\": \"#/$defs/T\"}}}"));
    assertEquals(new SchemaMapper.Result.Refused("inputSchema.properties.data: an object with "
        + "free-form keys, which Live function declarations cannot say (an OBJECT needs its "
        + "properties listed)"),
        map("{\"type\": \"object\", \"properties\": {\"data\": {\"type\": \"object\"}}}"));
    assertEquals(new SchemaMapper.Result.Refused("inputSchema.properties.v: no type (any "
        + "value), which Live function declarations cannot say"),
        map("{\"type\": \"object\", \"properties\": {\"v\": {}}}"));
    assertEquals(new SchemaMapper.Result.Refused("inputSchema.properties.v.type: "
        + "[\"string\",\"number\"] allows more than one type"),
        map("{\"type\": \"object\", \"properties\": {\"v\": {\"type\": [\"string\", "
            + "\"number\"]}}}"));
    assertEquals(new SchemaMapper.Result.Refused("inputSchema.type is \"array\"; MCP tools "
        + "take an object"), map("{\"type\": \"array\"}"));
  }
}
