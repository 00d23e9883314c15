package dev.geminipi.config;

import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import java.util.List;

/**
 * A tool's {@code confirm}, {@code confirmWindowSec} and {@code confirmButton}. The old
 * boolean still loads: {@code true} becomes "button" when a button trigger exists (the
 * stronger proof that a person is there), else "voice", with a warning that says which.
 */
final class ConfirmKeys {
  private final Node n;
  private final List<Integer> buttonPins;
  private final boolean transcription;

  ConfirmKeys(Node n, List<Integer> buttonPins, boolean transcription) {
    this.n = n;
    this.buttonPins = buttonPins;
    this.transcription = transcription;
  }

  Confirmation read(ToolConfig.Action action) {
    int windowSec = n.integer("confirmWindowSec", Confirmation.DEFAULT_WINDOW_SEC, 5, 120,
        "seconds");
    Kind kind = kind();
    if (kind != Kind.NONE && action == ToolConfig.Action.READ) {
      n.problems().warn(n.pathOf("confirm"), "a read moves nothing, so there is nothing to "
          + "confirm; ignored");
      kind = Kind.NONE;
    }
    List<Integer> pins = buttonPins(kind);
    return kind == Kind.NONE ? Confirmation.NONE : new Confirmation(kind, windowSec, pins);
  }

  private Kind kind() {
    JsonValue v = n.raw("confirm");
    if (v == null) {
      return Kind.NONE;
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? fromTrue() : Kind.NONE;
    }
    if (!v.isString()) {
      n.problems().error(n.pathOf("confirm"), Node.describe(v) + "; expected \"button\", "
          + "\"voice\" or \"none\"");
      return Kind.NONE;
    }
    Kind kind = n.choice("confirm", Kind.NONE, Kind.class);
    if (kind == Kind.BUTTON && buttonPins.isEmpty()) {
      n.problems().error(n.pathOf("confirm"), "\"button\" needs a button trigger to press, and "
          + "triggers has none; add {\"type\": \"button\", \"pin\": 17} to triggers, or use "
          + "\"voice\"");
    } else if (kind == Kind.VOICE && !transcription) {
      n.problems().error(n.pathOf("confirm"), "\"voice\" hears the user's yes in the "
          + "transcript of their speech, and gemini.transcription is false; set it to true, or "
          + "use \"button\"");
    }
    return kind;
  }

  private Kind fromTrue() {
    if (!buttonPins.isEmpty()) {
      n.problems().warn(n.pathOf("confirm"), "true now means \"button\": a press of the button "
          + "on GPIO " + join(buttonPins) + " confirms; write \"button\" or \"voice\" to say "
          + "which");
      return Kind.BUTTON;
    }
    if (!transcription) {
      n.problems().error(n.pathOf("confirm"), "true needs a way to confirm: triggers has no "
          + "button and gemini.transcription is false, so no yes can be heard; add a button "
          + "trigger and write \"button\", or set gemini.transcription to true and write "
          + "\"voice\"");
      return Kind.NONE;
    }
    n.problems().warn(n.pathOf("confirm"), "true now means \"voice\" (triggers has no button): "
        + "the user's spoken yes confirms; write \"voice\" or \"button\" to say which");
    return Kind.VOICE;
  }

  private List<Integer> buttonPins(Kind kind) {
    if (!n.has("confirmButton")) {
      return kind == Kind.BUTTON ? List.copyOf(buttonPins) : List.of();
    }
    int pin = n.integer("confirmButton", -1, 0, PinSections.MAX_PIN, "GPIO");
    if (kind != Kind.BUTTON) {
      n.problems().error(n.pathOf("confirmButton"), "applies only with \"confirm\": "
          + "\"button\"; remove it or set \"confirm\": \"button\"");
      return List.of();
    }
    if (pin >= 0 && !buttonPins.contains(pin)) {
      n.problems().error(n.pathOf("confirmButton"), "GPIO " + pin + " is not a button in "
          + "triggers; use the pin of a button trigger (" + join(buttonPins) + ")");
    }
    return List.of(pin);
  }

  private static String join(List<Integer> pins) {
    return String.join(", ", pins.stream().map(String::valueOf).toList());
  }
}
