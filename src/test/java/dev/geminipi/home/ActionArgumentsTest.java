package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.config.MqttToolConfig;
import org.junit.jupiter.api.Test;

/** The checks an MQTT action's arguments pass before anything is published, word for word. */
class ActionArgumentsTest {
  static final String SCENE = """
      {"name": "set_scene", "action": "mqtt", "topic": "home/scene/set",
       "parameters": {
         "scene": {"type": "string", "enum": ["relax", "movie"]},
         "level": {"type": "integer", "minimum": 0, "maximum": 100},
         "fade": {"type": "number", "minimum": 0.5},
         "night": {"type": "boolean"},
         "note": {"type": "string", "maxLength": 10}}}
      """;
  static final String OPTIONS = "[{\"scene\":[\"relax\",\"movie\"],"
      + "\"level\":\"a whole number from 0 to 100\",\"fade\":\"a number of at least 0.5\","
      + "\"night\":\"true or false\",\"note\":\"text of at most 10 characters\"}]";

  static MqttToolConfig tool(String entry) throws Exception {
    return new ConfigLoader(w -> { }).parse("{\"mqtt\": {}, \"tools\": [" + entry + "]}",
        "config.json").mqttTools().get(0);
  }

  private static String check(String args) throws Exception {
    return switch (ActionArguments.check(tool(SCENE), Json.parse(args).asObject())) {
      case ActionArguments.Checked.Valid v -> "valid " + v.args();
      case ActionArguments.Checked.Refused r -> r.error() + " | " + r.validOptions();
    };
  }

  @Test
  void goodArguments_areValid_andAWholeNumberLosesItsPointZero() throws Exception {
    assertEquals("valid {\"scene\":\"movie\",\"level\":40,\"fade\":1.5,\"night\":true,"
        + "\"note\":\"hi\"}", check("{\"note\": \"hi\", \"night\": true, \"fade\": 1.5, "
        + "\"level\": 40.0, \"scene\": \"movie\"}"));
  }

  @Test
  void eachWrongArgument_isRefusedWithWhatIsWrongAndTheValidOptions() throws Exception {
    String all = ", \"level\": 40, \"fade\": 1, \"night\": false, \"note\": \"x\"}";
    assertEquals("set_scene needs \"scene\" to be one of \"relax\", \"movie\", not \"party\" | "
        + OPTIONS, check("{\"scene\": \"party\"" + all));
    assertEquals("set_scene needs \"scene\": one of \"relax\", \"movie\" | " + OPTIONS,
        check("{" + all.substring(2)));
    assertEquals("set_scene takes no \"color\"; its arguments are \"scene\", \"level\", "
        + "\"fade\", \"night\", \"note\" | " + OPTIONS,
        check("{\"color\": \"red\", \"scene\": \"relax\"" + all));
    assertEquals("set_scene needs \"level\" as a whole number from 0 to 100, not 140 | "
        + OPTIONS, check("{\"scene\": \"relax\", \"level\": 140, \"fade\": 1, \"night\": false, "
        + "\"note\": \"x\"}"));
    assertEquals("set_scene needs \"level\" as a whole number from 0 to 100, not 2.5 | "
        + OPTIONS, check("{\"scene\": \"relax\", \"level\": 2.5, \"fade\": 1, \"night\": false, "
        + "\"note\": \"x\"}"));
    assertEquals("set_scene needs \"level\" as a whole number from 0 to 100, not \"40\" | "
        + OPTIONS, check("{\"scene\": \"relax\", \"level\": \"40\", \"fade\": 1, "
        + "\"night\": false, \"note\": \"x\"}"));
    assertEquals("set_scene needs \"fade\" as a number of at least 0.5, not 0.1 | " + OPTIONS,
        check("{\"scene\": \"relax\", \"level\": 1, \"fade\": 0.1, \"night\": false, "
        + "\"note\": \"x\"}"));
    assertEquals("set_scene needs \"night\" as true or false, not \"yes\" | " + OPTIONS,
        check("{\"scene\": \"relax\", \"level\": 1, \"fade\": 1, \"night\": \"yes\", "
        + "\"note\": \"x\"}"));
    assertEquals("set_scene needs \"note\" of at most 10 characters, not 11 | " + OPTIONS,
        check("{\"scene\": \"relax\", \"level\": 1, \"fade\": 1, \"night\": true, "
        + "\"note\": \"hello world\"}"));
  }

  @Test
  void toolWithoutParameters_refusesAnyArgument() throws Exception {
    MqttToolConfig chime = tool("{\"name\": \"chime\", \"action\": \"mqtt\", \"topic\": \"c\"}");
    ActionArguments.Checked c = ActionArguments.check(chime, new JsonObject().add("loud", true));
    assertEquals(new ActionArguments.Checked.Refused("chime takes no \"loud\"; it takes no "
        + "arguments", Json.parse("[{}]").asArray()), c);
    assertEquals(new ActionArguments.Checked.Valid(new JsonObject()),
        ActionArguments.check(chime, null));
  }
}
