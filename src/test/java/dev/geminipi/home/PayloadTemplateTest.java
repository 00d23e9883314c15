package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.MqttToolConfig.Payload;
import org.junit.jupiter.api.Test;

/** What an MQTT action publishes for checked arguments. */
class PayloadTemplateTest {
  private static final JsonObject ARGS = Json.parse("{\"scene\":\"movie\",\"level\":40,"
      + "\"night\":true}").asObject();

  @Test
  void noTemplate_publishesTheArgumentsAsJson() {
    assertEquals("{\"scene\":\"movie\",\"level\":40,\"night\":true}",
        PayloadTemplate.render(Payload.ARGUMENTS, ARGS));
  }

  @Test
  void textTemplate_takesEachArgumentsPlainText() {
    assertEquals("scene=movie level=40 night=true", PayloadTemplate.render(new Payload(
        Payload.Kind.TEXT, "scene={{scene}} level={{level}} night={{night}}"), ARGS));
  }

  @Test
  void jsonTemplate_keepsTypesForWholePlaceholders_andTextInsideLongerStrings() {
    assertEquals("{\"entity\":\"scene.living_movie\",\"brightness\":40,\"data\":[true,"
        + "\"at 40 %\"],\"fixed\":1}", PayloadTemplate.render(new Payload(Payload.Kind.JSON,
        "{\"entity\":\"scene.living_{{scene}}\",\"brightness\":\"{{level}}\","
        + "\"data\":[\"{{night}}\",\"at {{level}} %\"],\"fixed\":1}"), ARGS));
  }

  @Test
  void jsonTemplate_quotesAndBackslashesInAnArgument_stayInsideTheirString() {
    JsonObject hostile = new JsonObject().add("text", "\",\"evil\":1,\"x\":\"\\");
    String out = PayloadTemplate.render(new Payload(Payload.Kind.JSON,
        "{\"say\":\"{{text}}\",\"about\":\"it said {{text}}\"}"), hostile);
    assertEquals("{\"say\":\"\\\",\\\"evil\\\":1,\\\"x\\\":\\\"\\\\\",\"about\":\"it said "
        + "\\\",\\\"evil\\\":1,\\\"x\\\":\\\"\\\\\"}", out);
    assertEquals(2, Json.parse(out).asObject().size());
  }
}
