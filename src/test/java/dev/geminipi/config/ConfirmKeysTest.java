package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tool's confirm keys: the two kinds, the old boolean, and errors that say the fix. */
class ConfirmKeysTest {
  private static final String BUTTON = "{\"type\": \"button\", \"pin\": 17}";
  private final List<String> warnings = new ArrayList<>();

  private static String config(String triggers, String confirmKeys, String gemini) {
    return "{\"gemini\": {" + gemini + "}, \"triggers\": [" + triggers + "], \"tools\": [{"
        + "\"name\": \"open_garage\", \"pin\": 23, \"action\": \"pulse\"" + confirmKeys + "}]}";
  }

  private Confirmation load(String json) throws ConfigException {
    return new ConfigLoader(warnings::add).parse(json, "config.json").tools().get(0).confirm();
  }

  private List<String> errors(String json) {
    return assertThrows(ConfigException.class, () -> load(json)).problems();
  }

  @Test
  void button_defaultsToEveryButtonTrigger_andA20SecondWindow() throws Exception {
    assertEquals(new Confirmation(Kind.BUTTON, 20, List.of(17, 27)), load(config(BUTTON
        + ", {\"type\": \"button\", \"pin\": 27}", ", \"confirm\": \"button\"", "")));
    assertEquals(new Confirmation(Kind.BUTTON, 30, List.of(27)), load(config(BUTTON
        + ", {\"type\": \"button\", \"pin\": 27}", ", \"confirm\": \"button\", "
        + "\"confirmWindowSec\": 30, \"confirmButton\": 27", "")));
    assertEquals(List.of(), warnings);
  }

  @Test
  void voice_andNone() throws Exception {
    assertEquals(new Confirmation(Kind.VOICE, 20, List.of()),
        load(config("", ", \"confirm\": \"voice\"", "")));
    assertEquals(Confirmation.NONE, load(config(BUTTON, ", \"confirm\": \"none\"", "")));
    assertEquals(Confirmation.NONE, load(config(BUTTON, ", \"confirm\": false", "")));
    assertEquals(Confirmation.NONE, load(config(BUTTON, "", "")));
  }

  @Test
  void oldTrue_isButtonWhenThereIsOne_elseVoice_withAWarningThatSaysWhich() throws Exception {
    assertEquals(Kind.BUTTON, load(config(BUTTON, ", \"confirm\": true", "")).kind());
    assertEquals(Kind.VOICE, load(config("", ", \"confirm\": true", "")).kind());
    assertEquals(List.of(
        "config.json: tools[0].confirm: true now means \"button\": a press of the button on "
            + "GPIO 17 confirms; write \"button\" or \"voice\" to say which",
        "config.json: tools[0].confirm: true now means \"voice\" (triggers has no button): the "
            + "user's spoken yes confirms; write \"voice\" or \"button\" to say which"),
        warnings);
  }

  @Test
  void impossibleConfirmations_areErrorsWithTheFix() {
    assertEquals(List.of("config.json: tools[0].confirm: \"button\" needs a button trigger to "
        + "press, and triggers has none; add {\"type\": \"button\", \"pin\": 17} to triggers, "
        + "or use \"voice\""), errors(config("", ", \"confirm\": \"button\"", "")));
    assertEquals(List.of("config.json: tools[0].confirm: \"voice\" hears the user's yes in the "
        + "transcript of their speech, and gemini.transcription is false; set it to true, or "
        + "use \"button\""), errors(config(BUTTON, ", \"confirm\": \"voice\"",
        "\"transcription\": false")));
    assertEquals(List.of("config.json: tools[0].confirm: true needs a way to confirm: triggers "
        + "has no button and gemini.transcription is false, so no yes can be heard; add a "
        + "button trigger and write \"button\", or set gemini.transcription to true and write "
        + "\"voice\""), errors(config("", ", \"confirm\": true", "\"transcription\": false")));
    assertEquals(List.of("config.json: tools[0].confirmButton: GPIO 5 is not a button in "
        + "triggers; use the pin of a button trigger (17)"), errors(config(BUTTON,
        ", \"confirm\": \"button\", \"confirmButton\": 5", "")));
    assertEquals(List.of("config.json: tools[0].confirmButton: applies only with \"confirm\": "
        + "\"button\"; remove it or set \"confirm\": \"button\""), errors(config(BUTTON,
        ", \"confirm\": \"voice\", \"confirmButton\": 17", "")));
    assertEquals(List.of("config.json: tools[0].confirm: \"buton\" is not one of \"none\", "
        + "\"button\", \"voice\"; did you mean \"button\"?"),
        errors(config(BUTTON, ", \"confirm\": \"buton\"", "")));
    assertEquals(List.of("config.json: tools[0].confirmWindowSec: 2 is out of range; use 5-120 "
        + "seconds"), errors(config(BUTTON, ", \"confirm\": \"button\", "
        + "\"confirmWindowSec\": 2", "")));
  }

  @Test
  void aReadTool_hasNothingToConfirm_warning() throws Exception {
    Confirmation c = new ConfigLoader(warnings::add).parse("{\"tools\": [{\"name\": \"door\", "
        + "\"pin\": 5, \"action\": \"read\", \"confirm\": \"voice\"}]}", "config.json").tools()
        .get(0).confirm();
    assertEquals(Confirmation.NONE, c);
    assertEquals(List.of("config.json: tools[0].confirm: a read moves nothing, so there is "
        + "nothing to confirm; ignored"), warnings);
  }
}
